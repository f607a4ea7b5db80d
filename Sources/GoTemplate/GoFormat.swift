#if canImport(Glibc)
import Glibc
#endif
import ValueKit

/// Go's fmt package over template values: Sprint, Sprintln, Sprintf and `%v` printing.
public enum GoFormat {
    /// fmt.Sprint: operands side by side, with a space between two operands when neither is a string.
    public static func sprint(_ args: [TemplateValue]) -> String {
        var out = ""
        var previousWasString = true
        for (i, a) in args.enumerated() {
            let isString: Bool
            if case .string = a { isString = true } else { isString = false }
            if i > 0 && !isString && !previousWasString { out += " " }
            out += value(a)
            previousWasString = isString
        }
        return out
    }

    /// fmt.Sprintln: always a space between operands, and a final newline.
    public static func sprintln(_ args: [TemplateValue]) -> String {
        args.map { value($0) }.joined(separator: " ") + "\n"
    }

    /// `%v` of one value.
    public static func value(_ v: TemplateValue) -> String {
        switch v {
        case .invalid: return "<invalid reflect.Value>"
        case .null(let t):
            switch t.kind {
            case .map: return "map[]"
            case .slice: return "[]"
            default: return "<nil>"
            }
        case .bool(let b): return b ? "true" : "false"
        case .int(let i, _): return String(i)
        case .uint(let u, _): return String(u)
        case .float(let d, let t): return t == .float32 ? GoFloat.shortestG32Plain(Float(d)) : GoFloat.shortestG(d)
        case .string(let s): return s
        case .list(let l): return "[" + l.items.map { value($0) }.joined(separator: " ") + "]"
        case .map(let m):
            return "map[" + m.sortedKeys.map { $0 + ":" + value(m.entries[$0]!) }.joined(separator: " ") + "]"
        case .object(let o): return o.formatted
        }
    }

    // MARK: Sprintf

    private struct Spec {
        var minus = false, plus = false, sharp = false, space = false, zero = false
        var width: Int?
        var precision: Int?
    }

    /// fmt.Sprintf, with fmt's `%!verb(type=value)` notes for mismatches.
    public static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        let f = Array(format.unicodeScalars)
        var out = ""
        var argIndex = 0
        var reordered = false
        var i = 0
        /// `[n]` picks the argument explicitly (1-based), as in `%[2]d`.
        func explicitIndex() -> Bool {
            guard i < f.count, f[i] == "[" else { return true }
            var j = i + 1
            var n = 0
            var digits = false
            while j < f.count, let d = Int(String(f[j])), f[j].isASCII {
                n = n * 10 + d
                digits = true
                j += 1
            }
            guard j < f.count, f[j] == "]", digits, n >= 1, n <= args.count else {
                // A bad index consumes through the closing bracket.
                while j < f.count && f[j] != "]" { j += 1 }
                i = min(j + 1, f.count)
                return false
            }
            argIndex = n - 1
            reordered = true
            i = j + 1
            return true
        }
        while i < f.count {
            let c = f[i]
            if c != "%" {
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            i += 1
            var spec = Spec()
            flags: while i < f.count {
                switch f[i] {
                case "-": spec.minus = true; spec.zero = false
                case "+": spec.plus = true
                case "#": spec.sharp = true
                case " ": spec.space = true
                case "0": spec.zero = !spec.minus
                default: break flags
                }
                i += 1
            }
            var goodIndex = explicitIndex()
            // width
            if i < f.count && f[i] == "*" {
                i += 1
                if argIndex < args.count, case .int(let w, _) = args[argIndex] {
                    spec.width = Int(w)
                    if w < 0 { spec.minus = true; spec.width = Int(-w); spec.zero = false }
                } else {
                    out += "%!(BADWIDTH)"
                }
                argIndex += 1
            } else {
                var w = 0
                var has = false
                while i < f.count, let d = f[i].properties.numericType == .decimal ? Int(String(f[i])) : nil {
                    w = w * 10 + d
                    has = true
                    i += 1
                }
                if has { spec.width = w }
            }
            if i < f.count && f[i] == "." {
                i += 1
                goodIndex = explicitIndex() && goodIndex
                if i < f.count && f[i] == "*" {
                    i += 1
                    if argIndex < args.count, case .int(let p, _) = args[argIndex] {
                        spec.precision = p < 0 ? nil : Int(p)
                    } else {
                        out += "%!(BADPREC)"
                    }
                    argIndex += 1
                } else {
                    var p = 0
                    while i < f.count, let d = f[i].properties.numericType == .decimal ? Int(String(f[i])) : nil {
                        p = p * 10 + d
                        i += 1
                    }
                    spec.precision = p
                }
            }
            if !reordered || i < f.count && f[i] == "[" { goodIndex = explicitIndex() && goodIndex }
            guard i < f.count else {
                out += "%!(NOVERB)"
                break
            }
            let verb = f[i]
            i += 1
            if verb == "%" {
                out += "%"
                continue
            }
            if !goodIndex {
                out += "%!\(verb)(BADINDEX)"
                continue
            }
            guard argIndex < args.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            let arg = args[argIndex]
            argIndex += 1
            out += formatOne(arg, verb: verb, spec: spec)
        }
        if !reordered && argIndex < args.count {
            out +=
                "%!(EXTRA "
                + args[argIndex...].map { a in
                    if case .null(let t) = a, t.kind == .interface { return "<nil>" }
                    return "\(a.typeName)=\(value(a))"
                }.joined(separator: ", ") + ")"
        }
        return out
    }

    private static func bad(_ verb: Unicode.Scalar, _ arg: TemplateValue) -> String {
        if case .null(let t) = arg, t.kind == .interface { return "%!\(verb)(<nil>)" }
        if case .invalid = arg { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(arg.typeName)=\(value(arg)))"
    }

    private static func pad(_ s: String, _ spec: Spec, zeroAllowed: Bool = false) -> String {
        guard let width = spec.width else { return s }
        let count = s.unicodeScalars.count
        if count >= width { return s }
        let padding = width - count
        if spec.minus { return s + String(repeating: " ", count: padding) }
        if spec.zero && zeroAllowed {
            // Zero padding goes after the sign.
            if let first = s.first, first == "-" || first == "+" || first == " " {
                return String(first) + String(repeating: "0", count: padding) + s.dropFirst()
            }
            return String(repeating: "0", count: padding) + s
        }
        return String(repeating: " ", count: padding) + s
    }

    /// `nested`: an element of a slice or map, where fmt prints a nil interface as `<nil>` whatever the verb.
    private static func formatOne(
        _ arg: TemplateValue, verb: Unicode.Scalar, spec: Spec, nested: Bool = false
    ) -> String {
        if verb == "T" { return pad(arg.typeName, spec) }
        if nested, verb != "v" {
            switch arg {
            case .invalid: return pad("<nil>", spec)
            case .null(let t) where t.kind == .interface: return pad("<nil>", spec)
            default: break
            }
        }
        if verb == "v" {
            if spec.sharp { return pad(GoSyntaxValue.sharpV(arg), spec) }
            switch arg {
            case .int, .uint, .float: break  // numbers honour flags below
            case .object(let o) where o is GoComplex: break
            default: return pad(spec.plus ? plusV(arg) : value(arg), spec)
            }
        }
        switch arg {
        case .bool(let b):
            guard verb == "t" || verb == "v" else { return bad(verb, arg) }
            return pad(b ? "true" : "false", spec)
        case .int(let i, _):
            return formatInteger(negative: i < 0, magnitude: i.magnitude, verb: verb, spec: spec, arg: arg)
        case .uint(let u, _):
            return formatInteger(negative: false, magnitude: u, verb: verb, spec: spec, arg: arg)
        case .float(let d, _):
            return formatFloat(d, verb: verb, spec: spec, arg: arg)
        case .string(let s):
            return formatString(Array(s.utf8), verb: verb, spec: spec, arg: arg)
        case .list(let l) where l.elementType == .uint8 && (verb == "s" || verb == "q" || verb == "x" || verb == "X"):
            let bytes = l.items.map { v -> UInt8 in
                if case .uint(let u, _) = v { return UInt8(truncatingIfNeeded: u) }; return 0
            }
            return formatString(bytes, verb: verb, spec: spec, arg: arg)
        case .list(let l):
            // The verb, flags, width and precision apply to each element.
            return "[" + l.items.map { formatOne($0, verb: verb, spec: spec, nested: true) }.joined(separator: " ")
                + "]"
        case .map(let m):
            return "map["
                + m.sortedKeys.map { k in
                    formatOne(.string(k), verb: verb, spec: spec, nested: true) + ":"
                        + formatOne(m.entries[k]!, verb: verb, spec: spec, nested: true)
                }.joined(separator: " ") + "]"
        case .invalid:
            return pad("%!\(verb)(<nil>)", spec)
        case .null(let t):
            if t.kind == .interface { return pad("%!\(verb)(<nil>)", spec) }
            return pad(value(arg), spec)
        case .object(let c as GoComplex):
            // fmt's fmtComplex: each part formatted with the verb, the imaginary one always signed.
            guard "vbgGxXfFeE".unicodeScalars.contains(verb) else { return bad(verb, arg) }
            let partVerb: Unicode.Scalar = verb == "v" ? "g" : verb
            var imaginary = spec
            imaginary.plus = true
            return "(" + formatFloat(c.real, verb: partVerb, spec: spec, arg: arg)
                + formatFloat(c.imaginary, verb: partVerb, spec: imaginary, arg: arg) + "i)"
        case .object(let o):
            return verb == "s" || verb == "v" || verb == "q"
                ? formatString(Array(o.formatted.utf8), verb: verb == "v" ? "s" : verb, spec: spec, arg: arg)
                : bad(verb, arg)
        }
    }

    private static func plusV(_ v: TemplateValue) -> String { value(v) }

    private static func formatInteger(
        negative: Bool, magnitude: UInt64, verb: Unicode.Scalar, spec: Spec, arg: TemplateValue
    ) -> String {
        var digits: String
        var prefix = ""
        switch verb {
        case "d", "v": digits = String(magnitude)
        case "x": digits = String(magnitude, radix: 16); if spec.sharp { prefix = "0x" }
        case "X": digits = String(magnitude, radix: 16, uppercase: true); if spec.sharp { prefix = "0X" }
        case "o": digits = String(magnitude, radix: 8); if spec.sharp { prefix = "0" }
        case "O": digits = String(magnitude, radix: 8); prefix = "0o"
        case "b": digits = String(magnitude, radix: 2)
        case "c":
            return pad(Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude)).map { String($0) } ?? "\u{FFFD}", spec)
        case "q":
            let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude)) ?? "\u{FFFD}"
            let quoted = GoSyntax.quote(String(scalar))
            let inner = quoted.dropFirst().dropLast().replacingOccurrences(of: "\\\"", with: "\"")
            return pad("'" + (scalar == "'" ? "\\'" : inner) + "'", spec)
        case "U":
            let hex = String(magnitude, radix: 16, uppercase: true)
            var s = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            if spec.sharp, let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude)), GoSyntax.isPrint(scalar)
            {
                s += " '\(scalar)'"
            }
            return pad(s, spec)
        default:
            return bad(verb, arg)
        }
        if let p = spec.precision {
            if p == 0 && magnitude == 0 { digits = "" }
            if digits.count < p { digits = String(repeating: "0", count: p - digits.count) + digits }
        }
        let sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : ""
        let body = sign + prefix + digits
        if spec.zero && spec.precision == nil, let width = spec.width, !spec.minus, body.count < width {
            return sign + prefix + String(repeating: "0", count: width - body.count) + digits
        }
        return pad(body, spec)
    }

    private static func formatFloat(
        _ d: Double, verb: Unicode.Scalar, spec: Spec, arg: TemplateValue, fromInteger: Bool = false
    ) -> String {
        var s: String
        if d.isInfinite || d.isNaN {
            guard "vgGfFeExX".unicodeScalars.contains(verb) else { return bad(verb, arg) }
            if d.isNaN {
                s = spec.plus ? "+NaN" : spec.space ? " NaN" : "NaN"
            } else {
                s = d < 0 ? "-Inf" : (spec.plus ? "+Inf" : spec.space ? " Inf" : "+Inf")
            }
            var unpadded = spec
            unpadded.zero = false
            return pad(s, unpadded)
        }
        switch verb {
        case "v", "g", "G":
            if let p = spec.precision {
                s = cFormat(d, "g", precision: p, sharp: spec.sharp)
                s = goExponent(s)
            } else {
                s = GoFloat.shortestG(d)
            }
            if verb == "G" { s = s.uppercased() }
        case "f", "F":
            s = d.isFinite ? cFormat(d, "f", precision: spec.precision ?? 6, sharp: spec.sharp) : GoFloat.shortestG(d)
        case "e", "E":
            if d.isFinite {
                s = goExponent(cFormat(d, "e", precision: spec.precision ?? 6, sharp: spec.sharp))
            } else {
                s = GoFloat.shortestG(d)
            }
            if verb == "E" { s = s.uppercased() }
        case "x", "X":
            s = hexFloat(d, upper: verb == "X", precision: spec.precision)
        case "b":
            return bad(verb, arg)
        default:
            return bad(verb, arg)
        }
        if d.isNaN { s = "NaN" }
        if spec.plus && !s.hasPrefix("-") && !s.hasPrefix("+") {
            s = "+" + s
        } else if spec.space && !s.hasPrefix("-") && !s.hasPrefix("+") {
            s = " " + s
        } else if !spec.plus && s.hasPrefix("+") && d.isInfinite {
            s = spec.space ? " " + s.dropFirst() : String(s.dropFirst())
        }
        return pad(s, spec, zeroAllowed: d.isFinite)
    }

    /// strconv's 'x' format: -0x1.8p+00.
    private static func hexFloat(_ d: Double, upper: Bool, precision: Int?) -> String {
        var out = d.sign == .minus ? "-" : ""
        out += "0x"
        if d == 0 { return out + "0p+00" }
        var exponent = Int(d.exponent)
        var significand = d.significandBitPattern
        if d.isSubnormal {
            // Normalise: shift until the implicit bit would be set.
            let shift = significand.leadingZeroBitCount - 11
            significand = (significand << UInt64(shift + 1)) & ((1 << 52) - 1)
            exponent = -1022 - (shift + 1)
        }
        var digits = String(significand, radix: 16)
        digits = String(repeating: "0", count: 13 - digits.count) + digits
        if let p = precision {
            digits = String(digits.prefix(p)) + String(repeating: "0", count: max(0, p - 13))
        } else {
            while digits.hasSuffix("0") { digits.removeLast() }
        }
        out += "1" + (digits.isEmpty ? "" : "." + digits)
        out += exponent < 0 ? "p-" : "p+"
        let e = abs(exponent)
        out += (e < 10 ? "0" : "") + String(e)
        return upper ? out.uppercased() : out
    }

    /// C writes at least two exponent digits, as Go does; only the form differs for three digits.
    private static func goExponent(_ s: String) -> String { s }

    private static func cFormat(_ d: Double, _ conversion: Character, precision: Int, sharp: Bool) -> String {
        let format = "%" + (sharp ? "#" : "") + ".\(precision)" + String(conversion)
        var buffer = [CChar](repeating: 0, count: 512 + precision)
        _ = format.withCString { f in withVaList([d]) { vsnprintf(&buffer, buffer.count, f, $0) } }
        return String(nulTerminated: buffer)
    }

    private static func formatString(_ bytes: [UInt8], verb: Unicode.Scalar, spec: Spec, arg: TemplateValue) -> String {
        var s = String(decoding: bytes, as: UTF8.self)
        switch verb {
        case "s", "v":
            if let p = spec.precision { s = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))) }
            return pad(s, spec)
        case "q":
            if let p = spec.precision { s = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))) }
            if spec.sharp && !s.contains("`") && s.unicodeScalars.allSatisfy({ $0 == "\t" || GoSyntax.isPrint($0) }) {
                return pad("`" + s + "`", spec)
            }
            return pad(spec.plus ? asciiQuote(s) : GoSyntax.quote(s), spec)
        case "x", "X":
            let hex = bytes.map { b -> String in
                let h = String(b, radix: 16, uppercase: verb == "X")
                return (h.count == 1 ? "0" : "") + h
            }
            var joined: String
            if spec.space {
                joined = hex.map { (spec.sharp ? (verb == "X" ? "0X" : "0x") : "") + $0 }.joined(separator: " ")
            } else {
                joined = (spec.sharp && !hex.isEmpty ? (verb == "X" ? "0X" : "0x") : "") + hex.joined()
            }
            if let p = spec.precision { joined = String(joined.prefix(p * 2)) }
            return pad(joined, spec)
        default:
            return bad(verb, arg)
        }
    }

    private static func asciiQuote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x80 {
                let q = GoSyntax.quote(String(scalar))
                out += q.dropFirst().dropLast()
            } else if scalar.value < 0x10000 {
                let h = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                let h = String(scalar.value, radix: 16)
                out += "\\U" + String(repeating: "0", count: 8 - h.count) + h
            }
        }
        return out + "\""
    }
}

/// `%#v` of template values, in Go syntax.
enum GoSyntaxValue {
    static func sharpV(_ v: TemplateValue) -> String {
        switch v {
        case .invalid: return "<invalid reflect.Value>"
        case .null(let t):
            switch t.kind {
            case .interface: return "<nil>"
            case .map, .slice: return "\(t.name)(nil)"
            default: return "(\(t.name))(nil)"
            }
        case .bool(let b): return b ? "true" : "false"
        case .int(let i, let t): return t == .int ? String(i) : "\(t.name)(\(i))"  // Go prints int64(3) only in nested contexts; see note
        case .uint(let u, let t): return "0x" + String(u, radix: 16) + (t == .uint8 ? "" : "")
        case .float(let d, _):
            let s = GoFloat.shortestG(d)
            return s.contains(".") || s.contains("e") || s.contains("Inf") || s.contains("NaN") ? s : s
        case .string(let s): return GoSyntax.quote(s)
        case .list(let l): return l.goType.name + "{" + l.items.map(sharpElement).joined(separator: ", ") + "}"
        case .map(let m):
            return m.goType.name + "{"
                + m.sortedKeys.map { GoSyntax.quote($0) + ":" + sharpElement(m.entries[$0]!) }.joined(separator: ", ")
                + "}"
        case .object(let o): return o.formatted
        }
    }

    private static func sharpElement(_ v: TemplateValue) -> String {
        if case .null(let t) = v, t.kind == .interface { return "interface {}(nil)" }
        if case .int(let i, let t) = v { return t == .int ? String(i) : String(i) }
        return sharpV(v)
    }
}

extension GoFloat {
    /// `%v` of a float32: its own shortest digits.
    static func shortestG32Plain(_ f: Float) -> String {
        if f.isNaN { return "NaN" }
        if f.isInfinite { return f < 0 ? "-Inf" : "+Inf" }
        let s = GoFloat.shortestG32(f)
        return s
    }
}

extension Substring {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        String(self).split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
