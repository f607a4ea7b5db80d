import Foundation
import GoTemplate
import HelmEngine
import Testing
import ValueKit

/// Random templates and values: parsing and rendering must end with output or a TemplateError,
/// never a crash or a hang. FUZZ_ITERATIONS raises the count (scripts/fuzz-templates.sh).
struct FuzzTests {
    /// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = [
        "{{", "}}", "{{-", "-}}", " ", "\n", "text", ".", ".Values", ".Values.a", ".Values.list", ".Values.m.x", "$", "$x", ":=",
        "=", "|", "(", ")", "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "\"s\"",
        "`raw`", "'c'", "1", "-2", "3.5", "1e3", "0x1F", "nil", "true", "false", "and", "or", "not", "len", "index", "slice",
        "eq", "ne", "lt", "printf", "print", "\"%d %s %v\"", "html", "js", "upper", "default", "list", "dict", "toYaml",
        "toJson", "fromYaml", "include", "tpl", "required", "fail", "quote", "indent", "trunc", "until", "seq", "add", "div",
        "splitList", "join", "regexMatch", "b64enc", "sha256sum", "merge", "set", "first", "/*", "*/", ",", "\"x\"",
    ]

    static func randomTemplate(_ g: inout Generator) -> String {
        var out = ""
        for _ in 0..<Int.random(in: 1...40, using: &g) { out += pieces.randomElement(using: &g)! + (Bool.random(using: &g) ? " " : "") }
        return out
    }

    static func randomValue(_ g: inout Generator, depth: Int = 0) -> Value {
        switch Int.random(in: 0...(depth > 2 ? 4 : 6), using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .float(Double(Int.random(in: -5...1000, using: &g)) / 4)
        case 3: return .string(["", "a", "hello world", "{{ 1 }}", "x: y", "1e3"].randomElement(using: &g)!)
        case 4: return .int(Int64.random(in: -3...50, using: &g))
        case 5: return .array((0..<Int.random(in: 0...4, using: &g)).map { _ in randomValue(&g, depth: depth + 1) })
        default:
            var m = OrderedMap()
            for k in ["a", "list", "m", "x", "y"].shuffled(using: &g).prefix(Int.random(in: 0...4, using: &g)) {
                m[k] = randomValue(&g, depth: depth + 1)
            }
            return .map(m)
        }
    }

    @Test func randomTemplatesNeverCrash() throws {
        let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 3000
        let seed = UInt64(ProcessInfo.processInfo.environment["FUZZ_SEED"] ?? "") ?? 20261127
        var g = Generator(state: seed)
        var rendered = 0
        var failed = 0
        for _ in 0..<iterations {
            let text = Self.randomTemplate(&g)
            let values = Self.randomValue(&g)
            let set = TemplateSet(missingKey: .zero)
            set.stepLimit = 200_000
            set.outputLimit = 1 << 20
            HelmFunctions.install(into: set)
            do {
                try set.parse(name: "fuzz", text: text)
                let output = try TemplateSet.withLargeStack { try set.execute(name: "fuzz", data: .map(TemplateMap(["Values": TemplateValue(values)]))) }
                // The output limit holds for every render that succeeds.
                #expect(output.utf8.count <= set.outputLimit, "\(text)")
                rendered += 1
            } catch is TemplateError {
                failed += 1
            }
        }
        // Both paths are reached (errors other than TemplateError end the test with that error).
        #expect(rendered > iterations / 10 && failed > iterations / 10)
    }
}
