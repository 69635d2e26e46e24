#!/bin/sh
# teach.sh BINARY: issue 14's checks that the explorer shows what its captions say, driving the
# real binary in tmux (tuilib.sh). Every step of every lesson and every scenario, at 80x24 and
# 120x40: the panel the step or scenario is about is the one marked in focus ("▸ Title") and
# drawn, the learner it names is the one shown (status line), its caption is on screen. Then
# the traps: the rate after a restart, Left/r/R in a lesson, F10, Space in a tiny window, the
# recall legend, and the loss panel's fit beside the theory of the same learner.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/tuilib.sh"

# select_knob LABEL: Down until the selected slider (▸ before its label) is LABEL.
select_knob() {
    for _ in $(seq 1 30); do
        screen | grep -qF -- "▸$1" && return 0
        keys Down
    done
    bad "slider '$1' not reached with Down"
}
# The title that marks panel VIEW in focus.
focus_title() {
    case $1 in
    loss) echo "▸ Excess loss" ;;
    hallucination) echo "▸ Hallucination" ;;
    heaps) echo "▸ Heaps" ;;
    zipf) echo "▸ Zipf" ;;
    recall) echo "▸ Recall" ;;
    esac
}
# The status-line label of learner kind NAME.
learner_label() {
    case $1 in
    bayes) echo "Bayes" ;;
    bayes-cap) echo "Bayes-C" ;;
    sgd) echo "SGD memory" ;;
    neural) echo "neural" ;;
    all) echo "all learners" ;;
    esac
}
# check_screen WHAT VIEW SHOW CAPTION: the screen has VIEW in focus, SHOW's learner shown
# (SHOW "" : not named), and the caption's first words.
check_screen() {
    s=$(screen)
    want=$(focus_title "$2")
    echo "$s" | grep -qF -- "$want" && ok || bad "$1: '$want' not on screen: $(echo "$s" | grep -o '▸ [A-Z][a-z]*' | tr '\n' ' ')"
    if [ -n "$3" ]; then
        lab=$(learner_label "$3")
        if [ "$3" = all ]; then
            # all learners side by side (a lesson with one learner shows its name instead)
            echo "$s" | head -1 | grep -qE "all learners|Bayes|SGD memory|neural" && ok ||
                bad "$1: status line shows no learner: $(echo "$s" | head -1)"
        else
            echo "$s" | head -1 | grep -qF -- "$lab" && ok || bad "$1: learner '$lab' not shown: $(echo "$s" | head -1)"
            if [ "$2" = recall ]; then
                echo "$s" | grep -qE -- "Recall( by frequency rank)?: $lab" && ok || bad "$1: the recall panel is not $lab's"
            fi
        fi
    fi
    if [ -n "$4" ]; then
        echo "$s" | tr -s ' \n│' ' ' | grep -qF -- "$4" && ok || bad "$1: caption '$4' not on screen"
    fi
}
# The first four words of a caption (as the screen wraps it, words stay whole).
first_words() { echo "$1" | awk '{print $1, $2, $3, $4}'; }

# --- every step of every lesson ---
# steps NAME: one line per step: "view|show|caption" (view and show carried from the step before
# when a step does not say, as the explorer does; show "" until a step names one)
steps() {
    awk '
    function flush() { if (n) print view "|" show "|" cap; }
    /^\[step/ { flush(); n++; cap=""; incap=0; next }
    /^\[/ { incap=0; next }
    n && /^view *=/ { sub(/^view *= */, ""); view=$0; incap=0; next }
    n && /^show *=/ { sub(/^show *= */, ""); show=$0; incap=0; next }
    n && /^caption *=/ { sub(/^caption *= */, ""); cap=$0; incap=1; next }
    n && incap && /^ / { next }
    { incap=0 }
    END { flush() }' "$1"
}
# One run per lesson and per scenario, the window resized between the two sizes: both show
# the same state, and the suite starts half as many runs.
for f in "$src"/samples/lessons/*.lesson; do
    name=$(basename "$f" .lesson)
    total=$(steps "$f" | wc -l)
    start 80 24 -- --lesson "$name" --seed 1
    si=0
    steps "$f" | while IFS='|' read -r view show cap; do
        si=$((si + 1))
        [ $si -gt 1 ] && keys Right
        if wait_for "step $si of $total" 8; then
            for size in "80 24" "120 40"; do
                t resize-window -x "${size% *}" -y "${size#* }"
                sleep 0.5
                check_screen "$name step $si at ${size% *}x${size#* }" "${view:-loss}" "$show" "$(first_words "$cap")"
            done
            t resize-window -x 80 -y 24
        else
            bad "$name: step $si not reached"
        fi
        echo "$pass $fails" >"$dir/counts"
    done
    read pass fails <"$dir/counts"
done

# --- every scenario ---
for f in "$src"/samples/*.ini; do
    name=$(basename "$f" .ini)
    view=$(sed -n 's/^view *= *//p' "$f")
    show=$(sed -n 's/^show *= *//p' "$f")
    cap=$(sed -n 's/^caption *= *//p' "$f")
    [ -n "$view" ] || { bad "$name: no [explorer] view"; continue; }
    start 80 24 -- --scenario "$f"
    wait_for "skscope" 5
    sleep 1
    for size in "80 24" "120 40"; do
        t resize-window -x "${size% *}" -y "${size#* }"
        sleep 0.5
        check_screen "scenario $name at ${size% *}x${size#* }" "$view" "$show" "$(first_words "$cap")"
    done
done

# --- the rate after a restart (item 4): never more than the machine can do ---
# The bug subtracted a count from before the restart from a smaller one after it (unsigned):
# rates of 10^19/s. A real rate here is below 10^9 sentences/s; sample it for 3 s after r.
start 120 40 -- --seed 1
wait_for "running" 5
sleep 2
keys r
bad_rate=""
for k in 1 2 3 4 5 6; do
    sleep 0.5
    r=$(screen | head -1 | grep -o '[0-9.]*[kMGTPE]*/s' | head -1)
    case $r in *G/s | *T/s | *P/s | *E/s | "") bad_rate="$bad_rate $r" ;; esac
done
[ -z "$bad_rate" ] && ok || bad "rate after restart:$bad_rate"

# --- lesson navigation (item 5): Left restores the step before, r and R replay the step ---
# Lesson 4: step 1 runs to 1M, step 2 to 1000300, step 3 to 1013000.
start 120 40 -- --lesson 4-fine-tuning --seed 1 --speed max
wait_for "step 1 of" 5
wait_for "paused   n 1.00M" 60 || bad "lesson 4 step 1: did not pause at 1.00M: $(screen | head -1)"
keys Right
wait_for "step 2 of" 5
wait_for "paused" 30
keys Right
wait_for "step 3 of" 5
sleep 1
wait_for "paused   n 1.01M" 30 || bad "lesson 4 step 3: did not pause at 1.01M: $(screen | head -1)"
keys Left
wait_for "step 2 of" 5 || bad "Left: not at step 2"
sleep 1
if wait_for "paused   n 1.00M" 60; then ok; else bad "Left: step 2 not replayed to its stop 1000300: $(screen | head -1)"; fi
seed0=$(screen | head -1 | sed -n 's/.*seed \([0-9]*\).*/\1/p')
keys R
sleep 1
seed1=$(screen | head -1 | sed -n 's/.*seed \([0-9]*\).*/\1/p')
[ -n "$seed1" ] && [ "$seed1" != "$seed0" ] && ok || bad "R in a lesson: seed $seed0 -> $seed1"
if wait_for "paused   n 1.00M" 60; then ok; else bad "R: the step was not run to its stop: $(screen | head -1)"; fi
screen | grep -qF "step 2 of" && ok || bad "R: left step 2"
keys r
sleep 1
if wait_for "paused   n 1.00M" 60; then ok; else bad "r: the step was not run to its stop: $(screen | head -1)"; fi
seed2=$(screen | head -1 | sed -n 's/.*seed \([0-9]*\).*/\1/p')
[ "$seed2" = "$seed1" ] && ok || bad "r changed the seed: $seed1 -> $seed2"

# --- F10 quits (htop users expect it), and the terminal comes back ---
start 80 24 -- --seed 1
wait_for "running" 5
keys F10
i=0
while [ ! -s "$dir/status" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$dir/status" ] && [ "$(cat "$dir/status")" = 0 ] && ok || bad "F10 did not quit"

# --- Space pauses in a window too small to draw in ---
start 30 10 -- --seed 1
wait_for "needs" 5 || bad "30x10: no size message"
keys Space
sleep 0.3
t resize-window -x 80 -y 24
sleep 0.8
screen | head -1 | grep -qF paused && ok || bad "Space in a 30x10 window did not pause: $(screen | head -1)"

# --- the recall panel: a legend, whose recall it is, which ranks ---
# (with all learners side by side it shows the first learner with limited memory: Bayes-C)
for size in "80 24" "200 60"; do
    start $size -- --seed 1
    wait_for "running" 5
    sleep 3
    s=$(screen)
    if [ "$size" = "200 60" ]; then want="recalled|forgotten|hallucinated|not stored|Recall by frequency rank: Bayes-C"
    else want="known|forgot|wrong|Recall: Bayes-C"; fi
    echo "$want" | tr '|' '\n' | while read -r w; do
        echo "$s" | grep -qF -- "$w" || echo "FAIL: $size recall panel: '$w' missing"
    done | grep FAIL && fails=$((fails + 1)) || ok
done
start 120 40 -- --seed 1
wait_for "running" 5
sleep 3
before=$(screen | grep -o 'ranks [0-9kMG]*-' | head -1)
keys '['
sleep 0.5
after=$(screen | grep -o 'ranks [0-9kMG]*-' | head -1)
[ -n "$before" ] && [ -n "$after" ] && [ "$before" != "$after" ] && ok || bad "[ did not scroll the recall bins: '$before' -> '$after'"
keys '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '[' '['
sleep 0.5
screen | grep -qF "follows the run" && ok || bad "[ at the top: the panel does not say it follows the run again"

# --- the loss panel: a fit beside the theory of the same learner, agreement stated ---
start 120 40 -- --scenario "$src/samples/data-scaling.ini" --speed max
wait_for "paused" 60
sleep 0.5
screen | grep -E "fit slope -?[0-9.]+±[0-9.]+ · theory -?[0-9.]+ · (agrees|off by)" >/dev/null && ok ||
    bad "data-scaling: no 'fit slope … · theory … · agrees/off by' line"
start 120 40 -- --scenario "$src/samples/quickstart.ini" --speed max
sleep 4
screen | grep -qE "Bayes:? fit" && ok || bad "all learners: the fit does not say it is Bayes's"
start 120 40 -- --scenario "$src/samples/no-power-law.ini" --speed max
sleep 4
s=$(screen)
echo "$s" | grep -qF "no power law predicted" && ok || bad "no-power-law: does not say no power law is predicted"
echo "$s" | grep -qF "theory 0.000" && bad "no-power-law: prints theory 0.000" || ok

# --- help (item 11): the width there is, wrapped not cut, a scroll marker, Space is pause ---
start 120 40 -- --seed 1 --speed max
wait_for "running" 5
keys '?'
sleep 0.5
s=$(screen)
echo "$s" | tr -s ' \n│' ' ' | grep -qF "explain the panel in focus: what it plots, how to read it, which law (a click on a title too)" &&
    ok || bad "help at 120x40: a key's line is cut"
echo "$s" | grep -qF "more below" && ok || bad "help: no marker that more follows"
w=$(echo "$s" | sed -n 2p | LC_ALL=C.UTF-8 wc -L)
[ "$w" -gt 100 ] && ok || bad "help at 120x40: box only $w columns wide"
keys Space
sleep 0.5
s=$(screen)
echo "$s" | grep -qF "Help (" && bad "Space scrolled the help instead of closing it" || ok
echo "$s" | head -1 | grep -qF paused && ok || bad "Space in the help did not pause"
# i explains the panel in focus; at 80 columns the key bar keeps ? and q
start 80 24 -- --lesson 1-the-world --seed 1
wait_for "step 1 of" 5
keys i
sleep 0.5
screen | grep -qF "The Heaps panel" && ok || bad "i in lesson 1 step 1 does not explain the Heaps panel"
screen | tr -s ' \n│' ' ' | grep -qF "Heaps' law" && ok || bad "i: the Heaps text does not name its law"
keys Escape
start 80 24 -- --seed 1 --speed max
sleep 6
s=$(screen | tail -1)
echo "$s" | grep -qF "? help" && echo "$s" | grep -qF "q quit" && ok || bad "80x24 key bar lacks ? or q: $s"

# --- change marks (item 8): only real changes, each saying what changed; f shows on the axis ---
# Lesson 3: step 2 changes no knob (no mark), step 3 sets C = 4096 (a mark "C 256->4096").
start 120 40 -- --lesson 3-model-size --seed 1 --speed max
wait_for "step 1 of" 10
keys Right
wait_for "step 2 of" 10
sleep 1
screen | grep -qF "┊" && bad "lesson 3 step 2: a change mark although no knob changed" || ok
keys Right
wait_for "step 3 of" 10
sleep 2
screen | grep -qF "C 256->4096" && ok || bad "lesson 3 step 3: no mark saying 'C 256->4096'"
start 120 40 -- --seed 1 --speed max
sleep 3
keys f
sleep 2
screen | grep -qF "fine-tuning┊" && ok || screen | grep -qF "┊fine-tuning" && ok || bad "f: the fine-tuning start is not marked on the loss chart"

# --- theory only where it applies (item 7): a change of s ends the Bayes theory's run, a
# change of C does not (the unlimited learner does not depend on C) ---
start 120 40 -- --seed 1 --speed max
sleep 3
select_knob "capacity C"
keys Right
sleep 3
screen | grep -qE "Bayes:? fit" && ok || bad "C changed: the Bayes fit and theory are gone: $(screen | sed -n 4p)"
select_knob "Zipf s"
keys Right
sleep 3
screen | grep -qF "no theory after a live change" && ok || bad "s changed: still compared with a theory that assumes s held from the start: $(screen | sed -n 4p)"

# --- o opens a scenario that pauses at its length (item 14), with its caption on screen ---
start 120 40 -- --seed 1 --speed max
sleep 1
keys o
t send-keys "data-scaling" Enter
if wait_for "paused   n 10.0M" 60; then ok; else bad "o data-scaling: did not pause at its 10M sentences: $(screen | head -1)"; fi
screen | grep -qF "▸ Excess loss" && ok || bad "o data-scaling: its panel is not in focus"
screen | tr -s ' \n│' ' ' | grep -qF "The data scaling law" && ok || bad "o data-scaling: its caption is not on screen"

# --- numbers (item 9): the learner in focus, each number beside its prediction ---
start 120 40 -- --seed 1 --speed max
sleep 5
s=$(screen)
echo "$s" | grep -qF "Numbers: Bayes-C" && ok || bad "120x40: no numbers panel for the learner in focus"
echo "$s" | grep -qE "K [0-9.kM]+ (· )?E\[K\] [0-9.kM]+±[0-9.kM]+" && ok || bad "numbers: K beside E[K] ± sd missing"
echo "$s" | grep -qE "knowl(edge|\.) [0-9.e-]+ .*th(eory)? [0-9.e-]+" && ok || bad "numbers: knowledge excess beside its theory missing"
start 80 24 -- --seed 1 --speed max
sleep 3
keys v v v v
sleep 0.5
screen | grep -qF "▸ Numbers: Bayes-C" && ok || bad "80x24: v does not reach the numbers panel"

# --- pace (item 10): a scenario runs at 4 decades a minute unless it says; --speed max overrides ---
# At 4/min from n = 0, n(t) = 10 (10^(4t/60) - 1): 15 sentences after 6 s (the screen's clock
# lags by a frame or two; 1000 would take 30 s). As fast as possible, this machine does > 100k/s.
start 120 40 -- --scenario "$src/samples/heaps-zipf.ini"
sleep 6
s=$(screen | head -1)
echo "$s" | grep -qF "speed 4/min" && ok || bad "scenario pace: the status line does not show 'speed 4/min': $s"
n=$(echo "$s" | sed -n 's/.* n \([0-9.]*\)\([kMG]*\) .*/\1\2/p')
case $n in *k | *M | *G | "") bad "scenario at 4/min: n = '$n' after 6 s (want a few dozen)" ;; *) [ "${n%.*}" -ge 2 ] && ok || bad "scenario at 4/min: n = $n after 6 s, not moving" ;; esac
start 120 40 -- --scenario "$src/samples/heaps-zipf.ini" --speed max
sleep 6
n=$(sentences)
case $n in *k | *M | *G) ok ;; *) bad "--speed max: n = $n after 6 s" ;; esac
start 80 24 -- --speed 3/s
sleep 0.5
keys Up # from the first slider Up wraps to the last: the speed
sleep 0.3
screen | grep -qF "3.00/s" && ok || screen | grep -qF "speed          3/s" && ok || bad "--speed 3/s not on the speed slider: $(screen | sed -n 2p)"

echo "teach: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
