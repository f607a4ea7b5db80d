/// Kubernetes label-selector syntax (`a=b,c!=d,e in (f,g),h notin (i),j,!k`), parsed and matched as
/// kube-apiserver does, with its error text for malformed input.
struct LabelSelector {
    enum Operator { case equals, notEquals, inSet, notInSet, exists, doesNotExist }
    struct Requirement {
        var key: String
        var op: Operator
        var values: [String]
    }

    var requirements: [Requirement] = []

    enum Token: Equatable {
        case identifier(String), equals, doubleEquals, notEquals, bang, open, close, comma, inKeyword, notinKeyword, end

        var text: String {
            switch self {
            case .identifier(let s): return s
            case .equals: return "="
            case .doubleEquals: return "=="
            case .notEquals: return "!="
            case .bang: return "!"
            case .open: return "("
            case .close: return ")"
            case .comma: return ","
            case .inKeyword: return "in"
            case .notinKeyword: return "notin"
            case .end: return ""
            }
        }
    }

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        let specials: Set<Character> = ["=", "!", "(", ")", ","]
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            if specials.contains(c) {
                // The longest run of special characters that is still a known token.
                var best: Token = .identifier(String(c))
                var length = 1
                for n in 1...2 where i + n <= chars.count {
                    switch String(chars[i..<(i + n)]) {
                    case "=": best = .equals; length = 1
                    case "==": best = .doubleEquals; length = 2
                    case "!=": best = .notEquals; length = 2
                    case "!": best = .bang; length = 1
                    case "(": best = .open; length = 1
                    case ")": best = .close; length = 1
                    case ",": best = .comma; length = 1
                    default: break
                    }
                }
                tokens.append(best)
                i += length
                continue
            }
            var word = ""
            while i < chars.count, !specials.contains(chars[i]), chars[i] != " ", chars[i] != "\t" {
                word.append(chars[i]); i += 1
            }
            tokens.append(word == "in" ? .inKeyword : word == "notin" ? .notinKeyword : .identifier(word))
        }
        tokens.append(.end)
        return tokens
    }

    struct ParseError: Error { let message: String }

    static func parse(_ text: String) throws(ParseError) -> LabelSelector {
        var selector = LabelSelector()
        let tokens = tokenize(text)
        var i = 0
        func describe(_ t: Token) -> String { t == .end ? "EOS" : t.text }
        func expectedIdentifier(_ t: Token) -> ParseError { ParseError(message: "unable to parse requirement: found '\(describe(t))', expected: identifier") }
        while tokens[i] != .end {
            var requirement: Requirement
            if tokens[i] == .bang {
                i += 1
                guard case .identifier(let key) = tokens[i] else { throw expectedIdentifier(tokens[i]) }
                i += 1
                requirement = Requirement(key: key, op: .doesNotExist, values: [])
            } else {
                guard case .identifier(let key) = tokens[i] else { throw expectedIdentifier(tokens[i]) }
                i += 1
                switch tokens[i] {
                case .end, .comma:
                    requirement = Requirement(key: key, op: .exists, values: [])
                case .equals, .doubleEquals, .notEquals:
                    let op: Operator = tokens[i] == .notEquals ? .notEquals : .equals
                    i += 1
                    var value = ""
                    if case .identifier(let v) = tokens[i] { value = v; i += 1 } else if tokens[i] != .end && tokens[i] != .comma {
                        throw expectedIdentifier(tokens[i])
                    }
                    requirement = Requirement(key: key, op: op, values: [value])
                case .inKeyword, .notinKeyword:
                    let op: Operator = tokens[i] == .inKeyword ? .inSet : .notInSet
                    i += 1
                    guard tokens[i] == .open else { throw ParseError(message: "unable to parse requirement: found '\(describe(tokens[i]))', expected: '('") }
                    i += 1
                    var values: [String] = []
                    while tokens[i] != .close {
                        if case .identifier(let v) = tokens[i] { values.append(v); i += 1 } else if tokens[i] == .comma { i += 1 } else {
                            throw ParseError(message: "unable to parse requirement: found '\(describe(tokens[i]))', expected: ',', ')' or identifier")
                        }
                    }
                    i += 1
                    requirement = Requirement(key: key, op: op, values: values)
                default:
                    throw ParseError(message: "unable to parse requirement: found '\(describe(tokens[i]))', expected: in, notin, =, ==, !=, gt, lt")
                }
            }
            selector.requirements.append(requirement)
            if tokens[i] == .comma { i += 1; continue }
            if tokens[i] != .end { throw ParseError(message: "found '\(describe(tokens[i]))', expected: ',' or 'end of string'") }
        }
        return selector
    }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { r in
            let value = labels[r.key]
            switch r.op {
            case .equals: return value == r.values[0]
            case .notEquals: return value != r.values[0]
            case .inSet: return value.map { r.values.contains($0) } ?? false
            case .notInSet: return value.map { !r.values.contains($0) } ?? true
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            }
        }
    }
}
