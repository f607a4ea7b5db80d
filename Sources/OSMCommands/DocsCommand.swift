import CLI
import Foundation

/// A hidden command that writes completions/ and man/ from the command tree (scripts/generate-docs.sh).
/// Its name is short: cobra pads the command list to the longest name, hidden ones included.
enum DocsCommand {
    static func make(root: Command) -> Command {
        Command(
            use: "__docs DIR", short: "write completion scripts and man pages under DIR", args: .atMost(1),
            flags: [.bool("completion-tree", usage: "print the command tree as JSON instead (completion tests)")],
            hidden: true,
            action: { [unowned root] invocation in
                if invocation.flags.bool("completion-tree") {
                    invocation.stdout.write(GeneratedDocs.completionTree(root: root))
                    return
                }
                guard let dir = invocation.arguments.first else { throw CLIError("accepts 1 arg(s), received 0") }
                for (path, text) in GeneratedDocs.files(root: root) {
                    let url = URL(fileURLWithPath: dir).appendingPathComponent(path)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try text.write(to: url, atomically: true, encoding: .utf8)
                }
            })
    }
}

/// The generated documentation files, by path relative to the project root.
public enum GeneratedDocs {
    public static func files(root: Command) -> [(path: String, text: String)] {
        var out: [(String, String)] = []
        for shell in CompletionScripts.Shell.allCases {
            let file = shell == .powershell ? "osm.ps1" : "osm.\(shell.rawValue)"
            out.append(("completions/\(file)", CompletionScripts.script(for: shell, root: root)))
        }
        for page in ManPages.pages(root: root) { out.append(("man/\(page.name)", page.text)) }
        return out
    }

    /// The tree as a default environment builds it (no environment file, so the documented defaults).
    public static func defaultTree() -> Command {
        RootCommand.make(
            config: .defaults,
            environment: OSMEnvironment(
                stdout: BufferSink(), stderr: BufferSink(), stdin: ScriptedInput([]), variables: [:]))
    }

    /// The command tree as JSON, as far as shell completion sees it (names, short help, aliases,
    /// flags, which commands and flags offer values): what the cobra oracle of the completion tests
    /// rebuilds (Tests/OSMCommandsTests/Completion).
    public static func completionTree(root: Command) -> String {
        func flags(_ list: [Flag]) -> [[String: Any]] {
            list.map { flag in
                var entry: [String: Any] = [
                    "name": flag.name, "type": flag.kind.pflagType, "default": flag.defaultText, "usage": flag.usage,
                ]
                if let shorthand = flag.shorthand { entry["shorthand"] = String(shorthand) }
                if flag.hidden { entry["hidden"] = true }
                if flag.required { entry["required"] = true }
                if flag.kind != .bool, let bare = flag.valueWhenBare { entry["noOptDefVal"] = bare }
                return entry
            }
        }
        func node(_ command: Command) -> [String: Any] {
            var entry: [String: Any] = [
                "use": command.use, "short": command.short, "runnable": command.isRunnable,
                "flags": flags(command.flags), "persistentFlags": flags(command.persistentFlags),
                "commands": command.subcommands.map(node),
            ]
            if !command.aliases.isEmpty { entry["aliases"] = command.aliases }
            if command.hidden { entry["hidden"] = true }
            if command.argumentCompleter != nil { entry["completesArguments"] = true }
            if !command.firstArgumentValues.isEmpty {
                entry["firstArgumentValues"] = command.firstArgumentValues.map { [$0.value, $0.description] }
            }
            let offering = (command.flags + command.persistentFlags).filter { command.flagCompleter($0) != nil }.map(
                \.name)
            let completed = Set(command.flagCompleters.keys).union(offering)
            if !completed.isEmpty { entry["completesFlags"] = completed.sorted() }
            return entry
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: node(root), options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
