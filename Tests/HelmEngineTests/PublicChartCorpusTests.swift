import Foundation
import HelmEngine
import Testing

/// Public charts nobody here wrote (PublicCharts/sources.txt pins each to a tag or commit of its
/// repository), rendered with their defaults and with value sets of their own CI files, compared
/// with what real Helm 4 printed (scripts/make-public-chart-corpus.py). Cases without
/// `--kube-version` render with Helm's default capabilities. Material Helm generates at random
/// (passwords, keys, certificates) was found by rendering each case twice with Helm: those lines
/// hold `⟦random⟧` where the two runs differed (or one `⟦random-lines⟧` for a block), and match any
/// text of the same surroundings. Where Helm fails, osm must fail with the same last clause.
struct PublicChartCorpusTests {
    /// PUBLIC_CHARTS_ROOT points the suite at another corpus of the same layout (to try charts
    /// before they join this one).
    static let root = ProcessInfo.processInfo.environment["PUBLIC_CHARTS_ROOT"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PublicCharts")
    static let cases = ChartCorpusTests.load(root)

    @Test func corpusIsWide() {
        #expect(Set(Self.cases.map { $0.chart }).count >= 150)
    }

    @Test(.timeLimit(.minutes(5)), arguments: cases)
    func rendersAsHelm(_ c: ChartCorpusTests.Case) throws {
        let expected = ChartCorpusTests.normalise(try String(contentsOf: Self.root.appendingPathComponent("expected/\(c.name).txt"), encoding: .utf8))
        let actual = ChartCorpusTests.render(c, root: Self.root, kubeVersion: nil)
        let mismatch = Self.firstDifference(expected: expected, actual: actual)
        if let dump = ProcessInfo.processInfo.environment["CHART_CORPUS_DUMP"], mismatch != nil {
            try? actual.write(toFile: "\(dump)/\(c.name).txt", atomically: true, encoding: .utf8)
        }
        #expect(mismatch == nil, "case \(c.name): \(mismatch ?? "")")
    }

    /// Nil when `actual` renders as `expected` does; else where they part.
    static func firstDifference(expected: String, actual: String) -> String? {
        if expected.hasPrefix("Error: ") || actual.hasPrefix("Error: ") {
            guard expected.hasPrefix("Error: "), actual.hasPrefix("Error: ") else {
                return "expected \(expected.prefix(300)) but got \(actual.prefix(300))"
            }
            return lastClause(expected) == lastClause(actual) ? nil : "expected error …\(lastClause(expected)) but got \(actual.prefix(600))"
        }
        let want = documents(expected), got = documents(actual)
        if want.map(\.source) != got.map(\.source) {
            return "rendered files differ: expected \(want.map(\.source)) got \(got.map(\.source))"
        }
        for (w, g) in zip(want, got) {
            if let line = RandomMask.firstDifference(expected: w.lines, actual: g.lines) {
                return "\(w.source): \(line)"
            }
        }
        return nil
    }

    /// The clause after an error's last ": " (Helm nests causes with ": ").
    static func lastClause(_ message: String) -> Substring {
        var text = Substring(message)
        while text.last == "\n" || text.last == " " { text = text.dropLast() }
        guard let range = text.range(of: ": ", options: .backwards) else { return text }
        return text[range.upperBound...]
    }

    /// The oracle's framing cut into files: `---\n# Source: PATH\n` and the text after it.
    static func documents(_ text: String) -> [(source: String, lines: [Substring])] {
        var out: [(source: String, lines: [Substring])] = []
        // Split on the scalar: a CRLF is one Character, which a Character split would not break.
        for line in Substring(text).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init) {
            if line.hasPrefix("# Source: "), out.isEmpty || out[out.count - 1].lines.last == "---" {
                if !out.isEmpty { out[out.count - 1].lines.removeLast() }
                out.append((String(line.dropFirst("# Source: ".count)), []))
            } else if !out.isEmpty {
                out[out.count - 1].lines.append(line)
            }
        }
        return out
    }
}

/// Lines of expected output in which Helm's random material is masked.
enum RandomMask {
    static let token = "⟦random⟧"
    static let block = "⟦random-lines⟧"

    /// Nil when every line matches (masked parts by their surroundings); else the first difference.
    static func firstDifference(expected: [Substring], actual: [Substring]) -> String? {
        var i = 0, j = 0
        while i < expected.count {
            let want = expected[i]
            if want == Self.block {
                // A block of random lines: runs until the next expected line appears.
                let next = i + 1 < expected.count ? expected[i + 1] : nil
                while j < actual.count, next.map({ !matches($0, actual[j]) }) ?? true { j += 1 }
                i += 1
                continue
            }
            guard j < actual.count else { return "missing line \(i + 1): \(want)" }
            if !matches(want, actual[j]) { return "line \(i + 1): expected «\(want)» got «\(actual[j])»" }
            i += 1
            j += 1
        }
        return j < actual.count ? "unexpected line \(j + 1): \(actual[j])" : nil
    }

    /// A line equal to `want`, or, where `want` masks random text, one with the same text around it
    /// and a random-looking token in its place. Two renders may agree by chance on a token's first or
    /// last characters, so the mask widens to the whole token (letters, digits and base64's `+/=`
    /// and `-_`) it sits in.
    static func matches(_ want: Substring, _ got: Substring) -> Bool {
        guard let mask = want.range(of: token) else { return want == got }
        var prefix = want[..<mask.lowerBound], suffix = want[mask.upperBound...]
        while let last = prefix.last, isTokenCharacter(last) { prefix = prefix.dropLast() }
        while let first = suffix.first, isTokenCharacter(first) { suffix = suffix.dropFirst() }
        guard got.count > prefix.count + suffix.count, got.hasPrefix(prefix), got.hasSuffix(suffix) else { return false }
        let middle = got.dropFirst(prefix.count).dropLast(suffix.count)
        return middle.allSatisfy(isTokenCharacter)
    }

    static func isTokenCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "+/=-_.:".contains(c))
    }
}
