import Foundation
import Testing
import ValueKit
import YAML

/// The differential corpus: each case is read as a Helm values file and printed with toJson and
/// toYaml; the expected text was produced by the Go oracle (scripts/regenerate-yaml-corpus.sh).
struct CorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static let caseNames: [String] = {
        let dir = corpus.appendingPathComponent("cases")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func corpusIsLargeEnough() {
        #expect(Self.caseNames.count >= 200)
    }

    @Test(arguments: caseNames)
    func matchesOracle(_ name: String) throws {
        let input = try Data(contentsOf: Self.corpus.appendingPathComponent("cases/\(name).yaml"))
        let expected = try String(contentsOf: Self.corpus.appendingPathComponent("expected/\(name).txt"), encoding: .utf8)
        let actual = Self.render(String(decoding: input, as: UTF8.self))
        if let dump = ProcessInfo.processInfo.environment["YAML_CORPUS_DUMP"], actual != expected {
            try? actual.write(toFile: "\(dump)/\(name).txt", atomically: true, encoding: .utf8)
        }
        #expect(actual == expected, "case \(name)")
    }

    /// What the oracle's template prints: `{{ toJson .Values }}`, a marker line, `{{ toYaml .Values }}`.
    static func render(_ text: String) -> String {
        do {
            var values = try YAML.decodeMap(text)
            // The oracle coalesces user values into an empty map, which drops top-level nulls.
            for key in values.keys where values[key] == .null { values[key] = nil }
            // The oracle's toJson is YAMLToJSON(Marshal(v)): the YAML text read back by go-yaml, then
            // encoding/json; a failed Marshal gives "null", a failed read-back "".
            var json = "null"
            var yaml = ""
            if let text = try? YAML.encode(.map(values)) {
                yaml = String(text.dropLast(text.hasSuffix("\n") ? 1 : 0))
                if let doc = try? YAML.decodeDocuments(text).first, let encoded = try? GoJSONEncoder.encode(doc) {
                    json = encoded
                } else {
                    json = ""
                }
            }
            return json + "\n--- toYaml ---\n" + yaml + "\n"
        } catch {
            return "error: \(error)\n"
        }
    }
}
