import Foundation
import GoTemplate
import Sprig
import Testing
import ValueKit

/// Functions whose values change from call to call: their shape is checked, and the clock-driven
/// ones run against an injected clock.
struct NonHermeticTests {
    func render(_ text: String, now: (@Sendable () -> Date)? = nil) throws -> String {
        let set = TemplateSet(functions: now.map { Sprig.functions(now: $0) } ?? Sprig.functions(), missingKey: .zero)
        try set.parse(name: "t", text: text)
        return try set.execute(name: "t", data: .map(TemplateMap()))
    }

    func matches(_ s: String, _ pattern: String) -> Bool {
        s.range(of: pattern, options: .regularExpression) != nil
    }

    @Test func uuidv4IsARandomVersion4UUID() throws {
        let a = try render("{{ uuidv4 }}"), b = try render("{{ uuidv4 }}")
        #expect(matches(a, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
        #expect(a != b)
    }

    @Test func randomStringsHaveTheRequestedLengthAndAlphabet() throws {
        #expect(matches(try render("{{ randAlphaNum 24 }}"), "^[A-Za-z0-9]{24}$"))
        #expect(matches(try render("{{ randAlpha 10 }}"), "^[A-Za-z]{10}$"))
        #expect(matches(try render("{{ randNumeric 7 }}"), "^[0-9]{7}$"))
        #expect(try render("{{ randAscii 30 }}").unicodeScalars.allSatisfy { $0.value >= 32 && $0.value <= 126 })
        #expect(try render("{{ randAscii 30 }}").count == 30)
        #expect(try render("{{ randAlpha 0 }}").isEmpty)
    }

    @Test func randBytesIsBase64OfThatManyBytes() throws {
        let text = try render("{{ randBytes 12 }}")
        #expect(Base64.decode(text)?.count == 12)
    }

    @Test func shuffleKeepsTheLetters() throws {
        let s = try render("{{ shuffle \"abcdefghij\" }}")
        #expect(s.sorted() == Array("abcdefghij"))
    }

    @Test func randIntStaysInRange() throws {
        for _ in 0..<50 {
            let n = Int(try render("{{ randInt 3 7 }}"))!
            #expect((3..<7).contains(n))
        }
        #expect(throws: TemplateError.self) { try render("{{ randInt 5 5 }}") }
    }

    @Test func getHostByNameResolvesLocalhost() throws {
        #expect(["127.0.0.1", "::1"].contains(try render("{{ getHostByName \"localhost\" }}")))
        // A name the resolver refuses without asking DNS (an empty one): Go's lookup finds nothing, and
        // Sprig's random pick from no addresses fails. A real unknown host would wait on DNS offline.
        #expect(throws: TemplateError.self) { try render("{{ getHostByName \"\" }}") }
    }

    @Test func clockFunctionsUseTheInjectedClock() throws {
        let fixed: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_700_000_000) }
        #expect(try render("{{ now | unixEpoch }}", now: fixed) == "1700000000")
        #expect(try render("{{ dateInZone \"2006-01-02T15:04:05Z07:00\" now \"UTC\" }}", now: fixed) == "2023-11-14T22:13:20Z")
        #expect(try render("{{ ago 1699999000 }}", now: fixed) == "16m40s")
        #expect(try render("{{ typeOf now }}", now: fixed) == "time.Time")
        // A value that is not a time or a Unix second count means "now".
        #expect(try render("{{ dateInZone \"2006\" \"x\" \"UTC\" }}", now: fixed) == "2023")
    }
}
