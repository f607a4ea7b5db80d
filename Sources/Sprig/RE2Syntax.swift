/// The syntax errors Go's regexp (RE2) reports for patterns, with its messages, found before a
/// pattern reaches ICU: RE2 refuses some patterns ICU accepts (possessive `a++`, backreferences)
/// and names its errors differently.
enum RE2Syntax {
    /// Go's Unicode class names: general categories (one or two letters) and `Any`; scripts are
    /// accepted by shape (a capitalised word), ICU checks the name itself.
    static let categories: Set<String> = [
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
        "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk",
        "Sm", "So", "Z", "Zl", "Zp", "Zs", "Any",
    ]

    /// The index after a valid `\pX` / `\p{Name}` / `\p{^Name}` starting at `start` (the backslash), or nil.
    static func unicodeClassEnd(_ chars: [Character], _ start: Int) -> Int? {
        let i = start + 2
        guard i < chars.count else { return nil }
        if chars[i] != "{" { return "CLMNPSZ".contains(chars[i]) ? i + 1 : nil }
        guard let close = (i..<chars.count).first(where: { chars[$0] == "}" }) else { return nil }
        var name = String(chars[(i + 1)..<close])
        if name.hasPrefix("^") { name.removeFirst() }
        let scriptShaped =
            name.count > 2 && (name.first?.isUppercase ?? false) && name.allSatisfy { $0.isLetter || $0 == "_" }
        return categories.contains(name) || scriptShaped ? close + 1 : nil
    }

    static func error(in pattern: String) -> String? {
        let chars = Array(pattern)
        var i = 0
        var openParens: [Int] = []
        // Whether the previous item can take a repetition operator, and whether it already has one.
        var canRepeat = false
        var repeated = false
        // Where the repetition operator on the previous item began (for Go's "nested" message).
        var repeatStart = 0
        // Whether the repetition on the previous item already has its lazy `?`.
        var madeLazy = false
        func fail(_ what: String, _ text: String) -> String { "error parsing regexp: \(what): `\(text)`" }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\":
                guard i + 1 < chars.count else {
                    return "error parsing regexp: trailing backslash at end of expression: ``"
                }
                let next = chars[i + 1]
                if next.isLetter && !"aAbBdDfnprsStvwWxzQEpPC".contains(next) {
                    return fail("invalid escape sequence", "\\\(next)")
                }
                if next.isNumber && next != "0" { return fail("invalid escape sequence", "\\\(next)") }
                if next == "p" || next == "P" {
                    guard let end = unicodeClassEnd(chars, i) else {
                        let shown =
                            i + 2 < chars.count
                            ? (chars[i + 2] == "{" ? String(chars[i...]) : String(chars[i...(i + 2)]))
                            : String(chars[i...])
                        return fail("invalid character class range", shown)
                    }
                    i = end
                    canRepeat = true; repeated = false
                    continue
                }
                i += 2
                canRepeat = true; repeated = false
                continue
            case "[":
                var j = i + 1
                if j < chars.count && chars[j] == "^" { j += 1 }
                if j < chars.count && chars[j] == "]" { j += 1 }
                while j < chars.count && chars[j] != "]" {
                    if chars[j] == "\\" {
                        if j + 1 < chars.count && (chars[j + 1] == "p" || chars[j + 1] == "P") {
                            guard let end = unicodeClassEnd(chars, j) else {
                                return fail("invalid character class range", String(chars[j..<min(chars.count, j + 3)]))
                            }
                            j = end
                            continue
                        }
                        j += 2
                        continue
                    }
                    if chars[j] == "[" && j + 1 < chars.count && chars[j + 1] == ":" {
                        if let end = (j + 2..<chars.count).first(where: { chars[$0] == "]" && chars[$0 - 1] == ":" }) {
                            j = end + 1; continue
                        }
                    }
                    if j + 2 < chars.count && chars[j + 1] == "-" && chars[j + 2] != "]" && chars[j + 2] < chars[j]
                        && chars[j + 2] != "\\"
                    {
                        return fail("invalid character class range", String(chars[j...(j + 2)]))
                    }
                    j += 1
                }
                guard j < chars.count else { return fail("missing closing ]", String(chars[i...])) }
                i = j + 1
                canRepeat = true; repeated = false
                continue
            case "(":
                if i + 1 < chars.count && chars[i + 1] == "?" {
                    let rest = String(chars[(i + 2)...])
                    if rest.hasPrefix("P<") || rest.hasPrefix("<") {
                        let start = rest.hasPrefix("P<") ? i + 4 : i + 3
                        guard let close = (start..<chars.count).first(where: { chars[$0] == ">" }) else {
                            return fail("invalid named capture", String(chars[i...]))
                        }
                        let name = chars[start..<close]
                        if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                            return fail("invalid named capture", String(chars[i...close]))
                        }
                        openParens.append(i)
                        i = close + 1
                        canRepeat = false
                        continue
                    }
                    // Flags: (?i) (?s:…) and the like; anything else (lookarounds…) is not RE2.
                    var j = i + 2
                    while j < chars.count && "imsU-".contains(chars[j]) { j += 1 }
                    guard j < chars.count, chars[j] == ")" || chars[j] == ":", j > i + 2 || chars[j] == ":" else {
                        let end = j < chars.count ? j : chars.count - 1
                        return fail("invalid or unsupported Perl syntax", String(chars[i...end]))
                    }
                    if chars[j] == ":" { openParens.append(i) }
                    i = j + 1
                    canRepeat = false
                    continue
                }
                openParens.append(i)
                canRepeat = false
            case ")":
                guard openParens.popLast() != nil else { return fail("unexpected )", pattern) }
                canRepeat = true; repeated = false
            case "|":
                canRepeat = false
            case "*", "+", "?":
                // One `?` right after a repetition makes it lazy; a second is a nested repetition.
                let lazy = c == "?" && repeated && !madeLazy && i > 0 && "*+?}".contains(chars[i - 1])
                if lazy { madeLazy = true; i += 1; continue }
                if repeated { return fail("invalid nested repetition operator", String(chars[repeatStart...i])) }
                guard canRepeat else { return fail("missing argument to repetition operator", String(c)) }
                repeated = true
                madeLazy = false
                repeatStart = i
            case "{":
                if let close = (i + 1..<chars.count).first(where: { chars[$0] == "}" }) {
                    let body = String(chars[(i + 1)..<close])
                    let parts = body.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
                    if !body.isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), !parts[0].isEmpty {
                        let text = String(chars[i...close])
                        let low = Int(parts[0]) ?? 0,
                            high = parts.count == 2 ? (parts[1].isEmpty ? low : Int(parts[1]) ?? 0) : low
                        if low > 1000 || high > 1000 || (parts.count == 2 && !parts[1].isEmpty && high < low) {
                            return fail("invalid repeat count", text)
                        }
                        if repeated {
                            return fail("invalid nested repetition operator", String(chars[repeatStart...close]))
                        }
                        guard canRepeat else { return fail("missing argument to repetition operator", text) }
                        repeated = true
                        madeLazy = false
                        repeatStart = i
                        i = close + 1
                        continue
                    }
                }
                canRepeat = true; repeated = false
            case "^", "$":
                // Go repeats anchors like any operand (`^*` is valid).
                canRepeat = true; repeated = false
            default:
                canRepeat = true; repeated = false
            }
            i += 1
        }
        if !openParens.isEmpty { return fail("missing closing )", pattern) }
        return nil
    }
}
