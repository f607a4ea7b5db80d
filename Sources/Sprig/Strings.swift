import GoTemplate
import ValueKit

/// Sprig's string functions.
enum StringFunctions {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
    static func text(_ b: ArraySlice<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

    static var functions: [String: TemplateFunction] {
        [
            "hello": TemplateFunction([]) { _ in .string("Hello!") },
            "abbrev": TemplateFunction([.int, .string]) { a in .string(abbrev(F.intValue(a[0]), a[1].stringValue!)) },
            "abbrevboth": TemplateFunction([.int, .int, .string]) { a in
                let left = F.intValue(a[0]), right = F.intValue(a[1]), s = a[2].stringValue!
                if right < 4 || left > 0 && right < 7 { return .string(s) }
                return .string(abbreviateFull(s, left, right) ?? "")
            },
            "trunc": TemplateFunction([.int, .string]) { a in
                let c = F.intValue(a[0])
                let b = bytes(a[1].stringValue!)
                if c < 0 && b.count + c > 0 { return .string(text(b[(b.count + c)...])) }
                if c >= 0 && b.count > c { return .string(text(b[..<c])) }
                return a[1]
            },
            "trim": F.string { $0.trimmingGoSpace() },
            "upper": F.string { goMap($0, \.uppercaseMapping) },
            "lower": F.string { goMap($0, \.lowercaseMapping) },
            "title": F.string(title),
            "untitle": F.string { s in
                var out = String.UnicodeScalarView()
                var next = true
                for c in s.unicodeScalars {
                    if c.properties.isWhitespace {
                        next = true; out.append(c)
                    } else if next {
                        out.append(contentsOf: goMap(String(c), \.lowercaseMapping).unicodeScalars); next = false
                    } else {
                        out.append(c)
                    }
                }
                return String(out)
            },
            "substr": TemplateFunction([.int, .int, .string]) { a in
                let start = F.intValue(a[0]), end = F.intValue(a[1])
                let b = bytes(a[2].stringValue!)
                if start < 0 {
                    guard end >= 0 else { throw FunctionError("runtime error: slice bounds out of range [:\(end)]") }
                    guard end <= b.count else {
                        throw FunctionError("runtime error: slice bounds out of range [:\(end)] with length \(b.count)")
                    }
                    return .string(text(b[..<end]))
                }
                if end < 0 || end > b.count {
                    guard start <= b.count else {
                        throw FunctionError("runtime error: slice bounds out of range [\(start):\(b.count)]")
                    }
                    return .string(text(b[start...]))
                }
                guard start <= end else {
                    throw FunctionError("runtime error: slice bounds out of range [\(start):\(end)]")
                }
                return .string(text(b[start..<end]))
            },
            "repeat": TemplateFunction([.int, .string]) { a in
                let n = F.intValue(a[0])
                if n < 0 { throw FunctionError("strings: negative Repeat count") }
                try SprigLimits.check(bytes: n * a[1].stringValue!.utf8.count, "repeat")
                return .string(String(repeating: a[1].stringValue!, count: n))
            },
            "trimall": F.string2 { cut, s in .string(s.trimming(cutset: cut)) },
            "trimAll": F.string2 { cut, s in .string(s.trimming(cutset: cut)) },
            "trimSuffix": F.string2 { suffix, s in
                .string(!suffix.isEmpty && s.hasSuffix(suffix) ? String(s.utf8.dropLast(suffix.utf8.count))! : s)
            },
            "trimPrefix": F.string2 { prefix, s in
                .string(!prefix.isEmpty && s.hasPrefix(prefix) ? String(s.utf8.dropFirst(prefix.utf8.count))! : s)
            },
            "nospace": F.string { String(String.UnicodeScalarView($0.unicodeScalars.filter { !$0.isGoSpace })) },
            "initials": F.string { s in
                var out = String.UnicodeScalarView()
                var gap = true
                // goutils walks bytes, treating each as a rune.
                for b in s.utf8 {
                    let ch = Unicode.Scalar(b)
                    if ch.isGoSpace {
                        gap = true
                    } else if gap {
                        out.append(contentsOf: String(ch).unicodeScalars); gap = false
                    }
                }
                return String(out)
            },
            "swapcase": F.string(swapCase),
            "camelcase": F.string(camelCase),
            "snakecase": F.string { CaseConversion.convert($0, connector: "_") },
            "kebabcase": F.string { CaseConversion.convert($0, connector: "-") },
            "wrap": TemplateFunction([.int, .string]) { a in
                .string(wrap(a[1].stringValue!, F.intValue(a[0]), "\n", false))
            },
            "wrapWith": TemplateFunction([.int, .string, .string]) { a in
                .string(wrap(a[2].stringValue!, F.intValue(a[0]), a[1].stringValue!, true))
            },
            "contains": F.string2 { sub, s in .bool(s.containsBytes(sub)) },
            "hasPrefix": F.string2 { p, s in .bool(s.utf8.starts(with: p.utf8)) },
            "hasSuffix": F.string2 { p, s in .bool(s.utf8.reversed().starts(with: p.utf8.reversed())) },
            "quote": TemplateFunction([], variadic: .any) { args in
                .string(args.filter { !isNil($0) }.map { GoSyntax.quote(Cast.string($0)) }.joined(separator: " "))
            },
            "squote": TemplateFunction([], variadic: .any) { args in
                .string(args.filter { !isNil($0) }.map { "'" + GoFormat.value($0) + "'" }.joined(separator: " "))
            },
            "cat": TemplateFunction([], variadic: .any) { args in
                .string(args.filter { !isNil($0) }.map { GoFormat.value($0) }.joined(separator: " "))
            },
            "indent": TemplateFunction([.int, .string]) { a in .string(indent(F.intValue(a[0]), a[1].stringValue!)) },
            "nindent": TemplateFunction([.int, .string]) { a in
                .string("\n" + indent(F.intValue(a[0]), a[1].stringValue!))
            },
            "replace": TemplateFunction([.string, .string, .string]) { a in
                .string(replaceAll(a[2].stringValue!, a[0].stringValue!, a[1].stringValue!))
            },
            "plural": TemplateFunction([.string, .string, .int]) { a in F.intValue(a[2]) == 1 ? a[0] : a[1] },
            "toString": TemplateFunction([.any]) { .string(Cast.string($0[0])) },
            "split": F.string2 { sep, s in
                let parts = goSplit(s, sep, -1)
                var m: [String: TemplateValue] = [:]
                for (i, p) in parts.enumerated() { m["_\(i)"] = .string(p) }
                return .map(TemplateMap(m, valueType: .string))
            },
            "splitList": F.string2 { sep, s in .stringList(goSplit(s, sep, -1)) },
            "splitn": TemplateFunction([.string, .int, .string]) { a in
                let parts = goSplit(a[2].stringValue!, a[0].stringValue!, F.intValue(a[1]))
                var m: [String: TemplateValue] = [:]
                for (i, p) in parts.enumerated() { m["_\(i)"] = .string(p) }
                return .map(TemplateMap(m, valueType: .string))
            },
            "toStrings": TemplateFunction([.any]) { .stringList(stringSlice($0[0])) },
            "join": TemplateFunction([.string, .any]) { a in
                .string(stringSlice(a[1]).joined(separator: a[0].stringValue!))
            },
            "sortAlpha": TemplateFunction([.any]) { a in
                switch a[0] {
                case .list: return .stringList(stringSlice(a[0]).sorted(by: goStringLess))
                default: return .stringList([Cast.string(a[0])])
                }
            },
        ]
    }

    static func isNil(_ v: TemplateValue) -> Bool {
        switch v {
        case .invalid: return true
        case .null(let t): return t.kind == .interface
        default: return false
        }
    }

    /// Sprig's strslice.
    static func stringSlice(_ v: TemplateValue) -> [String] {
        switch v {
        case .list(let l):
            if l.elementType == .string { return l.items.map { $0.stringValue ?? "" } }
            return l.items.filter { !isNil($0) }.map(Cast.string)
        case .invalid: return []
        case .null(let t) where t.kind == .interface: return []
        case .null(let t) where t.kind == .slice: return []
        default: return [Cast.string(v)]
        }
    }

    static func indent(_ n: Int, _ s: String) -> String {
        if n > SprigLimits.maxBytes { return s }
        let pad = String(repeating: " ", count: max(n, 0))
        return pad + replaceAll(s, "\n", "\n" + pad)
    }

    /// strings.Replace(s, old, new, -1), including Go's rule for an empty `old`.
    static func replaceAll(_ s: String, _ old: String, _ new: String) -> String {
        if old.isEmpty {
            var out = new
            for c in s.unicodeScalars { out.unicodeScalars.append(c); out += new }
            return out
        }
        return s.replacingAllBytes(old, with: new)
    }

    /// strings.SplitN with Go's rules: empty separator splits into runes; n < 0 means all.
    static func goSplit(_ s: String, _ sep: String, _ n: Int) -> [String] {
        if n == 0 { return [] }
        if sep.isEmpty {
            var parts = s.unicodeScalars.map { String($0) }
            if n > 0 && parts.count > n {
                let head = parts.prefix(n - 1)
                let tail = parts.dropFirst(n - 1).joined()
                parts = Array(head) + [tail]
            }
            return parts
        }
        var parts: [String] = []
        var rest = Substring(s)
        while n < 0 || parts.count < n - 1, let r = rest.range(of: sep) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    static func abbrev(_ width: Int, _ s: String) -> String {
        if width < 4 { return s }
        return abbreviateFull(s, 0, width) ?? ""
    }

    static func abbreviateFull(_ str: String, _ offsetIn: Int, _ maxWidth: Int) -> String? {
        let b = bytes(str)
        if b.isEmpty { return "" }
        if maxWidth < 4 { return nil }
        if b.count <= maxWidth { return str }
        var offset = min(offsetIn, b.count)
        if b.count - offset < maxWidth - 3 { offset = b.count - (maxWidth - 3) }
        if offset <= 4 { return text(b[0..<(maxWidth - 3)]) + "..." }
        if maxWidth < 7 { return nil }
        if offset + maxWidth - 3 < b.count {
            return "..." + (abbreviateFull(text(b[offset...]), 0, maxWidth - 3) ?? "")
        }
        return "..." + text(b[(b.count - (maxWidth - 3))...])
    }

    /// strings.Title: upper-cases the first letter of each word (words split at non-letters/digits).
    static func title(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for c in s.unicodeScalars {
            if isTitleSeparator(previous) {
                out.append(contentsOf: titleCase(c))
            } else {
                out.append(c)
            }
            previous = c
        }
        return String(out)
    }

    private static func isTitleSeparator(_ r: Unicode.Scalar) -> Bool {
        if r.value <= 0x7F {
            switch r {
            case "0"..."9", "a"..."z", "A"..."Z", "_": return false
            default: return true
            }
        }
        if r.properties.isAlphabetic || r.properties.numericType != nil { return false }
        return r.properties.isWhitespace
    }

    static func swapCase(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var whitespace = true
        for c in s.unicodeScalars {
            let p = c.properties
            if p.isUppercase {
                out.append(contentsOf: goMap(String(c), \.lowercaseMapping).unicodeScalars); whitespace = false
            } else if p.generalCategory == .titlecaseLetter {
                out.append(contentsOf: goMap(String(c), \.lowercaseMapping).unicodeScalars); whitespace = false
            } else if p.isLowercase {
                if whitespace {
                    out.append(contentsOf: titleCase(c))
                    whitespace = false
                } else {
                    out.append(contentsOf: goMap(String(c), \.uppercaseMapping).unicodeScalars)
                }
            } else {
                whitespace = c.isGoSpace
                out.append(c)
            }
        }
        return String(out)
    }

    private static func isConnector(_ r: Unicode.Scalar) -> Bool { r == "-" || r == "_" || r.isGoSpace }

    /// xstrings.ToCamelCase.
    static func camelCase(_ s: String) -> String {
        var scalars = s.unicodeScalars[...]
        var out = String.UnicodeScalarView()
        var r0: Unicode.Scalar = " "
        var found = false
        while let c = scalars.first {
            scalars = scalars.dropFirst()
            if !isConnector(c) {
                r0 = upper(c)
                found = true
                break
            }
            out.append(c)
        }
        if scalars.isEmpty {
            if found { out.append(r0) }
            return String(out)
        }
        while let c = scalars.first {
            scalars = scalars.dropFirst()
            let r1 = r0
            r0 = c
            if isConnector(r0) && isConnector(r1) {
                out.append(r1)
                continue
            }
            if isConnector(r1) {
                r0 = upper(r0)
            } else {
                r0 = lower(r0)
                out.append(r1)
            }
        }
        out.append(r0)
        return String(out)
    }

    private static func upper(_ c: Unicode.Scalar) -> Unicode.Scalar {
        goMap(String(c), \.uppercaseMapping).unicodeScalars.first ?? c
    }
    private static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        goMap(String(c), \.lowercaseMapping).unicodeScalars.first ?? c
    }

    /// goutils.WrapCustom.
    static func wrap(_ str: String, _ wrapLengthIn: Int, _ newLine: String, _ wrapLongWords: Bool) -> String {
        let b = bytes(str)
        if b.isEmpty { return "" }
        let nl = newLine.isEmpty ? "\n" : newLine
        let wrapLength = max(wrapLengthIn, 1)
        var offset = 0
        var out = ""
        while b.count - offset > wrapLength {
            if b[offset] == UInt8(ascii: " ") {
                offset += 1
                continue
            }
            let end = wrapLength + offset + 1
            let window = b[offset..<min(end, b.count)]
            let lastSpace = window.lastIndex(of: UInt8(ascii: " "))
            if let space = lastSpace {
                out += text(b[offset..<space]) + nl
                offset = space + 1
            } else if wrapLongWords {
                out += text(b[offset..<(wrapLength + offset)]) + nl
                offset += wrapLength
            } else {
                if let next = b[(wrapLength + offset)...].firstIndex(of: UInt8(ascii: " ")) {
                    out += text(b[offset..<next]) + nl
                    offset = next + 1
                } else {
                    out += text(b[offset...])
                    offset = b.count
                }
            }
        }
        out += text(b[offset...])
        return out
    }
}

extension String {
    /// strings.Trim with a cutset.
    func trimming(cutset: String) -> String {
        let set = Set(cutset.unicodeScalars)
        var s = unicodeScalars[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(String.UnicodeScalarView(s))
    }
}

/// unicode.ToTitle for one scalar (Swift's titlecase mapping).
func titleCase(_ c: Unicode.Scalar) -> String.UnicodeScalarView {
    let mapped = c.properties.titlecaseMapping.unicodeScalars
    return mapped.count == 1 ? mapped : String(c).unicodeScalars
}

/// Go's strings.ToUpper/ToLower map rune by rune with the simple (one-to-one) case mapping, so
/// "ß" stays "ß" where Swift's full mapping gives "SS".
func goMap(_ s: String, _ mapping: KeyPath<Unicode.Scalar.Properties, String>) -> String {
    // ASCII text (most of what charts case-convert) maps byte by byte.
    let upper = mapping == \Unicode.Scalar.Properties.uppercaseMapping
    if upper || mapping == \Unicode.Scalar.Properties.lowercaseMapping, s.utf8.allSatisfy({ $0 < 0x80 }) {
        let (from, to): (UInt8, UInt8) = upper ? (0x61, 0x7A) : (0x41, 0x5A)
        return String(decoding: s.utf8.map { $0 >= from && $0 <= to ? $0 ^ 0x20 : $0 }, as: UTF8.self)
    }
    var out = String.UnicodeScalarView()
    for c in s.unicodeScalars {
        let mapped = c.properties[keyPath: mapping].unicodeScalars
        if mapped.count == 1 { out.append(mapped.first!) } else { out.append(c) }
    }
    return String(out)
}
