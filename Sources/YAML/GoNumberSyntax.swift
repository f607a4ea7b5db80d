/// Go's strconv number parsing as go-yaml v2 uses it: ParseInt/ParseUint with base 0 and ParseFloat.
enum GoNumberSyntax {
    /// strconv.ParseInt(s, 0, 64): optional sign, then `0x`, `0o`, `0b`, a leading `0` (octal) or decimal.
    static func parseInt(_ s: String) -> Int64? {
        var b = Substring(s).utf8[...]
        var negative = false
        if let f = b.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") {
            negative = f == UInt8(ascii: "-")
            b = b.dropFirst()
        }
        guard let magnitude = parseMagnitude(b) else { return nil }
        if negative {
            if magnitude <= UInt64(Int64.max) { return -Int64(magnitude) }
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            return nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// strconv.ParseUint(s, 0, 64): no sign allowed.
    static func parseUint(_ s: String) -> UInt64? {
        parseMagnitude(Substring(s).utf8[...])
    }

    private static func parseMagnitude(_ input: Substring.UTF8View.SubSequence) -> UInt64? {
        var b = Array(input)
        guard !b.isEmpty else { return nil }
        var base: UInt64 = 10
        if b[0] == UInt8(ascii: "0") && b.count > 1 {
            switch b[1] | 0x20 {
            case UInt8(ascii: "x"): base = 16; b.removeFirst(2)
            case UInt8(ascii: "o"): base = 8; b.removeFirst(2)
            case UInt8(ascii: "b"): base = 2; b.removeFirst(2)
            default: base = 8; b.removeFirst(1)
            }
            guard !b.isEmpty else { return nil }
        }
        var n: UInt64 = 0
        for c in b {
            let d: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(c - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): d = UInt64(c - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): d = UInt64(c - 0x41 + 10)
            default: return nil
            }
            guard d < base else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            n = a
        }
        return n
    }

    /// go-yaml's yamlStyleFloat: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLStyleFloat(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                _ = digits()
            }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }

    /// strconv.ParseFloat(s, 64) for decimal syntax; out-of-range values fail as in Go.
    static func parseFloat(_ s: String) -> Double? {
        guard isDecimalFloatSyntax(s), let d = Double(s) else { return nil }
        return d.isFinite ? d : nil
    }

    /// Decimal floats as Go spells them: sign, digits with an optional point, optional exponent.
    private static func isDecimalFloatSyntax(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        var sawDigits = false
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; sawDigits = true }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; sawDigits = true }
        }
        guard sawDigits else { return false }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = false
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; expDigits = true }
            guard expDigits else { return false }
        }
        return i == b.count
    }
}
