/// Tokens of Go's template language, with the byte offset and line where each starts.
struct Token {
    enum Kind: Equatable {
        case error, bool, char, charConstant, assign, declare, eof, field, identifier, leftDelim, leftParen
        case number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
        // keywords
        case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
        case range, template, with

        var isKeyword: Bool {
            switch self {
            case .block, .breakKeyword, .continueKeyword, .dot, .define, .elseKeyword, .end, .ifKeyword,
                .nilKeyword, .range, .template, .with:
                return true
            default: return false
            }
        }
    }

    let kind: Kind
    let pos: Int
    let value: String
    let line: Int

    /// How Go's parser names a token in messages: `"text"`, `<if>`, `EOF`, or the error itself.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return value
        default:
            if kind.isKeyword { return "<\(value)>" }
            let scalars = Array(value.unicodeScalars)
            if scalars.count > 10 {
                return GoQuote.quote(String(String.UnicodeScalarView(scalars[0..<10]))) + "..."
            }
            return GoQuote.quote(value)
        }
    }
}

/// Go's text/template lexer: text outside `{{ }}`, trim markers, comments, and the tokens inside actions.
struct Lexer {
    private let input: [UInt8]
    private var pos = 0
    private var start = 0
    private var line = 1
    private var startLine = 1
    private var parenDepth = 0
    private(set) var tokens: [Token] = []
    private let leftDelim: [UInt8] = Array("{{".utf8)
    private let rightDelim: [UInt8] = Array("}}".utf8)
    /// Whether `break` and `continue` are keywords (they are unless a function takes the name).
    private let controlKeywords: Bool

    init(_ text: String, controlKeywords: Bool = true) {
        input = Array(text.utf8)
        self.controlKeywords = controlKeywords
        lexText()
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }

    private func hasPrefix(_ p: [UInt8], at i: Int) -> Bool {
        guard i + p.count <= input.count else { return false }
        for k in 0..<p.count where input[i + k] != p[k] { return false }
        return true
    }

    private func string(_ from: Int, _ to: Int) -> String {
        String(decoding: input[from..<to], as: UTF8.self)
    }

    private mutating func emit(_ kind: Token.Kind) {
        tokens.append(Token(kind: kind, pos: start, value: string(start, pos), line: startLine))
        start = pos
        startLine = line
    }

    private mutating func ignore() {
        line += input[start..<pos].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        start = pos
        startLine = line
    }

    private mutating func error(_ message: String) {
        tokens.append(Token(kind: .error, pos: start, value: message, line: startLine))
    }

    /// Advances over one byte, counting lines (multi-byte runes only matter inside strings).
    private mutating func advance() {
        if input[pos] == 0x0A { line += 1 }
        pos += 1
    }

    private mutating func lexText() {
        while true {
            var i = pos
            var found = false
            while i + 1 < input.count {
                if input[i] == leftDelim[0] && input[i + 1] == leftDelim[1] { found = true; break }
                i += 1
            }
            if !found {
                pos = input.count
                if pos > start {
                    line += input[start..<pos].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    emit(.text)
                }
                tokens.append(Token(kind: .eof, pos: pos, value: "", line: line))
                return
            }
            // A "{{- " trims the whitespace before it.
            let trim = i + 3 < input.count && input[i + 2] == UInt8(ascii: "-") && Self.isSpace(input[i + 3])
            var textEnd = i
            if trim { while textEnd > start && Self.isSpace(input[textEnd - 1]) { textEnd -= 1 } }
            pos = textEnd
            if pos > start {
                line += input[start..<pos].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                emit(.text)
            }
            pos = i
            ignore()
            guard lexLeftDelim(trim: trim) else { return }
        }
    }

    /// Returns false when lexing has stopped on an error.
    private mutating func lexLeftDelim(trim: Bool) -> Bool {
        pos += leftDelim.count
        let afterMarker = trim ? 2 : 0
        if hasPrefix(Array("/*".utf8), at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            return lexComment()
        }
        emit(.leftDelim)
        pos += afterMarker
        ignore()
        parenDepth = 0
        return lexInsideAction()
    }

    private mutating func lexComment() -> Bool {
        pos += 2
        var i = pos
        var found = false
        while i + 1 < input.count {
            if input[i] == UInt8(ascii: "*") && input[i + 1] == UInt8(ascii: "/") { found = true; break }
            i += 1
        }
        guard found else {
            error("unclosed comment")
            return false
        }
        pos = i + 2
        let (delim, trim) = atRightDelim()
        guard delim else {
            error("comment ends before closing delimiter")
            return false
        }
        if trim { pos += 2 }
        pos += rightDelim.count
        if trim { while pos < input.count && Self.isSpace(input[pos]) { pos += 1 } }
        ignore()
        return true
    }

    private func atRightDelim() -> (Bool, Bool) {
        if pos + 1 < input.count, Self.isSpace(input[pos]), input[pos + 1] == UInt8(ascii: "-"),
            hasPrefix(rightDelim, at: pos + 2)
        {
            return (true, true)
        }
        if hasPrefix(rightDelim, at: pos) { return (true, false) }
        return (false, false)
    }

    private mutating func lexRightDelim(trim: Bool) -> Bool {
        if trim {
            pos += 2
            ignore()
        }
        pos += rightDelim.count
        emit(.rightDelim)
        if trim {
            while pos < input.count && Self.isSpace(input[pos]) { pos += 1 }
            ignore()
        }
        return true
    }

    private static func isAlphaNumericStart(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "_") || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
            || c >= 0x80
    }

    private mutating func lexInsideAction() -> Bool {
        while true {
            let (delim, trim) = atRightDelim()
            if delim {
                if parenDepth == 0 { return lexRightDelim(trim: trim) }
                error("unclosed left paren")
                return false
            }
            guard pos < input.count else {
                error("unclosed action")
                return false
            }
            let c = input[pos]
            switch c {
            case _ where Self.isSpace(c):
                if !lexSpace() { continue }
            case UInt8(ascii: "="):
                pos += 1
                emit(.assign)
            case UInt8(ascii: ":"):
                pos += 1
                guard pos < input.count, input[pos] == UInt8(ascii: "=") else {
                    error("expected :=")
                    return false
                }
                pos += 1
                emit(.declare)
            case UInt8(ascii: "|"):
                pos += 1
                emit(.pipe)
            case UInt8(ascii: "\""):
                guard lexQuote() else { return false }
            case UInt8(ascii: "`"):
                guard lexRawQuote() else { return false }
            case UInt8(ascii: "$"):
                pos += 1
                guard lexFieldOrVariable(.variable) else { return false }
            case UInt8(ascii: "'"):
                guard lexChar() else { return false }
            case UInt8(ascii: "."):
                if pos + 1 < input.count, !(input[pos + 1] >= 0x30 && input[pos + 1] <= 0x39) {
                    pos += 1
                    guard lexFieldOrVariable(.field) else { return false }
                } else if pos + 1 >= input.count {
                    pos += 1
                    guard lexFieldOrVariable(.field) else { return false }
                } else {
                    guard lexNumber() else { return false }
                }
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard lexNumber() else { return false }
            case _ where Self.isAlphaNumericStart(c):
                guard lexIdentifier() else { return false }
            case UInt8(ascii: "("):
                pos += 1
                emit(.leftParen)
                parenDepth += 1
            case UInt8(ascii: ")"):
                pos += 1
                parenDepth -= 1
                // Go 1.22 and later word it without the rune and report it before any token.
                if parenDepth < 0 {
                    error("unexpected right paren")
                    return false
                }
                emit(.rightParen)
            case 0x21...0x7E:
                pos += 1
                emit(.char)
            default:
                let scalar = decodeRune(at: pos)
                error("unrecognized character in action: \(GoQuote.unicodeDescription(scalar))")
                return false
            }
        }
    }

    private func decodeRune(at i: Int) -> Unicode.Scalar {
        var end = i + 1
        while end < input.count && input[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: input[i..<end], as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
    }

    /// Returns true when it emitted a space token, false when it stopped before a trim-marked delimiter.
    private mutating func lexSpace() -> Bool {
        var count = 0
        while pos < input.count && Self.isSpace(input[pos]) {
            advance()
            count += 1
        }
        // " -}}": the last space belongs to the trim marker.
        if pos < input.count, input[pos] == UInt8(ascii: "-"), hasPrefix(rightDelim, at: pos + 1) {
            pos -= 1
            if input[pos] == 0x0A { line -= 1 }
            if count == 1 { return false }
        }
        emit(.space)
        return true
    }

    private func atTerminator() -> Bool {
        guard pos < input.count else { return true }
        let c = input[pos]
        if Self.isSpace(c) { return true }
        switch c {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"),
            UInt8(ascii: "("):
            return true
        default:
            return hasPrefix(rightDelim, at: pos)
        }
    }

    private mutating func absorbAlphaNumerics() {
        while pos < input.count {
            let c = input[pos]
            if c < 0x80 {
                guard Self.isAlphaNumericStart(c) else { return }
                pos += 1
            } else {
                let scalar = decodeRune(at: pos)
                guard scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal else { return }
                pos += String(scalar).utf8.count
            }
        }
    }

    private mutating func lexIdentifier() -> Bool {
        absorbAlphaNumerics()
        guard atTerminator() else {
            error("bad character \(GoQuote.unicodeDescription(decodeRune(at: pos)))")
            return false
        }
        let word = string(start, pos)
        let keyword: Token.Kind?
        switch word {
        case "block": keyword = .block
        case "break": keyword = controlKeywords ? .breakKeyword : nil
        case "continue": keyword = controlKeywords ? .continueKeyword : nil
        case "define": keyword = .define
        case "else": keyword = .elseKeyword
        case "end": keyword = .end
        case "if": keyword = .ifKeyword
        case "range": keyword = .range
        case "nil": keyword = .nilKeyword
        case "template": keyword = .template
        case "with": keyword = .with
        default: keyword = nil
        }
        if let keyword {
            emit(keyword)
        } else if word == "true" || word == "false" {
            emit(.bool)
        } else {
            emit(.identifier)
        }
        return true
    }

    private mutating func lexFieldOrVariable(_ kind: Token.Kind) -> Bool {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return true
        }
        absorbAlphaNumerics()
        guard atTerminator() else {
            error("bad character \(GoQuote.unicodeDescription(decodeRune(at: pos)))")
            return false
        }
        emit(kind)
        return true
    }

    private mutating func lexChar() -> Bool {
        lexQuoted(until: UInt8(ascii: "'"), as: .charConstant, unterminated: "unterminated character constant")
    }

    private mutating func lexQuote() -> Bool {
        lexQuoted(until: UInt8(ascii: "\""), as: .string, unterminated: "unterminated quoted string")
    }

    /// A quoted token on one line, backslash escapes skipped, up to the closing `quote`.
    private mutating func lexQuoted(until quote: UInt8, as kind: Token.Kind, unterminated: String) -> Bool {
        pos += 1
        while true {
            guard pos < input.count, input[pos] != 0x0A else {
                error(unterminated)
                return false
            }
            let c = input[pos]
            pos += 1
            if c == UInt8(ascii: "\\") {
                if pos < input.count && input[pos] != 0x0A { pos += 1 }
                continue
            }
            if c == quote { break }
        }
        emit(kind)
        return true
    }

    private mutating func lexRawQuote() -> Bool {
        pos += 1
        while true {
            guard pos < input.count else {
                error("unterminated raw quoted string")
                return false
            }
            let c = input[pos]
            advance()
            if c == UInt8(ascii: "`") { break }
        }
        emit(.rawString)
        return true
    }

    private mutating func lexNumber() -> Bool {
        guard scanNumber() else {
            error("bad number syntax: \(GoQuote.quote(string(start, pos)))")
            return false
        }
        // A complex constant written as two numbers: 1+2i (no blanks, ending in i).
        if pos < input.count, input[pos] == UInt8(ascii: "+") || input[pos] == UInt8(ascii: "-") {
            guard scanNumber(), input[pos - 1] == UInt8(ascii: "i") else {
                error("bad number syntax: \(GoQuote.quote(string(start, pos)))")
                return false
            }
        }
        emit(.number)
        return true
    }

    private mutating func scanNumber() -> Bool {
        func accept(_ valid: String) -> Bool {
            if pos < input.count, valid.utf8.contains(input[pos]) {
                pos += 1
                return true
            }
            return false
        }
        func acceptRun(_ valid: String) {
            while pos < input.count, valid.utf8.contains(input[pos]) { pos += 1 }
        }
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11 && accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23 && accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if pos < input.count, Self.isAlphaNumericStart(input[pos]) {
            pos += 1
            return false
        }
        return true
    }
}
