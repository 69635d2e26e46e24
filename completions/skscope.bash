# bash completion for skscope(1).
#
# Installed to $datadir/bash-completion/completions/skscope, where bash-completion loads it on
# first use; or source it from ~/.bashrc. Knob names, sample scenarios, lessons and themes are
# asked of skscope itself, so the completion follows the program it belongs to.

_skscope_knobs()
{
    "$1" help knobs 2>/dev/null | awk 'NR > 1 { print $1 "=" }'
}

_skscope_lessons()
{
    "$1" lesson 2>/dev/null | awk '{ print $1 }'
}

_skscope_scenarios()
{
    "$1" help scenarios 2>/dev/null | awk '{ print $1 }'
}

_skscope_themes()
{
    "$1" help themes 2>/dev/null | awk '{ print $1 }'
}

_skscope()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -n = || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local prog=${words[0]}
    local commands="run sweep merge fit-corpus plot lesson bench help"
    local explore_opts="--setup --scenario --set --seed --learner --theme --ascii --blocks --braille --no-mouse --paused --lesson --help --version"

    # the subcommand: the first word that is a command
    local cmd= i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            run | sweep | merge | fit-corpus | plot | lesson | bench | help) cmd=${words[i]}; break ;;
        esac
    done

    # values of options
    case $prev in
        --scenario)
            COMPREPLY=($(compgen -W "$(_skscope_scenarios "$prog")" -- "$cur"))
            COMPREPLY+=($(compgen -f -X '!*.ini' -- "$cur") $(compgen -d -- "$cur"))
            return ;;
        --learner | --learners)
            COMPREPLY=($(compgen -W "bayes bayes-cap sgd neural classic all" -- "$cur"))
            return ;;
        --theme)
            COMPREPLY=($(compgen -W "$(_skscope_themes "$prog")" -- "$cur") $(compgen -f -X '!*.theme' -- "$cur"))
            return ;;
        --set | --setup)
            compopt -o nospace 2>/dev/null
            COMPREPLY=($(compgen -W "$(_skscope_knobs "$prog")" -- "$cur"))
            return ;;
        --lesson)
            COMPREPLY=($(compgen -W "$(_skscope_lessons "$prog")" -- "$cur"))
            return ;;
        --csv | --facts-csv | --out)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --seed | --sentences | --points | --finetune-at | --at | --max-facts | --grid | --seeds | --jobs | --task | --max-words)
            return ;;
    esac

    case $cmd in
        "")
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$explore_opts" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$commands" -- "$cur"))
            fi ;;
        run)
            COMPREPLY=($(compgen -W "--setup --scenario --set --seed --sentences --points --learner --finetune-at --at --csv --facts-csv --force --plot --text --max-facts --quiet --help" -- "$cur")) ;;
        sweep)
            COMPREPLY=($(compgen -W "--grid --seeds --setup --scenario --set --seed --learner --sentences --jobs --csv --force --plot --quiet --tasks --list --task --fit --help" -- "$cur")) ;;
        merge)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--csv --help" -- "$cur"))
            else
                COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -d -- "$cur"))
            fi ;;
        fit-corpus)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--scenario --force --max-words --quiet --help" -- "$cur"))
            else
                COMPREPLY=($(compgen -f -- "$cur"))
            fi ;;
        plot)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--out --force --run --help" -- "$cur"))
            else
                COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -d -- "$cur"))
            fi ;;
        lesson)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$explore_opts" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$(_skscope_lessons "$prog")" -- "$cur"))
            fi ;;
        bench)
            COMPREPLY=($(compgen -W "--quick --csv --compare --sentences --help" -- "$cur")) ;;
        help)
            COMPREPLY=($(compgen -W "explorer knobs keys scenarios themes run sweep merge fit-corpus plot lesson bench" -- "$cur")) ;;
    esac
}

complete -F _skscope skscope
