/// cobra's default help and usage layout, with pflag's flag table.
enum HelpRenderer {
    static func help(for command: Command) -> String {
        var out = ""
        let text = command.long.isEmpty ? command.short : command.long
        let trimmed = trimTrailingWhitespace(text)
        if !trimmed.isEmpty { out += trimmed + "\n\n" }
        if command.isRunnable || !command.subcommands.isEmpty { out += usage(for: command) }
        return out
    }

    static func usage(for command: Command) -> String {
        var out = "Usage:"
        let visible = command.visibleSubcommands
        if command.isRunnable {
            let base = command.parent.map { "\($0.path) \(command.use)" } ?? command.use
            out += "\n  " + base + (base.contains("[flags]") || command.hidesFlagsInUseLine ? "" : " [flags]")
        }
        if !visible.isEmpty { out += "\n  \(command.path) [command]" }
        if !command.aliases.isEmpty {
            out += "\n\nAliases:\n  " + ([command.name] + command.aliases).joined(separator: ", ")
        }
        if !command.example.isEmpty { out += "\n\nExamples:\n" + command.example }
        if !visible.isEmpty {
            out += "\n\nAvailable Commands:"
            let padding = max(11, command.subcommands.map(\.name.count).max() ?? 0)
            for child in visible {
                out += "\n  " + child.name.padding(toLength: padding) + " " + child.short
            }
        }
        let local = command.flags + command.persistentFlags + [command.helpFlag]
        if local.contains(where: { !$0.hidden }) {
            out += "\n\nFlags:\n" + trimTrailingWhitespace(flagUsages(local))
        }
        let inherited = command.inheritedFlags
        if inherited.contains(where: { !$0.hidden }) {
            out += "\n\nGlobal Flags:\n" + trimTrailingWhitespace(flagUsages(inherited))
        }
        if !visible.isEmpty {
            out += "\n\nUse \"\(command.path) [command] --help\" for more information about a command."
        }
        return out + "\n"
    }

    /// pflag's FlagUsages: sorted by name, usage column aligned one past the longest flag column.
    static func flagUsages(_ flags: [Flag]) -> String {
        let shown = flags.filter { !$0.hidden }.sorted { $0.name < $1.name }
        var rows: [(String, String)] = []
        for flag in shown {
            var left = flag.shorthand.map { "  -\($0), --\(flag.name)" } ?? "      --\(flag.name)"
            if !flag.typeDisplay.isEmpty { left += " " + flag.typeDisplay }
            var right = flag.usage
            if !flag.defaultIsZero {
                right += flag.kind == .string ? " (default \"\(flag.defaultText)\")" : " (default \(flag.defaultText))"
            }
            rows.append((left, right))
        }
        let width = (rows.map(\.0.count).max() ?? 0) + 1
        return rows.map { left, right in
            left + " " + String(repeating: " ", count: width - left.count) + " " + right + "\n"
        }.joined()
    }

    static func trimTrailingWhitespace(_ s: String) -> String {
        var s = Substring(s)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
