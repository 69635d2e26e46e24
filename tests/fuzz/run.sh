#!/bin/sh
# run.sh NAME SECONDS [BUILDDIR]: fuzz one target with libFuzzer for SECONDS (on demand; the
# default suite only replays the seeds). Sets up BUILDDIR (default build-fuzz: clang,
# -Dfuzz=true) if needed, copies the seeds (tests/fuzz/corpus/NAME, found/NAME, regress/NAME
# and the shipped samples the target reads) into a scratch corpus, runs one fuzzing process
# with the target's dictionary, and ends with one line:
#     fuzz NAME: SECONDS s, N executions, K crashes (corpus DIR)
# Exit status: 0 with no crash, 1 with a crash (its input is in DIR/crash-*: copy it into
# regress/NAME with the fix), 2 on a usage or build error.
set -u
name=${1:-} secs=${2:-}
case $name in setup | scenario | lesson | theme | sweepcsv | plotcsv | corpus | numparse) ;;
*) echo "usage: $0 setup|scenario|lesson|theme|sweepcsv|plotcsv|corpus|numparse SECONDS [BUILDDIR]" >&2; exit 2 ;; esac
case $secs in '' | *[!0-9]*) echo "$0: SECONDS must be a whole number" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${3:-$root/build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
    (cd "$root" && CC=clang meson setup "$build" -Dfuzz=true -Db_lundef=false >/dev/null) || exit 2
fi
meson compile -C "$build" "tests/fuzz/fuzz_$name" >/dev/null || exit 2
dir=$(mktemp -d "/tmp/skscope-fuzz-$name.XXXXXX")
seeds="$here/corpus/$name $here/found/$name $here/regress/$name"
case $name in
scenario | corpus) seeds="$seeds $root/samples" ;;
lesson) seeds="$seeds $root/samples/lessons" ;;
theme) seeds="$seeds $root/themes" ;;
esac
mkdir "$dir/corpus" "$dir/artifacts"
i=0
for d in $seeds; do
    [ -d "$d" ] || continue
    for f in "$d"/*; do
        [ -f "$f" ] && cp "$f" "$dir/corpus/seed-$i-$(basename "$f")" && i=$((i + 1))
    done
done
dictarg=""
[ -f "$here/$name.dict" ] && dictarg="-dict=$here/$name.dict"
case $name in setup) maxlen=512 ;; numparse) maxlen=128 ;; corpus) maxlen=8192 ;; *) maxlen=4096 ;; esac
# one process (the machine is shared), every input run under ASan and UBSan; an input that runs
# 60 s is a hang (libFuzzer's default, 1200 s, let one spin unreported past a 10-minute run)
"$build/tests/fuzz/fuzz_$name" $dictarg -max_len=$maxlen -timeout=60 \
    -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" \
    >"$dir/log" 2>&1
status=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
crashes=$(ls "$dir/artifacts" | grep -c -E '^(crash|leak|timeout|oom)-')
echo "fuzz $name: $secs s, ${execs:-?} executions, $crashes crashes (corpus $dir/corpus, log $dir/log)"
[ "$status" -eq 0 ] && [ "$crashes" -eq 0 ]
