import Foundation
import HelmEngine
import Testing
import ValueKit

/// Charts written for this project, rendered with several value sets; expected outputs come from
/// real Helm (scripts/regenerate-chart-corpus.sh over ../shared/oracle/helm-template). Files are
/// compared in the oracle's framing (path order, no kind reordering); error messages are compared
/// after turning Helm 4's multi-line layout back into one line.
struct ChartCorpusTests {
    static let charts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Charts")

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let chart: String
        let args: [String]
        var description: String { name }
    }

    static let cases: [Case] = load(charts)

    /// A corpus's cases.txt: one `case|chart|args` a line.
    static func load(_ root: URL) -> [Case] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("cases.txt"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            let args = parts.count > 2 ? parts[2].split(separator: " ").map(String.init) : []
            return Case(name: parts[0], chart: parts[1], args: args)
        }
    }

    @Test func corpusHasCharts() {
        #expect(Self.cases.count >= 35)
    }

    @Test(arguments: cases)
    func matchesHelm(_ c: Case) throws {
        let expected = Self.normalise(try String(contentsOf: Self.charts.appendingPathComponent("expected/\(c.name).txt"), encoding: .utf8))
        let actual = Self.render(c)
        if let dump = ProcessInfo.processInfo.environment["CHART_CORPUS_DUMP"], actual != expected {
            try? actual.write(toFile: "\(dump)/\(c.name).txt", atomically: true, encoding: .utf8)
        }
        #expect(actual == expected, "case \(c.name)")
    }

    /// `kubeVersion`: the version a case without `--kube-version` renders for (this corpus's
    /// expected outputs were made for v1.26.0; nil: Helm's default).
    static func render(_ c: Case, root: URL = charts, kubeVersion: String? = "v1.26.0") -> String {
        var files: [String] = [], sets: [String] = [], stringSets: [String] = []
        var options = RenderOptions()
        if let kubeVersion { options.kubeVersion = kubeVersion }
        var i = 0
        while i + 1 < c.args.count {
            let value = c.args[i + 1].replacingOccurrences(of: "VALUES/", with: root.path + "/")
            switch c.args[i] {
            case "-f": files.append(value)
            case "--set": sets.append(value)
            case "--set-string": stringSets.append(value)
            case "--name": options.releaseName = value
            case "--namespace": options.namespace = value
            case "--kube-version": options.kubeVersion = value
            default: break
            }
            i += 2
        }
        do {
            let chart = try ChartLoader.load(path: root.appendingPathComponent(c.chart).path)
            let values = try HelmRenderer.userValues(valueFiles: files, sets: sets, stringSets: stringSets)
            let release = try HelmRenderer.render(chart: chart, userValues: values, options: options)
            var out = ""
            for (name, content) in release.files.sorted(by: { $0.name < $1.name }) {
                if name.hasSuffix("NOTES.txt") { continue }
                if content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                // Trailing LFs go (as the oracle's rstrip("\n")), scalar by scalar: a CR before them stays.
                var text = Substring(content).unicodeScalars
                while text.last == "\n" { text = text.dropLast() }
                out += "---\n# Source: \(name)\n\(Substring(text))\n"
            }
            return out
        } catch {
            return "Error: \(error)\n"
        }
    }

    /// Helm 4 prints execution errors over three lines (and a wrapped error's cause on the lines
    /// after an "error calling X:"); Helm 3 (and this project) on one. The oracle's wrapper also
    /// drops trailing blanks.
    static func normalise(_ text: String) -> String {
        // A cause nested inside "error calling include:" is laid out the same way on the lines after it.
        guard text.hasPrefix("Error: ") else { return text }
        var text = text
        let nested = try! NSRegularExpression(pattern: #"(?:: |:\n)(\S+:\d+(?::\d+)?)\n  (executing "[^"\n]*" at <[^\n]*>):\n    "#)
        while let m = nested.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) {
            let ns = text as NSString
            let replacement = ": template: \(ns.substring(with: m.range(at: 1))): \(ns.substring(with: m.range(at: 2))): "
            text = ns.replacingCharacters(in: m.range, with: replacement)
        }
        let calling = try! NSRegularExpression(pattern: #"(error calling \w+):\n"#)
        text = calling.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1: ")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        if lines.count >= 3, lines[0].hasPrefix("Error: "), lines[1].hasPrefix("  executing "), lines[2].hasPrefix("    ") {
            let location = lines[0].dropFirst("Error: ".count)
            let executing = lines[1].dropFirst(2).dropLast()  // drop the trailing ":"
            var message = String(lines[2].dropFirst(4))
            let rest = lines.dropFirst(3).joined(separator: "\n")
            if !rest.isEmpty { message += (message.hasSuffix(":") ? " " : "\n") + rest }
            return trimmedError("Error: template: \(location): \(executing): \(message)\n")
        }
        return trimmedError(text)
    }

    /// An error text without the blanks that end it.
    static func trimmedError(_ text: String) -> String {
        guard text.hasPrefix("Error: ") else { return text }
        var t = Substring(text)
        while let last = t.last, last == " " || last == "\n" { t = t.dropLast() }
        return t + "\n"
    }
}
