/// A unified diff of two texts, line by line (the longest common subsequence of lines), in the
/// layout of `diff -u`: `@@ -a,b +c,d @@` hunks with `context` unchanged lines around each change.
enum LineDiff {
    enum Edit: Equatable {
        case same(String), removed(String), added(String)
    }

    /// The edits turning `old` into `new`.
    static func edits(_ old: [String], _ new: [String]) -> [Edit] {
        let n = old.count, m = new.count
        // lengths[i][j]: the longest common subsequence of old[i...] and new[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && old[i] == new[j] {
                edits.append(.same(old[i]))
                i += 1
                j += 1
            } else if i < n && (j == m || lengths[i + 1][j] >= lengths[i][j + 1]) {
                // Removals before additions, as diff -u lays out a changed block.
                edits.append(.removed(old[i]))
                i += 1
            } else {
                edits.append(.added(new[j]))
                j += 1
            }
        }
        return edits
    }

    /// The hunks of the diff; empty when the texts are equal.
    static func unified(_ old: String, _ new: String, context: Int = 3) -> String {
        let edits = edits(lines(old), lines(new))
        let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
        guard let first = changed.first else { return "" }
        // Group changes whose context windows touch.
        var groups: [(Int, Int)] = []
        var start = first, end = first
        for index in changed.dropFirst() {
            if index - end > 2 * context {
                groups.append((start, end))
                start = index
            }
            end = index
        }
        groups.append((start, end))
        // Line numbers before each edit.
        var oldLine = [Int](repeating: 0, count: edits.count + 1), newLine = oldLine
        for (index, edit) in edits.enumerated() {
            var inOld = true, inNew = true
            switch edit {
            case .added: inOld = false
            case .removed: inNew = false
            case .same: break
            }
            oldLine[index + 1] = oldLine[index] + (inOld ? 1 : 0)
            newLine[index + 1] = newLine[index] + (inNew ? 1 : 0)
        }
        var out = ""
        for (from, to) in groups {
            let lower = max(0, from - context), upper = min(edits.count - 1, to + context)
            let oldCount = oldLine[upper + 1] - oldLine[lower], newCount = newLine[upper + 1] - newLine[lower]
            let oldStart = oldCount == 0 ? oldLine[lower] : oldLine[lower] + 1
            let newStart = newCount == 0 ? newLine[lower] : newLine[lower] + 1
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for edit in edits[lower...upper] {
                switch edit {
                case .same(let line): out += " \(line)\n"
                case .removed(let line): out += "-\(line)\n"
                case .added(let line): out += "+\(line)\n"
                }
            }
        }
        return out
    }

    static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
