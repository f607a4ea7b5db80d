@testable import Sprig
import Testing

/// Random patterns built from regex metacharacters go through the RE2 syntax check (and, when it
/// accepts them, ICU) without crashing.
struct RegexSyntaxFuzzTests {
    @Test func randomPatternsNeverCrash() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let alphabet = Array("()[]{}?*+|^$\\.,-:<>=!Pp0129azAZ_ ")
        var accepted = 0
        var acceptedButUncompilable: [String] = []
        for _ in 0..<20_000 {
            let length = Int(next() % 9)
            let pattern = String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
            if RE2Syntax.error(in: pattern) == nil {
                accepted += 1
                do { _ = try RegexFunctions.compile(pattern) } catch { acceptedButUncompilable.append(pattern) }
            }
        }
        #expect(accepted > 1000)
        // What the RE2 check lets through, ICU must compile: otherwise a template would fail with an
        // error Go never gives.
        #expect(acceptedButUncompilable.isEmpty, "\(acceptedButUncompilable.prefix(20))")
    }
}
