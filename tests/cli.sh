#!/bin/sh
# cli.sh BINARY: the command line of `skscope run`: output files, exit codes and the one-line
# messages for bad input (exit 2 for usage errors, 1 for runtime failures, nothing left behind).
set -u
bin=$1
dir=$(mktemp -d /tmp/skscope-cli.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fails=0
pass=0

# expect CODE SUBSTRING -- ARGS...: run, check the exit code and that stderr contains SUBSTRING
# on one line.
expect() {
    code=$1; want=$2; shift 3
    "$bin" "$@" >"$dir/out" 2>"$dir/err"
    got=$?
    if [ "$got" -ne "$code" ]; then
        echo "FAIL: skscope $* exited $got, want $code; stderr: $(head -c 300 "$dir/err")"
        fails=$((fails + 1)); return
    fi
    if [ -n "$want" ] && ! grep -qF -- "$want" "$dir/err"; then
        echo "FAIL: skscope $*: stderr lacks '$want': $(head -c 300 "$dir/err")"
        fails=$((fails + 1)); return
    fi
    pass=$((pass + 1))
}

check() { # check DESCRIPTION COMMAND...
    desc=$1; shift
    if "$@"; then pass=$((pass + 1)); else echo "FAIL: $desc"; fails=$((fails + 1)); fi
}

expect 0 "" -- --version
check "version text" grep -q '^skscope [0-9]' "$dir/out"
expect 0 "" -- --help
expect 0 "" -- help run
check "run help lists --csv" grep -q -- '--csv FILE' "$dir/out"
expect 0 "" -- help knobs
check "knob list has s" grep -q '^s ' "$dir/out"

# A run writes the SPEC 4 columns in order, and the same seed gives the same bytes.
expect 0 "" -- run --sentences 2e4 --points 20 --quiet --csv "$dir/a.csv" --facts-csv "$dir/af.csv" --setup seed=3
check "header starts with SPEC 4 columns" sh -c "head -1 '$dir/a.csv' | grep -q '^sentences,tokens,distinct_facts,bayes.loss_bits,bayes.syntax_bits,bayes.knowledge_bits,bayes.excess_bits,bayes.expected_excess_bits,bayes.recall,bayes.hallucination,'"
check "20 rows" test "$(wc -l <"$dir/a.csv")" -eq 21
check "facts header" sh -c "head -1 '$dir/af.csv' | grep -q '^rank,fact,mentions,bayes.recalled,bayes.confidence'"
expect 0 "" -- run --sentences 2e4 --points 20 --quiet --csv "$dir/b.csv" --setup seed=3
check "same seed, same bytes" cmp -s "$dir/a.csv" "$dir/b.csv"
expect 0 "" -- run --sentences 2e4 --points 20 --quiet --csv "$dir/c.csv" --setup seed=4
check "other seed, other bytes" sh -c "! cmp -s '$dir/a.csv' '$dir/c.csv'"
expect 0 "" -- run --sentences 1e4 --learner bayes --quiet --csv "$dir/one.csv"
check "one learner: plain SPEC header" sh -c "head -1 '$dir/one.csv' | grep -q '^sentences,tokens,distinct_facts,loss_bits,syntax_bits,knowledge_bits,excess_bits,expected_excess_bits,recall,hallucination,'"
if command -v python3 >/dev/null 2>&1; then
    check "python csv reads it" python3 -c "
import csv, sys
rows = list(csv.reader(open('$dir/a.csv', newline='')))
assert len(rows) == 21 and all(len(r) == len(rows[0]) for r in rows)
assert float(rows[-1][0]) == 20000
"
fi
# Summary on stdout, nothing on stderr when stderr is not a terminal.
expect 0 "" -- run --sentences 1e4
check "summary printed" grep -q '^laws ' "$dir/out"
check "no progress bar off a terminal" test ! -s "$dir/err"
# Text output: one line per sentence.
expect 0 "" -- run --sentences 1000 --text --learner bayes
check "1000 sentences of text" test "$(wc -l <"$dir/out")" -eq 1000
# Mid-run knob changes and a scenario.
expect 0 "" -- run --sentences 2e4 --quiet --at 5000:s=1.5,eps=0.1 --at 1e4:C=64
# The same changes as a setup string's tail (the explorer's c string): the same bytes, and a
# change at a sample point takes effect after that sample (the row at 142 is the unchanged run's).
"$bin" run --sentences 2e4 --points 3 --quiet --at 5000:s=1.5,eps=0.1 --at 142:C=8 --csv "$dir/at.csv" \
    --facts-csv "$dir/at-f.csv"
"$bin" run --sentences 2e4 --points 3 --quiet --setup 'C=4096;@142:C=8;@5000:s=1.5,eps=0.1' --csv "$dir/tail.csv" \
    --facts-csv "$dir/tail-f.csv"
check "a setup tail = the same --at changes, byte for byte" sh -c "cmp '$dir/at.csv' '$dir/tail.csv' && cmp '$dir/at-f.csv' '$dir/tail-f.csv'"
"$bin" run --sentences 2e4 --points 3 --quiet --csv "$dir/plain.csv"
"$bin" run --sentences 2e4 --points 3 --quiet --setup ';@142:C=8' --csv "$dir/c142.csv"
sed -n 3p "$dir/c142.csv" >"$dir/c142-row"
sed -n 3p "$dir/plain.csv" >"$dir/plain-row"
check "a change at sample 142 applies after it" sh -c "cmp -s '$dir/c142-row' '$dir/plain-row' && ! cmp -s '$dir/c142.csv' '$dir/plain.csv'"
# --per-decade 20: the explorer's grid (1, 2, ..., then 10^(1/20) apart) and the last sentence.
expect 0 "" -- run --sentences 1000 --per-decade 20 --quiet --csv "$dir/grid.csv"
check "--per-decade 20 grid" sh -c "cut -d, -f1 '$dir/grid.csv' | sed 1d | tr '\n' ' ' | grep -qx '1 2 3 4 5 6 7 8 9 11 13 15 17 20 23 26 30 34 39 44 50 57 64 72 81 91 103 116 131 147 165 186 209 235 264 297 334 375 421 473 531 596 669 751 843 946 1000 '"
printf '[world]\ns = 2\n[run]\nsentences = 5000\npoints = 10\nlearner = sgd\n' >"$dir/sc.ini"
expect 0 "" -- run --scenario "$dir/sc.ini" --quiet --csv "$dir/sc.csv"
check "scenario sets learner and points" sh -c "test \$(wc -l <'$dir/sc.csv') -eq 11 && head -1 '$dir/sc.csv' | grep -q '^sentences,tokens,distinct_facts,loss_bits'"

# The shipped samples run headless.
for f in "$(dirname "$0")"/../samples/*.ini; do
    expect 0 "" -- run --scenario "$f" --sentences 2e4 --quiet
done

# Sweeps: a grid on all cores; each task alone; the parts merged back are the same bytes.
grid='s=1.5|2,n=1e3..1e5x10'
expect 0 "" -- sweep --grid "$grid" --seeds 2 --learner bayes --csv "$dir/sweep.csv" --quiet
check "sweep rows: 2 s x 2 seeds x 3 n + header" test "$(wc -l <"$dir/sweep.csv")" -eq 13
check "sweep header" sh -c "head -1 '$dir/sweep.csv' | grep -q '^task,s,beta,k,b,V,R,eps,T,gamma,L,eps_syn,C,eta,tau,nn_d,nn_H,nn_hidden,nn_lr,nn_wd,nn_adam,ft_at,ft_T,ft_F,ft_r,ft_m,seed,sentences,tokens,distinct_facts,bayes.expected_excess_bits,'"
expect 0 "" -- sweep --grid "$grid" --seeds 2 --tasks
check "4 tasks" test "$(cat "$dir/out")" = 4
expect 0 "" -- sweep --grid "$grid" --seeds 2 --learner bayes --list
check "one command per task" test "$(grep -c -- '--task' "$dir/out")" -eq 4
for i in 0 1 2 3; do
    expect 0 "" -- sweep --grid "$grid" --seeds 2 --learner bayes --task $i --csv "$dir/part-$i.csv" --quiet
done
expect 0 "" -- merge --csv "$dir/merged.csv" "$dir/part-3.csv" "$dir/part-1.csv" "$dir/part-0.csv" "$dir/part-2.csv"
check "merged parts = the whole sweep, byte for byte" cmp -s "$dir/sweep.csv" "$dir/merged.csv"
check "merge prints the fits" grep -q 'data' "$dir/out"
expect 0 "" -- sweep --fit "$dir/sweep.csv"
check "sweep --fit reports the data exponent" grep -q 'predicted  -0.3333' "$dir/out"
# --plot: a gnuplot script beside the CSV, refused up front when there is nothing to draw.
expect 0 "" -- run --sentences 1e4 --points 10 --quiet --csv "$dir/p.csv" --plot
check "run --plot writes p.gp beside p.csv" grep -q '^plot ' "$dir/p.gp"
expect 2 "--plot needs --csv FILE" -- run --sentences 1e3 --plot
expect 2 "the grid must vary one of them" -- sweep --grid 's=1.5|2' --plot --csv "$dir/x.csv"
check "refused sweep wrote nothing" test ! -e "$dir/x.csv"
expect 2 "option '--seed' needs a value" -- run --seed
check "usage hint names the command" grep -q "Try 'skscope run --help'" "$dir/err"
expect 0 "" -- lesson
check "lesson lists the shipped lessons" grep -q '^2-syntax-then-facts ' "$dir/out"
expect 0 "" -- help sweep
check "help sweep is the sweep usage" grep -q '^usage: skscope sweep' "$dir/out"
expect 2 "no lesson 'nosuch'" -- lesson nosuch
expect 2 "--grid is needed" -- sweep --csv "$dir/x.csv"
expect 2 "grid: unknown key 'zz'" -- sweep --grid zz=1 --csv "$dir/x.csv"
expect 2 "--task: 9 is out of range (valid: 0 to 3)" -- sweep --grid "$grid" --seeds 2 --task 9 --csv "$dir/x.csv"
expect 1 "not a sweep CSV" -- merge --csv "$dir/bad.csv" "$dir/part-0.csv" "$dir/sc.csv"
expect 0 "" -- sweep --grid 's=2' --learner sgd --csv "$dir/other.csv" --quiet --sentences 1000
expect 1 "has other columns" -- merge --csv "$dir/bad.csv" "$dir/part-0.csv" "$dir/other.csv"
# An interrupted sweep leaves whole tasks only: 360 short tasks (3 sentence counts each), SIGINT
# after 2 s: some but not all are written, each with all its 3 rows.
"$bin" sweep --grid 'C=16..4096x2,n=1e4..1e6x10' --seeds 40 --csv "$dir/int.csv" --quiet >"$dir/out" 2>"$dir/err" &
spid=$!
sleep 2
kill -INT $spid
wait $spid
st=$?
check "interrupted sweep: exit 1 and a message" sh -c "[ $st -eq 1 ] && grep -q 'interrupted by SIGINT (Interrupted system call): wrote the' '$dir/err'"
rows=$(($(wc -l <"$dir/int.csv") - 1))
check "interrupted sweep: some tasks, not all ($rows rows)" sh -c "[ $rows -ge 3 ] && [ $rows -lt 1080 ]"
check "interrupted sweep: only whole tasks" sh -c "tail -n +2 '$dir/int.csv' | cut -d, -f1 | sort | uniq -c | awk '\$1 != 3 { bad = 1 } END { exit bad }'"

# Bad input: one clear line, exit 2 (usage) or 1 (runtime), nothing half-written.
expect 2 "unknown option '--bogus'" -- run --bogus
expect 2 "unknown command or option 'frobnicate'" -- frobnicate
expect 2 "unknown setup key 'zz'" -- run --setup zz=1
expect 2 "s: 1 is out of range (valid: 1.01 to 100)" -- run --setup s=1
expect 2 "s: 0.9 is out of range (valid: 1.01 to 100)" -- run --setup s=0.9
expect 2 "k: 0 is out of range (valid: 0.01 to 1000000 facts)" -- run --setup k=0
expect 2 "C: -1 is out of range (valid: 0 to 1000000000 facts)" -- run --setup C=-1
expect 2 "s: '1.2.3' has trailing junk '.3'" -- run --setup s=1.2.3
expect 2 "V: 'NaN' is not a number" -- run --set V=NaN
expect 2 "--sentences: 'lots' is not a number" -- run --sentences lots
expect 2 "--sentences: must be at least 1" -- run --sentences 0
expect 2 "--points: '1' is out of range (valid: 2 to 100000)" -- run --points 1
expect 2 "--learner: unknown learner 'gpt' (valid: bayes, bayes-cap, sgd, neural, classic, all)" -- run --learner gpt
expect 2 "cannot open $dir/none.ini: No such file or directory" -- run --scenario "$dir/none.ini"
expect 2 "$dir is a directory" -- run --scenario "$dir"
printf 's = 2\nwhat = 1\n' >"$dir/bad.ini"
expect 2 "$dir/bad.ini:2: unknown key 'what'" -- run --scenario "$dir/bad.ini"
expect 2 "--at 5000: V, R and seed cannot change during a run" -- run --at 5000:V=128
expect 2 "--at 'x': expected N:SETUP" -- run --at x
expect 2 "@5000: V cannot change during a run" -- run --setup 's=2;@5000:V=128'
expect 2 "--at and a --setup string's changes" -- run --setup 'C=8;@10:C=9' --at 20:C=10
expect 1 "cannot write $dir/no/such/out.csv: No such file or directory" -- run --sentences 1000 --quiet --csv "$dir/no/such/out.csv"
check "no file in a missing directory" test ! -e "$dir/no"
printf 'keep me\n' >"$dir/keep.csv"
expect 1 "$dir/keep.csv exists (use --force to overwrite it)" -- run --sentences 1000 --quiet --csv "$dir/keep.csv"
check "existing file untouched" grep -q '^keep me$' "$dir/keep.csv"
expect 0 "" -- run --sentences 1000 --quiet --csv "$dir/keep.csv" --force
check "--force replaces" sh -c "head -1 '$dir/keep.csv' | grep -q '^sentences'"
expect 1 "cannot write /dev/full: No space left on device" -- run --sentences 1000 --quiet --csv /dev/full
check "no temporary files left" test "$(ls -A "$dir" | grep -c '\.tmp\.')" -eq 0
# A file-size limit (RLIMIT_FSIZE): the write fails with a message, the old file stays whole
# and no temporary is left, for run, sweep and plot alike.
printf 'old\n' >"$dir/fs.csv"
sh -c "ulimit -f 4; '$bin' run --sentences 1e5 --points 2000 --quiet --csv '$dir/fs.csv' --force" 2>"$dir/err"
check "RLIMIT_FSIZE run: exit 1, message" sh -c "[ $? -eq 1 ] && grep -q 'cannot write $dir/fs.csv: File too large' '$dir/err'"
check "RLIMIT_FSIZE run: old file untouched" grep -qx old "$dir/fs.csv"
sh -c "ulimit -f 1; '$bin' sweep --grid 'n=1e3..1e5x10,s=1.5|2' --seeds 3 --quiet --csv '$dir/fs-sweep.csv'" 2>"$dir/err"
check "RLIMIT_FSIZE sweep: message, no file" sh -c "grep -q 'File too large' '$dir/err' && test ! -e '$dir/fs-sweep.csv'"
"$bin" run --sentences 2e4 --quiet --csv "$dir/fsp.csv"
sh -c "ulimit -f 1; '$bin' plot '$dir/fsp.csv'" 2>"$dir/err"
check "RLIMIT_FSIZE plot: message, no script" sh -c "grep -q 'File too large' '$dir/err' && test ! -e '$dir/fsp.gp'"
check "RLIMIT_FSIZE: no temporary files left" test "$(ls -A "$dir" | grep -c '\.tmp\.')" -eq 0
expect 1 "the world would exceed its limit of 100 distinct facts" -- run --sentences 1e5 --quiet --max-facts 100

# Standard output as data (--csv -): it carries the CSV alone (the summary and the fit report
# go to stderr), and a reader that stops early (| head) ends the command with no message.
expect 0 "sentences  20000" -- run --sentences 2e4 --points 20 --csv - --setup seed=3
check "run --csv -: stdout is the same CSV as --csv FILE" cmp -s "$dir/out" "$dir/a.csv"
expect 0 "predicted  -0.3333" -- sweep --grid "$grid" --seeds 2 --learner bayes --csv -
check "sweep --csv -: stdout is the same CSV as --csv FILE" cmp -s "$dir/out" "$dir/sweep.csv"
expect 2 "--plot needs --csv FILE" -- sweep --grid "$grid" --plot --csv -
expect 0 "predicted  -0.3333" -- merge --csv - "$dir"/part-*.csv
check "merge --csv -: stdout is the merged CSV alone" cmp -s "$dir/out" "$dir/merged.csv"
expect 0 "" -- plot "$dir/sweep.csv" --out -
check "plot --out -: stdout is the script" grep -q '^plot ' "$dir/out"
for args in "run --sentences 1e6 --csv -" "run --sentences 1e6 --text" "run --sentences 1e5 --facts-csv -"; do
    # shellcheck disable=SC2086
    rc=$( { "$bin" $args 2>"$dir/err"; echo $? >"$dir/rc"; } | head -c 10 >/dev/null; cat "$dir/rc")
    check "skscope $args | head: status 1, no message (got $rc, '$(head -c 200 "$dir/err")')" \
        sh -c "[ '$rc' -eq 1 ] && [ ! -s '$dir/err' ]"
done

# Issue 16: whatever goes to standard output must get there: a full disk is an error (exit 1,
# a message with the errno), for every command that prints (before: exit 0).
for args in "--version" "--help" "help" "help knobs" "help keys" "help scenarios" "lesson" \
    "sweep --grid C=16|32 --tasks" "sweep --grid C=16|32 --list" "run --sentences 1e4" \
    "run --sentences 1e5 --text" "run --sentences 1e4 --csv -" "plot $dir/p.csv --out -"; do
    # shellcheck disable=SC2086
    "$bin" $args >/dev/full 2>"$dir/err"
    rc=$?
    check "skscope $args >/dev/full: exit 1 and the errno ($rc: $(head -c 200 "$dir/err"))" \
        sh -c "[ $rc -eq 1 ] && [ \$(wc -l <'$dir/err') -eq 1 ] && grep -q 'standard output: No space left on device' '$dir/err'"
done
# Running out of memory is a runtime failure (exit 1), not a usage error (before: 2). (Not
# under AddressSanitizer: its shadow memory needs more address space than the limit.)
if ! ldd "$bin" 2>/dev/null | grep -q libasan; then
    sh -c "ulimit -v 400000; exec '$bin' run --set C=1e9 --learner sgd --sentences 10" >/dev/null 2>"$dir/err"
    rc=$?
    check "out of memory: exit 1 ($rc: $(head -c 200 "$dir/err"))" sh -c "[ $rc -eq 1 ] && grep -q 'out of memory' '$dir/err'"
fi
# A FIFO named as a theme is refused at once (before: the explorer blocked before it started).
mkfifo "$dir/fifo"
timeout 10 "$bin" --theme "$dir/fifo" </dev/null >/dev/null 2>"$dir/err"
rc=$?
check "--theme FIFO: no hang ($rc), says what it is" sh -c "[ $rc -ne 124 ] && head -1 '$dir/err' | grep -q '$dir/fifo is a FIFO (named pipe), not a regular file'"
# A sweep part saved with a byte-order mark (a spreadsheet did it) reads as it is.
printf '\357\273\277' | cat - "$dir/part-0.csv" >"$dir/bom.csv"
expect 0 "" -- merge --csv "$dir/bom-merged.csv" "$dir/bom.csv" "$dir/part-1.csv" "$dir/part-2.csv" "$dir/part-3.csv"
check "a part with a BOM merges like the others" cmp -s "$dir/sweep.csv" "$dir/bom-merged.csv"
expect 0 "" -- sweep --fit "$dir/bom.csv"
expect 0 "" -- plot "$dir/bom.csv" --out "$dir/bom.gp"

# A sweep with 3 values of n but no positive excess says so (before: "needs 3 or more values").
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /expected_knowledge_excess_bits$/) z[i] = 1 }
    NR > 1 { for (i in z) $i = 0 } { print }' "$dir/sweep.csv" >"$dir/zero.csv"
expect 0 "" -- sweep --fit "$dir/zero.csv"
check "sweep --fit, excess 0: says why ($(cat "$dir/out"))" grep -q 'but the expected knowledge excess is not positive' "$dir/out"

# Sweep knobs in the shortest form that reads back: s=1.8 (before: 1.7999999999999998, 1/a).
expect 0 "" -- sweep --grid 'C=16|32' --learner bayes --sentences 1000 --csv - --quiet
check "sweep CSV: s is 1.8" test "$(sed -n 2p "$dir/out" | cut -d, -f2)" = "1.8"
# A grid over seed runs those seeds (before: seed 1 three times); s with k in any order.
expect 0 "" -- sweep --grid 'seed=1|5|9' --learner bayes --sentences 1000 --csv - --quiet
check "grid over seed: seeds 1, 5, 9" test "$(tail -n +2 "$dir/out" | cut -d, -f27 | tr '\n' ' ')" = "1 5 9 "
expect 0 "" -- sweep --grid 's=1.01,k=0.5' --learner bayes --sentences 1000 --csv - --quiet

echo "cli: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
