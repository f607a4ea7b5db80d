import ValueKit

/// Go's quoting helpers as template messages use them.
enum GoQuote {
    static func quote(_ s: String) -> String { GoSyntax.quote(s) }

    /// fmt's `%#U`: `U+0029 ')'`.
    static func unicodeDescription(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return GoSyntax.isPrint(scalar) ? "\(code) '\(scalar)'" : code
    }

    /// strconv.Unquote for the three literal forms the lexer produces.
    static func unquote(_ text: String) -> String? {
        let b = Array(text.unicodeScalars)
        guard b.count >= 2 else { return nil }
        let q = b[0]
        guard b[b.count - 1] == q else { return nil }
        if q == "`" {
            let inner = String(String.UnicodeScalarView(b[1..<(b.count - 1)]))
            return inner.unicodeScalars.contains("`") ? nil : inner.replacingCarriageReturns()
        }
        guard q == "\"" || q == "'" else { return nil }
        var out = String.UnicodeScalarView()
        var i = 1
        let end = b.count - 1
        while i < end {
            let c = b[i]
            if c == q { return nil }
            if c == "\n" { return nil }
            if c != "\\" {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < end else { return nil }
            let e = b[i]
            i += 1
            switch e {
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "\\": out.append("\\")
            case "'", "\"":
                guard e == q else { return nil }
                out.append(e)
            case "x", "u", "U":
                let width = e == "x" ? 2 : e == "u" ? 4 : 8
                guard i + width <= end else { return nil }
                guard let v = UInt32(String(String.UnicodeScalarView(b[i..<(i + width)])), radix: 16) else {
                    return nil
                }
                i += width
                if e == "x" {
                    // \xNN is a byte; bytes above 0x7F make invalid UTF-8, which Swift strings replace.
                    out.append(Unicode.Scalar(UInt8(v)))
                } else {
                    guard let scalar = Unicode.Scalar(v) else { return nil }
                    out.append(scalar)
                }
            case "0"..."7":
                guard i + 2 <= end, let v = UInt32(String(String.UnicodeScalarView(b[(i - 1)..<(i + 2)])), radix: 8),
                    v <= 255
                else {
                    return nil
                }
                i += 2
                out.append(Unicode.Scalar(UInt8(v)))
            default:
                return nil
            }
        }
        let result = String(out)
        if q == "'" && result.unicodeScalars.count != 1 { return nil }
        return result
    }
}

extension String {
    /// Raw strings drop carriage returns, as Go's strconv.Unquote does for backquoted text.
    func replacingCarriageReturns() -> String {
        unicodeScalars.contains("\r") ? String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\r" })) : self
    }
}
