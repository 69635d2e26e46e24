# tuilib.sh: what the tmux-driven tests share (sourced: tui.sh, teach.sh). Drives the real
# explorer in a private tmux server (fixed-size detached session, send-keys, capture-pane), as
# tmux's own regress tests do. Never exports LINES or COLUMNS (they would freeze the size).
# Needs $bin (the binary) set; sets $dir (a scratch directory, removed at exit).
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }
dir=$(mktemp -d /tmp/skscope-tui.XXXXXX)
sock=skscope-test-$$
conf=$dir/tmux.conf
: >"$conf"
t() { tmux -L "$sock" -f "$conf" "$@" 2>/dev/null; }
cleanup() { t kill-server 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
pass=0 fails=0 nstart=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# start W H ENV... -- ARGS: run skscope in a new session; its exit status lands in $dir/status.
start() {
    w=$1 h=$2; shift 2
    envs=""
    while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
    shift
    # a fresh server per start: reusing a socket right after kill-server races with its exit
    t kill-server 2>/dev/null
    nstart=$((nstart + 1))
    sock=skscope-test-$$-$nstart
    rm -f "$dir/status"
    t new-session -d -x "$w" -y "$h" -c "$dir" \
        "env LANG=C.UTF-8 TERM=tmux-256color $envs $bin $*; echo \$? >$dir/status; echo EXITED; sleep 30"
}
screen() { t capture-pane -p; }
# wait_for TEXT [SECONDS]: poll the screen until TEXT appears.
wait_for() {
    i=0 lim=$(( ${2:-5} * 10 ))
    while [ $i -lt $lim ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
sentences() { screen | head -1 | sed -n 's/.* n \([^ ]*\) .*/\1/p'; }
keys() { for k in "$@"; do t send-keys "$k"; sleep 0.15; done; }
