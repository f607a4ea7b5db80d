#compdef osm
# zsh completion for osm, written by `osm completion zsh`.
# The candidates come from osm itself (`osm __complete WORDS...`), so they always match the
# installed binary. Put the file in a folder of $fpath as _osm, or source it after compinit.

__osm_log() {
    [[ -n ${BASH_COMP_DEBUG_FILE-} ]] && print -r -- "$*" >> "$BASH_COMP_DEBUG_FILE"
    return 0
}

_osm() {
    local current=${words[CURRENT]} answer line value description prefix=""
    local -i directive=0
    local -a lines candidates extensions nospace
    answer=$(${words[1]} __complete "${(@Q)words[2,CURRENT-1]}" "${(Q)current}" 2> /dev/null)
    lines=("${(@f)answer}")
    if [[ ${lines[-1]-} == :<-> ]]; then
        directive=${lines[-1]#:}
        lines[-1]=()
    fi
    __osm_log "words: ${words[1,CURRENT]} -> directive $directive, ${#lines} candidates"
    (( directive & 1 )) && return 1
    if (( directive & 8 )); then
        for line in $lines; do extensions+=("*.${line%%$'\t'*}"); done
        _files -g "(${(j:|:)extensions})"
        return
    fi
    if (( directive & 16 )); then
        if [[ -n ${lines[1]-} ]]; then _files -/ -W "${lines[1]%%$'\t'*}"; else _files -/; fi
        return
    fi
    [[ $current == -*=* ]] && prefix="${current%%=*}="
    for line in $lines; do
        [[ -z $line ]] && continue
        value=${line%%$'\t'*}
        value=${value//:/\\:}
        if [[ $line == *$'\t'* ]]; then
            description=${line#*$'\t'}
            candidates+=("$value:$description")
        else
            candidates+=("$value")
        fi
    done
    (( directive & 2 )) && nospace=(-S '')
    if (( ${#candidates} )) && _describe -t values 'completions' candidates -P "$prefix" $nospace; then
        return 0
    fi
    (( directive & 4 )) && return 1
    _files
}

# Loaded from $fpath by compinit: complete now; sourced: register the function.
if [[ ${zsh_eval_context[-1]-} == loadautofunc ]]; then
    _osm "$@"
else
    compdef _osm osm
fi
