#!/bin/sh
# gallery.sh BINARY OUTDIR: text captures of what the explorer shows, for review without running
# it (docs/screens/): every step of every lesson at 80x24 and 120x40 (one run per lesson, the
# window resized between the two captures, so both show the same state), and the main screen
# (the quickstart scenario at its stop) in every theme at 120x40, plus at 80x24 and 200x60.
# Fixed seed, --speed max, each capture taken once the run has paused at its stop; the fields
# that depend on the machine's speed are masked: the rate on the status line ("-/s"), and a
# message on the last line (it stays 5 s, so whether it is still there depends on timing).
# Capture in tmux (tuilib.sh). `sh tests/gallery.sh build/skscope docs/screens` regenerates it.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
src=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/tuilib.sh"
mkdir -p "$out"
# SKSCOPE_FROZEN_CLOCK: the explorer prints its rate as "-" (a masked field would shift the
# rest of the status line, which the screen's edge cuts at a varying place)
export SKSCOPE_FROZEN_CLOCK=1
# mask: the rate (again, harmless), and the last line (a message stays 5 s, so whether the key bar or a message
# is there depends on timing)
mask() {
    sed -e '1s/ [0-9.]*[kMGTPE]*\/s  / -\/s  /' -e '$s/.*/ [key bar or message: masked]/'
}
# wait_paused: the status line says paused (at --speed max a run pauses only at its stop)
wait_paused() {
    sleep 0.5 # a key just sent: the old state may still be on screen
    i=0
    while [ $i -lt 1200 ]; do
        screen | head -1 | grep -q "paused " && return 0
        sleep 0.1; i=$((i + 1))
    done
    echo "gallery: never paused: $(screen | head -1)" >&2
    return 1
}
capture() { # capture NAME: the screen, masked, at the current size
    sleep 1.5 # frames after the stop: theory points are computed a few milliseconds a frame
    screen | mask >"$out/$1.txt"
}
nshots=0
for f in "$src"/samples/lessons/*.lesson; do
    name=$(basename "$f" .lesson)
    start 80 24 SKSCOPE_FROZEN_CLOCK=1 -- --lesson "$name" --seed 1 --speed max
    si=0
    nsteps=$(grep -c '^\[step' "$f")
    while [ $si -lt "$nsteps" ]; do
        si=$((si + 1))
        [ $si -gt 1 ] && keys Right
        wait_for "step $si of" 30 || { echo "gallery: $name step $si not reached" >&2; exit 1; }
        wait_paused || exit 1
        t resize-window -x 80 -y 24; capture "$name-step$si-80x24"
        t resize-window -x 120 -y 40; capture "$name-step$si-120x40"
        t resize-window -x 80 -y 24
        nshots=$((nshots + 2))
    done
done
for theme in default $(ls "$src"/themes/*.theme | xargs -n1 basename | sed 's/\.theme$//'); do
    start 120 40 SKSCOPE_FROZEN_CLOCK=1 -- --scenario "$src/samples/quickstart.ini" --speed max --theme "$theme"
    wait_paused || exit 1
    capture "main-$theme-120x40"
    t capture-pane -e -p | mask >"$out/main-$theme-120x40.ansi"
    nshots=$((nshots + 1))
    if [ "$theme" = default ]; then
        t resize-window -x 200 -y 60; capture "main-default-200x60"
        t resize-window -x 80 -y 24; capture "main-default-80x24"
        nshots=$((nshots + 2))
    fi
done
echo "gallery: $nshots screens in $out"
