import Foundation
@testable import HelmEngine
import Sprig
import Testing
import ValueKit

/// Every deterministic Helm/Sprig function and template action over every kind of value a chart
/// meets (maps, lists, strings, bools, float64, int64, int, nil, missing keys, []byte and the
/// `.Files` map), each case one template rendered alone. Expected texts come from real Helm 4
/// (scripts/regenerate-sweep-corpus.py over ../shared/oracle/helm-template).
struct SweepCorpusTests {
    static let sweep = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sweep")

    struct Case: Decodable {
        let id: String
        let template: String
        let expected: String
        var pattern: String? = nil
        var text: String? = nil
    }

    static func load(_ file: String = "cases.jsonl") throws -> [Case] {
        let text = try String(contentsOf: sweep.appendingPathComponent(file), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Case.self, from: Data($0.utf8)) }
    }

    /// Renders one case's template in the sweep chart, as `helm template` would run it.
    static func render(_ template: String, in chart: Chart) -> String {
        chart.templates = [("templates/t.yaml", Array(template.utf8))]
        let options = RenderOptions()
        let values = Coalesce.values(chart, OrderedMap())
        do {
            let templates = HelmRenderer.collectTemplates(chart, values: values, options: options)
            let rendered = try HelmRenderer.renderTemplates(templates, options: options)
            return rendered.first { $0.0 == "sweep/templates/t.yaml" }?.1 ?? ""
        } catch {
            return "Error: \(error)"
        }
    }

    @Test func everyCaseMatchesHelm() throws {
        let cases = try Self.load()
        #expect(cases.count >= 3800)
        try Self.expectHelmOutputs(cases)
    }

    /// semver/semverCompare over versions and constraints of every shape Masterminds/semver reads
    /// (its patterns run on PatternMatcher, not a regex library).
    @Test func semverCasesMatchHelm() throws {
        let cases = try Self.load("semver.jsonl")
        #expect(cases.count >= 1900)
        try Self.expectHelmOutputs(cases)
    }

    /// PatternMatcher against Go's regexp itself: regexFindAll and regexMatch as Helm 4 printed them,
    /// for every pattern of the syntax the matcher takes over every text.
    @Test func regexCasesMatchGo() throws {
        let cases = try Self.load("regex.jsonl")
        #expect(cases.count >= 1000)
        var mismatches: [String] = []
        for c in cases {
            guard let pattern = c.pattern, let text = c.text else { continue }
            guard let matcher = PatternMatcher(compiling: pattern) else {
                mismatches.append("\(c.id): \(pattern) not compiled")
                continue
            }
            let bytes = Array(text.utf8)
            let found = matcher.allMatches(in: bytes).map { String(decoding: bytes[$0[0]!], as: UTF8.self) }
            let list = found.isEmpty ? "null" : try GoJSONEncoder.encode(.array(found.map { .string($0) }))
            let actual = "[\(list)|\(matcher.matches(bytes) == true)]"
            if actual != c.expected { mismatches.append("\(c.id): /\(pattern)/ on \(text.debugDescription)\n  go: \(c.expected)\n  ours: \(actual)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ from Go: \(mismatches.prefix(6).joined(separator: "\n"))")
    }

    /// Sprig's regexReplaceAll, regexReplaceAllLiteral, regexSplit and regexFind over the regex
    /// corpus's patterns and texts, as Helm 4 printed them.
    @Test func regexFunctionCasesMatchHelm() throws {
        let cases = try Self.load("regexfn.jsonl")
        #expect(cases.count >= 1000)
        try Self.expectHelmOutputs(cases)
    }

    static func expectHelmOutputs(_ cases: [Case]) throws {
        let chart = try ChartLoader.load(path: Self.sweep.appendingPathComponent("chart").path)
        var mismatches: [String] = []
        for c in cases {
            let expected = ChartCorpusTests.normalise(c.expected + "\n")
            let actual = ChartCorpusTests.trimmedError(Self.render(c.template, in: chart) + "\n")
            if actual != expected { mismatches.append("\(c.id): \(c.template)\n  helm: \(expected)  ours: \(actual)") }
        }
        if let dump = ProcessInfo.processInfo.environment["SWEEP_DUMP"] {
            try? mismatches.joined(separator: "\n").write(toFile: dump, atomically: true, encoding: .utf8)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) cases differ from Helm; first: \(mismatches.prefix(5).joined(separator: "\n"))")
    }
}
