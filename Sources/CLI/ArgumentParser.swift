import ValueKit

/// cobra's command lookup and pflag's flag syntax: `--name=value`, `--name value`, `-abc` clusters,
/// `-pVALUE`, `-p=VALUE`, `--` to end flags, flags and arguments interleaved.
enum ArgumentParser {
    struct Found {
        let command: Command
        let remaining: [String]
    }

    /// Finds the command the words name (cobra's Find); an unknown word under the root is an error.
    static func find(root: Command, _ args: [String]) -> Result<Found, CLIError> {
        var command = root
        var rest = args
        while true {
            let words = stripFlags(rest, command)
            guard let next = words.first, let child = command.subcommand(named: next) else { break }
            if let i = rest.firstIndex(of: next) { rest.remove(at: i) }
            command = child
        }
        if command.parent == nil, !command.subcommands.isEmpty, let word = stripFlags(rest, command).first {
            return .failure(
                CLIError("unknown command \"\(word)\" for \"\(command.path)\"\(suggestions(for: word, in: command))"))
        }
        return .success(Found(command: command, remaining: rest))
    }

    /// The words that are not flags or flag values, as cobra sees them while looking for subcommands.
    /// cobra adds `-h, --help` to a command only once it is found, so here they are unknown flags and,
    /// like any unknown flag without `=`, take the next word as their value (`osm --help namespace
    /// list` is an unknown command "list", as with upstream).
    static func stripFlags(_ input: [String], _ command: Command) -> [String] {
        let flags = command.flags + command.persistentFlags + command.inheritedFlags
        var args = input[...]
        var words: [String] = []
        while let s = args.first {
            args = args.dropFirst()
            if s == "--" { break }
            let takesValueLong =
                s.hasPrefix("--") && !s.contains("=")
                && (flags.first { $0.name == String(s.dropFirst(2)) }?.valueWhenBare == nil)
            let takesValueShort =
                !s.hasPrefix("--") && s.hasPrefix("-") && !s.contains("=") && s.count == 2
                && (flags.first { $0.shorthand == s.last }?.valueWhenBare == nil)
            if takesValueLong || takesValueShort {
                if args.count <= 1 { break }
                args = args.dropFirst()
                continue
            }
            if !s.isEmpty && !s.hasPrefix("-") { words.append(s) }
        }
        return words
    }

    /// cobra's "Did you mean this?" block: names within Levenshtein distance 2 or sharing the prefix.
    static func suggestions(for word: String, in command: Command) -> String {
        let lower = word.lowercased()
        let names = command.visibleSubcommands.filter { $0.name != "help" }.map(\.name).filter {
            levenshtein(lower, $0.lowercased()) <= 2 || $0.lowercased().hasPrefix(lower)
        }
        if names.isEmpty { return "" }
        return "\n\nDid you mean this?\n" + names.map { "\t\($0)\n" }.joined()
    }

    static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            if b.isEmpty { continue }
            for j in 1...b.count {
                let old = row[j]
                row[j] = a[i - 1] == b[j - 1] ? previous : min(previous, row[j], row[j - 1]) + 1
                previous = old
            }
        }
        return row[b.count]
    }

    /// pflag's FlagSet.Parse over the command's flags; returns parsed flags and the positionals.
    static func parseFlags(_ args: [String], for command: Command) -> Result<(ParsedFlags, [String]), CLIError> {
        let definitions = command.allFlags
        var parsed = ParsedFlags(definitions: definitions)
        var positionals: [String] = []
        var rest = args[...]

        func set(_ flag: Flag, _ value: String) -> CLIError? {
            if let problem = flag.validate(value) {
                return CLIError(
                    "invalid argument \(GoSyntax.quote(value)) for \(GoSyntax.quote(flag.displayName)) flag: \(problem)"
                )
            }
            switch flag.kind {
            case .stringArray:
                parsed.values[flag.name, default: []].append(value)
            case .strings:
                parsed.values[flag.name, default: []].append(contentsOf: GoParse.csvRecord(value))
            default:
                parsed.values[flag.name] = [value]
            }
            parsed.changed.insert(flag.name)
            return nil
        }

        while let s = rest.first {
            rest = rest.dropFirst()
            if s.count < 2 || !s.hasPrefix("-") {
                positionals.append(s)
                continue
            }
            if s == "--" {
                positionals.append(contentsOf: rest)
                break
            }
            if s.hasPrefix("--") {
                let body = s.dropFirst(2)
                if body.isEmpty || body.first == "-" || body.first == "=" {
                    return .failure(CLIError("bad flag syntax: \(s)"))
                }
                let parts = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                guard let flag = definitions.first(where: { $0.name == name }) else {
                    return .failure(CLIError("unknown flag: --\(name)"))
                }
                let value: String
                if parts.count == 2 {
                    value = String(parts[1])
                } else if let bare = flag.valueWhenBare {
                    value = bare
                } else if let next = rest.first {
                    value = next
                    rest = rest.dropFirst()
                } else {
                    return .failure(CLIError("flag needs an argument: \(s)"))
                }
                if let error = set(flag, value) { return .failure(error) }
                continue
            }
            // A cluster of shorthands: -abc, -p9091, -p=9091, -p 9091
            var shorts = Substring(s.dropFirst())
            while let c = shorts.first {
                guard let flag = definitions.first(where: { $0.shorthand == c }) else {
                    return .failure(CLIError("unknown shorthand flag: \(goCharQuote(c)) in -\(shorts)"))
                }
                let value: String
                if shorts.count > 2 && shorts.dropFirst().first == "=" {
                    value = String(shorts.dropFirst(2))
                    shorts = ""
                } else if let bare = flag.valueWhenBare {
                    value = bare
                    shorts = shorts.dropFirst()
                } else if shorts.count > 1 {
                    value = String(shorts.dropFirst())
                    shorts = ""
                } else if let next = rest.first {
                    value = next
                    rest = rest.dropFirst()
                    shorts = ""
                } else {
                    return .failure(CLIError("flag needs an argument: \(goCharQuote(c)) in -\(shorts)"))
                }
                if let error = set(flag, value) { return .failure(error) }
            }
        }
        return .success((parsed, positionals))
    }

    /// Go's %q for a byte or rune: 'x'.
    static func goCharQuote(_ c: Character) -> String {
        c == "'" ? "'\\''" : "'\(c)'"
    }
}
