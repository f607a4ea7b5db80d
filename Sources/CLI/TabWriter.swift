/// Go's `text/tabwriter` as osm configures it (minwidth 6, tabwidth 4, padding 3, space padding,
/// no flags): tab-terminated cells are padded so that each column block lines up. A column block
/// is a run of consecutive lines that have a cell in that column; a line without tabs ends all
/// blocks. Widths count Unicode scalars, as Go counts runes.
public struct TabWriter {
    public var minWidth = 6
    public var padding = 3
    private var text = ""

    public init() {}

    /// Adds text; nothing is aligned until `flush`.
    public mutating func write(_ s: String) { text += s }

    /// The aligned text of everything written so far.
    public mutating func flush() -> String {
        defer { text = "" }
        return Self.format(text, minWidth: minWidth, padding: padding)
    }

    public static func format(_ text: String, minWidth: Int = 6, padding: Int = 3) -> String {
        let lines: [[Substring]] = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        var widths: [Int] = []
        var out = ""

        func width(_ cell: Substring) -> Int { cell.unicodeScalars.count }

        func writeLines(_ from: Int, _ to: Int) {
            for i in from..<to {
                let cells = lines[i]
                for (j, cell) in cells.enumerated() {
                    out += cell
                    if j < widths.count && j < cells.count - 1 {
                        out += String(repeating: " ", count: max(0, widths[j] - width(cell)))
                    }
                }
                if i + 1 < lines.count { out += "\n" }
            }
        }

        func format(_ start: Int, _ end: Int) {
            var line0 = start
            let column = widths.count
            var this = start
            while this < end {
                if column >= lines[this].count - 1 { this += 1; continue }
                writeLines(line0, this)
                line0 = this
                var w = minWidth
                while this < end, column < lines[this].count - 1 {
                    w = max(w, width(lines[this][column]) + padding)
                    this += 1
                }
                widths.append(w)
                format(line0, this)
                widths.removeLast()
                line0 = this
            }
            writeLines(line0, end)
        }

        format(0, lines.count)
        return out
    }
}
