import Foundation
import OSMKit
import Testing

/// `osm support error-info`: upstream's TestErrInfoRun cases as behaviours (spec §2.9).
@Suite(.timeLimit(.minutes(3))) struct ErrorInfoTests {
    @Test func validCodePrintsOneRow() async {
        let result = await runOSM(["support", "error-info", "E1000"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("+------------+") == true)
        #expect(lines[1].hasPrefix("| ERROR CODE |"))
        #expect(lines.filter { $0.hasPrefix("| E") && !$0.hasPrefix("| ERROR") }.map { $0.prefix(14) } == ["| E1000      |"])
    }

    @Test func codeIsPrintedAsTyped() async {
        let result = await runOSM(["support", "error-info", "EE2002"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("| EE2002     | "))
    }

    @Test func invalidFormat() async {
        let result = await runOSM(["support", "error-info", "Foo"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "Error: error code 'Foo' is not a valid error code format, should be of the form Exxxx, ex. E1000\n")
    }

    @Test func unknownCode() async {
        let result = await runOSM(["support", "error-info", "E10000"])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: error code 'E10000' is not a valid error code recognized by OSM\n")
    }

    @Test func everyCodeSortedNumerically() async {
        let result = await runOSM(["support", "error-info"])
        #expect(result.status == 0)
        let codes = result.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("| E") else { return nil }
            return Int(line.dropFirst(3).prefix { $0.isNumber })
        }
        #expect(codes == codes.sorted())
        #expect(codes.first == 1000)
        #expect(codes.last == 7005)
        #expect(codes.count == ErrorCodes.all.count)
        // The ranges of spec §2.9, and nothing outside them.
        let ranges = [1000...1050, 2000...2500, 3000...3500, 4000...4099, 4100...4149, 4150...4199, 5000...5500, 6100...6500, 6700...6800, 7000...7100]
        #expect(codes.allSatisfy { c in ranges.contains { $0.contains(c) } })
        for range in ranges { #expect(codes.contains { range.contains($0) }, "no code in \(range)") }
        // Descriptions wrap within 80 columns: "| " + code column + " | " + description + " |".
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 2 + 10 + 3 + 80 + 2 })
    }

    @Test func argumentsAreLimited() async {
        let result = await runOSM(["support", "error-info", "E1000", "E1001"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("accepts at most 1 arg(s), received 2"))
    }

    @Test func jsonForScripts() async throws {
        let result = await runOSM(["support", "error-info", "E5003", "-o", "json"])
        #expect(result.status == 0)
        let decoded = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]]
        #expect(decoded?.count == 1)
        #expect(decoded?.first?["code"] == "E5003")
        #expect(decoded?.first?["description"]?.contains("more than one Service") == true)
    }

    @Test func parsingFollowsAtoi() {
        #expect((try? ErrorCodes.parse("1000"))?.code == 1000)
        #expect((try? ErrorCodes.parse("E+1000"))?.code == 1000)
        #expect(throws: ErrorCodes.ParseError.unknown) { try ErrorCodes.parse("E-1000") }
        #expect(throws: ErrorCodes.ParseError.format) { try ErrorCodes.parse("E") }
        #expect(throws: ErrorCodes.ParseError.format) { try ErrorCodes.parse("E 1000") }
        #expect(throws: ErrorCodes.ParseError.format) { try ErrorCodes.parse("E1000x") }
        #expect(throws: ErrorCodes.ParseError.format) { try ErrorCodes.parse("E99999999999999999999") }
    }
}
