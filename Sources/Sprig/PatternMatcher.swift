/// The part of Go's regexp that Masterminds/semver's fixed patterns use: literals, bracket classes of
/// ASCII characters, capturing and `(?:` groups, alternation, greedy `?` `*` `+`, `^` and `$` (start
/// and end of the whole text, as in Go without the `m` flag) and `\s` (Go's `[\t\n\f\r ]`).
///
/// Matching is Go's leftmost-first (Perl) order: alternatives and repeats are tried in priority
/// order and the first match wins. It runs as a backtracker over a compiled program that remembers
/// every (instruction, position) it has already tried, so no input takes more than
/// instructions × text length steps (RE2's "bit state" method); no ICU, no Foundation.
///
/// Every atom matches one ASCII byte, so matching bytes of UTF-8 text is matching its runes: a
/// multi-byte character never matches and every match starts and ends on a character boundary.
struct PatternMatcher: Sendable {
    /// A byte range of the text per capture group (0 is the whole match); nil for a group that did
    /// not take part.
    typealias Groups = [Range<Int>?]

    fileprivate enum Instruction: Sendable {
        case byte(ByteSet)
        case split(Int, Int)  // try the first target, then the second
        case jump(Int)
        case save(Int)        // capture slot: group * 2 (start) or group * 2 + 1 (end)
        case textStart, textEnd
        case match
    }

    private let program: [Instruction]
    let groupCount: Int

    /// Compiles `pattern`; the patterns are constants of this module, so a syntax this subset does
    /// not know is a programming error caught by the tests.
    init(_ pattern: String) {
        var parser = Parser(Array(pattern.utf8))
        let tree = parser.alternation()
        precondition(parser.atEnd, "PatternMatcher: unsupported syntax in \(pattern)")
        var compiler = Compiler()
        compiler.emit(.save(0))
        compiler.compile(tree)
        compiler.emit(.save(1))
        compiler.emit(.match)
        program = compiler.program
        groupCount = parser.groups + 1
    }

    /// The leftmost-first match starting at or after byte `from`.
    func firstMatch(in text: [UInt8], from: Int = 0) -> Groups? {
        var visited = [UInt64](repeating: 0, count: (program.count * (text.count + 1) + 63) / 64)
        var start = from
        while start <= text.count {
            if let groups = run(text, at: start, visited: &visited) { return groups }
            start += 1
        }
        return nil
    }

    /// Every non-overlapping match from left to right (patterns here never match the empty text).
    func allMatches(in text: [UInt8]) -> [Groups] {
        var out: [Groups] = []
        var from = 0
        while from <= text.count, let m = firstMatch(in: text, from: from), let whole = m[0] {
            out.append(m)
            from = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
        }
        return out
    }

    private enum Step {
        case visit(pc: Int, pos: Int)
        case restore(slot: Int, value: Int)
    }

    private func run(_ text: [UInt8], at start: Int, visited: inout [UInt64]) -> Groups? {
        var slots = [Int](repeating: -1, count: groupCount * 2)
        var stack: [Step] = [.visit(pc: 0, pos: start)]
        let width = text.count + 1
        while let step = stack.popLast() {
            switch step {
            case .restore(let slot, let value):
                slots[slot] = value
            case .visit(var pc, var pos):
                // Follow one thread until it fails, pushing the alternatives it passes.
                thread: while true {
                    let bit = pc * width + pos
                    if visited[bit >> 6] & (1 << UInt64(bit & 63)) != 0 { break thread }
                    visited[bit >> 6] |= 1 << UInt64(bit & 63)
                    switch program[pc] {
                    case .byte(let set):
                        guard pos < text.count, set.contains(text[pos]) else { break thread }
                        pc += 1
                        pos += 1
                    case .split(let first, let second):
                        stack.append(.visit(pc: second, pos: pos))
                        pc = first
                    case .jump(let target):
                        pc = target
                    case .save(let slot):
                        stack.append(.restore(slot: slot, value: slots[slot]))
                        slots[slot] = pos
                        pc += 1
                    case .textStart:
                        guard pos == 0 else { break thread }
                        pc += 1
                    case .textEnd:
                        guard pos == text.count else { break thread }
                        pc += 1
                    case .match:
                        return (0..<groupCount).map { g in
                            let (lo, hi) = (slots[g * 2], slots[g * 2 + 1])
                            return lo >= 0 && hi >= lo ? lo..<hi : nil
                        }
                    }
                }
            }
        }
        return nil
    }
}

/// A set of byte values.
struct ByteSet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init() {}
    init(_ bytes: some Sequence<UInt8>) { for b in bytes { insert(b) } }

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    /// The bytes not in the set, limited to ASCII (a negated class never matches part of a rune).
    var asciiComplement: ByteSet {
        var out = ByteSet()
        for b in UInt8(0)...127 where !contains(b) { out.insert(b) }
        return out
    }

    /// Go's `\s`.
    static let space = ByteSet([0x09, 0x0A, 0x0C, 0x0D, 0x20])
}

private indirect enum Node {
    case set(ByteSet)
    case sequence([Node])
    case alternatives([Node])
    case group(Int?, Node)
    case optional(Node), star(Node), plus(Node)
    case textStart, textEnd
}

private struct Parser {
    let p: [UInt8]
    var i = 0
    var groups = 0
    init(_ p: [UInt8]) { self.p = p }

    var atEnd: Bool { i == p.count }

    mutating func alternation() -> Node {
        var branches = [sequence()]
        while i < p.count && p[i] == UInt8(ascii: "|") {
            i += 1
            branches.append(sequence())
        }
        return branches.count == 1 ? branches[0] : .alternatives(branches)
    }

    mutating func sequence() -> Node {
        var items: [Node] = []
        while i < p.count && p[i] != UInt8(ascii: "|") && p[i] != UInt8(ascii: ")") {
            var atom = self.atom()
            repeats: while i < p.count {
                switch p[i] {
                case UInt8(ascii: "?"): atom = .optional(atom)
                case UInt8(ascii: "*"): atom = .star(atom)
                case UInt8(ascii: "+"): atom = .plus(atom)
                default: break repeats
                }
                i += 1
            }
            items.append(atom)
        }
        return .sequence(items)
    }

    mutating func atom() -> Node {
        let c = p[i]
        i += 1
        switch c {
        case UInt8(ascii: "("):
            var index: Int? = nil
            if i + 1 < p.count && p[i] == UInt8(ascii: "?") && p[i + 1] == UInt8(ascii: ":") {
                i += 2
            } else {
                groups += 1
                index = groups
            }
            let inner = alternation()
            precondition(i < p.count && p[i] == UInt8(ascii: ")"), "PatternMatcher: unclosed group")
            i += 1
            return .group(index, inner)
        case UInt8(ascii: "["): return .set(bracket())
        case UInt8(ascii: "\\"): return .set(escape())
        case UInt8(ascii: "^"): return .textStart
        case UInt8(ascii: "$"): return .textEnd
        default:
            precondition(c < 0x80 && c != UInt8(ascii: "."), "PatternMatcher: unsupported atom")
            return .set(ByteSet([c]))
        }
    }

    mutating func escape() -> ByteSet {
        let c = p[i]
        i += 1
        if c == UInt8(ascii: "s") { return .space }
        precondition(!(c >= 0x30 && c <= 0x39) && !(c >= 0x41 && c <= 0x5A) && !(c >= 0x61 && c <= 0x7A),
                     "PatternMatcher: unsupported escape")
        return ByteSet([c])
    }

    mutating func bracket() -> ByteSet {
        var set = ByteSet()
        let negated = p[i] == UInt8(ascii: "^")
        if negated { i += 1 }
        var first = true
        while first || p[i] != UInt8(ascii: "]") {
            first = false
            var lo = p[i]
            i += 1
            if lo == UInt8(ascii: "\\") {
                lo = p[i]
                i += 1
                if lo == UInt8(ascii: "s") {
                    for b in UInt8(0)...127 where ByteSet.space.contains(b) { set.insert(b) }
                    continue
                }
            }
            if p[i] == UInt8(ascii: "-") && p[i + 1] != UInt8(ascii: "]") {
                var hi = p[i + 1]
                i += 2
                if hi == UInt8(ascii: "\\") {
                    hi = p[i]
                    i += 1
                }
                precondition(lo <= hi, "PatternMatcher: bad range")
                for b in lo...hi { set.insert(b) }
            } else {
                set.insert(lo)
            }
        }
        i += 1
        return negated ? set.asciiComplement : set
    }
}

private struct Compiler {
    var program: [PatternMatcher.Instruction] = []

    mutating func emit(_ instruction: PatternMatcher.Instruction) { program.append(instruction) }

    mutating func compile(_ node: Node) {
        switch node {
        case .set(let set): emit(.byte(set))
        case .textStart: emit(.textStart)
        case .textEnd: emit(.textEnd)
        case .sequence(let items): for item in items { compile(item) }
        case .group(let index, let inner):
            if let index { emit(.save(index * 2)) }
            compile(inner)
            if let index { emit(.save(index * 2 + 1)) }
        case .alternatives(let branches):
            var jumpsToEnd: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k == branches.count - 1 {
                    compile(branch)
                } else {
                    let split = program.count
                    emit(.split(split + 1, -1))
                    compile(branch)
                    jumpsToEnd.append(program.count)
                    emit(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                }
            }
            for j in jumpsToEnd { program[j] = .jump(program.count) }
        case .optional(let inner):
            let split = program.count
            emit(.split(split + 1, -1))
            compile(inner)
            program[split] = .split(split + 1, program.count)
        case .star(let inner):
            let split = program.count
            emit(.split(split + 1, -1))
            compile(inner)
            emit(.jump(split))
            program[split] = .split(split + 1, program.count)
        case .plus(let inner):
            let start = program.count
            compile(inner)
            emit(.split(start, program.count + 1))
        }
    }
}
