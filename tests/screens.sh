#!/bin/sh
# screens.sh BINARY: the committed gallery (docs/screens/) is what the explorer shows now: a fresh
# gallery.sh run must give the same files byte for byte (rates and messages masked there), and
# the README's screen sample must be the gallery's 80x24 main screen. After a change to what the
# screen shows, regenerate: sh tests/gallery.sh build/skscope docs/screens, and review the diff.
set -u
# Under the sanitizers (.ci/run sets ASAN_OPTIONS for those builds) the same screens are drawn
# by tui.sh and teach.sh; the byte comparison is the plain build's, where the runs to 10^8
# sentences take two minutes rather than ten.
if [ -n "${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-}" ]; then echo "screens: sanitizer build: compared in the plain build only"; exit 77; fi
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
new=$(mktemp -d /tmp/skscope-screens.XXXXXX)
trap 'rm -rf "$new"' EXIT
sh "$here/gallery.sh" "$1" "$new/screens" || { echo "FAIL: gallery.sh failed"; exit 1; }
fails=0
for f in "$new"/screens/*; do
    b=$(basename "$f")
    if [ ! -f "$src/docs/screens/$b" ]; then
        echo "FAIL: docs/screens/$b is not committed"; fails=$((fails + 1))
    elif ! cmp -s "$f" "$src/docs/screens/$b"; then
        echo "FAIL: docs/screens/$b differs from a fresh capture:"
        diff "$src/docs/screens/$b" "$f" | head -12
        fails=$((fails + 1))
    fi
done
for f in "$src"/docs/screens/*.txt "$src"/docs/screens/*.ansi; do
    [ -f "$new/screens/$(basename "$f")" ] || { echo "FAIL: docs/screens/$(basename "$f") is no longer made"; fails=$((fails + 1)); }
done
# the README's sample: the 80x24 main screen, verbatim between its ``` fences
python3 - "$src/README.md" "$src/docs/screens/main-default-80x24.txt" <<'PY' || fails=$((fails + 1))
import sys
readme, shot = open(sys.argv[1]).read(), open(sys.argv[2]).read().rstrip('\n')
if '```\n' + shot + '\n```' not in readme:
    print('FAIL: the README screen sample is not docs/screens/main-default-80x24.txt')
    sys.exit(1)
PY
n=$(ls "$new"/screens | wc -l)
echo "screens: $n files compared, $fails failed"
[ "$fails" -eq 0 ]
