/// xstrings' snakecase and kebabcase: split text into words (upper-case runs, letter runs, number
/// runs, punctuation, connectors) and join them lower-cased with the connector.
enum CaseConversion {
    enum WordType { case invalid, number, upperCase, alphabet, connector, punct, other }

    static func isConnector(_ r: Unicode.Scalar) -> Bool { r == "-" || r == "_" || r.isGoSpace }
    static func isLetter(_ r: Unicode.Scalar) -> Bool {
        switch r.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
    /// Letters other than CJK ideographs.
    static func isAlphabet(_ r: Unicode.Scalar) -> Bool {
        guard isLetter(r) else { return false }
        let v = r.value
        if (0x4E00...0x9FCC).contains(v) || (0x3400...0x4D85).contains(v) || (0x20000...0x2B81D).contains(v) {
            return false
        }
        return true
    }
    static func isUpper(_ r: Unicode.Scalar) -> Bool { r.properties.generalCategory == .uppercaseLetter }
    static func isNumber(_ r: Unicode.Scalar) -> Bool {
        switch r.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
    static func isPunct(_ r: Unicode.Scalar) -> Bool {
        switch r.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    typealias Scalars = ArraySlice<Unicode.Scalar>

    static func nextWord(_ str: Scalars) -> (WordType, Scalars, Scalars) {
        guard let r = str.first else { return (.invalid, str, str) }
        var i = str.startIndex + 1
        let end = str.endIndex
        var type: WordType
        if isConnector(r) {
            type = .connector
            while i < end, isConnector(str[i]) { i += 1 }
        } else if isPunct(r) {
            type = .punct
            while i < end, isPunct(str[i]) { i += 1 }
        } else if isUpper(r) {
            type = .upperCase
            if i < end {
                let next = str[i]
                if isUpper(next) {
                    var lastStart = i
                    i += 1
                    while i < end, isUpper(str[i]) { lastStart = i; i += 1 }
                    if i < end, isAlphabet(str[i]) { i = lastStart }
                } else if isAlphabet(next) {
                    i += 1
                    while i < end, isAlphabet(str[i]), !isUpper(str[i]) { i += 1 }
                }
            }
        } else if isAlphabet(r) {
            type = .alphabet
            while i < end, isAlphabet(str[i]), !isUpper(str[i]) { i += 1 }
        } else if isNumber(r) {
            type = .number
            while i < end, isNumber(str[i]) { i += 1 }
        } else {
            type = .other
            while i < end, !(isConnector(str[i]) || isAlphabet(str[i]) || isNumber(str[i]) || isPunct(str[i])) {
                i += 1
            }
        }
        return (type, str[str.startIndex..<i], str[i...])
    }

    static func toLower(
        _ out: inout String.UnicodeScalarView, _ type: WordType, _ word: Scalars, _ connector: Unicode.Scalar
    ) {
        if type != .upperCase && type != .connector {
            out.append(contentsOf: word)
            return
        }
        for r in word {
            if isConnector(r) {
                out.append(connector)
            } else if isUpper(r) {
                out.append(contentsOf: goMap(String(r), \.lowercaseMapping).unicodeScalars)
            } else {
                out.append(r)
            }
        }
    }

    static func convert(_ s: String, connector: Unicode.Scalar) -> String {
        if s.isEmpty { return "" }
        var out = String.UnicodeScalarView()
        var (wt, word, remaining) = nextWord(Array(s.unicodeScalars)[...])
        while !remaining.isEmpty {
            if wt != .connector { toLower(&out, wt, word, connector) }
            let prev = wt
            let last = word
            (wt, word, remaining) = nextWord(remaining)
            switch prev {
            case .number:
                while wt == .alphabet || wt == .number {
                    toLower(&out, wt, word, connector)
                    (wt, word, remaining) = nextWord(remaining)
                }
                if wt != .invalid && wt != .punct && wt != .connector { out.append(connector) }
            case .connector:
                toLower(&out, prev, last, connector)
            case .punct:
                break
            default:
                if wt != .number {
                    if wt != .connector && wt != .punct { out.append(connector) }
                    break
                }
                if remaining.isEmpty { break }
                let lastNumber = word
                (wt, word, remaining) = nextWord(remaining)
                if wt != .alphabet {
                    toLower(&out, .number, lastNumber, connector)
                    if wt != .connector && wt != .punct { out.append(connector) }
                    break
                }
                out.append(connector)
                toLower(&out, .number, lastNumber, connector)
                while wt == .alphabet || wt == .number {
                    toLower(&out, wt, word, connector)
                    (wt, word, remaining) = nextWord(remaining)
                }
                if wt != .invalid && wt != .connector && wt != .punct { out.append(connector) }
            }
        }
        toLower(&out, wt, word, connector)
        return String(out)
    }
}
