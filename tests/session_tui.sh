#!/bin/sh
# session_tui.sh BINARY: the explorer's `c` string replays the session (issue 14, item 13).
# The explorer starts from a base setup, paused; it steps to the 30th sample point (n 147), a
# slider moves s there (a live change at a known sentence), it steps 20 points on, `c` shows the
# session string and `e` exports. Then it runs at 5000 sentences/s, s moves again at a moment
# the test does not know, Space pauses off the sample grid, and `c` and `e` again. `skscope run --setup STRING --per-decade 20 --sentences N` (the
# explorer's grid, N the export's last n) must write a byte-identical time series: the string
# holds the change at the exact sentence the engine applied it. It also checks the wrap (each
# screen line ends between fields) and that nothing claims "copied" (OSC 52 has no answer).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/tuilib.sh"
base='s=1.8,C=256,seed=3'

start 80 24 -- --setup "$base" --paused --no-mouse --speed 5000/s
wait_for "paused" 5 || bad "the explorer did not start paused"
# step: n (to the next sample point), then wait for the status line to change (a step asked for
# while the one before still runs would be lost on a loaded machine).
step() {
    before=$(screen | head -1)
    t send-keys n
    i=0
    while [ $i -lt 50 ] && [ "$(screen | head -1)" = "$before" ]; do sleep 0.05; i=$((i + 1)); done
}
# 30 steps reach 147 (the grid 1..9, 11, 13, ..., 131, 147); step until there.
k=0
while [ $k -lt 60 ] && ! screen | head -1 | grep -qF " n 147 "; do step; k=$((k + 1)); done
wait_for " n 147 " 1 || bad "steps did not reach n 147: $(screen | head -1)"
keys Right # s 1.8 -> 1.85 (the first slider), applied at sentence 147
wait_for "s 1.8->1.85" 5 || bad "the slider change has no mark: $(screen | head -3)"
k=0
while [ $k -lt 20 ]; do step; k=$((k + 1)); done
sleep 0.5
# replay CHANGES_WANTED: read the c string, export with e, replay with run, compare byte for byte.
replay() {
    keys c
    wait_for "Setup string" 5 || bad "c shows no setup string"
    # The string's lines: after the title, up to the blank line; the overlay's borders cut off.
    screen | LC_ALL=C.UTF-8 sed -n '/Setup string /,/^.│  *│.$/p' | sed '1d;$d' |
        LC_ALL=C.UTF-8 sed 's/^.│ //; s/ *│.$//' >"$dir/lines"
    str=$(tr -d '\n' <"$dir/lines")
    # the n the string is for (the title): the export must end there, on the grid or not
    N=$(screen | sed -n 's/.*Setup string at n \([0-9]*\) .*/\1/p' | head -1)
    case "$str" in
    *"$1"*) ok ;;
    *) bad "the string lacks '$1': '$str'" ;;
    esac
    # every line but the last ends between fields (',' or ';'), never inside a token
    if sed '$d' "$dir/lines" | grep -qv '[,;]$'; then bad "wrapped inside a token:"; cat "$dir/lines"; else ok; fi
    screen | grep -qi "copied" && bad "says copied although OSC 52 gets no answer" || ok
    rm -f "$dir"/skscope-*.csv
    keys Escape e
    wait_for "exported" 10 || bad "e did not export: $(screen | tail -1)"
    csv=$(ls "$dir"/skscope-*.csv 2>/dev/null | grep -v -- -facts.csv | head -1)
    if [ -n "$csv" ]; then
        [ "$(tail -1 "$csv" | cut -d, -f1)" = "$N" ] || bad "the export does not end at n $N: $(tail -1 "$csv" | cut -c1-20)"
        "$bin" run --setup "$str" --per-decade 20 --sentences "$N" --quiet --csv "$dir/run.csv" --force ||
            bad "run --setup '$str' failed"
        if cmp -s "$csv" "$dir/run.csv"; then ok; else
            bad "run --setup '$str' --per-decade 20 --sentences $N differs from the export:"
            diff "$csv" "$dir/run.csv" | cut -c1-100 | head -6
        fi
    else
        bad "no export in $dir"
    fi
}
replay ";@147:s=1.85"
# Running at 5000 sentences/s: a change at a moment the test does not know, then a pause off
# the grid; the string names the sentence the engine applied it at, and the export ends there.
keys Space
sleep 0.6
keys Right # s 1.85 -> 1.9
sleep 0.6
keys Space
wait_for "paused" 5 || bad "Space did not pause"
sleep 0.3
replay ":s=1.9"
case "$str" in *";@147:s=1.85;@"*":s=1.9"*) ok ;; *) bad "not both changes in '$str'" ;; esac

# The string given back to the explorer: skscope --setup STRING replays its changes at their
# sentences (the engine pauses there, applies, runs on), so its own c string is the same
# session and e at any later n matches run --setup STRING at that n, byte for byte.
start 80 24 -- --setup "'$base;@147:s=1.85;@400:C=512'" --no-mouse --speed 5000/s # quoted: start runs a shell command
wait_for "running" 5 || bad "the explorer with a session string did not start"
i=0
while [ $i -lt 100 ] && ! screen | head -1 | grep -qE " n [0-9.]+k "; do sleep 0.1; i=$((i + 1)); done
keys Space
wait_for "paused" 5 || bad "Space did not pause"
sleep 0.3
replay ";@147:s=1.85;@400:C=512"

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
