#!/bin/sh
# knobs_tui.sh BINARY: issue 14, item 12: every knob of the table is on the Knobs panel, over its
# whole range. Drives the real binary in tmux (tuilib.sh) at 80x24 and 120x40: Down reaches tau,
# L, gamma, eps_syn, an ft_ and an nn_ knob (the panel scrolls to each, its title names the
# page, Right moves it one notch of the table), s goes to infinity and back to 100, C to the
# table's 1e9; the compact knob line (z) reaches the last knob with Up; V, R and seed wear the
# restart mark. At 20 sentences a second a change reaches the engine (and the setup string,
# which is the run's) within 0.05 s.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/tuilib.sh"

# the slider's index in the panel's order (the knob table's): Down presses from s
idx() { case $1 in
    s) echo 0 ;; gamma) echo 8 ;; L) echo 9 ;; eps_syn) echo 10 ;; C) echo 11 ;; tau) echo 13 ;;
    nn_hidden) echo 16 ;; ft_at) echo 20 ;; esac; }
# Down presses, Right presses (one send-keys: the explorer reads them in order)
downs() { n=$1; while [ "$n" -gt 0 ]; do printf 'Down '; n=$((n - 1)); done; }
repeat() { k=$1 n=$2; while [ "$n" -gt 0 ]; do printf '%s ' "$k"; n=$((n - 1)); done; }
# the setup string overlay's text (the start's knobs, then ;@n:changes): its segments between
# the frame's bars, after its title
setup_string() {
    keys c; sleep 0.3
    screen | sed -n '/Setup string/,$p' | tr '│' '\n' | grep -E '^ [A-Za-z0-9_,.=+;@:-]*=[A-Za-z0-9_,.=+;@:-]* *$' | tr -d ' \n'
    keys Escape; sleep 0.5 # Escape alone, not the start of the next key's sequence
}
# setup_has REGEX: the setup string (the engine's, which takes a change at its next sentence
# and publishes it with its status) matches within 3 s
setup_has() {
    for i in 1 2 3 4 5 6; do
        setup_string | grep -qE "$1" && return 0
        sleep 0.5
    done
    return 1
}

for size in "80 24" "120 40"; do
    set -- $size
    W=$1 H=$2
    # knob label, page, value after one Right (the table's notch), in panel order: one run,
    # Down from one to the next, the setup string checked once at the end
    start "$W" "$H" -- --seed 1 --speed 20/s
    wait_for "Knobs" 5 || bad "${W}x$H: no Knobs panel"
    at=0 pairs=""
    for spec in "gamma|prior γ|world|1.25|gamma=1.25" "L|length L|world|7|L=7" \
        "eps_syn|syn.noise|world|0.01|eps_syn=0.01" "tau|abstain τ|learners|0.55|tau=0.55" \
        "nn_hidden|net hidden|neural|1|nn_hidden=1" "ft_at|finetune at|fine-tuning|1|ft_at=1"; do
        name=${spec%%|*}; rest=${spec#*|}
        label=${rest%%|*}; rest=${rest#*|}
        page=${rest%%|*}; rest=${rest#*|}
        val=${rest%%|*}; pairs="$pairs ${rest#*|}"
        i=$(idx "$name")
        t send-keys $(downs $((i - at)))
        at=$i
        sleep 0.4
        line=$(screen | grep -F "▸$label")
        [ -n "$line" ] || { bad "${W}x$H: $name: '▸$label' not on the panel after Down: $(screen | head -14)"; continue; }
        screen | grep -qF "Knobs: $page" || bad "${W}x$H: $name: the title does not say 'Knobs: $page'"
        keys Right
        sleep 0.3
        screen | grep -F "▸$label" | grep -qE " $val[ ↻]" && ok || bad "${W}x$H: $name: Right: want $val: $(screen | grep -F "▸$label")"
    done
    # one setup string for all six (polled until the last has reached the engine)
    re=$(echo $pairs | sed 's/ /([,;].*)?[,:]/g') # the changes, in order, in the string's tail
    setup_has "[,:]$re([,;]|\$)" && ok || bad "${W}x$H: setup string lacks one of $pairs: $(setup_string)"
    # s: far right is infinity, one notch back is the table's max 100
    start "$W" "$H" -- --seed 1 --speed 20/s
    wait_for "Knobs" 5 || bad "${W}x$H: no Knobs panel"
    t send-keys $(repeat Right 200)
    sleep 1.5
    screen | grep -F "▸Zipf s" | grep -qF " inf " && ok || bad "${W}x$H: s: 200 x Right does not reach inf: $(screen | grep -F 'Zipf s')"
    keys Left
    sleep 0.3
    screen | grep -F "▸Zipf s" | grep -qF " 100 " && ok || bad "${W}x$H: s: Left from inf is not 100: $(screen | grep -F 'Zipf s')"
    # C: up to the table's 1e9 (2^30 is past it: the notch stops at the max), on a fresh run
    start "$W" "$H" -- --seed 1 --speed 20/s
    wait_for "Knobs" 5 || bad "${W}x$H: no Knobs panel"
    t send-keys $(downs 11)
    sleep 0.4
    t send-keys $(repeat Right 40)
    sleep 1
    screen | grep -F "▸capacity C" | grep -qF " 1.00G " && ok || bad "${W}x$H: C: 40 x Right does not reach 1.00G: $(screen | grep -F 'capacity C')"
    # (the slider and its bits line, not the run's setup string: the SGD memory allocates C
    # slots, and whether 1e9 of them fit is the machine's business, not the panel's)
    screen | grep -qF "= 1.00G facts" && ok || bad "${W}x$H: C: no '= 1.00G facts' line under the slider"
done

# The restart mark on V, R and seed (not live), and none on s.
start 120 40 -- --seed 1 --speed 20/s
wait_for "Knobs" 5 || bad "120x40: no Knobs panel"
for l in "values V" "relations R"; do
    screen | grep -F "$l" | grep -qF "↻" && ok || bad "120x40: $l lacks the restart mark: $(screen | grep -F "$l")"
done
screen | grep -F "Zipf s" | grep -qF "↻" && bad "120x40: s is live but wears the restart mark"
screen | grep -qF "↓ more" && ok || bad "120x40: no 'more' marker under the knob list"

# The compact knob line (zoom, 80x24): Up from the first knob wraps to the last (the speed),
# once more to seed, with its page and place.
start 80 24 -- --seed 1 --speed 20/s
wait_for "Knobs" 5 || bad "80x24: no Knobs panel"
keys z Up Up
sleep 0.4
l=$(screen | sed -n 2p)
echo "$l" | grep -qF "▸seed" && echo "$l" | grep -qF "run 26/27" && echo "$l" | grep -qF "↻" && ok ||
    bad "80x24 zoom: Up Up does not reach seed on the knob line: $l"

echo "knobs_tui: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
