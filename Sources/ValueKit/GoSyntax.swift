/// Go's `strconv.Quote` and `%#v` rendering of interface{} trees, as Go error messages show values.
public enum GoSyntax {
    /// url.QueryEscape: what `urlquery` prints and what client-go's query strings are made of.
    public static func queryEscape(_ s: String) -> String { percentEscape(s, spaceAsPlus: true) }

    /// Unreserved characters (letters, digits, `-_.~`) kept, every other byte as `%XX`; a space as `+`
    /// in queries, `%20` in path segments.
    public static func percentEscape(_ s: String, spaceAsPlus: Bool) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " ") where spaceAsPlus: out += "+"
            default: out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// strconv.CanBackquote: whether `s` can be written as a raw (back-quoted) Go string.
    public static func canBackquote(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { c in
            c != "`" && c.value != 0xFEFF && (c == "\t" || (c.value >= 0x20 && c.value != 0x7F))
        }
    }

    /// Go's %#q: back-quoted when it can be, else strconv.Quote.
    public static func backquoteOrQuote(_ s: String) -> String { canBackquote(s) ? "`\(s)`" : quote(s) }

    /// strconv.Quote: a double-quoted Go string literal, non-printable characters escaped.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isPrint(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    /// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    public static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    static func hex(_ v: UInt32, width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// `%#v` of a decoded value: `[]interface {}{"a", 1}`, `map[string]interface {}{"k":true}`.
    public static func sharpV(_ v: Value, interfaceMaps: Bool = false) -> String {
        switch v {
        case .null: return "interface {}(nil)"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return GoFloat.shortestG(d)
        case .string(let s): return quote(s)
        case .array(let a):
            return "[]interface {}{" + a.map { sharpV($0, interfaceMaps: interfaceMaps) }.joined(separator: ", ") + "}"
        case .map(let m):
            let prefix = interfaceMaps ? "map[interface {}]interface {}{" : "map[string]interface {}{"
            return prefix
                + m.sortedKeys.map { quote($0) + ":" + sharpV(m[$0] ?? .null, interfaceMaps: interfaceMaps) }
                .joined(separator: ", ") + "}"
        }
    }
}
