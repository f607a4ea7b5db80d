/// Turns libyaml's block output into go-yaml v3's layout with an indent of 2: libyaml writes a
/// sequence that is a mapping value at its key's column ("key:\n- a"); go-yaml v3 indents it
/// ("key:\n  - a"), and everything inside it moves along.
///
/// Works on the emitted lines: a key line ending in ":" followed by "- " at the key's column opens
/// an indented region, which lasts while lines stay deeper than that column or are further items
/// at it. Block scalar contents move with their region and are never read as structure.
enum PrettyIndent {
    static func apply(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trailingNewline = lines.last == ""
        if trailingNewline { lines.removeLast() }
        var regions: [Int] = []  // key columns of the open regions, innermost last
        var blockScalarParent: Int?  // content of a block scalar lies deeper than this column
        var out: [String] = []
        out.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let indent = line.prefix { $0 == " " }.count
            let isItem = line.dropFirst(indent).hasPrefix("- ") || line.dropFirst(indent) == "-"
            if let parent = blockScalarParent {
                if line.allSatisfy({ $0 == " " }) || indent > parent {
                    out.append(shifted(line, regions.count))
                    continue
                }
                blockScalarParent = nil
            }
            while let column = regions.last, indent < column || (indent == column && !isItem) {
                regions.removeLast()
            }
            out.append(shifted(line, regions.count))
            let keyColumn = contentColumn(line)
            if isBlockScalarHeader(line) {
                blockScalarParent = keyColumn
            } else if line.hasSuffix(":"), index + 1 < lines.count {
                let next = lines[index + 1]
                let nextIndent = next.prefix { $0 == " " }.count
                if nextIndent == keyColumn
                    && (next.dropFirst(nextIndent).hasPrefix("- ") || next.dropFirst(nextIndent) == "-")
                {
                    regions.append(keyColumn)
                }
            }
        }
        return out.joined(separator: "\n") + (trailingNewline ? "\n" : "")
    }

    private static func shifted(_ line: String, _ depth: Int) -> String {
        depth == 0 || line.isEmpty ? line : String(repeating: " ", count: 2 * depth) + line
    }

    /// The column where a line's mapping key (or scalar) starts, after its indent and any "- " marks.
    private static func contentColumn(_ line: String) -> Int {
        var column = 0
        var chars = Substring(line)
        while true {
            if chars.hasPrefix(" ") {
                chars = chars.dropFirst()
                column += 1
            } else if chars.hasPrefix("- ") {
                chars = chars.dropFirst(2)
                column += 2
            } else {
                return column
            }
        }
    }

    /// A line whose value is a block scalar: it ends in "|" or ">" with optional indicators.
    private static func isBlockScalarHeader(_ line: String) -> Bool {
        guard let marker = line.lastIndex(where: { $0 == "|" || $0 == ">" }) else { return false }
        let rest = line[line.index(after: marker)...]
        guard rest.allSatisfy({ $0 == "-" || $0 == "+" || $0.isNumber }) else { return false }
        let before = line[..<marker]
        return before.hasSuffix(": ") || before.hasSuffix("- ") || before.allSatisfy { $0 == " " }
    }
}
