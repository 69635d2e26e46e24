#!/bin/sh
# install.sh BUILDDIR: `meson install --destdir` puts the program, the man page, themes,
# samples, lessons and the bash completion in their places, and the installed program, run
# from another directory with the build tree's data hidden, finds its data through its own
# location (BIN/../share/skscope), not through a compiled-in path.
set -u
build=$1
dir=$(mktemp -d /tmp/skscope-install.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fails=0
pass=0
check() { # check DESCRIPTION COMMAND...
    desc=$1; shift
    if "$@"; then pass=$((pass + 1)); else echo "FAIL: $desc"; fails=$((fails + 1)); fi
}

if ! meson install -C "$build" --destdir "$dir/root" --no-rebuild >"$dir/log" 2>&1; then
    echo "FAIL: meson install: $(tail -5 "$dir/log")"
    exit 1
fi
prefix=$(meson introspect "$build" --buildoptions | python3 -c "
import json, sys
print(next(o['value'] for o in json.load(sys.stdin) if o['name'] == 'prefix'))")
root=$dir/root$prefix
bin=$root/bin/skscope
check "binary installed" test -x "$bin"
check "man page installed" test -f "$root/share/man/man1/skscope.1"
check "themes installed" test -f "$root/share/skscope/themes/projector.theme"
check "samples installed" test -f "$root/share/skscope/samples/heaps-zipf.ini"
check "lessons installed" test -f "$root/share/skscope/samples/lessons/1-the-world.lesson"
check "bash completion installed" test -f "$root/share/bash-completion/completions/skscope"

# A data file only the installed tree has proves where the program looks.
cp "$root/share/skscope/samples/quickstart.ini" "$root/share/skscope/samples/installed-only.ini"
sed -i 's/^title = .*/title = Installed only/' "$root/share/skscope/samples/installed-only.ini"
cp "$root/share/skscope/themes/mono.theme" "$root/share/skscope/themes/installed-only.theme"
mkdir "$dir/elsewhere"
cd "$dir/elsewhere" || exit 1
export HOME="$dir/elsewhere" XDG_CONFIG_HOME= SKSCOPE_DATADIR=
check "installed binary runs from elsewhere" sh -c "'$bin' --version | grep -q '^skscope '"
check "finds the installed scenarios" sh -c "'$bin' help scenarios | grep -q '^installed-only .*Installed only'"
check "finds the installed themes" sh -c "'$bin' help themes | grep -q '^installed-only '"
check "finds the installed lessons" sh -c "'$bin' lesson | grep -q '^4-fine-tuning '"
check "runs a sample by name" sh -c "'$bin' run --scenario installed-only --sentences 1e4 --quiet --csv out.csv && test -s out.csv"
check "runs a sample by name (heaps-zipf)" sh -c "'$bin' run --scenario heaps-zipf --sentences 1e4 --quiet --csv - | head -1 | grep -q '^sentences,'"

# The completion file loads in bash and completes commands, samples and knobs.
if command -v bash >/dev/null 2>&1; then
    cat >"$dir/comp.bash" <<EOS
source "$root/share/bash-completion/completions/skscope"
comp() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _skscope; printf '%s\n' "\${COMPREPLY[@]}"; }
case \$1 in
    cmd) comp "$bin" sw ;;
    scenario) comp "$bin" run --scenario heaps ;;
    knob) comp "$bin" run --set ga ;;
    lesson) comp "$bin" lesson 3 ;;
    learner) comp "$bin" --learner ba ;;
    help) comp "$bin" help sc ;;
esac
EOS
    check "completes 'sw' to sweep" sh -c "bash '$dir/comp.bash' cmd | grep -qx sweep"
    check "completes scenario names" sh -c "bash '$dir/comp.bash' scenario | grep -qx heaps-zipf"
    check "completes knobs (--set ga -> gamma=)" sh -c "bash '$dir/comp.bash' knob | grep -qx gamma="
    check "completes lesson names" sh -c "bash '$dir/comp.bash' lesson | grep -qx 3-model-size"
    check "completes learners" sh -c "test \"\$(bash '$dir/comp.bash' learner | tr '\n' ' ')\" = 'bayes bayes-cap '"
    check "completes help topics" sh -c "bash '$dir/comp.bash' help | grep -qx scenarios"
fi
echo "install: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
