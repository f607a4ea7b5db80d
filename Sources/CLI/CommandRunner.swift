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

    /// cobra's `help [command]`: help for the named command, or the root's usage for an unknown topic.
    public static func helpCommand(root: Command) -> Command {
        Command(
            use: "help [command]", short: "Help about any command",
            long:
                "Help shows the full help text of any command: give the command's path, for example\n\(root.name) help mesh list.",
            action: { [unowned root] invocation in
                switch ArgumentParser.find(root: root, invocation.arguments) {
                case .success(let found) where found.remaining.isEmpty || !found.command.subcommands.isEmpty:
                    invocation.stdout.write(HelpRenderer.help(for: found.command))
                default:
                    invocation.stdout.write("Unknown help topic \(invocation.arguments)\n")
                    invocation.stdout.write(HelpRenderer.usage(for: root))
                }
            })
    }
}
