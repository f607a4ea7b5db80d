/// A complex128, the value of a complex constant such as `1i` or `1+2i` in a template.
// @unchecked Sendable, sound: immutable: its stored properties are constants.
final class GoComplex: TemplateObject, @unchecked Sendable {
    let real: Double
    let imaginary: Double
    init(real: Double, imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }
    var goType: GoType { .complex128 }
    func field(_ name: String) -> TemplateValue? { nil }
    var isZero: Bool { real == 0 && imaginary == 0 }
    /// fmt's `%v`: `(re+imi)`, the imaginary part always signed.
    var formatted: String { GoFormat.sprintf("%v", [.object(self)]) }

    /// Reads a Go complex literal: `IMAGi` or `REAL±IMAGi` (each part any Go number syntax).
    static func parse(_ text: String) -> (real: Double, imaginary: Double)? {
        guard text.hasSuffix("i") else { return nil }
        let body = Array(text.dropLast().utf8)
        // The sign that splits the parts: the last + or - that is neither first nor after an exponent letter.
        var split: Int? = nil
        let isHex = body.count > 2 && body[0] == UInt8(ascii: "0") && (body[1] | 0x20) == UInt8(ascii: "x")
        for i in body.indices.dropFirst() where body[i] == UInt8(ascii: "+") || body[i] == UInt8(ascii: "-") {
            let before = body[i - 1] | 0x20
            if before == UInt8(ascii: "e") && !isHex || before == UInt8(ascii: "p") { continue }
            split = i
        }
        func number(_ bytes: ArraySlice<UInt8>) -> Double? {
            let s = String(decoding: bytes, as: UTF8.self)
            // Go reads an all-decimal part as decimal even with a leading 0 (073i is 73i).
            let digits = s.drop { $0 == "+" || $0 == "-" }
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) {
                return Double(String(s.filter { $0 != "_" }))
            }
            if let i = GoIntegerSyntax.parseSigned(s) { return Double(i) }
            if let u = GoIntegerSyntax.parseUnsigned(s) { return Double(u) }
            return GoIntegerSyntax.parseFloat(s)
        }
        guard let split else { return number(body[...]).map { (0, $0) } }
        guard let re = number(body[..<split]), let im = number(body[split...]) else { return nil }
        return (re, im)
    }
}
