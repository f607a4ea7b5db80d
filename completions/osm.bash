# bash completion for osm, written by `osm completion bash`.
# The candidates come from osm itself (`osm __complete WORDS...`), so they always match the
# installed binary. Works with the bash-completion package and, more simply, without it.

__osm_log() {
    if [[ -n ${BASH_COMP_DEBUG_FILE-} ]]; then printf '%s\n' "$*" >> "$BASH_COMP_DEBUG_FILE"; fi
}

# Sets cur, words and cword with '=' and ':' kept inside their words.
__osm_words() {
    if declare -F _get_comp_words_by_ref > /dev/null; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        local line=${COMP_LINE:0:COMP_POINT}
        read -r -a words <<< "$line"
        if [[ -z $line || $line == *[[:space:]] ]]; then words+=(""); fi
        cword=$(( ${#words[@]} - 1 ))
        cur=${words[cword]}
    fi
}

__osm_complete() {
    local cur words cword
    __osm_words
    local answer directive=0 line
    answer=$("${words[0]}" __complete "${words[@]:1:cword-1}" "$cur" 2> /dev/null)
    local -a lines=() values=() descriptions=()
    [[ -n $answer ]] && mapfile -t lines <<< "$answer"
    if (( ${#lines[@]} )) && [[ ${lines[-1]} =~ ^:([0-9]+)$ ]]; then
        directive=${BASH_REMATCH[1]}
        unset 'lines[-1]'
    fi
    __osm_log "words: ${words[*]:0:cword+1} -> directive $directive, ${#lines[@]} candidates"
    COMPREPLY=()
    (( directive & 1 )) && return
    # Only the part after '=' of --flag=value is replaced by the shell.
    [[ $cur == -*=* ]] && cur=${cur#*=}
    (( directive & 2 )) && compopt -o nospace 2> /dev/null
    (( directive & 4 )) && compopt +o default 2> /dev/null
    if (( directive & 8 )); then
        local extensions
        extensions=$(IFS='|'; echo "${lines[*]%%$'\t'*}")
        if declare -F _filedir > /dev/null; then
            _filedir "$extensions"
        else
            compopt -o filenames 2> /dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur"; compgen -f -X "!*.@($extensions)" -- "$cur")
        fi
        return
    fi
    if (( directive & 16 )); then
        compopt -o filenames 2> /dev/null
        if [[ -n ${lines[0]-} ]]; then
            mapfile -t COMPREPLY < <(cd -- "${lines[0]%%$'\t'*}" 2> /dev/null && compgen -d -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        fi
        return
    fi
    local widest=0 value
    for line in "${lines[@]}"; do
        value=${line%%$'\t'*}
        [[ $value == "$cur"* ]] || continue
        values+=("$value")
        if [[ $line == *$'\t'* ]]; then descriptions+=("${line#*$'\t'}"); else descriptions+=(""); fi
        (( ${#value} > widest )) && widest=${#value}
    done
    if (( ${#values[@]} == 1 )) || [[ -z ${descriptions[*]-} ]]; then
        COMPREPLY=("${values[@]}")
    else
        # Several candidates: show each with its description, cut to the terminal's width.
        local i entry columns=${COLUMNS:-80}
        for i in "${!values[@]}"; do
            entry=${values[i]}
            if [[ -n ${descriptions[i]} ]]; then
                printf -v entry '%-*s  (%s)' "$widest" "${values[i]}" "${descriptions[i]}"
                (( ${#entry} > columns - 1 )) && entry="${entry:0:columns-5}...)"
            fi
            COMPREPLY+=("$entry")
        done
    fi
    # bash splits words at ':' too: drop what it already has before the last one.
    if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
        local keep=${cur%"${cur##*:}"} i
        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=${COMPREPLY[i]#"$keep"}; done
    fi
}

if [[ $(type -t compopt) == builtin ]]; then
    complete -o default -F __osm_complete osm
else
    complete -o default -o nospace -F __osm_complete osm
fi
