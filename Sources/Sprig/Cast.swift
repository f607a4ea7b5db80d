import GoTemplate
import ValueKit

/// spf13/cast and Sprig's own coercions, which decide how loosely typed arguments become numbers and text.
enum Cast {
    /// Sprig's strval: strings as they are, everything else through fmt's `%v`.
    static func string(_ v: TemplateValue) -> String {
        switch v {
        case .string(let s): return s
        case .list(let l) where l.elementType == .uint8:
            return String(
                decoding: l.items.map {
                    if case .uint(let u, _) = $0 { return UInt8(truncatingIfNeeded: u) }; return 0
                }, as: UTF8.self)
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

    /// strconv.ParseInt(s, 0, 64): base prefixes, and underscores where Go literals allow them.
    static func parseInteger(_ s: String) -> Int64? {
        var body = Substring(s)
        var negative = false
        if body.hasPrefix("+") || body.hasPrefix("-") {
            negative = body.hasPrefix("-")
            body = body.dropFirst()
        }
        guard underscoresOK(String(body)) else { return nil }
        var digits = body.filter { $0 != "_" }[...]
        var base = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            base = 16; digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0o") || digits.hasPrefix("0O") {
            base = 8; digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0b") || digits.hasPrefix("0B") {
            base = 2; digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0") && digits.count > 1 {
            base = 8; digits = digits.dropFirst()
        }
        guard !digits.isEmpty, let magnitude = UInt64(digits, radix: base) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(bitPattern: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// strconv's underscoreOK: underscores only between digits, or right after a base prefix.
    static func underscoresOK(_ s: String) -> Bool {
        guard s.contains("_") else { return true }
        let b = Array(s.utf8)
        var saw: UInt8 = UInt8(ascii: "^")
        var i = 0
        var hex = false
        if b.count >= 2, b[0] == UInt8(ascii: "0"), let c = Optional(b[1] | 0x20),
            c == UInt8(ascii: "x") || c == UInt8(ascii: "b") || c == UInt8(ascii: "o")
        {
            i = 2
            saw = UInt8(ascii: "0")
            hex = c == UInt8(ascii: "x")
        }
        while i < b.count {
            let c = b[i]
            let isDigit =
                (c >= 0x30 && c <= 0x39)
                || (hex && ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f")))
            if isDigit {
                saw = UInt8(ascii: "0")
            } else if c == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = UInt8(ascii: "_")
            } else {
                if saw == UInt8(ascii: "_") { return false }
                saw = UInt8(ascii: "!")
            }
            i += 1
        }
        return saw != UInt8(ascii: "_")
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
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eExXpP_abcdefABCDEF".contains($0)) }) else {
            return nil
        }
        // Hex floats need a binary exponent in Go; decimal text may not carry hex letters.
        if lower.contains("x") {
            guard lower.contains("p") else { return nil }
        } else if lower.contains(where: { "abcdf".contains($0) }) || lower.contains("p") {
            return nil
        }
        guard underscoresOK(s), let d = Double(s.replacingOccurrencesOfUnderscore()) else { return nil }
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
        case .invalid: return "invalid"
        case .null(_) where v.goType?.kind == .interface: return "invalid"
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
            case .complex: return "complex128"
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
        if elements > maxElements {
            throw FunctionError("\(name): result of \(elements) elements exceeds the limit of \(maxElements)")
        }
    }

    static func check(bytes: Int, _ name: String) throws {
        if bytes > maxBytes {
            throw FunctionError("\(name): result of \(bytes) bytes exceeds the limit of \(maxBytes)")
        }
    }
}
