#!/bin/sh
# doc.sh BINARY MANPAGE: the man page lints clean and lists every knob of the knob table.
set -u
bin=$1 man=$2
fails=0
tmp_keys=$(mktemp /tmp/skscope-doc.XXXXXX)
trap 'rm -f "$tmp_keys"' EXIT
if command -v mandoc >/dev/null 2>&1; then
    out=$(mandoc -Tlint -Wwarning "$man" 2>&1) || { echo "FAIL: mandoc -Tlint: $out"; fails=$((fails + 1)); }
else
    echo "mandoc not installed: lint skipped"
fi
knobs=$("$bin" help knobs | awk 'NR > 1 {print $1}')
[ -n "$knobs" ] || { echo "FAIL: 'skscope help knobs' listed no knob"; fails=$((fails + 1)); }
for k in $knobs; do
    grep -q "^\.It Cm $k\$" "$man" || { echo "FAIL: knob '$k' missing from the man page"; fails=$((fails + 1)); }
done
# Every key binding of the table is in the KEYS section, with its help text.
# (From a file: a failing or empty `help keys` must fail the test, not run the loop zero times.)
if ! "$bin" help keys >"$tmp_keys" || [ ! -s "$tmp_keys" ]; then
    echo "FAIL: 'skscope help keys' failed or printed nothing"; fails=$((fails + 1))
fi
while IFS= read -r line; do
    keys=$(printf '%s' "$line" | cut -c1-14 | sed 's/ *$//')
    help=$(printf '%s' "$line" | cut -c16-)
    awk -v k=".It $keys" -v h="$help" '{ line = $0; gsub(/\\&/, "", line) } line == k { getline; if ($0 == h) found = 1 } END { exit !found }' "$man" ||
        { echo "FAIL: key '$keys' ($help) missing from the KEYS section"; fails=$((fails + 1)); }
done <"$tmp_keys"
echo "doc: $fails failed"
[ "$fails" -eq 0 ]
