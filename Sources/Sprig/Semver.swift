import Foundation
import GoTemplate

/// A semantic version as Masterminds/semver v3 reads it (loosely: `v` prefix, missing minor/patch).
public struct SemanticVersion: Sendable, Equatable {
    public let major: UInt64, minor: UInt64, patch: UInt64
    public let prerelease: String
    public let metadata: String
    public let original: String

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    static let versionPattern = #"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
    static let versionRegex = try! NSRegularExpression(pattern: "^" + versionPattern + "$")

    public init(_ text: String) throws(ParseError) {
        guard let m = Semver.match(Self.versionRegex, text) else { throw ParseError(description: "invalid semantic version") }
        func number(_ s: String) throws(ParseError) -> UInt64 {
            let digits = s.hasPrefix(".") ? String(s.dropFirst()) : s
            if digits.isEmpty { return 0 }
            guard let n = UInt64(digits) else {
                throw ParseError(description: "Error parsing version segment: strconv.ParseUint: parsing \(GoSyntaxQuote.quote(digits)): value out of range")
            }
            return n
        }
        major = try number(m[1])
        minor = try number(m[2])
        patch = try number(m[3])
        prerelease = m[5]
        metadata = m[8]
        original = text
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789")
        for part in prerelease.split(separator: ".", omittingEmptySubsequences: false) where !prerelease.isEmpty {
            if part.allSatisfy(\.isNumber) {
                if part.count > 1 && part.first == "0" { throw ParseError(description: "Version segment starts with 0") }
            } else if !part.allSatisfy({ allowed.contains($0) }) {
                throw ParseError(description: "Invalid Prerelease string")
            }
        }
        for part in metadata.split(separator: ".", omittingEmptySubsequences: false) where !metadata.isEmpty {
            if !part.allSatisfy({ allowed.contains($0) }) { throw ParseError(description: "Invalid Metadata string") }
        }
    }

    /// The normalised form: `1.2.3-pre+meta`.
    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease }
        if !metadata.isEmpty { s += "+" + metadata }
        return s
    }

    public func compare(_ o: SemanticVersion) -> Int {
        for (a, b) in [(major, o.major), (minor, o.minor), (patch, o.patch)] where a != b { return a < b ? -1 : 1 }
        if prerelease.isEmpty && o.prerelease.isEmpty { return 0 }
        if prerelease.isEmpty { return 1 }
        if o.prerelease.isEmpty { return -1 }
        return Semver.comparePrerelease(prerelease, o.prerelease)
    }
}

/// A version constraint (`>= 1.22.0-0`, `~1.2`, `^2`, `1.2 - 1.4`, `>=1, <2 || 3.x`), checked as
/// Masterminds/semver v3 checks it.
public struct VersionConstraint: Sendable {
    struct Part: Sendable {
        let op: String
        let version: SemanticVersion
        let original: String
        let dirty: Bool, minorDirty: Bool, patchDirty: Bool
    }
    let alternatives: [[Part]]

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    static let ops = #"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"#
    static let cv = #"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
    static let constraintRegex = try! NSRegularExpression(pattern: #"^\s*("# + ops + #")\s*("# + cv + #")\s*$"#)
    static let rangeRegex = try! NSRegularExpression(pattern: #"\s*("# + cv + #")\s+-\s+("# + cv + #")\s*"#)
    static let findRegex = try! NSRegularExpression(pattern: "(" + ops + #")\s*("# + cv + ")")
    static let validRegex = try! NSRegularExpression(
        pattern: #"^(\s*("# + ops + #")\s*("# + cv + #")\s*)((?:\s+|,\s*)("# + ops + #")\s*("# + cv + #")\s*)*$"#)

    public init(_ text: String) throws(ParseError) {
        let rewritten = Self.rewriteRange(text)
        var alternatives: [[Part]] = []
        for alternative in rewritten.components(separatedBy: "||") {
            guard Semver.match(Self.validRegex, alternative) != nil else {
                throw ParseError(description: "improper constraint: \(alternative)")
            }
            var found = Semver.findAll(Self.findRegex, alternative)
            if found.isEmpty { found = [alternative] }
            alternatives.append(try found.map { (s: String) throws(ParseError) -> Part in try Self.parsePart(s) })
        }
        self.alternatives = alternatives
    }

    static func rewriteRange(_ text: String) -> String {
        let ns = text as NSString
        var out = text
        for m in rangeRegex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let whole = ns.substring(with: m.range)
            let low = ns.substring(with: m.range(at: 1))
            let high = ns.substring(with: m.range(at: 11))
            if let r = out.range(of: whole) { out.replaceSubrange(r, with: ">= \(low), <= \(high)") }
        }
        return out
    }

    static func isX(_ s: String) -> Bool { s == "x" || s == "*" || s == "X" }

    static func parsePart(_ text: String) throws(ParseError) -> Part {
        guard let m = Semver.match(constraintRegex, text) else { throw ParseError(description: "improper constraint: \(text)") }
        var version = m[2]
        var dirty = false, minorDirty = false, patchDirty = false
        let minorText = String(m[4].dropFirst()), patchText = String(m[5].dropFirst())
        if isX(m[3]) || m[3].isEmpty {
            version = "0.0.0" + m[6]
            dirty = true
        } else if isX(minorText) || m[4].isEmpty {
            minorDirty = true
            dirty = true
            version = m[3] + ".0.0" + m[6]
        } else if isX(patchText) || m[5].isEmpty {
            dirty = true
            patchDirty = true
            version = m[3] + m[4] + ".0" + m[6]
        }
        let parsed: SemanticVersion
        do {
            parsed = try SemanticVersion(version)
        } catch {
            throw ParseError(description: "constraint Parser Error")
        }
        return Part(op: m[1], version: parsed, original: m[2], dirty: dirty, minorDirty: minorDirty, patchDirty: patchDirty)
    }

    /// True when any alternative accepts the version.
    public func check(_ v: SemanticVersion) -> Bool {
        alternatives.contains { parts in parts.allSatisfy { Self.check(v, $0) } }
    }

    static func check(_ v: SemanticVersion, _ c: Part) -> Bool {
        let releaseOnly = !v.prerelease.isEmpty && c.version.prerelease.isEmpty
        switch c.op {
        case "", "=":
            if releaseOnly { return false }
            if c.dirty { return tilde(v, c) }
            return v.compare(c.version) == 0
        case "!=":
            if c.dirty {
                if releaseOnly { return false }
                if c.version.major != v.major { return true }
                if c.version.minor != v.minor && !c.minorDirty { return true }
                if c.minorDirty { return false }
                if c.version.patch != v.patch && !c.patchDirty { return true }
                if c.patchDirty {
                    if !v.prerelease.isEmpty || !c.version.prerelease.isEmpty {
                        return Semver.comparePrerelease(v.prerelease, c.version.prerelease) != 0
                    }
                    return false
                }
            }
            return v.compare(c.version) != 0
        case ">":
            if releaseOnly { return false }
            if !c.dirty { return v.compare(c.version) == 1 }
            if v.major > c.version.major { return true }
            if v.major < c.version.major { return false }
            if c.minorDirty { return false }
            if c.patchDirty { return v.minor > c.version.minor }
            return v.compare(c.version) == 1
        case "<":
            if releaseOnly { return false }
            return v.compare(c.version) < 0
        case ">=", "=>":
            if releaseOnly { return false }
            return v.compare(c.version) >= 0
        case "<=", "=<":
            if releaseOnly { return false }
            if !c.dirty { return v.compare(c.version) <= 0 }
            if v.major > c.version.major { return false }
            if v.major == c.version.major && v.minor > c.version.minor && !c.minorDirty { return false }
            return true
        case "~", "~>":
            if releaseOnly { return false }
            return tilde(v, c)
        case "^":
            if releaseOnly { return false }
            if v.compare(c.version) < 0 { return false }
            if c.version.major > 0 || c.minorDirty { return v.major == c.version.major }
            if v.major > 0 { return false }
            if c.version.minor > 0 || c.patchDirty { return v.minor == c.version.minor }
            if v.minor > 0 { return false }
            return c.version.patch == v.patch
        default:
            return false
        }
    }

    static func tilde(_ v: SemanticVersion, _ c: Part) -> Bool {
        if !v.prerelease.isEmpty && c.version.prerelease.isEmpty { return false }
        if v.compare(c.version) < 0 { return false }
        if c.version.major == 0 && c.version.minor == 0 && c.version.patch == 0 && !c.minorDirty && !c.patchDirty { return true }
        if v.major != c.version.major { return false }
        if v.minor != c.version.minor && !c.minorDirty { return false }
        return true
    }
}

/// Regex helpers and prerelease ordering shared by the semver types.
enum Semver {
    static func match(_ re: NSRegularExpression, _ s: String) -> [String]? {
        let ns = s as NSString
        guard let m = re.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0..<m.numberOfRanges).map { i in
            let r = m.range(at: i)
            return r.location == NSNotFound ? "" : ns.substring(with: r)
        }
    }

    static func findAll(_ re: NSRegularExpression, _ s: String) -> [String] {
        let ns = s as NSString
        return re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    static func comparePrerelease(_ v: String, _ o: String) -> Int {
        let s = v.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let t = o.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for i in 0..<max(s.count, t.count) {
            let a = i < s.count ? s[i] : "", b = i < t.count ? t[i] : ""
            let d = comparePart(a, b)
            if d != 0 { return d }
        }
        return 0
    }

    static func comparePart(_ s: String, _ o: String) -> Int {
        if s == o { return 0 }
        if s.isEmpty { return o.isEmpty ? 1 : -1 }
        if o.isEmpty { return 1 }
        let oi = UInt64(o), si = UInt64(s)
        switch (si, oi) {
        case (nil, nil): return goStringLessSemver(o, s) ? 1 : -1
        case (_, nil): return -1
        case (nil, _): return 1
        case (let a?, let b?): return a > b ? 1 : -1
        }
    }

    static func goStringLessSemver(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Sprig's semver/semverCompare.
    static var functions: [String: TemplateFunction] {
        [
            "semver": TemplateFunction([.string]) { a in
                do {
                    return .object(VersionObject(try SemanticVersion(a[0].stringValue!)))
                } catch {
                    throw FunctionError("\(error)")
                }
            },
            "semverCompare": TemplateFunction([.string, .string]) { a in
                do {
                    let c = try VersionConstraint(a[0].stringValue!)
                    let v = try SemanticVersion(a[1].stringValue!)
                    return .bool(c.check(v))
                } catch {
                    throw FunctionError("\(error)")
                }
            },
        ]
    }
}

/// `*semver.Version` in templates: fields by method name, printed as its normalised string.
final class VersionObject: TemplateObject, @unchecked Sendable {
    let version: SemanticVersion
    init(_ version: SemanticVersion) { self.version = version }
    var goType: GoType { GoType("*semver.Version", .pointer) }
    var formatted: String { version.description }
    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Major": return .uint(version.major, .uint64)
        case "Minor": return .uint(version.minor, .uint64)
        case "Patch": return .uint(version.patch, .uint64)
        case "Prerelease": return .string(version.prerelease)
        case "Metadata": return .string(version.metadata)
        case "Original": return .string(version.original)
        case "String": return .string(version.description)
        default: return nil
        }
    }
    func method(_ name: String) -> TemplateFunction? {
        switch name {
        case "Compare":
            return TemplateFunction([.any]) { [version] a in
                guard case .object(let o as VersionObject) = a[0] else { throw FunctionError("wrong type for value; expected *semver.Version") }
                return .int(version.compare(o.version))
            }
        case "LessThan", "GreaterThan", "Equal":
            return TemplateFunction([.any]) { [version] a in
                guard case .object(let o as VersionObject) = a[0] else { throw FunctionError("wrong type for value; expected *semver.Version") }
                let d = version.compare(o.version)
                return .bool(name == "LessThan" ? d < 0 : name == "GreaterThan" ? d > 0 : d == 0)
            }
        default: return nil
        }
    }
}

enum GoSyntaxQuote {
    static func quote(_ s: String) -> String { "\"" + s + "\"" }
}
