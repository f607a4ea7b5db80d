@testable import CLI
import Testing

/// olekukonko/tablewriter v0.0.5's layout (its README and wrap.go): borders, upper-cased centred
/// titles, minimum-raggedness wrapping of re-flowed cells, numeric cells right-aligned.
@Suite struct BorderedTableTests {
    @Test func layoutWithRowLines() {
        var table = BorderedTable(headers: ["Error code", "Description"], maxWidth: 80)
        table.append(["E1000", "short"])
        table.append(["E2000", "a bit longer text"])
        #expect(table.render() == """
            +------------+-------------------+
            | ERROR CODE |    DESCRIPTION    |
            +------------+-------------------+
            | E1000      | short             |
            +------------+-------------------+
            | E2000      | a bit longer text |
            +------------+-------------------+

            """)
    }

    /// Minimum raggedness, not greedy filling: greedy would give "aaa bb" / "cc" / "ddddd".
    @Test func wrapMinimisesRaggedness() {
        #expect(BorderedTable.wrap("aaa bb cc ddddd", limit: 6) == ["aaa", "bb cc", "ddddd"])
        #expect(BorderedTable.wrap("aaa bb cc ddd", limit: 6) == ["aaa bb", "cc ddd"])
    }

    /// A word longer than the limit raises the limit instead of being cut.
    @Test func longWordsWidenTheColumn() {
        #expect(BorderedTable.wrap("a verylongword b", limit: 5) == ["a", "verylongword", "b"])
    }

    /// Internal newlines are re-flowed into one paragraph, wrapped at the cell's longest line.
    @Test func cellsAreReflowedToTheirLongestLine() {
        var table = BorderedTable(headers: ["ID", "B"], maxWidth: 80)
        table.append(["x", "one\ntwo three"])
        #expect(table.render() == """
            +----+-----------+
            | ID |     B     |
            +----+-----------+
            | x  | one two   |
            |    | three     |
            +----+-----------+

            """)
    }

    @Test func cellsWrapAtTheMaximumWidth() {
        let text = Array(repeating: "word", count: 40).joined(separator: " ")
        var table = BorderedTable(headers: ["C"], maxWidth: 30)
        table.append([text])
        let lines = table.render().split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 30 + 4 })
        #expect(lines.count > 5)
    }

    @Test func titlesAndAlignment() {
        #expect(BorderedTable.title("error_code") == "ERROR CODE")
        #expect(BorderedTable.title("v1.2") == "V1.2")
        #expect(BorderedTable.title("a.b") == "A B")
        #expect(BorderedTable.looksNumeric("1,000"))
        #expect(BorderedTable.looksNumeric("-12.5"))
        #expect(!BorderedTable.looksNumeric("E1000"))
        #expect(!BorderedTable.looksNumeric("50%"))
        #expect(!BorderedTable.looksNumeric("1,00"))
        var table = BorderedTable(headers: ["N"], maxWidth: 80)
        table.append(["1000"])
        table.append(["abcdef"])
        #expect(table.render().contains("|   1000 |\n"))
        #expect(table.render().contains("| abcdef |\n"))
    }
}
