/// Go's `encoding/json.Marshal` for `Value` trees: sorted keys, HTML-safe escaping, Go float layout.
public enum GoJSONEncoder {
    /// Errors carry Go's message text, e.g. `json: unsupported value: +Inf`.
    public struct EncodingError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static func encode(_ value: Value, escapeHTML: Bool = true) throws(EncodingError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try write(value, into: &out, escapeHTML: escapeHTML)
        return String(decoding: out, as: UTF8.self)
    }

    /// json.MarshalIndent(v, "", indent): one member per line, empty objects and arrays kept as `{}`/`[]`.
    public static func encode(_ value: Value, indent: String, escapeHTML: Bool = true) throws(EncodingError) -> String {
        var out: [UInt8] = []
        try writeIndented(value, into: &out, indent: Array(indent.utf8), depth: 0, escapeHTML: escapeHTML)
        return String(decoding: out, as: UTF8.self)
    }

    private static func newline(_ out: inout [UInt8], _ indent: [UInt8], _ depth: Int) {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { out.append(contentsOf: indent) }
    }

    static func writeIndented(
        _ value: Value, into out: inout [UInt8], indent: [UInt8], depth: Int, escapeHTML: Bool
    ) throws(EncodingError) {
        switch value {
        case .array(let a) where !a.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, depth + 1)
                try writeIndented(e, into: &out, indent: indent, depth: depth + 1, escapeHTML: escapeHTML)
            }
            newline(&out, indent, depth)
            out.append(UInt8(ascii: "]"))
        case .map(let m) where !m.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (i, k) in m.sortedKeys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, depth + 1)
                writeString(k, into: &out, escapeHTML: escapeHTML)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                try writeIndented(m[k] ?? .null, into: &out, indent: indent, depth: depth + 1, escapeHTML: escapeHTML)
            }
            newline(&out, indent, depth)
            out.append(UInt8(ascii: "}"))
        default:
            try write(value, into: &out, escapeHTML: escapeHTML)
        }
    }

    static func write(_ value: Value, into out: inout [UInt8], escapeHTML: Bool) throws(EncodingError) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .float(let d): out.append(contentsOf: try formatFloat(d).utf8)
        case .string(let s): writeString(s, into: &out, escapeHTML: escapeHTML)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(e, into: &out, escapeHTML: escapeHTML)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let m):
            out.append(UInt8(ascii: "{"))
            for (i, k) in m.sortedKeys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(k, into: &out, escapeHTML: escapeHTML)
                out.append(UInt8(ascii: ":"))
                try write(m[k] ?? .null, into: &out, escapeHTML: escapeHTML)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// encoding/json's float layout: `%f` between 1e-6 and 1e21, `%e` outside, with `e-07` shortened to `e-7`.
    public static func formatFloat(_ d: Double) throws(EncodingError) -> String {
        if d.isNaN || d.isInfinite {
            throw EncodingError(description: "json: unsupported value: \(GoFloat.shortestG(d))")
        }
        let magnitude = abs(d)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            var s = Array(GoFloat.format(d, "e").utf8)
            let n = s.count
            if n >= 4 && s[n - 4] == UInt8(ascii: "e") && s[n - 3] == UInt8(ascii: "-") && s[n - 2] == UInt8(ascii: "0")
            {
                s[n - 2] = s[n - 1]
                s.removeLast()
            }
            return String(decoding: s, as: UTF8.self)
        }
        return GoFloat.format(d, "f")
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, into out: inout [UInt8], escapeHTML: Bool) {
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\")); out.append(b)
                case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    if escapeHTML { appendUnicodeEscape(v, into: &out) } else { out.append(b) }
                default:
                    if b < 0x20 { appendUnicodeEscape(v, into: &out) } else { out.append(b) }
                }
            } else if v == 0x2028 || v == 0x2029 {
                appendUnicodeEscape(v, into: &out)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendUnicodeEscape(_ v: UInt32, into out: inout [UInt8]) {
        out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hex[Int((v >> UInt32(shift)) & 0xF)])
        }
    }
}
