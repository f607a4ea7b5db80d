# powershell completion for osm, written by `osm completion powershell`.
# The candidates come from osm itself (`osm __complete WORDS...`), so they always match the
# installed binary.

function __osm_log([string]$Message) {
    if ($env:BASH_COMP_DEBUG_FILE) { $Message | Out-File -Append -FilePath $env:BASH_COMP_DEBUG_FILE }
}

Register-ArgumentCompleter -Native -CommandName 'osm' -ScriptBlock {
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
    $answer = @(& $program __complete @typed $currentArgument 2>$null)
    $directive = 0
    if ($answer.Count -gt 0 -and $answer[-1] -match '^:(\d+)$') {
        $directive = [int]$Matches[1]
        $answer = @($answer | Select-Object -SkipLast 1)
    }
    __osm_log "words: $typed $current -> directive $directive, $($answer.Count) candidates"
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
