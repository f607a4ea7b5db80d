/// A bordered text table laid out as olekukonko/tablewriter v0.0.5 does with its defaults plus
/// row lines (what upstream osm prints for `support error-info`):
///
/// - `+`, `-` and `|` borders, one space of padding inside each cell;
/// - header titles upper-cased (`_` and `.` between words become spaces) and centred;
/// - each cell's lines are joined into one paragraph and wrapped to the width of its longest
///   line, but at most `maxWidth`, by tablewriter's minimum-raggedness word wrap;
/// - cells that look like numbers are right-aligned, the rest left-aligned;
/// - a separator line after every row.
public struct BorderedTable {
    public var maxWidth: Int
    private let headers: [[String]]
    private var rows: [[[String]]] = []
    private var widths: [Int]

    public init(headers: [String], maxWidth: Int = 30) {
        self.maxWidth = maxWidth
        var widths = [Int](repeating: 0, count: headers.count)
        var parsed: [[String]] = []
        for (i, h) in headers.enumerated() {
            let lines = Self.cellLines(h, maxWidth: maxWidth)
            widths[i] = max(widths[i], lines.width)
            parsed.append(lines.lines)
        }
        self.headers = parsed
        self.widths = widths
    }

    public mutating func append(_ row: [String]) {
        var cells: [[String]] = []
        for (i, text) in row.enumerated() {
            let lines = Self.cellLines(text, maxWidth: maxWidth)
            if i < widths.count {
                widths[i] = max(widths[i], lines.width)
            } else {
                widths.append(lines.width)
            }
            cells.append(lines.lines)
        }
        rows.append(cells)
    }

    public func render() -> String {
        var out = separator()
        let headerHeight = headers.map(\.count).max() ?? 0
        for line in 0..<headerHeight {
            out += "|"
            for (i, width) in widths.enumerated() {
                let text = i < headers.count && line < headers[i].count ? Self.title(headers[i][line]) : ""
                out += " " + Self.center(text, width) + " |"
            }
            out += "\n"
        }
        out += separator()
        for row in rows {
            let height = row.map(\.count).max() ?? 0
            for line in 0..<height {
                out += "|"
                for (i, width) in widths.enumerated() {
                    let text = i < row.count && line < row[i].count ? row[i][line] : "  "
                    out +=
                        " " + (Self.looksNumeric(text) ? Self.padLeft(text, width) : Self.padRight(text, width)) + " |"
                }
                out += "\n"
            }
            out += separator()
        }
        return out
    }

    private func separator() -> String {
        "+" + widths.map { String(repeating: "-", count: $0 + 2) + "+" }.joined() + "\n"
    }

    // MARK: cells

    /// tablewriter's parseDimension with wrapping and reflow on: the lines a cell prints and its width.
    static func cellLines(_ text: String, maxWidth: Int) -> (lines: [String], width: Int) {
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var limit = raw.map(displayWidth).max() ?? 0
        if limit > maxWidth { limit = maxWidth }
        var width = limit
        let wrapped = wrap(raw.joined(separator: " "), limit: limit)
        for line in wrapped { width = max(width, displayWidth(line)) }
        return (wrapped, width)
    }

    /// tablewriter's WrapString: words split on single spaces (so runs of spaces keep empty words),
    /// the limit raised to the widest word, then WrapWords' minimum-raggedness line breaks.
    static func wrap(_ text: String, limit: Int) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var limit = limit
        for w in words { limit = max(limit, displayWidth(w)) }
        let n = words.count
        let widths = words.map(displayWidth)
        // lineLength(i, j): words i...j joined with single spaces.
        var prefix = [0]
        for w in widths { prefix.append(prefix.last! + w) }
        func lineLength(_ i: Int, _ j: Int) -> Int { prefix[j + 1] - prefix[i] + (j - i) }
        let penalty = 100_000
        var cost = [Int](repeating: Int(Int32.max), count: n)
        var nextBreak = [Int](repeating: n, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            if lineLength(i, n - 1) <= limit {
                cost[i] = 0
                nextBreak[i] = n
                continue
            }
            for j in (i + 1)..<n {
                let d = limit - lineLength(i, j - 1)
                var c = d * d + cost[j]
                if lineLength(i, j - 1) > limit { c += penalty }
                if c < cost[i] {
                    cost[i] = c
                    nextBreak[i] = j
                }
            }
        }
        var lines: [String] = []
        var i = 0
        while i < n {
            lines.append(words[i..<nextBreak[i]].joined(separator: " "))
            i = nextBreak[i]
        }
        return lines
    }

    /// Display columns; the texts printed here are Latin script, one column per character.
    static func displayWidth(_ s: String) -> Int { s.unicodeScalars.count }

    /// tablewriter's Title: `_` always, and `.` next to a non-digit, become spaces; trimmed; upper case.
    static func title(_ name: String) -> String {
        let chars = Array(name)
        var out = chars
        for (i, c) in chars.enumerated() {
            if c == "_" {
                out[i] = " "
            } else if c == "." {
                let before = i > 0 && !(chars[i - 1].isNumber || chars[i - 1] == " ")
                let after = i < chars.count - 1 && !(chars[i + 1].isNumber || chars[i + 1] == " ")
                if before || after { out[i] = " " }
            }
        }
        let trimmed = trimSpace(String(out))
        return trimmed.isEmpty && !name.isEmpty ? " " : trimmed.uppercased()
    }

    /// tablewriter's decimal pattern (`-?(\d{1,3}(,\d{3})*|\d+)(\.\d+)?`), which decides right
    /// alignment; its percent pattern can never match, so percentages stay left-aligned.
    static func looksNumeric(_ text: String) -> Bool {
        var s = Substring(trimSpace(text))
        if s.hasPrefix("-") { s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return false }
        if parts.count == 2 && (parts[1].isEmpty || !parts[1].allSatisfy(\.isASCIIDigit)) { return false }
        if whole.allSatisfy(\.isASCIIDigit) { return true }
        // Thousands groups: 1-3 digits, then ",ddd" groups.
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, (1...3).contains(groups[0].count), groups[0].allSatisfy(\.isASCIIDigit) else {
            return false
        }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isASCIIDigit) }
    }

    static func trimSpace(_ s: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(s.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }

    static func center(_ s: String, _ width: Int) -> String {
        let gap = width - displayWidth(s)
        guard gap > 0 else { return s }
        let left = gap / 2
        return String(repeating: " ", count: left) + s + String(repeating: " ", count: gap - left)
    }

    static func padRight(_ s: String, _ width: Int) -> String {
        let gap = width - displayWidth(s)
        return gap > 0 ? s + String(repeating: " ", count: gap) : s
    }

    static func padLeft(_ s: String, _ width: Int) -> String {
        let gap = width - displayWidth(s)
        return gap > 0 ? String(repeating: " ", count: gap) + s : s
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
