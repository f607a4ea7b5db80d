/// Go's `strconv.FormatFloat` for the shortest representation (precision -1), which `fmt`'s `%v`,
/// encoding/json and go-yaml all build on.
public enum GoFloat {
    /// `strconv.FormatFloat(d, format, -1, 64)` for format `g`, `e` or `f`.
    public static func format(_ d: Double, _ format: Character) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let digs = ShortestDecimal(d)
        let sign = digs.negative ? "-" : ""
        switch format {
        case "e": return sign + formatE(digs)
        case "f": return sign + formatF(digs)
        default: return shortestG(d)
        }
    }

    /// Go's `%v` for a float64 (`strconv.FormatFloat(d, 'g', -1, 64)`): `1e+06`, `0.1`, `3`.
    public static func shortestG(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let digs = ShortestDecimal(d)
        let sign = digs.negative ? "-" : ""
        let exp = digs.decimalPoint - 1
        // With the shortest precision Go picks %e or %f as if the precision were 6.
        if exp < -4 || exp >= 6 { return sign + formatE(digs) }
        return sign + formatF(digs)
    }

    static func formatE(_ digs: ShortestDecimal) -> String {
        var out = ""
        let d = digs.digits
        out.append(d.isEmpty ? "0" : String(UnicodeScalar(d[0])))
        if d.count > 1 {
            out.append(".")
            out.append(String(decoding: d[1...], as: UTF8.self))
        }
        let exp = d.isEmpty ? 0 : digs.decimalPoint - 1
        out.append(exp < 0 ? "e-" : "e+")
        let mag = abs(exp)
        if mag < 10 { out.append("0") }
        out.append(String(mag))
        return out
    }

    static func formatF(_ digs: ShortestDecimal) -> String {
        let d = digs.digits
        let dp = digs.decimalPoint
        var out = ""
        if dp > 0 {
            for i in 0..<dp { out.append(i < d.count ? Character(UnicodeScalar(d[i])) : "0") }
        } else {
            out = "0"
        }
        let frac = max(d.count - dp, 0)
        if frac > 0 {
            out.append(".")
            for i in 0..<frac {
                let j = dp + i
                out.append(j >= 0 && j < d.count ? Character(UnicodeScalar(d[j])) : "0")
            }
        }
        return out
    }
}

/// The shortest decimal digits that round-trip a finite double, as 0.DIGITS × 10^decimalPoint.
struct ShortestDecimal {
    var negative: Bool
    var digits: [UInt8]  // ASCII digits, no leading or trailing zeros; empty for zero
    var decimalPoint: Int

    init(_ d: Double) {
        self.init(description: d.description, negative: d.sign == .minus, isZero: d == 0)
    }

    /// Swift's description is the shortest round-tripping form, like Go's; only its layout differs.
    init(description: String, negative: Bool, isZero: Bool) {
        self.negative = negative
        digits = []
        decimalPoint = 0
        if isZero { return }
        var text = Array(description.utf8)
        if text.first == UInt8(ascii: "-") { text.removeFirst() }
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
        }
        var all: [UInt8] = []
        var pointAt: Int?
        for c in mantissa {
            if c == UInt8(ascii: ".") { pointAt = all.count } else { all.append(c) }
        }
        var dp = (pointAt ?? all.count) + exponent
        var start = 0
        while start < all.count && all[start] == UInt8(ascii: "0") {
            start += 1
            dp -= 1
        }
        var end = all.count
        while end > start && all[end - 1] == UInt8(ascii: "0") { end -= 1 }
        digits = Array(all[start..<end])
        decimalPoint = dp
    }
}

extension GoFloat {
    /// `strconv.FormatFloat(f, 'g', -1, 32)` with go-yaml's names for the special values, as
    /// sigs.k8s.io/yaml spells float map keys.
    public static func shortestG32(_ f: Float) -> String {
        if f.isNaN { return ".nan" }
        if f.isInfinite { return f < 0 ? "-.inf" : ".inf" }
        let digs = ShortestDecimal(description: f.description, negative: f.sign == .minus, isZero: f == 0)
        let sign = digs.negative ? "-" : ""
        let exp = digs.decimalPoint - 1
        if exp < -4 || exp >= 6 { return sign + formatE(digs) }
        return sign + formatF(digs)
    }
}
