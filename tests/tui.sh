#!/bin/sh
# tui.sh BINARY: drive the real explorer in a private tmux server (fixed-size detached session,
# send-keys, capture-pane), as tmux's own regress tests do. Never exports LINES or COLUMNS (they
# would freeze the size). Each check prints FAIL with what it saw; the script ends with a count.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/tuilib.sh"
quit_ok() { # the program exited with status $1 and the terminal is back to normal
    i=0
    while [ ! -s "$dir/status" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    [ -s "$dir/status" ] || { bad "$2: did not exit"; return; }
    st=$(cat "$dir/status")
    [ "$st" = "$1" ] || bad "$2: exit status $st, want $1"
    wait_for EXITED 2 || bad "$2: no shell output after exit"
    [ "$(t display -p '#{alternate_on}')" = "0" ] || bad "$2: still on the alternate screen"
    [ "$(t display -p '#{cursor_flag}')" = "1" ] || bad "$2: cursor left hidden"
    ok
}

# 1. It starts and draws every panel at 80x24.
start 80 24 -- ""
if wait_for "Recall: " 5; then
    s=$(screen)
    for p in "Knobs: world" "Excess loss" "Heaps" "Zipf" "Recall: " "Heaps k" "Zipf s"; do
        echo "$s" | grep -qF "$p" || bad "80x24: panel text '$p' missing"
    done
    echo "$s" | head -1 | grep -q "running" || bad "80x24: status line lacks 'running'"
    [ "$(echo "$s" | wc -l)" -le 24 ] || bad "80x24: more than 24 lines"
    ok
else
    bad "80x24: no frame drawn"; screen
fi

# 2. A slider key changes the shown value and the setup string.
keys Right
wait_for "Zipf s        1.85" 3 || bad "slider: Right did not move s to 1.85: $(screen | grep 'Zipf s')"
keys c
if wait_for "Setup string" 3; then
    screen | tr -d '\n' | grep -q "@[0-9]*:s=1.85" || bad "setup string lacks the change ;@N:s=1.85"
    ok
else
    bad "c: no setup string"
fi
keys Escape
# 3. Pause stops the sentence counter.
keys Space
wait_for "paused" 3 || bad "Space: not paused"
sleep 0.5
a=$(sentences)
sleep 1.2
b=$(sentences)
[ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "paused counter moved: $a -> $b"
keys Space
wait_for "running" 3 || bad "Space: not running again"
sleep 0.6
c=$(sentences)
[ "$c" != "$b" ] && ok || bad "resumed counter stuck at $c"

# 4. Export writes two CSV files that parse.
keys e
wait_for "exported" 5 || bad "e: no 'exported' message: $(screen | tail -1)"
ts=$(ls "$dir"/skscope-*.csv 2>/dev/null | grep -v facts | head -1)
fs=$(ls "$dir"/skscope-*-facts.csv 2>/dev/null | head -1)
if [ -n "$ts" ] && [ -n "$fs" ]; then
    head -1 "$ts" | grep -q '^sentences,tokens,distinct_facts,bayes.loss_bits' || bad "export: time-series header"
    head -1 "$fs" | grep -q '^rank,fact,mentions' || bad "export: per-fact header"
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$ts" "$fs" <<'EOF' || bad "export: python's csv module rejects the files"
import csv, sys
for path in sys.argv[1:]:
    rows = list(csv.reader(open(path, newline='')))
    assert len(rows) > 2 and all(len(r) == len(rows[0]) for r in rows), path
EOF
    fi
    ok
else
    bad "export: files missing in $dir: $(ls "$dir")"
fi

# 5. Resize to 40x12 and back: redrawn at once, nothing left from the wider layout.
t resize-window -x 40 -y 12
sleep 0.5
s=$(screen)
[ "$(echo "$s" | LC_ALL=C.UTF-8 wc -L)" -le 40 ] || bad "40x12: lines wider than 40"
echo "$s" | grep -qF "Excess loss" || bad "40x12: no loss panel: $s"
echo "$s" | grep -qF "Recall by" && bad "40x12: a panel of the big layout remains"
t resize-window -x 39 -y 12
wait_for "enlarge the window" 3 || bad "39x12: no 'enlarge the window' message"
t resize-window -x 80 -y 24
wait_for "Recall: " 3 || bad "back to 80x24: not redrawn"
screen | grep -qF "enlarge the window" && bad "back to 80x24: stale message"
ok

# 5b. The mouse: a click on the capacity slider's bar (X10 report, as tmux-256color's kmous
# says) selects it and sets it from the column clicked: the right end of the bar is near 1e9.
# The capacity is the 12th knob: Down scrolls the panel to it, Up back (the click selects it).
keys Down Down Down Down Down Down Down Down Down Down Down Up
row=$(screen | grep -n 'capacity C' | head -1 | cut -d: -f1)
if [ -n "$row" ]; then
    y=$((row - 1))
    click=$(printf '\033[M%b%b%b\033[M%b%b%b' "\\0$(printf '%o' 32)" "\\0$(printf '%o' $((33 + 27)))" \
        "\\0$(printf '%o' $((33 + y)))" "\\0$(printf '%o' 35)" "\\0$(printf '%o' $((33 + 27)))" \
        "\\0$(printf '%o' $((33 + y)))")
    t send-keys -l "$click"
    sleep 0.5
    screen | grep -q "${sel_glyph:-▸}capacity C" || bad "mouse: click did not select the capacity slider"
    screen | grep 'capacity C' | grep -q ' 4096 ' && bad "mouse: capacity unchanged after a click on its bar"
    ok
else
    bad "mouse: no capacity slider on screen"
fi

# 6. Help fits 80x24 and closes.
keys '?'
wait_for "Help (? or Esc closes" 3 || bad "?: no help"
[ "$(screen | wc -l)" -le 24 ] || bad "help taller than 24 lines"
keys Escape
sleep 0.3
screen | grep -qF "Help (? or Esc closes" && bad "Esc: help still open"

# 6b. h turns the loss panel into the hallucination chart and back.
keys h
if wait_for "Hallucination" 3; then
    screen | grep -qF "Excess loss" && bad "h: the excess-loss panel is still shown"
    keys h
    wait_for "Excess loss" 3 || bad "h again: excess loss not back"
    ok
else
    bad "h: no hallucination chart: $(screen | sed -n 2p)"
fi

# 6c. z zooms one panel to the whole screen (v picks the next), z again restores all panels.
keys z
sleep 0.5
if screen | grep -qF "Excess loss" && ! screen | grep -qF "Heaps"; then
    keys v
    wait_for "Heaps: facts vs sentences" 3 || bad "zoom, v: Heaps panel not shown"
    screen | grep -qF "Excess loss" && bad "zoom, v: the loss panel is still shown"
    keys z
    wait_for "Knobs" 3 || bad "z again: the panels are not back"
    ok
else
    bad "z: not one panel: $(screen | sed -n 3p)"
fi

# 7. q quits and restores the terminal.
keys q
quit_ok 0 "q"

# 8. SIGINT and SIGTERM also restore it.
start 80 24 -- ""
wait_for "Knobs" 5 || bad "restart for SIGINT"
t send-keys C-c
quit_ok 130 "SIGINT"
start 80 24 -- ""
wait_for "Knobs" 5 || bad "restart for SIGTERM"
pid=$(pgrep -n -f "$bin" 2>/dev/null)
[ -n "$pid" ] && kill -TERM "$pid"
quit_ok 143 "SIGTERM"

# 8b. SIGHUP restores the terminal too; Ctrl-Z (SIGTSTP) gives the terminal back while the job
# is stopped, and fg (SIGCONT) takes it again and redraws.
start 80 24 -- ""
wait_for "Knobs" 5 || bad "restart for SIGHUP"
pid=$(pgrep -n -f "$bin" 2>/dev/null)
[ -n "$pid" ] && kill -HUP "$pid"
quit_ok 129 "SIGHUP"
# Ctrl-Z needs job control: run the explorer from an interactive bash in the pane.
if command -v bash >/dev/null 2>&1; then
    t kill-server 2>/dev/null
    nstart=$((nstart + 1))
    sock=skscope-test-$$-$nstart
    t new-session -d -x 80 -y 24 -c "$dir" "env PS1='$ ' bash --norc --noprofile -i"
    sleep 0.5
    t send-keys "env LANG=C.UTF-8 TERM=tmux-256color '$bin'" Enter
    wait_for "Knobs" 5 || bad "start for Ctrl-Z"
    pid=$(pgrep -n -f "$bin" 2>/dev/null)
    t send-keys C-z
    wait_for "Stopped" 3 && ok || bad "Ctrl-Z: the shell did not report the job stopped"
    [ "$(t display -p '#{alternate_on}')" = "0" ] && ok || bad "Ctrl-Z: still on the alternate screen"
    [ "$(t display -p '#{cursor_flag}')" = "1" ] && ok || bad "Ctrl-Z: cursor left hidden"
    [ "$(t display -p '#{mouse_button_flag}')" = "0" ] && ok || bad "Ctrl-Z: mouse tracking left on"
    grep -q '^State:.*T' "/proc/$pid/status" 2>/dev/null && ok || bad "Ctrl-Z: the program did not stop"
    t send-keys "fg" Enter
    i=0
    while [ $i -lt 30 ] && [ "$(t display -p '#{alternate_on}')" != "1" ]; do sleep 0.1; i=$((i + 1)); done
    [ "$(t display -p '#{alternate_on}')" = "1" ] && wait_for "Knobs" 3 && ok || bad "fg: explorer not redrawn"
    [ "$(t display -p '#{mouse_button_flag}')" = "1" ] && ok || bad "fg: mouse tracking not back"
    t send-keys q
    i=0
    while [ $i -lt 30 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
    kill -0 "$pid" 2>/dev/null && bad "q after fg: still running" || ok
    [ "$(t display -p '#{alternate_on}')" = "0" ] && ok || bad "q after fg: still on the alternate screen"
fi

# 9. NO_COLOR: no colour escapes at all (attributes such as bold may stay; 39 and 49, "default
# colour", are what tmux writes between runs of cells and are not colours).
start 100 30 NO_COLOR=1 -- ""
wait_for "Knobs" 5
sleep 0.5
esc=$(printf '\033')
if t capture-pane -p -e | grep -qE "${esc}\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;|m)"; then
    bad "NO_COLOR: colour escapes on screen"
else
    ok
fi
# With colours on, they are there (the check above can fail).
start 100 30 -- ""
wait_for "Knobs" 5
sleep 0.5
t capture-pane -p -e | grep -qE "${esc}\\[([0-9;]*;)?(3[0-7]|38;5)(;|m)" && ok || bad "colours expected without NO_COLOR"

# 10. --ascii: 7-bit output only.
start 100 30 -- --ascii
wait_for "Knobs" 5
sleep 1
if screen | LC_ALL=C grep -q '[^ -~]'; then
    bad "--ascii: non-ASCII characters: $(screen | LC_ALL=C grep '[^ -~]' | head -3)"
else
    ok
fi
keys h
wait_for "Good-Turing" 3 || bad "--ascii h: no hallucination legend: $(screen | sed -n 3p)"
if screen | LC_ALL=C grep -q '[^ -~]'; then
    bad "--ascii hallucination chart: non-ASCII characters: $(screen | LC_ALL=C grep '[^ -~]' | head -3)"
else
    ok
fi
keys q

# 11. Not a terminal, TERM=dumb, an unknown TERM: one clear line, exit 2, terminal untouched.
out=$(echo | "$bin" 2>&1 >/dev/null); st=$?
[ $st -eq 2 ] && echo "$out" | grep -q "needs a terminal" && ok || bad "stdin not a tty: $st '$out'"
out=$(script -qc "env TERM=dumb $bin" /dev/null 2>&1 </dev/null | tr -d '\r' | grep -v '^$' | head -1)
echo "$out" | grep -q "TERM is dumb" && ok || bad "TERM=dumb: '$out'"
out=$(script -qc "env TERM=no-such-terminal $bin" /dev/null 2>&1 </dev/null | tr -d '\r' | grep -v '^$' | head -1)
echo "$out" | grep -q "TERM=no-such-terminal is not known" && ok || bad "unknown TERM: '$out'"
# A broken theme: its line is named and the default is used.
printf 'title = fg=grene\n' >"$dir/bad.theme"
start 80 24 -- --theme "$dir/bad.theme"
wait_for "Knobs" 5 || bad "bad theme: explorer did not start"
keys q
sleep 0.5
out=$("$bin" --theme "$dir/bad.theme" </dev/null 2>&1 >/dev/null | head -1)
echo "$out" | grep -q "bad.theme:1: unknown colour 'grene'" && ok || bad "bad theme message: '$out'"
out=$("$bin" --theme no-such-theme </dev/null 2>&1 >/dev/null | head -1)
echo "$out" | grep -q "no theme 'no-such-theme'" && ok || bad "unknown theme: '$out'"

# 12. Every sample scenario opens by name: its title shows, and the run pauses at its length.
samples=$(cd "$(dirname "$0")/../samples" && pwd)
for f in "$samples"/*.ini; do
    name=$(basename "$f" .ini)
    title=$(sed -n 's/^title = //p' "$f" | head -1)
    start 120 30 -- --scenario "$name"
    if wait_for "$title" 5; then ok; else bad "scenario $name: title '$title' not shown"; fi
    keys q
done
start 120 30 -- --scenario data-scaling --speed max
wait_for "Data scaling" 5
i=0
while [ $i -lt 100 ] && ! screen | head -1 | grep -q "paused .* n 10.0M "; do sleep 0.1; i=$((i + 1)); done
screen | head -1 | grep -q "paused .* n 10.0M " && ok || bad "data-scaling: did not pause at 10M: $(screen | head -1)"
keys q

# 13. Every lesson runs end to end: each step's caption appears (its first words), Right moves
# on, and the last step's hint offers no next step.
for f in "$samples"/lessons/*.lesson; do
    name=$(basename "$f" .lesson)
    start 100 30 -- lesson "$name"
    awk '/^\[step/ { getline; while ($0 !~ /^caption = /) if (getline <= 0) exit; sub(/^caption = /, ""); print $1, $2, $3 }' "$f" >"$dir/captions"
    n=0
    total=$(wc -l <"$dir/captions")
    while read -r words; do
        n=$((n + 1))
        if wait_for "$words" 10 && wait_for "step $n of $total" 2; then ok; else bad "lesson $name step $n: caption '$words' not shown"; fi
        [ $n -lt "$total" ] && keys Right
    done <"$dir/captions"
    screen | grep -q "Right: next" && bad "lesson $name: last step still offers Right: next" || ok
    keys Escape q
done

# 14. Issue 16: hostile input and failing disks.
# start_sh W H CMD: like start, with CMD (shell words) run before the explorer, and the
# terminal's settings saved before and after it (stty -a) in $dir/stty.before and .after.
start_sh() {
    w=$1 h=$2 pre=$3; shift 3
    t kill-server 2>/dev/null
    nstart=$((nstart + 1))
    sock=skscope-test-$$-$nstart
    rm -f "$dir/status" "$dir/stty.before" "$dir/stty.after"
    t new-session -d -x "$w" -y "$h" -c "$dir" \
        "$pre; stty -a >$dir/stty.before; env LANG=C.UTF-8 TERM=tmux-256color $bin $*; echo \$? >$dir/status; stty -a >$dir/stty.after; echo EXITED; sleep 30"
}
# a) Every signal that would end the process gives the terminal back as it found it (before:
# SIGQUIT, SIGUSR1, SIGUSR2 and SIGALRM left it raw, without echo).
for sn in QUIT:3 USR1:10 USR2:12 ALRM:14 VTALRM:26 PROF:27 XCPU:24 IO:29 PWR:30 RTMIN:34; do
    sig=${sn%:*} n=${sn#*:}
    start_sh 80 24 ":" --paused
    wait_for "Knobs" 5 || bad "SIG$sig: explorer did not start"
    pid=$(pgrep -n -f "$bin" 2>/dev/null)
    [ -n "$pid" ] && kill -s "$sig" "$pid"
    quit_ok $((128 + n)) "SIG$sig"
    cmp -s "$dir/stty.before" "$dir/stty.after" && ok || bad "SIG$sig: terminal settings changed: $(diff "$dir/stty.before" "$dir/stty.after" 2>&1 | head -4 | tr '\n' ' ')"
done
# b) An export whose write fails (a file-size limit) says so and the explorer goes on (before:
# a double free, exit 139, the terminal left raw and a temporary behind).
mkdir "$dir/fs" && olddir=$dir && dir=$dir/fs
start_sh 80 24 "ulimit -f 20" --setup s=2
wait_for "Knobs" 5 || bad "ulimit -f: explorer did not start"
i=0
while [ $i -lt 100 ] && ! screen | head -1 | grep -q " n [0-9.]*M "; do sleep 0.1; i=$((i + 1)); done
keys e
wait_for "export failed" 5 && ok || bad "export under ulimit -f: no failure message: $(screen | tail -2)"
screen | grep -q "File too large" && ok || bad "export under ulimit -f: the errno is not named: $(screen | tail -2)"
ls -A "$dir" | grep -q '\.tmp\.' && bad "export under ulimit -f: a temporary left: $(ls -A "$dir")" || ok
ls "$dir" | grep -q '^skscope-.*\.csv$' && bad "export under ulimit -f: a file left: $(ls "$dir")" || ok
keys q
quit_ok 0 "q after a failed export"
cmp -s "$dir/stty.before" "$dir/stty.after" && ok || bad "failed export: terminal settings changed"
dir=$olddir
# c) e twice at once: two exports, nothing lost, no --force suggested (before: the second was
# refused with "use --force", an option the explorer lacks).
mkdir "$dir/ee" && olddir=$dir && dir=$dir/ee
start 80 24 -- --paused
wait_for "Knobs" 5 || bad "ee: explorer did not start"
t send-keys ee
i=0
while [ $i -lt 50 ] && [ "$(ls "$dir"/skscope-*-facts.csv 2>/dev/null | wc -l)" -lt 2 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(ls "$dir"/skscope-*-facts.csv 2>/dev/null | wc -l)" -eq 2 ] && [ "$(ls "$dir"/skscope-*.csv | wc -l)" -eq 4 ] && ok ||
    bad "ee: not two exports: $(ls "$dir")"
screen | grep -q -- "--force" && bad "ee: suggests --force: $(screen | tail -1)" || ok
keys q
quit_ok 0 "q after ee"
dir=$olddir
# d) o on a FIFO is refused at once and q still works (before: the whole UI froze); o on a
# scenario with sentences = -0 names the problem (before: stack memory was printed).
mkfifo "$dir/fifo"
printf '[run]\nsentences = -0\n' >"$dir/negzero.ini"
start 100 24 -- --paused
wait_for "Knobs" 5 || bad "o: explorer did not start"
keys o
for k in . / f i f o Enter; do t send-keys "$k"; done
wait_for "fifo is a FIFO (named pipe), not a regular file" 3 && ok || bad "o ./fifo: no message: $(screen | tail -1)"
keys o
for k in . / n e g z e r o . i n i Enter; do t send-keys "$k"; done
wait_for "sentences: must be at least 1" 3 && ok || bad "o negzero.ini: $(screen | tail -1)"
# e) A later valid edit clears an old error from the status line (before: it stayed 5 s).
keys Right
sleep 0.5
screen | grep -q "sentences: must be at least 1" && bad "stale error after a valid edit: $(screen | tail -1)" || ok
keys q
quit_ok 0 "q after o ./fifo"

echo "tui: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
