import CLI
import Foundation
import OSMCommands
import Testing

/// cobra's completion protocol (`osm __complete …`, `__completeNoDesc`) against real cobra 1.6.1:
/// Completion/expected.jsonl holds what cobra answered, for osm's own command tree (tree.json), to
/// the hand-written cases.txt, cases made from every command and flag, and random command lines
/// (scripts/make-completion-expectations.sh). No cluster is reachable here, so osm's cluster
/// completions answer nothing, as the oracle's stand-ins do.
@Suite(.timeLimit(.minutes(3))) struct CompletionProtocolTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Completion")

    struct Case: Decodable {
        let args: [String]
        let status: Int32
        let stdout: String
        let stderr: String
    }

    @Test func treeOfTheOracleIsCurrent() throws {
        let committed = try String(contentsOf: Self.directory.appendingPathComponent("tree.json"), encoding: .utf8)
        #expect(committed == GeneratedDocs.completionTree(root: GeneratedDocs.defaultTree()),
                "the command tree changed: run scripts/make-completion-expectations.sh")
    }

    @Test func answersAsCobraDoes() async throws {
        let lines = try String(contentsOf: Self.directory.appendingPathComponent("expected.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count > 1_500)
        var failures = 0
        for line in lines {
            let expected = try JSONDecoder().decode(Case.self, from: Data(line.utf8))
            let run = await runOSM(expected.args)
            if run.status != expected.status || run.stdout != expected.stdout || run.stderr != expected.stderr {
                failures += 1
                if failures <= 10 {
                    Issue.record("""
                        osm \(expected.args.map { $0.isEmpty ? "''" : $0 }.joined(separator: " "))
                        expected (exit \(expected.status)):\n\(expected.stdout)\(expected.stderr)
                        got (exit \(run.status)):\n\(run.stdout)\(run.stderr)
                        """)
                }
            }
        }
        #expect(failures == 0, "\(failures) of \(lines.count) cases differ from cobra")
    }

    /// The scripts call the protocol with the program's name, descriptions or not, and read the directive.
    @Test func scriptsCallTheProtocol() async {
        for shell in ["bash", "zsh", "fish", "powershell"] {
            let withDescriptions = await runOSM(["completion", shell])
            #expect(withDescriptions.status == 0)
            #expect(withDescriptions.stdout.contains(" __complete "), "\(shell)")
            let without = await runOSM(["completion", shell, "--no-descriptions"])
            #expect(without.stdout.contains(" __completeNoDesc "), "\(shell)")
            #expect(!without.stdout.contains(" __complete "), "\(shell)")
        }
        let powershell = await runOSM(["completion", "powershell"])
        #expect(powershell.stdout.contains("Register-ArgumentCompleter -Native -CommandName 'osm' -ScriptBlock {"))
    }
}
