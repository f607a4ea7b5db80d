/// A regular-expression matcher with Go's regexp (RE2) semantics for the syntax charts commonly
/// use: literals (any UTF-8), bracket classes of ASCII characters (negated ones match any other
/// rune), `.`, `\d \w \s` and their negations (ASCII, as in Go), `\b \B \A \z`, `^` and `$` (start
/// and end of the whole text, Go without the `m` flag), capturing, named and `(?:` groups,
/// alternation, and greedy or lazy `? * + {n} {n,} {n,m}`. Flags, Unicode classes and POSIX
/// classes are outside it: `init?(compiling:)` returns nil for them and callers fall back.
///
/// Matching is Go's leftmost-first (Perl) order: alternatives and repeats are tried in priority
/// order and the first match wins. It runs as a backtracker over a compiled program that remembers
/// every (instruction, position) it has already tried, so no input takes more than
/// instructions × text length steps (RE2's "bit state" method); no ICU, no Foundation.
public struct PatternMatcher: Sendable {
    /// A byte range of the text per capture group (0 is the whole match); nil for a group that did
    /// not take part.
    public typealias Groups = [Range<Int>?]

    fileprivate enum Instruction: Sendable {
        case byte(ByteSet)
        /// One rune: an ASCII one in the set (or, negated, outside it); a multi-byte one only when negated.
        case rune(ByteSet, negated: Bool)
        case split(Int, Int)  // try the first target, then the second
        case jump(Int)
        case save(Int)  // capture slot: group * 2 (start) or group * 2 + 1 (end)
        case textStart, textEnd
        case lineStart, lineEnd
        case wordBoundary(Bool)
        case match
    }

    private let program: [Instruction]
    let groupCount: Int
    /// Capture group numbers by name (`(?P<name>…)`, `(?<name>…)`).
    public let groupNames: [String: Int]

    /// The largest program × text the matcher takes on (its visited set is that many bits).
    public static let maximumWork = 1 << 25

    /// Compiles one of this module's constant patterns.
    init(_ pattern: String) {
        guard let compiled = PatternMatcher(compiling: pattern) else {
            preconditionFailure("PatternMatcher: unsupported syntax in \(pattern)")
        }
        self = compiled
    }

    /// Compiles `pattern`, or nil when it is invalid or uses syntax outside this subset.
    public init?(compiling pattern: String) {
        var parser = Parser(Array(pattern.utf8))
        guard let tree = try? parser.alternation(), parser.atEnd else { return nil }
        var compiler = Compiler()
        compiler.emit(.save(0))
        compiler.compile(tree)
        compiler.emit(.save(1))
        compiler.emit(.match)
        program = compiler.program
        groupCount = parser.groups + 1
        groupNames = parser.names
    }

    /// Whether a search of a text of `count` bytes stays within `budget` bits of visited set.
    public func fits(textLength count: Int, budget: Int = maximumWork) -> Bool {
        program.count * (count + 1) <= budget
    }

    /// Whether the pattern matches somewhere in `text` (Go's MatchString); nil when the text is too
    /// long for this matcher.
    public func matches(_ text: [UInt8]) -> Bool? {
        guard fits(textLength: text.count) else { return nil }
        return firstMatch(in: text) != nil
    }

    /// The leftmost-first match starting at or after byte `from`.
    public func firstMatch(in text: [UInt8], from: Int = 0) -> Groups? {
        var visited = [UInt64](repeating: 0, count: (program.count * (text.count + 1) + 63) / 64)
        var start = from
        while start <= text.count {
            if let groups = run(text, at: start, visited: &visited) { return groups }
            start += 1
        }
        return nil
    }

    /// Every non-overlapping match from left to right, as Go's FindAll reports them: an empty
    /// match right where the previous match ended is skipped, and after an empty match the search
    /// moves on by one rune.
    public func allMatches(in text: [UInt8]) -> [Groups] {
        var out: [Groups] = []
        var pos = 0, previousEnd = -1
        while pos <= text.count, let m = firstMatch(in: text, from: pos), let whole = m[0] {
            var accept = true
            if whole.upperBound == pos {
                if whole.lowerBound == previousEnd { accept = false }
                pos += pos < text.count ? Self.runeLength(text[pos]) : 1
            } else {
                pos = whole.upperBound
            }
            previousEnd = whole.upperBound
            if accept { out.append(m) }
        }
        return out
    }

    private enum Step {
        case visit(pc: Int, pos: Int)
        case restore(slot: Int, value: Int)
    }

    private static func isWord(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    /// The byte length of the rune starting with `lead` (1 for a byte that cannot start one, as Go
    /// reads invalid UTF-8).
    static func runeLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 1
        }
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
                    case .rune(let set, let negated):
                        guard pos < text.count else { break thread }
                        let lead = text[pos]
                        if lead < 0x80 {
                            guard set.contains(lead) != negated else { break thread }
                            pos += 1
                        } else {
                            guard negated else { break thread }
                            pos = min(text.count, pos + Self.runeLength(lead))
                        }
                        pc += 1
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
                    case .lineStart:
                        guard pos == 0 || text[pos - 1] == 0x0A else { break thread }
                        pc += 1
                    case .lineEnd:
                        guard pos == text.count || text[pos] == 0x0A else { break thread }
                        pc += 1
                    case .wordBoundary(let wanted):
                        let before = pos > 0 && Self.isWord(text[pos - 1])
                        let after = pos < text.count && Self.isWord(text[pos])
                        guard (before != after) == wanted else { break thread }
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

    mutating func formUnion(_ other: ByteSet) {
        words.0 |= other.words.0
        words.1 |= other.words.1
        words.2 |= other.words.2
        words.3 |= other.words.3
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

    static func range(_ lo: UInt8, _ hi: UInt8) -> ByteSet { ByteSet(lo...hi) }

    /// Go's `\s`, `\d` and `\w` (ASCII only).
    static let space = ByteSet([0x09, 0x0A, 0x0C, 0x0D, 0x20])
    static let digit = range(0x30, 0x39)
    static let word: ByteSet = {
        var s = range(0x30, 0x39)
        s.formUnion(range(0x41, 0x5A))
        s.formUnion(range(0x61, 0x7A))
        s.insert(0x5F)
        return s
    }()
}

private indirect enum Node {
    case set(ByteSet)
    case rune(ByteSet, negated: Bool)
    case sequence([Node])
    case alternatives([Node])
    case group(Int?, Node)
    case repeated(Node, min: Int, max: Int?, lazy: Bool)
    case textStart, textEnd
    case lineStart, lineEnd
    case wordBoundary(Bool)
}

/// Syntax outside the subset, or an invalid pattern.
private struct Unsupported: Error {}

private struct Parser {
    let p: [UInt8]
    var i = 0
    var groups = 0
    var names: [String: Int] = [:]
    /// Go's flags: i (fold case), s (`.` matches a newline), m (`^ $` at lines), U (ungreedy).
    struct Flags { var foldCase = false, dotAll = false, multiLine = false, ungreedy = false }
    var flags = Flags()
    init(_ p: [UInt8]) { self.p = p }

    /// The runes a case-insensitive ASCII letter stands for besides its two cases, as Go's simple
    /// case folding has them: K also matches KELVIN SIGN, S also LATIN SMALL LETTER LONG S.
    static let kelvin: [UInt8] = [0xE2, 0x84, 0xAA], longS: [UInt8] = [0xC5, 0xBF]

    /// A set of ASCII bytes as the current flags read it: with `i`, every letter in both cases, and
    /// the two non-ASCII members of the K and S orbits as alternatives.
    func folded(_ set: ByteSet) -> Node {
        guard flags.foldCase else { return .set(set) }
        var out = set
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") where set.contains(b) || set.contains(b - 32) {
            out.insert(b)
            out.insert(b - 32)
        }
        var branches = [Node.set(out)]
        if out.contains(UInt8(ascii: "k")) { branches.append(.sequence(Self.kelvin.map { .set(ByteSet([$0])) })) }
        if out.contains(UInt8(ascii: "s")) { branches.append(.sequence(Self.longS.map { .set(ByteSet([$0])) })) }
        return branches.count == 1 ? branches[0] : .group(nil, .alternatives(branches))
    }

    var atEnd: Bool { i == p.count }

    func peek(_ offset: Int = 0) -> UInt8? { i + offset < p.count ? p[i + offset] : nil }

    mutating func next() throws(Unsupported) -> UInt8 {
        guard i < p.count else { throw Unsupported() }
        defer { i += 1 }
        return p[i]
    }

    mutating func alternation() throws(Unsupported) -> Node {
        var branches = [try sequence()]
        while peek() == UInt8(ascii: "|") {
            i += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternatives(branches)
    }

    mutating func sequence() throws(Unsupported) -> Node {
        var items: [Node] = []
        while let c = peek(), c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
            var atom = try self.atom()
            if let (min, max) = try repetition() {
                var lazy = false
                if peek() == UInt8(ascii: "?") {
                    lazy = true
                    i += 1
                }
                if flags.ungreedy { lazy.toggle() }
                // Go refuses a repetition of a repetition (`a**`) and of an empty-width assertion
                // only in some spellings; leave both to the fallback.
                if let c = peek(),
                    c == UInt8(ascii: "*") || c == UInt8(ascii: "+") || c == UInt8(ascii: "?") || c == UInt8(ascii: "{")
                {
                    throw Unsupported()
                }
                switch atom {
                case .textStart, .textEnd, .wordBoundary: throw Unsupported()
                default: break
                }
                atom = .repeated(atom, min: min, max: max, lazy: lazy)
            }
            items.append(atom)
        }
        return .sequence(items)
    }

    /// A repetition operator at the current position, as (min, max); nil when there is none.
    mutating func repetition() throws(Unsupported) -> (Int, Int?)? {
        switch peek() {
        case UInt8(ascii: "?"): i += 1; return (0, 1)
        case UInt8(ascii: "*"): i += 1; return (0, nil)
        case UInt8(ascii: "+"): i += 1; return (1, nil)
        case UInt8(ascii: "{"):
            // `{n}`, `{n,}` or `{n,m}`; anything else is a literal brace in Go: left to the fallback.
            var j = i + 1
            func number() -> Int? {
                let start = j
                while j < p.count, p[j] >= 0x30, p[j] <= 0x39, j - start < 5 { j += 1 }
                guard j > start else { return nil }
                return Int(String(decoding: p[start..<j], as: UTF8.self))
            }
            guard let min = number() else { throw Unsupported() }
            var max: Int? = min
            if j < p.count && p[j] == UInt8(ascii: ",") {
                j += 1
                max = number()
            }
            guard j < p.count, p[j] == UInt8(ascii: "}"), min <= 1000, (max ?? min) <= 1000, min <= (max ?? min) else {
                throw Unsupported()
            }
            i = j + 1
            return (min, max)
        default:
            return nil
        }
    }

    mutating func atom() throws(Unsupported) -> Node {
        let c = try next()
        switch c {
        case UInt8(ascii: "("):
            var index: Int? = nil
            let outer = flags
            if peek() == UInt8(ascii: "?"), let f = peek(1),
                f == UInt8(ascii: "-") || [UInt8](Array("imsU".utf8)).contains(f)
            {
                // Flags: `(?flags)` for the rest of the enclosing group, `(?flags:re)` for re.
                i += 1
                var on = true, any = false
                while let c = peek(), c != UInt8(ascii: ":"), c != UInt8(ascii: ")") {
                    switch c {
                    case UInt8(ascii: "-"):
                        guard on else { throw Unsupported() }
                        on = false
                    case UInt8(ascii: "i"): flags.foldCase = on; any = true
                    case UInt8(ascii: "s"): flags.dotAll = on; any = true
                    case UInt8(ascii: "m"): flags.multiLine = on; any = true
                    case UInt8(ascii: "U"): flags.ungreedy = on; any = true
                    default: throw Unsupported()
                    }
                    i += 1
                }
                guard any, let end = peek() else { throw Unsupported() }
                i += 1
                if end == UInt8(ascii: ")") { return .sequence([]) }
                let inner = try alternation()
                guard peek() == UInt8(ascii: ")") else { throw Unsupported() }
                i += 1
                flags = outer
                return .group(nil, inner)
            }
            if peek() == UInt8(ascii: "?") {
                if peek(1) == UInt8(ascii: ":") {
                    i += 2
                } else if peek(1) == UInt8(ascii: "P") && peek(2) == UInt8(ascii: "<") || peek(1) == UInt8(ascii: "<") {
                    i += peek(1) == UInt8(ascii: "P") ? 3 : 2
                    let start = i
                    while let n = peek(), n != UInt8(ascii: ">") { i += 1 }
                    guard peek() == UInt8(ascii: ">"), i > start else { throw Unsupported() }
                    let name = String(decoding: p[start..<i], as: UTF8.self)
                    i += 1
                    groups += 1
                    index = groups
                    if names[name] == nil { names[name] = groups }
                } else {
                    throw Unsupported()  // flags
                }
            } else {
                groups += 1
                index = groups
            }
            let inner = try alternation()
            guard peek() == UInt8(ascii: ")") else { throw Unsupported() }
            i += 1
            flags = outer
            return .group(index, inner)
        case UInt8(ascii: "["): return try bracket()
        case UInt8(ascii: "\\"): return try escape()
        case UInt8(ascii: "^"): return flags.multiLine ? .lineStart : .textStart
        case UInt8(ascii: "$"): return flags.multiLine ? .lineEnd : .textEnd
        case UInt8(ascii: "."): return .rune(flags.dotAll ? ByteSet() : ByteSet([0x0A]), negated: true)
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: ")"),
            UInt8(ascii: "]"):
            throw Unsupported()
        default:
            guard c >= 0x80 else { return folded(ByteSet([c])) }
            if flags.foldCase { throw Unsupported() }  // non-ASCII case folding: left to the fallback
            // A multi-byte rune: its bytes in order, repeated together.
            var bytes = [Node.set(ByteSet([c]))]
            while let n = peek(), n & 0xC0 == 0x80 {
                bytes.append(.set(ByteSet([n])))
                i += 1
            }
            return .group(nil, .sequence(bytes))
        }
    }

    mutating func escape() throws(Unsupported) -> Node {
        let c = try next()
        switch c {
        case UInt8(ascii: "d"): return .set(.digit)
        case UInt8(ascii: "w"): return folded(.word)  // with `i`, Go folds \w too (K and S orbits)
        case UInt8(ascii: "s"): return .set(.space)
        case UInt8(ascii: "D"): return .rune(.digit, negated: true)
        case UInt8(ascii: "W"):
            if flags.foldCase { throw Unsupported() }  // would have to refuse KELVIN SIGN and LONG S
            return .rune(.word, negated: true)
        case UInt8(ascii: "S"): return .rune(.space, negated: true)
        case UInt8(ascii: "b"): return .wordBoundary(true)
        case UInt8(ascii: "B"): return .wordBoundary(false)
        case UInt8(ascii: "A"): return .textStart
        case UInt8(ascii: "z"): return .textEnd
        default: return folded(ByteSet([try escapedByte(c)]))
        }
    }

    /// The byte a single-character escape stands for: a control escape or escaped punctuation.
    func escapedByte(_ c: UInt8) throws(Unsupported) -> UInt8 {
        switch c {
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "v"): return 0x0B
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return c
        default: throw Unsupported()
        }
    }

    mutating func bracket() throws(Unsupported) -> Node {
        var set = ByteSet()
        let negated = peek() == UInt8(ascii: "^")
        if negated { i += 1 }
        var first = true
        while true {
            var lo = try next()
            if lo == UInt8(ascii: "]") && !first { break }
            first = false
            if lo == UInt8(ascii: "[") && peek() == UInt8(ascii: ":") { throw Unsupported() }  // POSIX class
            guard lo < 0x80 else { throw Unsupported() }
            if lo == UInt8(ascii: "\\") {
                let e = try next()
                switch e {
                case UInt8(ascii: "d"): set.formUnion(.digit); continue
                case UInt8(ascii: "w"): set.formUnion(.word); continue
                case UInt8(ascii: "s"): set.formUnion(.space); continue
                default: lo = try escapedByte(e)
                }
            }
            if peek() == UInt8(ascii: "-"), let after = peek(1), after != UInt8(ascii: "]") {
                i += 1
                var hi = try next()
                if hi == UInt8(ascii: "\\") { hi = try escapedByte(try next()) }
                guard hi < 0x80, lo <= hi else { throw Unsupported() }
                set.formUnion(.range(lo, hi))
            } else {
                set.insert(lo)
            }
        }
        guard negated else { return folded(set) }
        guard flags.foldCase else { return .rune(set, negated: true) }
        // A negated folded class must also refuse the K and S orbits' non-ASCII runes, which the
        // one-rune instruction cannot express: left to the fallback.
        guard case .set(let both) = folded(set) else { throw Unsupported() }
        return .rune(both, negated: true)
    }
}

private struct Compiler {
    var program: [PatternMatcher.Instruction] = []

    mutating func emit(_ instruction: PatternMatcher.Instruction) { program.append(instruction) }

    /// A split whose targets are filled in later: `preferNext` tries the following instruction first.
    mutating func placeholderSplit() -> Int {
        program.append(.split(-1, -1))
        return program.count - 1
    }

    mutating func patch(_ at: Int, next: Int, other: Int, preferNext: Bool) {
        program[at] = preferNext ? .split(next, other) : .split(other, next)
    }

    mutating func compile(_ node: Node) {
        switch node {
        case .set(let set): emit(.byte(set))
        case .rune(let set, let negated): emit(.rune(set, negated: negated))
        case .textStart: emit(.textStart)
        case .textEnd: emit(.textEnd)
        case .lineStart: emit(.lineStart)
        case .lineEnd: emit(.lineEnd)
        case .wordBoundary(let wanted): emit(.wordBoundary(wanted))
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
                    let split = placeholderSplit()
                    compile(branch)
                    jumpsToEnd.append(program.count)
                    emit(.jump(-1))
                    patch(split, next: split + 1, other: program.count, preferNext: true)
                }
            }
            for j in jumpsToEnd { program[j] = .jump(program.count) }
        case .repeated(let inner, let min, let max, let lazy):
            if let max {
                // x{n,m}: n copies of x, then m-n optional ones, each skip leaving the rest out
                // (Go's nested expansion x{2,4} = xx(x(x)?)?).
                for _ in 0..<min { compile(inner) }
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(placeholderSplit())
                    compile(inner)
                }
                for s in splits { patch(s, next: s + 1, other: program.count, preferNext: !lazy) }
            } else if min == 0 {
                let split = placeholderSplit()
                compile(inner)
                emit(.jump(split))
                patch(split, next: split + 1, other: program.count, preferNext: !lazy)
            } else {
                // x{n,}: n-1 copies, then one that loops back to itself.
                for _ in 0..<(min - 1) { compile(inner) }
                let start = program.count
                compile(inner)
                let split = placeholderSplit()
                patch(split, next: start, other: split + 1, preferNext: !lazy)
            }
        }
    }
}
