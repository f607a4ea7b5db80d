import GoTemplate
import ValueKit

/// spf13/cast and Sprig's own coercions, which decide how loosely typed arguments become numbers and text.
enum Cast {
    /// Sprig's strval: strings as they are, everything else through fmt's `%v`.
    static func string(_ v: TemplateValue) -> String {
        switch v {
        case .string(let s): return s
        case .list(let l) where l.elementType == .uint8:
            return String(decoding: l.items.map { if case .uint(let u, _) = $0 { return UInt8(truncatingIfNeeded: u) }; return 0 }, as: UTF8.self)
        default: return GoFormat.value(v)
        }
    }

    /// cast.ToInt64: integers and floats (truncated), numeric strings (base prefixes, a ".0" tail), bools; else 0.
    static func int64(_ v: TemplateValue) -> Int64 {
        switch v {
        case .int(let i, _): return i
        case .uint(let u, _): return Int64(truncatingIfNeeded: u)
        case .float(let d, _): return truncate(d)
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return parseInteger(trimZeroDecimal(s)) ?? 0
        default: return 0
        }
    }

    /// Go's int64(float64): truncation toward zero; out-of-range values give the minimum int64 as on amd64.
    static func truncate(_ d: Double) -> Int64 {
        guard d.isFinite, d > -9.223372036854775808e18, d < 9.223372036854775808e18 else { return Int64.min }
        return Int64(d)
    }

    /// cast.ToFloat64: numbers, bools, strings through strconv.ParseFloat; else 0.
    static func float64(_ v: TemplateValue) -> Double {
        switch v {
        case .int(let i, _): return Double(i)
        case .uint(let u, _): return Double(u)
        case .float(let d, _): return d
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return parseFloat(s) ?? 0
        default: return 0
        }
    }

    /// cast's trimZeroDecimal: "12.00" → "12", other text unchanged.
    static func trimZeroDecimal(_ s: String) -> String {
        var foundZero = false
        let b = Array(s.utf8)
        var i = b.count
        while i > 0 {
            switch b[i - 1] {
            case UInt8(ascii: "."):
                if foundZero { return String(decoding: b[0..<(i - 1)], as: UTF8.self) }
            case UInt8(ascii: "0"):
                foundZero = true
            default:
                return s
            }
            i -= 1
        }
        return s
    }

    /// strconv.ParseInt(s, 0, 64).
    static func parseInteger(_ s: String) -> Int64? {
        var body = Substring(s)
        var negative = false
        if body.hasPrefix("+") || body.hasPrefix("-") {
            negative = body.hasPrefix("-")
            body = body.dropFirst()
        }
        var base = 10
        var prefixed = false
        if body.hasPrefix("0x") || body.hasPrefix("0X") { base = 16; body = body.dropFirst(2); prefixed = true }
        else if body.hasPrefix("0o") || body.hasPrefix("0O") { base = 8; body = body.dropFirst(2); prefixed = true }
        else if body.hasPrefix("0b") || body.hasPrefix("0B") { base = 2; body = body.dropFirst(2); prefixed = true }
        else if body.hasPrefix("0") && body.count > 1 { base = 8; body = body.dropFirst(); prefixed = true }
        guard !body.isEmpty else { return nil }
        var digits = String(body)
        if digits.contains("_") {
            guard prefixed || base == 10 else { return nil }
            if digits.hasPrefix("_") && !prefixed || digits.hasSuffix("_") || digits.contains("__") { return nil }
            if !prefixed { return nil }
            digits = digits.replacingOccurrencesOfUnderscore()
        }
        guard let magnitude = UInt64(digits, radix: base) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(bitPattern: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// strconv.ParseFloat(s, 64) for the spellings Go accepts (decimal, inf, nan).
    static func parseFloat(_ s: String) -> Double? {
        let lower = s.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eExXpP_abcdefABCDEF".contains($0)) }) else { return nil }
        guard let d = Double(s.replacingOccurrencesOfUnderscore()) else { return nil }
        return d.isFinite ? d : nil
    }

    /// Sprig's `empty`: zero values, empty collections, nil.
    static func isEmpty(_ v: TemplateValue) -> Bool {
        switch v {
        case .invalid, .null: return true
        case .bool(let b): return !b
        case .int(let i, _): return i == 0
        case .uint(let u, _): return u == 0
        case .float(let d, _): return d == 0
        case .string(let s): return s.isEmpty
        case .list(let l): return l.items.isEmpty
        case .map(let m): return m.entries.isEmpty
        case .object: return false
        }
    }

    /// reflect.TypeOf(v).Kind().String(), as kindOf prints it.
    static func kindName(_ v: TemplateValue) -> String {
        switch v {
        case .invalid, .null(_) where v.goType?.kind == .interface: return "invalid"
        case .bool: return "bool"
        case .int(_, let t), .uint(_, let t), .float(_, let t): return t.name
        case .string: return "string"
        case .list: return "slice"
        case .map: return "map"
        case .null(let t):
            switch t.kind {
            case .map: return "map"
            case .slice: return "slice"
            case .pointer: return "ptr"
            default: return "invalid"
            }
        case .object(let o):
            switch o.goType.kind {
            case .pointer: return "ptr"
            case .structure: return "struct"
            case .map: return "map"
            default: return "struct"
            }
        }
    }
}

extension String {
    func replacingOccurrencesOfUnderscore() -> String {
        contains("_") ? String(filter { $0 != "_" }) : self
    }
}

/// Shorthands for building Sprig's functions.
enum F {
    static func string(_ body: @escaping @Sendable (String) throws -> String) -> TemplateFunction {
        TemplateFunction([.string]) { .string(try body($0[0].stringValue ?? "")) }
    }

    static func string2(_ body: @escaping @Sendable (String, String) throws -> TemplateValue) -> TemplateFunction {
        TemplateFunction([.string, .string]) { try body($0[0].stringValue ?? "", $0[1].stringValue ?? "") }
    }

    static func intValue(_ v: TemplateValue) -> Int {
        if case .int(let i, _) = v { return Int(i) }
        return 0
    }
}

/// Bounds on what one function call may build, so hostile templates cannot exhaust memory.
enum SprigLimits {
    static let maxElements = 10_000_000
    static let maxBytes = 64 * 1024 * 1024

    static func check(elements: Int, _ name: String) throws {
        if elements > maxElements { throw FunctionError("\(name): result of \(elements) elements exceeds the limit of \(maxElements)") }
    }

    static func check(bytes: Int, _ name: String) throws {
        if bytes > maxBytes { throw FunctionError("\(name): result of \(bytes) bytes exceeds the limit of \(maxBytes)") }
    }
}
