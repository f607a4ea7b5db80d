import Foundation
@testable import HelmEngine
import Sprig
import Testing
import ValueKit
import YAML

/// Fuzzing at the edges that read user input (issue 13): values files, `--set` expressions, chart
/// archives (truncated, corrupted, hostile) and release Secrets with corrupt payloads. Each input
/// either loads or fails with its module's error type; a crash would end the test process, and
/// the limits keep memory bounded. Deterministic: a seeded generator, so a failure reproduces.
@Suite struct InputFuzzTests {
    /// xorshift64*: the same cases every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2685821657736338717
        }
    }

    static let values = """
        osm:
          meshName: osm
          image: {registry: openservicemesh, tag: "v1.2.4", pullPolicy: IfNotPresent}
          list: [1, 2.5, "three", {four: 4}, [5]]
          anchors: &a {x: 1}
          merged: {<<: *a, y: 2}
          text: |
            multi
            line
          empty: ~
        """

    /// A valid packaged chart, as `helm package` lays it out.
    static func chartArchive(extra: [(String, [UInt8])] = []) throws -> [UInt8] {
        try ArchiveWriter.write([
            ("mini/Chart.yaml", Array("apiVersion: v2\nname: mini\nversion: 0.1.0\n".utf8)),
            ("mini/values.yaml", Array(values.utf8)),
            ("mini/templates/cm.yaml", Array("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\ndata: {a: {{ .Values.osm.meshName | quote }}}\n".utf8)),
        ] + extra, format: .tgz)
    }

    static func mutate(_ bytes: [UInt8], _ rng: inout Seeded) -> [UInt8] {
        var out = bytes
        switch rng.next() % 4 {
        case 0: if !out.isEmpty { out = Array(out.prefix(Int(rng.next() % UInt64(out.count)))) }
        case 1:
            for _ in 0..<(1 + rng.next() % 8) where !out.isEmpty { out[Int(rng.next() % UInt64(out.count))] = UInt8(truncatingIfNeeded: rng.next()) }
        case 2:
            let tokens = [":", "- ", "{", "}", "[", "]", "&x", "*x", "<<: ", "\n  ", "'", "\"", "!!binary ", "? ", "|", ">-", "\t", "\0", "\u{FEFF}"]
            let token = Array(tokens[Int(rng.next() % UInt64(tokens.count))].utf8)
            out.insert(contentsOf: token, at: out.isEmpty ? 0 : Int(rng.next() % UInt64(out.count)))
        default:
            if out.count > 2 {
                let a = Int(rng.next() % UInt64(out.count)), b = Int(rng.next() % UInt64(out.count))
                out.removeSubrange(min(a, b)..<max(a, b))
            }
        }
        return out
    }

    @Test func valuesFilesLoadOrFailWithAYAMLError() {
        var rng = Seeded(state: 0x5eed_0001)
        var failed = 0
        for _ in 0..<3000 {
            let text = String(decoding: Self.mutate(Array(Self.values.utf8), &rng), as: UTF8.self)
            do { _ = try YAML.decodeJSONCompatible(text) } catch { failed += 1 }
        }
        // The mutations must reach the error paths, or this fuzzes nothing.
        #expect(failed > 300)
    }

    @Test func setExpressionsParseOrFailWithStrvalsErrors() {
        var rng = Seeded(state: 0x5eed_0002)
        let alphabet = Array("ab.[]0129=,\\{}\" -x")
        var failed = 0
        for _ in 0..<20000 {
            let text = String((0..<(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            var map = OrderedMap()
            for mode in [StrVals.Mode.typed, .string, .json, .literal] {
                do { try StrVals.parse(text, into: &map, mode: mode) } catch { failed += 1 }
            }
        }
        #expect(failed > 1000)
    }

    @Test func truncatedAndCorruptedArchivesAreRefused() throws {
        let good = try Self.chartArchive()
        #expect(try ChartLoader.loadArchive(good).metadata.name == "mini")
        // Every truncation point.
        for length in 0..<good.count {
            #expect(throws: ChartError.self) { _ = try ChartLoader.loadArchive(Array(good.prefix(length))) }
        }
        var rng = Seeded(state: 0x5eed_0003)
        for _ in 0..<2000 {
            var bytes = good
            for _ in 0..<(1 + rng.next() % 4) { bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
            // loadArchive throws only ChartError (typed throws); what matters is that it returns.
            do { _ = try ChartLoader.loadArchive(bytes) } catch {}
        }
    }

    @Test func hostileArchivesAreRefusedWithAClearError() throws {
        func refusal(_ bytes: [UInt8]) -> String {
            do {
                _ = try ChartLoader.loadArchive(bytes)
                return "loaded"
            } catch {
                return error.description
            }
        }
        // Path traversal and absolute paths: refused (nothing is ever written to disk).
        #expect(refusal(try Self.chartArchive(extra: [("mini/../../etc/evil", Array("x".utf8))]))
                == "chart illegally references a path outside the chart: mini/../../etc/evil")
        // A symlink entry (type 2) is not a file of the chart: skipped, the chart loads.
        var withLink = try ArchiveWriter.tar([("mini/Chart.yaml", Array("apiVersion: v2\nname: mini\nversion: 0.1.0\n".utf8))], modified: 0)
        var link = [UInt8](repeating: 0, count: 512)
        for (i, b) in "mini/templates/link.yaml".utf8.enumerated() { link[i] = b }
        for (i, b) in "0000000000\0".utf8.enumerated() { link[124 + i] = b }
        link[156] = UInt8(ascii: "2")
        for (i, b) in "/etc/passwd".utf8.enumerated() { link[157 + i] = b }
        withLink.insert(contentsOf: link, at: 512 * 2)
        let linked = try ChartLoader.loadArchive(try ChartArchive.gzip(withLink))
        #expect(linked.templates.isEmpty)
        // One entry larger than Helm's 5 MiB file limit.
        let huge = try Self.chartArchive(extra: [("mini/files/huge.bin", [UInt8](repeating: 65, count: ChartArchive.maxFileSize + 1))])
        #expect(refusal(huge) == "chart file \"mini/files/huge.bin\" is larger than the maximum file size of 5242880 bytes")
        // A gzip bomb: 200 MiB of zeros in a few hundred KiB; stopped at 100 MiB.
        let bomb = try ChartArchive.gzip([UInt8](repeating: 0, count: 200 * 1024 * 1024))
        #expect(bomb.count < 1024 * 1024)
        #expect(refusal(bomb) == "decompressed data is larger than the maximum of 104857600 bytes")
    }

    @Test func corruptReleaseSecretsAreRefused() throws {
        let secret = try YAML.decodeJSONCompatible(String(contentsOf: ReleaseRecordTests.folder.appendingPathComponent("helm-release-mini-v1.yaml"), encoding: .utf8))
        let payload = secret["data"]?["release"]?.stringValue ?? ""
        #expect(!payload.isEmpty)
        var rng = Seeded(state: 0x5eed_0004)
        var refused = 0
        for round in 0..<1500 {
            var bytes = Array(payload.utf8)
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + rng.next() % 3) {
                    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
                    bytes[Int(rng.next() % UInt64(bytes.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                }
            }
            guard var map = secret.mapValue, var data = map["data"]?.mapValue else { continue }
            data["release"] = .string(String(decoding: bytes, as: UTF8.self))
            map["data"] = .map(data)
            do { _ = try ReleaseRecord(secret: .map(map)) } catch { refused += 1 }
        }
        #expect(refused > 500)
    }

    /// values.schema.json `pattern`s come from charts: any text either compiles or is refused (nil),
    /// and matching never crashes or runs away, whatever the pattern and the text.
    @Test func schemaPatternsCompileOrAreRefused() {
        var rng = Seeded(state: 0x5EED_FACE)
        let pieces = ["a", "b", "é", ".", "*", "+", "?", "??", "{", "}", "{2}", "{1,3}", "{,}", "{9999}", "(", ")", "(?:", "(?P<n>",
                      "(?<", "(?i)", "[", "]", "[^", "-", "a-z", "\\", "\\d", "\\b", "\\x", "\\p{L}", "|", "^", "$", "[[:alpha:]]", " "]
        var compiled = 0
        for _ in 0..<20_000 {
            let pattern = (0..<Int.random(in: 1...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            guard let matcher = PatternMatcher(compiling: pattern) else { continue }
            compiled += 1
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in ["a", "b", "é", "-", " ", "\n", "z"].randomElement(using: &rng)! }.joined()
            _ = matcher.matches(Array(text.utf8))
            _ = matcher.allMatches(in: Array(text.utf8))
        }
        // Both outcomes occur: the generator reaches valid and refused patterns alike.
        #expect(compiled > 2_000 && compiled < 19_000)
    }
}
