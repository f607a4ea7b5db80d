# fish completion for osm, written by `osm completion fish`.
# The candidates come from osm itself (`osm __complete WORDS...`), so they always match the
# installed binary.

function __osm_log
    if test -n "$BASH_COMP_DEBUG_FILE"
        echo $argv >> $BASH_COMP_DEBUG_FILE
    end
end

# Asks osm for the candidates of the word under the cursor and keeps them in
# __osm_candidates; fails (so that fish completes file names) when osm leaves the word to files.
function __osm_ask
    set -g __osm_candidates
    set -l typed (commandline -opc)
    set -l current (commandline -ct | string unescape)
    set -l answer ($typed[1] __complete $typed[2..-1] "$current" 2>/dev/null)
    set -l directive 0
    if test (count $answer) -gt 0; and string match -qr '^:[0-9]+$' -- $answer[-1]
        set directive (string sub -s 2 -- $answer[-1])
        set -e answer[-1]
    end
    __osm_log "words: $typed $current -> directive $directive, "(count $answer)" candidates"
    # Errors, file extensions and directories: fish's own file completion does best.
    if test (math "bitand($directive, 1) + bitand($directive, 8) + bitand($directive, 16)") -ne 0
        return 1
    end
    set -l prefix ""
    if string match -qr -- '^-.*=' $current
        set prefix (string replace -r -- '=.*' '=' $current)
    end
    for line in $answer
        test -n "$line"; and set -a __osm_candidates "$prefix$line"
    end
    set -l matching (string match -- "$current*" (string replace -r -- '\t.*' '' $__osm_candidates))
    if test (count $matching) -eq 1; and test (math "bitand($directive, 2)") -ne 0
        # A second, longer candidate keeps fish from adding a space after the only one.
        set -a __osm_candidates "$matching[1]."
    end
    if test (count $matching) -eq 0; and test (math "bitand($directive, 4)") -eq 0
        return 1
    end
    return 0
end

complete -c osm -e
complete -c osm -n __osm_ask -f -a '$__osm_candidates'
