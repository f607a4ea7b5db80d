/// go-yaml v2's order for string map keys when it encodes: letters sort after other characters,
/// and runs of digits compare by numeric value, so `a2` comes before `a10`.
enum KeyOrder {
    /// Sorts keys, converting each to scalars once rather than on every comparison.
    static func sorted(_ keys: [String]) -> [String] {
        if keys.count < 2 { return keys }
        let prepared = keys.map { ($0, Array($0.unicodeScalars)) }
        return prepared.sorted { less($0.1, $1.1) }.map(\.0)
    }

    static func less(_ a: String, _ b: String) -> Bool {
        less(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    static func less(_ ar: [Unicode.Scalar], _ br: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] {
                i += 1
                continue
            }
            let al = isLetter(ar[i])
            let bl = isLetter(br[i])
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an: Int64 = 0
            var bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" {
                        an = 1
                        bn = 1
                        break
                    }
                    j -= 1
                }
            }
            var ai = i
            while ai < ar.count && isDigit(ar[ai]) {
                an = an &* 10 &+ Int64(digitValue(ar[ai]))
                ai += 1
            }
            var bi = i
            while bi < br.count && isDigit(br[bi]) {
                bn = bn &* 10 &+ Int64(digitValue(br[bi]))
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    /// unicode.IsLetter: general categories Lu, Ll, Lt, Lm, Lo.
    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7a }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// unicode.IsDigit: category Nd.
    private static func isDigit(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s.value >= 0x30 && s.value <= 0x39 }
        return s.properties.generalCategory == .decimalNumber
    }

    /// Go computes `rune - '0'` even for non-ASCII digits; keep that arithmetic.
    private static func digitValue(_ s: Unicode.Scalar) -> Int64 {
        Int64(s.value) - 0x30
    }
}
