import ValueKit

/// What go-yaml v2 makes of a scalar: its `resolve` function, tag by tag.
enum ResolvedScalar: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case float(Double)
    case string(String)
    /// Looks like a timestamp; decoded into interface{} it stays the original text.
    case timestamp(String)
}

enum YAMLTag {
    static let prefix = "tag:yaml.org,2002:"
    static let str = prefix + "str"
    static let null = prefix + "null"
    static let bool = prefix + "bool"
    static let int = prefix + "int"
    static let float = prefix + "float"
    static let timestamp = prefix + "timestamp"
    static let binary = prefix + "binary"
    static let merge = prefix + "merge"
    static let seq = prefix + "seq"
    static let map = prefix + "map"

    static func short(_ tag: String) -> String {
        tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}

enum ScalarResolver {
    private static let table: [String: ResolvedScalar] = {
        var t: [String: ResolvedScalar] = [:]
        for s in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { t[s] = .bool(true) }
        for s in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { t[s] = .bool(false) }
        for s in ["", "~", "null", "Null", "NULL"] { t[s] = .null }
        for s in [".nan", ".NaN", ".NAN"] { t[s] = .float(.nan) }
        for s in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { t[s] = .float(.infinity) }
        for s in ["-.inf", "-.Inf", "-.INF"] { t[s] = .float(-.infinity) }
        return t
    }()

    private static func tagOf(_ r: ResolvedScalar) -> String {
        switch r {
        case .null: return YAMLTag.null
        case .bool: return YAMLTag.bool
        case .int, .uint: return YAMLTag.int
        case .float: return YAMLTag.float
        case .string: return YAMLTag.str
        case .timestamp: return YAMLTag.timestamp
        }
    }

    /// go-yaml's resolve(tag, in): an empty tag means "plain, implicit". (`<<` resolves as a string
    /// here, since `<` is not in go-yaml's hint table; merge keys are recognised by the decoder.)
    static func resolve(tag: String, _ s: String) throws(YAMLError) -> ResolvedScalar {
        let resolvable =
            tag.isEmpty || tag == YAMLTag.str || tag == YAMLTag.bool || tag == YAMLTag.int
            || tag == YAMLTag.float || tag == YAMLTag.timestamp || tag == YAMLTag.null
        if !resolvable { return .string(s) }
        let result = plainResolve(tag: tag, s)
        let rtag = tagOf(result)
        if tag.isEmpty || tag == rtag || tag == YAMLTag.str || tag == YAMLTag.binary { return result }
        if tag == YAMLTag.float {
            if case .int(let i) = result { return .float(Double(i)) }
        }
        throw YAMLError("yaml: cannot decode \(YAMLTag.short(rtag)) `\(s)` as a \(YAMLTag.short(tag))")
    }

    private static func plainResolve(tag: String, _ s: String) -> ResolvedScalar {
        let utf8 = s.utf8
        let hint: UInt8
        if let first = utf8.first {
            switch first {
            case UInt8(ascii: "+"), UInt8(ascii: "-"): hint = UInt8(ascii: "S")
            case UInt8(ascii: "0")...UInt8(ascii: "9"): hint = UInt8(ascii: "D")
            case UInt8(ascii: "."): hint = UInt8(ascii: ".")
            case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"),
                UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"),
                UInt8(ascii: "~"):
                hint = UInt8(ascii: "M")
            default: hint = 0
            }
        } else {
            hint = UInt8(ascii: "N")
        }
        guard hint != 0, tag != YAMLTag.str else { return .string(s) }
        if let known = table[s] { return known }
        switch hint {
        case UInt8(ascii: "."):
            if let d = GoNumberSyntax.parseFloat(s) { return .float(d) }
        case UInt8(ascii: "D"), UInt8(ascii: "S"):
            if tag.isEmpty || tag == YAMLTag.timestamp, looksLikeTimestamp(s) { return .timestamp(s) }
            let plain = s.replacingUnderscores()
            if let i = GoNumberSyntax.parseInt(plain) { return .int(i) }
            if let u = GoNumberSyntax.parseUint(plain) { return .uint(u) }
            if GoNumberSyntax.isYAMLStyleFloat(plain), let d = GoNumberSyntax.parseFloat(plain) { return .float(d) }
        default: break
        }
        return .string(s)
    }

    /// go-yaml only tries time.Parse when the text starts with four digits and a dash.
    static func looksLikeTimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        guard i == 4, i < b.count, b[i] == UInt8(ascii: "-") else { return false }
        return TimestampSyntax.matches(b)
    }

    /// A string go-yaml would have to quote because YAML 1.1 readers take it for a sexagesimal float.
    static func isBase60Float(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard let c = b.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39),
            b.contains(UInt8(ascii: ":"))
        else { return false }
        // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
        var i = 0
        if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        func isDigit(_ j: Int) -> Bool { j < b.count && b[j] >= 0x30 && b[j] <= 0x39 }
        guard isDigit(i) else { return false }
        i += 1
        while i < b.count, isDigit(i) || b[i] == UInt8(ascii: "_") { i += 1 }
        var groups = 0
        while i < b.count, b[i] == UInt8(ascii: ":") {
            i += 1
            // [0-5]?[0-9]: one digit, or two digits with the first at most 5
            guard isDigit(i) else { return false }
            if isDigit(i + 1), b[i] <= UInt8(ascii: "5") { i += 2 } else { i += 1 }
            groups += 1
        }
        guard groups > 0 else { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(i) || b[i] == UInt8(ascii: "_") { i += 1 }
        }
        return i == b.count
    }
}

extension String {
    func replacingUnderscores() -> String {
        utf8.contains(UInt8(ascii: "_"))
            ? String(decoding: utf8.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self) : self
    }
}
