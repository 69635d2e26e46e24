#!/bin/sh
# soak.sh BINARY [MINUTES] [SENTENCES]: the long runs of the reliability checks, with memory
# sampled over time (not part of the default suite: it takes MINUTES + a few).
#
#  1. headless: `skscope run` to SENTENCES (default 1e9) at the defaults with the classic
#     learners; resident memory (VmRSS) every 5 s;
#  2. the explorer under tmux for MINUTES (default 10), with a scripted user who keeps moving
#     sliders (random knob, random direction, several steps), restarts, switches learners,
#     themes and views, pins ghosts and opens the help, ten keys a second; VmRSS every 10 s.
#     The session must still be alive and answering at the end, and quit cleanly with q.
# Prints two tables (seconds, sentences or keys sent, VmRSS in MiB) and a verdict line each.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
minutes=${2:-10}
sentences=${3:-1e9}
dir=$(mktemp -d /tmp/skscope-soak.XXXXXX)
trap 'tmux -L "skscope-soak-$$" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }

echo "== headless: skscope run --sentences $sentences (classic learners)"
"$bin" run --sentences "$sentences" --points 40 --csv "$dir/soak.csv" --quiet &
pid=$!
t=0
printf '%8s %12s\n' seconds "VmRSS MiB"
first="" last=""
while kill -0 "$pid" 2>/dev/null; do
    r=$(rss "$pid")
    [ -n "$r" ] && { printf '%8d %12s\n' "$t" "$r"; [ -z "$first" ] && [ "$t" -ge 10 ] && first=$r; last=$r; }
    sleep 5
    t=$((t + 5))
done
wait "$pid"
st=$?
echo "headless: exit $st after ~${t} s; VmRSS at 10 s ${first:-?} MiB, at the end ${last:-?} MiB; rows $(($(wc -l <"$dir/soak.csv") - 1))"

echo "== explorer: $minutes minutes of slider changes under tmux"
sock=skscope-soak-$$
tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 \
    "env LANG=C.UTF-8 TERM=tmux-256color '$bin' --learner all; echo \$? >'$dir/status'; sleep 600"
sleep 2
pid=$(pgrep -n -f "$bin --learner all")
[ -n "$pid" ] || { echo "explorer did not start"; exit 1; }
keys="Up Down Left Right Left Right Left Right + - Tab BTab"
rare="r l t g R f v ?"
end=$(($(date +%s) + minutes * 60))
t0=$(date +%s)
next=$t0
sent=0
printf '%8s %8s %12s\n' seconds keys "VmRSS MiB"
while [ "$(date +%s)" -lt "$end" ]; do
    i=0
    while [ $i -lt 10 ]; do
        n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
        if [ $((n % 40)) -eq 0 ]; then
            k=$(echo $rare | tr ' ' '\n' | sed -n "$((n / 40 % 8 + 1))p")
        else
            k=$(echo $keys | tr ' ' '\n' | sed -n "$((n % 12 + 1))p")
        fi
        tmux -L "$sock" send-keys "$k" 2>/dev/null
        [ "$k" = "?" ] && tmux -L "$sock" send-keys Escape 2>/dev/null
        sent=$((sent + 1))
        sleep 0.1
        i=$((i + 1))
    done
    now=$(date +%s)
    if [ "$now" -ge "$next" ]; then
        printf '%8d %8d %12s\n' $((now - t0)) "$sent" "$(rss "$pid")"
        next=$((next + 10))
    fi
done
alive=no
kill -0 "$pid" 2>/dev/null && alive=yes
tmux -L "$sock" send-keys Escape Escape q 2>/dev/null
sleep 2
echo "explorer: $sent keys in $minutes min; alive at the end: $alive; exit status $(cat "$dir/status" 2>/dev/null || echo '?')"
