/// Shell completion scripts that ask the program itself for candidates (`PROG __complete WORDS…`,
/// or `__completeNoDesc` without descriptions), as cobra's generated scripts do: the scripts never
/// go stale when the binary changes, and commands can offer values from the cluster. Each script
/// reads the last line of the answer, `:<directive>` (see `ShellCompletion.Directive`), and honours
/// its bits: 1 error (offer nothing), 2 no space after the word, 4 no file names as a fallback,
/// 8 the candidates are file extensions to filter file names by, 16 complete directories only.
/// The scripts log to the file named by BASH_COMP_DEBUG_FILE when it is set.
public enum CompletionScripts {
    public enum Shell: String, CaseIterable, Sendable { case bash, fish, powershell, zsh }

    public static func script(for shell: Shell, root: Command, descriptions: Bool = true) -> String {
        let name = root.name
        let request = descriptions ? ShellCompletion.request : ShellCompletion.requestWithoutDescriptions
        let fn = "__" + name.replacingAll("-", with: "_").replacingAll(".", with: "_")
        let template: String
        switch shell {
        case .bash: template = bashTemplate
        case .zsh: template = zshTemplate
        case .fish: template = fishTemplate
        case .powershell: template = powershellTemplate
        }
        return template.replacingAll("@PROG@", with: name).replacingAll("@FN@", with: fn)
            .replacingAll("@REQUEST@", with: request)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

// MARK: - bash

private let bashTemplate = #"""
    # bash completion for @PROG@, written by `@PROG@ completion bash`.
    # The candidates come from @PROG@ itself (`@PROG@ @REQUEST@ WORDS...`), so they always match the
    # installed binary. Works with the bash-completion package and, more simply, without it.

    @FN@_log() {
        if [[ -n ${BASH_COMP_DEBUG_FILE-} ]]; then printf '%s\n' "$*" >> "$BASH_COMP_DEBUG_FILE"; fi
    }

    # Sets cur, words and cword with '=' and ':' kept inside their words.
    @FN@_words() {
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

    @FN@_complete() {
        local cur words cword
        @FN@_words
        local answer directive=0 line
        answer=$("${words[0]}" @REQUEST@ "${words[@]:1:cword-1}" "$cur" 2> /dev/null)
        local -a lines=() values=() descriptions=()
        [[ -n $answer ]] && mapfile -t lines <<< "$answer"
        if (( ${#lines[@]} )) && [[ ${lines[-1]} =~ ^:([0-9]+)$ ]]; then
            directive=${BASH_REMATCH[1]}
            unset 'lines[-1]'
        fi
        @FN@_log "words: ${words[*]:0:cword+1} -> directive $directive, ${#lines[@]} candidates"
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
        complete -o default -F @FN@_complete @PROG@
    else
        complete -o default -o nospace -F @FN@_complete @PROG@
    fi

    """#

// MARK: - zsh

private let zshTemplate = #"""
    #compdef @PROG@
    # zsh completion for @PROG@, written by `@PROG@ completion zsh`.
    # The candidates come from @PROG@ itself (`@PROG@ @REQUEST@ WORDS...`), so they always match the
    # installed binary. Put the file in a folder of $fpath as _@PROG@, or source it after compinit.

    @FN@_log() {
        [[ -n ${BASH_COMP_DEBUG_FILE-} ]] && print -r -- "$*" >> "$BASH_COMP_DEBUG_FILE"
        return 0
    }

    _@PROG@() {
        local current=${words[CURRENT]} answer line value description prefix=""
        local -i directive=0
        local -a lines candidates extensions nospace
        answer=$(${words[1]} @REQUEST@ "${(@Q)words[2,CURRENT-1]}" "${(Q)current}" 2> /dev/null)
        lines=("${(@f)answer}")
        if [[ ${lines[-1]-} == :<-> ]]; then
            directive=${lines[-1]#:}
            lines[-1]=()
        fi
        @FN@_log "words: ${words[1,CURRENT]} -> directive $directive, ${#lines} candidates"
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
        _@PROG@ "$@"
    else
        compdef _@PROG@ @PROG@
    fi

    """#

// MARK: - fish

private let fishTemplate = #"""
    # fish completion for @PROG@, written by `@PROG@ completion fish`.
    # The candidates come from @PROG@ itself (`@PROG@ @REQUEST@ WORDS...`), so they always match the
    # installed binary.

    function @FN@_log
        if test -n "$BASH_COMP_DEBUG_FILE"
            echo $argv >> $BASH_COMP_DEBUG_FILE
        end
    end

    # Asks @PROG@ for the candidates of the word under the cursor and keeps them in
    # @FN@_candidates; fails (so that fish completes file names) when @PROG@ leaves the word to files.
    function @FN@_ask
        set -g @FN@_candidates
        set -l typed (commandline -opc)
        set -l current (commandline -ct | string unescape)
        set -l answer ($typed[1] @REQUEST@ $typed[2..-1] "$current" 2>/dev/null)
        set -l directive 0
        if test (count $answer) -gt 0; and string match -qr '^:[0-9]+$' -- $answer[-1]
            set directive (string sub -s 2 -- $answer[-1])
            set -e answer[-1]
        end
        @FN@_log "words: $typed $current -> directive $directive, "(count $answer)" candidates"
        # Errors, file extensions and directories: fish's own file completion does best.
        if test (math "bitand($directive, 1) + bitand($directive, 8) + bitand($directive, 16)") -ne 0
            return 1
        end
        set -l prefix ""
        if string match -qr -- '^-.*=' $current
            set prefix (string replace -r -- '=.*' '=' $current)
        end
        for line in $answer
            test -n "$line"; and set -a @FN@_candidates "$prefix$line"
        end
        set -l matching (string match -- "$current*" (string replace -r -- '\t.*' '' $@FN@_candidates))
        if test (count $matching) -eq 1; and test (math "bitand($directive, 2)") -ne 0
            # A second, longer candidate keeps fish from adding a space after the only one.
            set -a @FN@_candidates "$matching[1]."
        end
        if test (count $matching) -eq 0; and test (math "bitand($directive, 4)") -eq 0
            return 1
        end
        return 0
    end

    complete -c @PROG@ -e
    complete -c @PROG@ -n @FN@_ask -f -a '$@FN@_candidates'

    """#

// MARK: - PowerShell

private let powershellTemplate = #"""
    # powershell completion for @PROG@, written by `@PROG@ completion powershell`.
    # The candidates come from @PROG@ itself (`@PROG@ @REQUEST@ WORDS...`), so they always match the
    # installed binary.

    function @FN@_log([string]$Message) {
        if ($env:BASH_COMP_DEBUG_FILE) { $Message | Out-File -Append -FilePath $env:BASH_COMP_DEBUG_FILE }
    }

    Register-ArgumentCompleter -Native -CommandName '@PROG@' -ScriptBlock {
        param($WordToComplete, $CommandAst, $CursorPosition)
        # The words before the one being completed, unquoted.
        $typed = @()
        foreach ($element in @($CommandAst.CommandElements | Select-Object -Skip 1)) {
            if ($element.Extent.EndOffset -ge $CursorPosition -and $element.Extent.StartOffset -lt $CursorPosition) { break }
            if ($element.Extent.StartOffset -ge $CursorPosition) { break }
            if ($element -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $typed += $element.Value }
            else { $typed += $element.Extent.Text }
        }
        $program = $CommandAst.CommandElements[0].Extent.Text
        $current = "$WordToComplete"
        # Windows PowerShell and PowerShell before 7.3 drop an empty argument unless it is quoted.
        $currentArgument = if ($current -eq '' -and $PSVersionTable.PSVersion -lt [version]'7.3') { '""' } else { $current }
        $answer = @(& $program @REQUEST@ @typed $currentArgument 2>$null)
        $directive = 0
        if ($answer.Count -gt 0 -and $answer[-1] -match '^:(\d+)$') {
            $directive = [int]$Matches[1]
            $answer = @($answer | Select-Object -SkipLast 1)
        }
        @FN@_log "words: $typed $current -> directive $directive, $($answer.Count) candidates"
        # Errors offer nothing; extension and directory filters are left to PowerShell's paths.
        if ($directive -band 1) { return }
        if ($directive -band 24) { return }
        $prefix = ''
        $word = $current
        if ($current -match '^(-[^=]*=)(.*)$') { $prefix = $Matches[1]; $word = $Matches[2] }
        $results = foreach ($line in $answer) {
            if (-not $line) { continue }
            $value, $description = $line -split "`t", 2
            if (-not $value.StartsWith($word, [System.StringComparison]::Ordinal)) { continue }
            if (-not $description) { $description = $value }
            $text = $prefix + $value
            if ($text -match '[\s#@$;,''{}()"`|<>&]') { $text = "'" + ($text -replace "'", "''") + "'" }
            if (-not ($directive -band 2)) { $text += ' ' }
            [System.Management.Automation.CompletionResult]::new($text, $value, 'ParameterValue', $description)
        }
        if (-not $results -and ($directive -band 4)) {
            # Something, so that PowerShell does not fall back to file names.
            return ''
        }
        $results
    }

    """#
