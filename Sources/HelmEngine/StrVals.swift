import ValueKit

/// Helm's strvals: the `--set` family's `a.b[0].c=v,d={x,y}` syntax, merged into a values map.
public enum StrVals {
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
        init(_ d: String) { description = d }
    }

    public enum Mode: Sendable {
        /// `--set`: true/false/null and decimal integers (no leading zero) are typed.
        case typed
        /// `--set-string`: every value is a string.
        case string
        /// `--set-json`: every value is JSON.
        case json
        /// `--set-file`: every value is the content of the named file.
        case file(@Sendable (String) throws -> String)
        /// `--set-literal`: one key; everything after the first `=` is the value, commas included.
        case literal
    }

    static let maxIndex = 65536
    static let maxNestedNameLevel = 30

    /// Parses one `--set`-style argument into `dest`.
    public static func parse(_ text: String, into dest: inout OrderedMap, mode: Mode = .typed) throws(ParseError) {
        if case .literal = mode {
            try LiteralStrVals.parse(text, into: &dest)
            return
        }
        var p = Parser(input: Array(text.unicodeScalars), mode: mode)
        while true {
            do {
                try p.key(&dest, level: 0)
            } catch Signal.eof {
                return
            } catch Signal.failure(let message) {
                throw ParseError(message)
            } catch {
                throw ParseError("\(error)")
            }
        }
    }

    enum Signal: Error { case eof, notList, failure(String) }

    /// Go's %q of a []rune: each rune single-quoted, in brackets.
    static func quoteRunes(_ text: String) -> String {
        "["
            + text.unicodeScalars.map { r -> String in
                switch r {
                case "'": return "'\\''"
                case "\\": return "'\\\\'"
                default:
                    let quoted = GoSyntax.quote(String(r))
                    return "'" + quoted.dropFirst().dropLast().replacingOccurrences(of: "\\\"", with: "\"") + "'"
                }
            }.joined(separator: " ") + "]"
    }

    /// Helm's typedVal for `--set`.
    static func typed(_ s: String) -> Value {
        let lower = s.lowercased()
        if lower == "true" { return .bool(true) }
        if lower == "false" { return .bool(false) }
        if lower == "null" { return .null }
        if s == "0" { return .int(0) }
        // Leading zeros keep the text a string ("007"); otherwise a decimal int64, sign allowed.
        if let first = s.first, first != "0", let i = Int64(s) { return .int(i) }
        return .string(s)
    }

    struct Parser {
        let input: [Unicode.Scalar]
        var pos = 0
        let mode: Mode

        init(input: [Unicode.Scalar], mode: Mode) {
            self.input = input
            self.mode = mode
        }

        /// Reads until one of `stop` (consumed and returned), honouring `\` escapes.
        mutating func runesUntil(_ stop: Set<Unicode.Scalar>) -> (String, Unicode.Scalar?) {
            var out = String.UnicodeScalarView()
            while pos < input.count {
                let r = input[pos]
                pos += 1
                if stop.contains(r) { return (String(out), r) }
                if r == "\\" {
                    guard pos < input.count else { return (String(out), nil) }
                    out.append(input[pos])
                    pos += 1
                    continue
                }
                out.append(r)
            }
            return (String(out), nil)
        }

        func value(_ raw: String) throws -> Value {
            switch mode {
            case .typed: return StrVals.typed(raw)
            case .string: return .string(raw)
            case .json, .literal: return .string(raw)
            case .file(let read):
                do {
                    return .string(try read(raw))
                } catch {
                    throw Signal.failure("\(error)")
                }
            }
        }

        mutating func key(_ data: inout OrderedMap, level: Int) throws {
            let (k, last) = runesUntil(["=", "[", ",", "."])
            guard let last else {
                if k.isEmpty { throw Signal.eof }
                throw Signal.failure("key \"\(k)\" has no value")
            }
            switch last {
            case "[":
                let index = try keyIndex()
                var list: [Value] = []
                if let existing = data[k] {
                    guard let l = existing.arrayValue else {
                        throw Signal.failure(
                            "unable to parse key: interface conversion: interface {} is \(goTypeName(existing)), not []interface {}"
                        )
                    }
                    list = l
                }
                do {
                    try listItem(&list, index, level: level)
                    if !k.isEmpty { data[k] = .array(list) }
                } catch {
                    if !k.isEmpty { data[k] = .array(list) }
                    throw error
                }
            case "=":
                if case .json = mode {
                    let (v, rest) = try jsonValue()
                    if !k.isEmpty { data[k] = v }
                    pos = rest
                    return
                }
                switch try valList() {
                case .some(let list):
                    if !k.isEmpty { data[k] = .array(list) }
                case .none:
                    let (raw, _) = runesUntil([","])
                    if !k.isEmpty { data[k] = try value(raw) }
                }
            case ",":
                if !k.isEmpty { data[k] = .string("") }
                throw Signal.failure("key \"\(k)\" has no value (cannot end with ,)")
            default:  // "."
                if level + 1 > maxNestedNameLevel {
                    throw Signal.failure(
                        "value name nested level is greater than maximum supported nested level of \(maxNestedNameLevel)"
                    )
                }
                var inner = OrderedMap()
                if let existing = data[k] {
                    guard let m = existing.mapValue else {
                        throw Signal.failure(
                            "unable to parse key: interface conversion: interface {} is \(goTypeName(existing)), not map[string]interface {}"
                        )
                    }
                    inner = m
                }
                var failure: Error?
                do {
                    try key(&inner, level: level + 1)
                } catch {
                    failure = error
                }
                if failure == nil && inner.isEmpty { throw Signal.failure("key map \"\(k)\" has no value") }
                if !inner.isEmpty && !k.isEmpty { data[k] = .map(inner) }
                if let failure { throw failure }
            }
        }

        mutating func keyIndex() throws -> Int {
            let (v, last) = runesUntil(["]"])
            guard last != nil else { throw Signal.eof }
            guard let i = Int(v) else {
                throw Signal.failure("error parsing index: strconv.Atoi: parsing \"\(v)\": invalid syntax")
            }
            return i
        }

        static func setIndex(_ list: inout [Value], _ index: Int, _ value: Value) throws {
            if index < 0 { throw Signal.failure("negative \(index) index not allowed") }
            if index > maxIndex {
                throw Signal.failure("index of \(index) is greater than maximum supported index of \(maxIndex)")
            }
            while list.count <= index { list.append(.null) }
            list[index] = value
        }

        mutating func listItem(_ list: inout [Value], _ i: Int, level: Int) throws {
            if i < 0 { throw Signal.failure("negative \(i) index not allowed") }
            let (k, last) = runesUntil(["[", ".", "="])
            if !k.isEmpty { throw Signal.failure("unexpected data at end of array index: \(StrVals.quoteRunes(k))") }
            guard let last else { throw Signal.eof }
            switch last {
            case "=":
                if case .json = mode {
                    let (v, rest) = try jsonValue()
                    try Self.setIndex(&list, i, v)
                    pos = rest
                    return
                }
                if let vl = try valList() {
                    try Self.setIndex(&list, i, .array(vl))
                } else {
                    let (raw, _) = runesUntil([","])
                    try Self.setIndex(&list, i, try value(raw))
                }
            case "[":
                let next = try keyIndex()
                var inner: [Value] = []
                if list.count > i, let existing = list[i].arrayValue { inner = existing }
                try listItem(&inner, next, level: level)
                try Self.setIndex(&list, i, .array(inner))
            default:  // "."
                var inner = OrderedMap()
                if list.count > i, let existing = list[i].mapValue { inner = existing }
                try key(&inner, level: level)
                try Self.setIndex(&list, i, .map(inner))
            }
        }

        /// `{a,b}` lists; nil when the value is not a list.
        mutating func valList() throws -> [Value]? {
            guard pos < input.count else { return nil }
            guard input[pos] == "{" else { return nil }
            pos += 1
            var list: [Value] = []
            while true {
                let (rs, last) = runesUntil([",", "}"])
                guard let last else { throw Signal.failure("list must terminate with '}'") }
                if last == "}" {
                    if pos < input.count && input[pos] == "," { pos += 1 }
                    list.append(try value(rs))
                    return list
                }
                list.append(try value(rs))
            }
        }

        /// One JSON value for `--set-json`, then blanks and a comma; an empty value is null.
        func jsonValue() throws -> (Value, Int) {
            var i = pos
            while i < input.count, input[i] == " " || input[i] == "\t" || input[i] == "\n" { i += 1 }
            if i >= input.count { return (.null, i) }
            if input[i] == "," { return (.null, i + 1) }
            // Find the shortest prefix that decodes as JSON followed by a separator.
            let text = String(String.UnicodeScalarView(input[i...]))
            var depth = 0
            var inString = false
            var escaped = false
            var end = 0
            let scalars = Array(text.unicodeScalars)
            for (k, c) in scalars.enumerated() {
                if inString {
                    if escaped {
                        escaped = false
                    } else if c == "\\" {
                        escaped = true
                    } else if c == "\"" {
                        inString = false
                    }
                    if depth == 0 && !inString { end = k + 1; break }
                    continue
                }
                if c == "\"" { inString = true; continue }
                if c == "{" || c == "[" { depth += 1 }
                if c == "}" || c == "]" { depth -= 1; if depth == 0 { end = k + 1; break } }
                if depth == 0 && (c == "," || c == " ") { end = k; break }
                end = k + 1
            }
            let json = String(String.UnicodeScalarView(scalars[0..<end]))
            let decoded: Value
            do {
                decoded = try GoJSONDecoder.decode(json)
            } catch {
                throw Signal.failure("\(error)")
            }
            var next = i + end
            while next < input.count, input[next] == " " { next += 1 }
            if next < input.count, input[next] == "," { next += 1 }
            return (decoded, next)
        }

        func goTypeName(_ v: Value) -> String {
            switch v {
            case .null: return "<nil>"
            case .bool: return "bool"
            case .int: return "int64"
            case .float: return "float64"
            case .string: return "string"
            case .array: return "[]interface {}"
            case .map: return "map[string]interface {}"
            }
        }
    }
}
