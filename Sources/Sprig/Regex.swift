import Foundation
import GoTemplate
import ValueKit

/// A pattern compiled for Sprig: run in Go's own order on PatternMatcher when its syntax fits that
/// matcher and the text is small enough for it; on ICU (NSRegularExpression) otherwise.
struct SprigRegex {
    let pattern: String
    let own: PatternMatcher?
    /// The ICU form, compiled when the pattern needed it to be validated.
    let compiledICU: NSRegularExpression?
    /// Program × text bits PatternMatcher takes on here (128 kB of visited set per search).
    static let budget = 1 << 20

    /// The Go-order engine for this text, if it can take it.
    func own(for s: String) -> GoRegexp? {
        guard let own, own.fits(textLength: s.utf8.count, budget: Self.budget) else { return nil }
        return GoRegexp(matcher: own)
    }

    /// ICU's form: the one compiled at validation, or (for a text too long for PatternMatcher) now.
    func icu() throws -> NSRegularExpression { try compiledICU ?? RegexFunctions.icuCompile(pattern) }

    /// Go's MatchString on the engine that takes this text.
    func matchString(_ s: String) throws -> Bool {
        if let own = own(for: s) { return own.matcher.firstMatch(in: Array(s.utf8)) != nil }
        return try icu().firstMatch(in: s, range: NSRange(location: 0, length: (s as NSString).length)) != nil
    }
}

/// Go's regexp for callers outside Sprig (values.schema.json `pattern`).
public enum GoRegex {
    /// Whether `pattern` matches somewhere in `s` (Go's MatchString); nil when Go would refuse the
    /// pattern or ICU cannot read it.
    public static func matches(_ pattern: String, _ s: String) -> Bool? {
        try? RegexFunctions.compile(pattern).matchString(s)
    }
}

/// Sprig's regular-expression functions. Patterns Go accepts run in Go's leftmost-first order on
/// PatternMatcher when their syntax fits it, otherwise on ICU (NSRegularExpression), whose readings
/// of RE2 syntax that differ are listed in docs/chart.md.
enum RegexFunctions {
    static func compile(_ pattern: String) throws -> SprigRegex {
        if let problem = RE2Syntax.error(in: pattern) { throw FunctionError(problem) }
        if let own = PatternMatcher(compiling: pattern) {
            return SprigRegex(pattern: pattern, own: own, compiledICU: nil)
        }
        return SprigRegex(pattern: pattern, own: nil, compiledICU: try icuCompile(pattern))
    }

    static func icuCompile(_ pattern: String) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: icuPattern(pattern))
        } catch {
            // A Unicode class name Go does not know either (RE2Syntax accepts script names by shape).
            if let unknown = unknownUnicodeClass(in: pattern) {
                throw FunctionError("error parsing regexp: invalid character class range: `\(unknown)`")
            }
            throw FunctionError("error parsing regexp: invalid or unsupported Perl syntax: `\(pattern)`")
        }
    }

    /// An RE2 pattern (already checked by RE2Syntax) spelled for ICU: `(?P<name>` is `(?<name>`, `\pL` is
    /// `\p{L}`, Go's octal escapes (`\0`, `\012`) are `\x{…}`, a brace that does not start a repeat is a
    /// literal (RE2) and must be escaped (ICU), and the empty pattern is an empty group.
    static func icuPattern(_ pattern: String) -> String {
        let c = Array(pattern.unicodeScalars)
        var out = ""
        var i = 0
        var inClass = false
        func isDigit(_ k: Int) -> Bool { k < c.count && c[k] >= "0" && c[k] <= "9" }
        /// The end (index after `}`) of a repeat `{n}`, `{n,}`, `{n,m}` starting at `k`, if it is one.
        func repeatEnd(_ k: Int) -> Int? {
            var j = k + 1
            guard isDigit(j) else { return nil }
            while isDigit(j) { j += 1 }
            if j < c.count && c[j] == "," {
                j += 1
                while isDigit(j) { j += 1 }
            }
            return j < c.count && c[j] == "}" ? j + 1 : nil
        }
        /// An empty-width assertion followed by a repetition (RE2 allows it, ICU does not): at least one
        /// repeat is the assertion itself, zero or more is nothing. Nil when no repetition follows.
        func repeatedAssertion(_ assertion: String, after k: Int) -> (String, Int)? {
            guard k < c.count else { return nil }
            var minimum: Int, end: Int
            switch c[k] {
            case "*", "?": (minimum, end) = (0, k + 1)
            case "+": (minimum, end) = (1, k + 1)
            case "{":
                guard let close = repeatEnd(k) else { return nil }
                let body = String(String.UnicodeScalarView(c[(k + 1)..<(close - 1)]))
                minimum = Int(body.split(separator: ",", omittingEmptySubsequences: false).first ?? "") ?? 0
                end = close
            default: return nil
            }
            if end < c.count && c[end] == "?" { end += 1 }
            return (minimum == 0 ? "(?:)" : assertion, end)
        }
        while i < c.count {
            let ch = c[i]
            if ch == "\\" && i + 1 < c.count {
                let next = c[i + 1]
                if (next == "p" || next == "P") && i + 2 < c.count {
                    if c[i + 2] != "{" {
                        out += "\\\(next){\(c[i + 2])}"
                        i += 3
                    } else {
                        // `\p{Name}` as it is, braces included.
                        let end = (i + 2..<c.count).first { c[$0] == "}" } ?? (c.count - 1)
                        for k in i...end { out.unicodeScalars.append(c[k]) }
                        i = end + 1
                    }
                    continue
                }
                if !inClass && "AzbB".unicodeScalars.contains(next),
                    let (text, end) = repeatedAssertion("\\" + String(next), after: i + 2)
                {
                    out += text
                    i = end
                    continue
                }
                if next >= "0" && next <= "7" {
                    // Go: an octal escape of up to three digits.
                    var j = i + 1, value = 0
                    while j < c.count && j < i + 4 && c[j] >= "0" && c[j] <= "7" {
                        value = value * 8 + Int(c[j].value - 48); j += 1
                    }
                    out += "\\x{" + String(value, radix: 16) + "}"
                    i = j
                    continue
                }
                out.unicodeScalars.append(ch)
                out.unicodeScalars.append(next)
                i += 2
                continue
            }
            if inClass {
                if ch == "]" {
                    inClass = false
                } else if ch == "[" {
                    // `[:alpha:]` is a POSIX class in both; any other `[` is a literal in RE2 and a nested set in ICU.
                    if i + 1 < c.count && c[i + 1] == ":",
                        let end = (i + 2..<c.count).first(where: { c[$0] == "]" && c[$0 - 1] == ":" })
                    {
                        for k in i...end { out.unicodeScalars.append(c[k]) }
                        i = end + 1
                        continue
                    }
                    out += "\\["
                    i += 1
                    continue
                } else if ch == "&" || ch == "{" || ch == "}" || ch == "$" || ch == "^" {
                    // ICU set syntax gives these meanings (intersection, properties, anchors) RE2 does not.
                    out += "\\" + String(ch)
                    i += 1
                    continue
                }
                out.unicodeScalars.append(ch)
                i += 1
                continue
            }
            if ch == "^" || ch == "$", let (text, end) = repeatedAssertion(String(ch), after: i + 1) {
                out += text
                i = end
                continue
            }
            if ch == "[" {
                inClass = true
                out.unicodeScalars.append(ch)
                i += 1
                // A `]` right after `[` or `[^` is a literal member.
                if i < c.count && c[i] == "^" { out += "^"; i += 1 }
                if i < c.count && c[i] == "]" { out += "\\]"; i += 1 }
                continue
            }
            if ch == "(" && i + 2 < c.count && c[i + 1] == "?" && c[i + 2] == "P" && i + 3 < c.count && c[i + 3] == "<"
            {
                out += "(?<"
                i += 4
                continue
            }
            if ch == "{" {
                if let end = repeatEnd(i) {
                    for k in i..<end { out.unicodeScalars.append(c[k]) }
                    i = end
                } else {
                    out += "\\{"
                    i += 1
                }
                continue
            }
            if ch == "}" {
                out += "\\}"
                i += 1
                continue
            }
            out.unicodeScalars.append(ch)
            i += 1
        }
        return out.isEmpty ? "(?:)" : out
    }

    /// The first `\p{Name}` / `\P{Name}` of the pattern whose name ICU does not know.
    static func unknownUnicodeClass(in pattern: String) -> String? {
        guard let finder = try? NSRegularExpression(pattern: #"\\[pP]\{\^?([A-Za-z_]+)\}"#) else { return nil }
        let ns = pattern as NSString
        for match in finder.matches(in: pattern, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: match.range(at: 1))
            if (try? NSRegularExpression(pattern: "\\p{\(name)}")) == nil { return ns.substring(with: match.range) }
        }
        return nil
    }

    static func matches(_ re: NSRegularExpression, _ s: String, limit: Int) -> [String] {
        let ns = s as NSString
        var out: [String] = []
        for m in re.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
            if limit >= 0 && out.count >= limit { break }
            out.append(ns.substring(with: m.range))
        }
        return out
    }

    /// Go's Regexp.Expand template syntax ($1, ${1}, $name, $$) turned into a literal per match.
    static func replace(_ re: NSRegularExpression, _ s: String, _ replacement: String, literal: Bool) -> String {
        let ns = s as NSString
        var out = ""
        var last = 0
        for m in re.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += literal ? replacement : expand(replacement, group: icuGroup(m, ns))
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// ICU's group text for a `$name` / `${n}` of the replacement template.
    private static func icuGroup(_ m: NSTextCheckingResult, _ ns: NSString) -> (String) -> String {
        { name in
            if let n = Int(name) {
                guard n < m.numberOfRanges else { return "" }
                let r = m.range(at: n)
                return r.location == NSNotFound ? "" : ns.substring(with: r)
            }
            let r = m.range(withName: name)
            return r.location == NSNotFound ? "" : ns.substring(with: r)
        }
    }

    /// PatternMatcher's group text for a `$name` / `${n}` of the replacement template.
    static func ownGroup(
        _ groups: PatternMatcher.Groups, _ bytes: [UInt8], _ names: [String: Int]
    ) -> (String) -> String {
        { name in
            guard let n = Int(name) ?? names[name], n < groups.count, let r = groups[n] else { return "" }
            return String(decoding: bytes[r], as: UTF8.self)
        }
    }

    /// Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$` in `template`.
    static func expand(_ template: String, group: (String) -> String) -> String {
        let t = Array(template.unicodeScalars)
        var out = ""
        var i = 0
        while i < t.count {
            if t[i] != "$" || i + 1 >= t.count {
                out.unicodeScalars.append(t[i])
                i += 1
                continue
            }
            if t[i + 1] == "$" {
                out += "$"
                i += 2
                continue
            }
            if t[i + 1] == "{" {
                if let close = t[(i + 2)...].firstIndex(of: "}") {
                    out += group(String(String.UnicodeScalarView(t[(i + 2)..<close])))
                    i = close + 1
                    continue
                }
                out += "$"
                i += 1
                continue
            }
            var j = i + 1
            while j < t.count, t[j] == "_" || t[j].properties.isAlphabetic || t[j].properties.numericType == .decimal {
                j += 1
            }
            if j == i + 1 {
                out += "$"
                i += 1
                continue
            }
            out += group(String(String.UnicodeScalarView(t[(i + 1)..<j])))
            i = j
        }
        return out
    }

    /// Go's Regexp.Split.
    static func split(_ re: NSRegularExpression, _ s: String, _ n: Int) -> [String] {
        if n == 0 { return [] }
        let ns = s as NSString
        if re.pattern.isEmpty || ns.length == 0 { return n == 0 ? [] : [s] }
        var out: [String] = []
        var beg = 0
        var end = 0
        let matches = re.matches(in: s, range: NSRange(location: 0, length: ns.length))
        for m in matches {
            if n > 0 && out.count == n - 1 { break }
            end = m.range.location
            if m.range.location + m.range.length != 0 {
                out.append(ns.substring(with: NSRange(location: beg, length: end - beg)))
            }
            beg = m.range.location + m.range.length
        }
        if end != ns.length { out.append(ns.substring(from: beg)) }
        return out
    }

    static var functions: [String: TemplateFunction] {
        var f: [String: TemplateFunction] = [:]
        let match: @Sendable ([TemplateValue]) throws -> TemplateValue = { a in
            .bool(try compile(a[0].stringValue!).matchString(a[1].stringValue!))
        }
        f["regexMatch"] = TemplateFunction([.string, .string]) { a in (try? match(a)) ?? .bool(false) }
        f["mustRegexMatch"] = TemplateFunction([.string, .string], match)
        let findAll: @Sendable (SprigRegex, String, Int) throws -> [String] = { re, s, limit in
            if let own = re.own(for: s) { return own.findAll(s, limit: limit) }
            return matches(try re.icu(), s, limit: limit)
        }
        let findAllBody: @Sendable ([TemplateValue]) throws -> TemplateValue = { a in
            .stringList(try findAll(try compile(a[0].stringValue!), a[1].stringValue!, F.intValue(a[2])))
        }
        f["regexFindAll"] = TemplateFunction([.string, .string, .int]) { a in (try? findAllBody(a)) ?? .stringList([]) }
        f["mustRegexFindAll"] = TemplateFunction([.string, .string, .int], findAllBody)
        let find: @Sendable ([TemplateValue]) throws -> TemplateValue = { a in
            .string(try findAll(try compile(a[0].stringValue!), a[1].stringValue!, 1).first ?? "")
        }
        f["regexFind"] = TemplateFunction([.string, .string]) { a in (try? find(a)) ?? .string("") }
        f["mustRegexFind"] = TemplateFunction([.string, .string], find)
        for literal in [false, true] {
            let name = literal ? "regexReplaceAllLiteral" : "regexReplaceAll"
            let body: @Sendable ([TemplateValue]) throws -> TemplateValue = { a in
                let re = try compile(a[0].stringValue!)
                let s = a[1].stringValue!, replacement = a[2].stringValue!
                if let own = re.own(for: s) {
                    return .string(
                        own.replaceAll(s) { groups, bytes in
                            literal
                                ? replacement
                                : expand(replacement, group: ownGroup(groups, bytes, own.matcher.groupNames))
                        })
                }
                return .string(replace(try re.icu(), s, replacement, literal: literal))
            }
            f[name] = TemplateFunction([.string, .string, .string]) { a in (try? body(a)) ?? .string("") }
            f["must" + name.prefix(1).uppercased() + name.dropFirst()] = TemplateFunction(
                [.string, .string, .string], body)
        }
        let splitBody: @Sendable ([TemplateValue]) throws -> TemplateValue = { a in
            let re = try compile(a[0].stringValue!)
            let s = a[1].stringValue!, n = F.intValue(a[2])
            if let own = re.own(for: s) { return .stringList(own.split(s, n, patternIsEmpty: re.pattern.isEmpty)) }
            return .stringList(split(try re.icu(), s, n))
        }
        f["regexSplit"] = TemplateFunction([.string, .string, .int]) { a in (try? splitBody(a)) ?? .stringList([]) }
        f["mustRegexSplit"] = TemplateFunction([.string, .string, .int], splitBody)
        f["regexQuoteMeta"] = F.string { s in
            var out = ""
            for c in s.unicodeScalars {
                if "\\.+*?()|[]{}^$".unicodeScalars.contains(c) { out += "\\" }
                out.unicodeScalars.append(c)
            }
            return out
        }
        return f
    }
}

/// Random values (not reproducible, so tests check their shape).
enum RandomFunctions {
    static func random(_ count: Int, from alphabet: [Character]) -> String {
        String((0..<max(count, 0)).map { _ in alphabet.randomElement()! })
    }

    static var functions: [String: TemplateFunction] {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let digits = Array("0123456789")
        let ascii = (32...126).map { Character(UnicodeScalar($0)!) }
        return [
            "randAlphaNum": TemplateFunction([.int]) { .string(random(F.intValue($0[0]), from: letters + digits)) },
            "randAlpha": TemplateFunction([.int]) { .string(random(F.intValue($0[0]), from: letters)) },
            "randNumeric": TemplateFunction([.int]) { .string(random(F.intValue($0[0]), from: digits)) },
            "randAscii": TemplateFunction([.int]) { .string(random(F.intValue($0[0]), from: ascii)) },
            "randBytes": TemplateFunction([.int]) { a in
                .string(Base64.encode((0..<max(F.intValue(a[0]), 0)).map { _ in UInt8.random(in: 0...255) }))
            },
            "shuffle": F.string { String($0.unicodeScalars.shuffled().map(Character.init)) },
            "uuidv4": TemplateFunction([]) { _ in .string(UUID().uuidString.lowercased()) },
        ]
    }
}
