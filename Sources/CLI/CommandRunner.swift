import ValueKit

/// Runs a command tree the way cobra's Execute does: find, parse flags, help, argument rules,
/// action; every failure printed once as `Error: …` on standard error with exit status 1.
public enum CommandRunner {
    public static func run(
        _ root: Command, arguments: [String], stdout: any OutputSink, stderr: any OutputSink, stdin: any InputSource
    ) async -> Int32 {
        let found: ArgumentParser.Found
        switch ArgumentParser.find(root: root, arguments) {
        case .success(let f): found = f
        case .failure(let error):
            stderr.write("Error: \(error.description)\nRun '\(root.path) --help' for usage.\n")
            return 1
        }
        let command = found.command
        let parsed: ParsedFlags
        let positionals: [String]
        switch ArgumentParser.parseFlags(found.remaining, for: command) {
        case .success(let p): (parsed, positionals) = p
        case .failure(let error):
            stderr.write("Error: \(error.description)\n")
            return 1
        }
        if parsed.bool("help") || !command.isRunnable {
            stdout.write(HelpRenderer.help(for: command))
            return 0
        }
        if let problem = command.args.check(positionals, commandPath: command.path) {
            stderr.write("Error: \(problem)\n")
            return 1
        }
        // cobra's required flags (MarkFlagRequired), named in pflag's sorted order.
        let missing = command.allFlags.filter { $0.required && !parsed.isSet($0.name) }.map(\.name).sorted()
        if !missing.isEmpty {
            stderr.write(
                "Error: required flag(s) " + missing.map { "\"\($0)\"" }.joined(separator: ", ") + " not set\n")
            return 1
        }
        guard let action = command.action else { return 0 }
        do {
            try await action(
                Invocation(
                    commandPath: command.path, arguments: positionals, flags: parsed, stdout: stdout, stderr: stderr,
                    stdin: stdin))
            return 0
        } catch {
            // cobra prints "Error: " + the error + a newline, even when the error ends with one
            // (upstream's multi-error texts do, hence their blank last line).
            stderr.write("Error: \(String(describing: error))\n")
            return 1
        }
    }

    /// cobra's `help [command]`: help for the command the words lead to (words after it are ignored, as
    /// cobra's Find leaves them); for a word the root does not know, "Unknown help topic" and the root's
    /// usage on stderr, exit status 0.
    public static func helpCommand(root: Command) -> Command {
        let help = Command(
            use: "help [command]", short: "Help about any command",
            long:
                "Help shows the full help text of any command: give the command's path, for example\n\(root.name) help mesh list.",
            action: { [unowned root] invocation in
                switch ArgumentParser.find(root: root, invocation.arguments) {
                case .success(let found):
                    invocation.stdout.write(HelpRenderer.help(for: found.command))
                case .failure:
                    // Go's %#q of the words: each back-quoted, space-separated, in brackets.
                    let words = invocation.arguments.map(GoSyntax.backquoteOrQuote).joined(separator: " ")
                    invocation.stderr.write("Unknown help topic [\(words)]\n")
                    invocation.stderr.write(HelpRenderer.usage(for: root))
                }
            })
        // Completion offers the subcommands of the command the words so far lead to.
        return help.completesArguments { [unowned root] invocation, prefix in
            guard case .success(let found) = ArgumentParser.find(root: root, invocation.arguments) else { return [] }
            return ShellCompletion.subcommandCandidates(of: found.command, prefix: prefix)
        }
    }
}
