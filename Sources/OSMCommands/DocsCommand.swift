import CLI
import Foundation

/// A hidden command that writes completions/ and man/ from the command tree (scripts/generate-docs.sh).
/// Its name is short: cobra pads the command list to the longest name, hidden ones included.
enum DocsCommand {
    static func make(root: Command) -> Command {
        Command(
            use: "__docs DIR", short: "write completion scripts and man pages under DIR", args: .exactly(1),
            hidden: true,
            action: { [unowned root] invocation in
                let dir = invocation.arguments[0]
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
            out.append(("completions/osm.\(shell.rawValue)", CompletionScripts.script(for: shell, root: root)))
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
}
