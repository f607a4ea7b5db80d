import GoTemplate
import ValueKit

/// A semantic version as Masterminds/semver v3 (3.4 and later, as current Helm links it) reads it:
/// loosely, with a `v` prefix and missing minor/patch allowed.
public struct SemanticVersion: Sendable, Equatable {
    public let major: UInt64, minor: UInt64, patch: UInt64
    public let prerelease: String
    public let metadata: String
    public let original: String

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    static let versionPattern =
        #"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
    static let versionRegex = PatternMatcher("^" + versionPattern + "$")

    /// Longest version text current Masterminds/semver parses (bytes).
    static let maximumLength = 256

    public init(_ text: String) throws(ParseError) {
        if text.utf8.count > Self.maximumLength {
            throw ParseError(description: "version string is too long (max \(Self.maximumLength) bytes)")
        }
        guard let m = Semver.match(Self.versionRegex, text) else {
            throw ParseError(description: "invalid semantic version")
        }
        func number(_ s: String) throws(ParseError) -> UInt64 {
            let digits = s.hasPrefix(".") ? String(s.dropFirst()) : s
            if digits.isEmpty { return 0 }
            guard let n = UInt64(digits) else {
                throw ParseError(
                    description:
                        "error parsing version segment: strconv.ParseUint: parsing \(GoSyntax.quote(digits)): value out of range"
                )
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
                if part.count > 1 && part.first == "0" {
                    throw ParseError(description: "version segment starts with 0")
                }
            } else if !part.allSatisfy({ allowed.contains($0) }) {
                throw ParseError(description: "invalid prerelease string")
            }
        }
        for part in metadata.split(separator: ".", omittingEmptySubsequences: false) where !metadata.isEmpty {
            if !part.allSatisfy({ allowed.contains($0) }) { throw ParseError(description: "invalid metadata string") }
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

/// Pattern helpers, prerelease ordering and the template functions of the semver types.
enum Semver {
    /// The first match's groups, "" for a group that took no part.
    static func match(_ re: PatternMatcher, _ s: String) -> [String]? {
        let bytes = Array(s.utf8)
        return re.firstMatch(in: bytes).map { groups in groups.map { text(bytes, $0) } }
    }

    static func text(_ bytes: [UInt8], _ range: Range<Int>?) -> String {
        range.map { String(decoding: bytes[$0], as: UTF8.self) } ?? ""
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty ? 0 : nil }
        return (0...(haystack.count - needle.count)).first { at in
            haystack[at..<(at + needle.count)].elementsEqual(needle)
        }
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
// @unchecked Sendable, sound: immutable: its stored properties are constants.
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
                guard case .object(let o as VersionObject) = a[0] else {
                    throw FunctionError("wrong type for value; expected *semver.Version")
                }
                return .int(version.compare(o.version))
            }
        case "LessThan", "GreaterThan", "Equal":
            return TemplateFunction([.any]) { [version] a in
                guard case .object(let o as VersionObject) = a[0] else {
                    throw FunctionError("wrong type for value; expected *semver.Version")
                }
                let d = version.compare(o.version)
                return .bool(name == "LessThan" ? d < 0 : name == "GreaterThan" ? d > 0 : d == 0)
            }
        default: return nil
        }
    }
}
