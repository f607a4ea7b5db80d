import ValueKit

/// A version constraint (`>= 1.22.0-0`, `~1.2`, `^2`, `1.2 - 1.4`, `>=1, <2 || 3.x`), read and checked
/// as Masterminds/semver v3 does in the releases current Helm links (3.4 and later): groups split on
/// `||`, each group a list of `OP VERSION` atoms separated by whitespace or one comma, and a
/// prerelease version only accepted by a group that names a prerelease itself.
public struct VersionConstraint: Sendable {
    struct Part: Sendable {
        let op: String
        let version: SemanticVersion
        let dirty: Bool, minorDirty: Bool, patchDirty: Bool
    }
    struct Group: Sendable {
        let parts: [Part]
        /// Some atom of the group names a prerelease: prerelease versions take part in its checks.
        let includesPrerelease: Bool
    }
    let groups: [Group]

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    static let maximumLength = 512
    static let maximumGroups = 32

    /// Operators in the order the library tries them: the first after which a version follows wins.
    static let operators = ["=", "", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^"]

    public init(_ text: String) throws(ParseError) {
        if text.utf8.count > Self.maximumLength {
            throw ParseError(description: "constraint string is too long (max \(Self.maximumLength) bytes)")
        }
        let rewritten = Self.rewriteRange(text)
        let pieces = Self.groupTexts(rewritten)
        if pieces.count > Self.maximumGroups {
            throw ParseError(description: "too many constraint groups (max \(Self.maximumGroups))")
        }
        var groups: [Group] = []
        for piece in pieces {
            guard let atoms = Self.atoms(of: piece) else {
                throw ParseError(
                    description: "improper constraint: \(GoSyntax.quote(String(decoding: piece, as: UTF8.self)))")
            }
            let parts = try atoms.map { (atom: ArraySlice<UInt8>) throws(ParseError) -> Part in try Self.parsePart(atom)
            }
            groups.append(Group(parts: parts, includesPrerelease: parts.contains { !$0.version.prerelease.isEmpty }))
        }
        self.groups = groups
    }

    /// The texts between `||`s (Go's strings.Split), as UTF-8.
    static func groupTexts(_ text: String) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        var out: [[UInt8]] = []
        var start = 0, i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "|") && bytes[i + 1] == UInt8(ascii: "|") {
                out.append(Array(bytes[start..<i]))
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        out.append(Array(bytes[start...]))
        return out
    }

    static let rangeRegex: PatternMatcher = {
        let cv =
            #"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
        return PatternMatcher(#"\s*("# + cv + #")\s+-\s+("# + cv + #")\s*"#)
    }()

    /// `A - B` ranges as `>= A, <= B ` (with the library's trailing space), each replacing the first
    /// occurrence of its text (Go's strings.Replace with n = 1).
    static func rewriteRange(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "-")) else { return text }
        var out = bytes
        for m in rangeRegex.allMatches(in: bytes) {
            let whole = Array(bytes[m[0]!])
            let replacement = ">= \(Semver.text(bytes, m[1])), <= \(Semver.text(bytes, m[11])) "
            if let at = Semver.firstIndex(of: whole, in: out) {
                out.replaceSubrange(at..<(at + whole.count), with: Array(replacement.utf8))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Splitting a group into atoms

    /// Go's `\s`, as in the library's patterns.
    static func isSpace(_ b: UInt8) -> Bool { ByteSet.space.contains(b) }
    /// A character of a version number segment: digits, the wildcards x X *, and `|` (the library's
    /// character class lists it by accident, and so accepts it).
    static let segment = ByteSet(Array("0123456789xX*|".utf8))
    static func isSegment(_ b: UInt8) -> Bool { segment.contains(b) }
    static func isIdentifier(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || ByteSet.word.contains(b) && b != UInt8(ascii: "_")
    }

    static func skipSpace(_ s: ArraySlice<UInt8>, _ i: Int) -> Int {
        var i = i
        while i < s.endIndex && isSpace(s[i]) { i += 1 }
        return i
    }

    /// The atoms of one `||` group, or nil when the group is not a valid list of them.
    static func atoms(of g: [UInt8]) -> [ArraySlice<UInt8>]? {
        let s = g[...]
        guard let first = atomEnd(s, from: 0) else { return nil }
        var atoms = [s[0..<first]]
        var rest = first
        while rest < s.endIndex {
            let next = skipSpace(s, rest)
            if next == s.endIndex { break }
            let start: Int
            if s[next] == UInt8(ascii: ",") {
                start = next + 1
            } else {
                // Atoms side by side need whitespace between them.
                if next == rest { return nil }
                start = next
            }
            guard let end = atomEnd(s, from: start) else { return nil }
            atoms.append(s[start..<end])
            rest = end
        }
        return atoms
    }

    /// The end of the atom (operator, version) that starts at `from` after optional whitespace.
    static func atomEnd(_ s: ArraySlice<UInt8>, from: Int) -> Int? {
        let i = skipSpace(s, from)
        for op in operators where s[i...].starts(with: op.utf8) {
            if let end = versionEnd(s, from: skipSpace(s, i + op.utf8.count))?.end { return end }
        }
        return nil
    }

    /// The version that starts at `from`: its end and its pieces (major, `.minor`, `.patch`, `-pre`).
    static func versionEnd(
        _ s: ArraySlice<UInt8>, from: Int
    ) -> (end: Int, major: Range<Int>, minor: Range<Int>?, patch: Range<Int>?, pre: Range<Int>?)? {
        var i = from
        if i < s.endIndex && s[i] == UInt8(ascii: "v") { i += 1 }
        guard i < s.endIndex && isSegment(s[i]) else { return nil }
        let majorStart = i
        while i < s.endIndex && isSegment(s[i]) { i += 1 }
        let major = majorStart..<i
        var dotted: [Range<Int>] = []
        while dotted.count < 2 && i < s.endIndex && s[i] == UInt8(ascii: ".") {
            guard i + 1 < s.endIndex && isSegment(s[i + 1]) else { return nil }
            let start = i
            i += 1
            while i < s.endIndex && isSegment(s[i]) { i += 1 }
            dotted.append(start..<i)
        }
        var pre: Range<Int>? = nil
        if i < s.endIndex && s[i] == UInt8(ascii: "-") {
            let end = identifiersEnd(s, from: i + 1)
            guard end > i + 1 else { return nil }
            pre = i..<end
            i = end
        }
        if i < s.endIndex && s[i] == UInt8(ascii: "+") {
            let end = identifiersEnd(s, from: i + 1)
            guard end > i + 1 else { return nil }
            i = end
        }
        return (i, major, dotted.first, dotted.count > 1 ? dotted[1] : nil, pre)
    }

    /// The end of dot-separated identifiers from `from` (`from` itself when there is none); a dot
    /// not followed by an identifier character ends them before the dot.
    static func identifiersEnd(_ s: ArraySlice<UInt8>, from: Int) -> Int {
        guard from < s.endIndex && isIdentifier(s[from]) else { return from }
        var i = from
        while i < s.endIndex && isIdentifier(s[i]) { i += 1 }
        while i < s.endIndex && s[i] == UInt8(ascii: ".") {
            var k = i + 1
            while k < s.endIndex && isIdentifier(s[k]) { k += 1 }
            if k == i + 1 { return i }
            i = k
        }
        return i
    }

    // MARK: - One atom

    static func isX(_ s: String) -> Bool { s == "x" || s == "*" || s == "X" }

    static func parsePart(_ atom: ArraySlice<UInt8>) throws(ParseError) -> Part {
        func text(_ r: Range<Int>?) -> String { r.map { String(decoding: atom[$0], as: UTF8.self) } ?? "" }
        let start = skipSpace(atom, atom.startIndex)
        for op in operators where atom[start...].starts(with: op.utf8) {
            let versionStart = skipSpace(atom, start + op.utf8.count)
            // The version must be followed by nothing but whitespace.
            guard let v = versionEnd(atom, from: versionStart), skipSpace(atom, v.end) == atom.endIndex else {
                continue
            }
            let major = text(v.major), minor = text(v.minor), patch = text(v.patch), pre = text(v.pre)
            var version = text(versionStart..<v.end)
            var dirty = false, minorDirty = false, patchDirty = false
            if isX(major) {
                version = "0.0.0" + pre
                dirty = true
            } else if minor.isEmpty || isX(String(minor.dropFirst())) {
                (dirty, minorDirty) = (true, true)
                version = major + ".0.0" + pre
            } else if patch.isEmpty || isX(String(patch.dropFirst())) {
                (dirty, patchDirty) = (true, true)
                version = major + minor + ".0" + pre
            }
            guard let parsed = try? SemanticVersion(version) else {
                throw ParseError(description: "constraint parser error")
            }
            return Part(op: op, version: parsed, dirty: dirty, minorDirty: minorDirty, patchDirty: patchDirty)
        }
        throw ParseError(description: "improper constraint: \(GoSyntax.quote(String(decoding: atom, as: UTF8.self)))")
    }

    // MARK: - Checking

    /// True when any group accepts the version.
    public func check(_ v: SemanticVersion) -> Bool {
        groups.contains { group in
            group.parts.allSatisfy { Self.check(v, $0, includePrerelease: group.includesPrerelease) }
        }
    }

    static func check(_ v: SemanticVersion, _ c: Part, includePrerelease: Bool) -> Bool {
        if !v.prerelease.isEmpty && !includePrerelease { return false }
        let con = c.version
        switch c.op {
        case "", "=":
            return c.dirty ? tilde(v, c) : v.compare(con) == 0
        case "!=":
            if c.dirty {
                if con.major != v.major { return true }
                if con.minor != v.minor && !c.minorDirty { return true }
                if c.minorDirty { return false }
                if con.patch != v.patch && !c.patchDirty { return true }
                if c.patchDirty {
                    if !v.prerelease.isEmpty || !con.prerelease.isEmpty {
                        return Semver.comparePrerelease(v.prerelease, con.prerelease) != 0
                    }
                    return false
                }
            }
            return v.compare(con) != 0
        case ">":
            if !c.dirty { return v.compare(con) == 1 }
            if v.major != con.major { return v.major > con.major }
            if c.minorDirty { return false }
            if c.patchDirty { return v.minor > con.minor }
            return v.compare(con) == 1
        case "<":
            return v.compare(con) < 0
        case ">=", "=>":
            return v.compare(con) >= 0
        case "<=", "=<":
            if !c.dirty { return v.compare(con) <= 0 }
            if v.major > con.major { return false }
            if v.major == con.major && v.minor > con.minor && !c.minorDirty { return false }
            return true
        case "~", "~>":
            return tilde(v, c)
        case "^":
            if v.compare(con) < 0 { return false }
            if con.major > 0 || c.minorDirty { return v.major == con.major }
            if v.major > 0 { return false }
            if con.minor > 0 || c.patchDirty { return v.minor == con.minor }
            if v.minor > 0 { return false }
            return con.patch == v.patch
        default:
            return false
        }
    }

    static func tilde(_ v: SemanticVersion, _ c: Part) -> Bool {
        let con = c.version
        if v.compare(con) < 0 { return false }
        if con.major == 0 && con.minor == 0 && con.patch == 0 && !c.minorDirty && !c.patchDirty { return true }
        if v.major != con.major { return false }
        if v.minor != con.minor && !c.minorDirty { return false }
        return true
    }
}
