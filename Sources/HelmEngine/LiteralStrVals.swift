import ValueKit

/// `--set-literal`'s parser, as Helm's strvals literal parser reads it: keys stop at `=`, `[` or
/// `.` (no escapes); the value is everything after the first `=`, commas included.
struct LiteralStrVals {
    private let input: [Unicode.Scalar]
    private var pos = 0

    /// End of input, which ends a parse without error when nothing was pending.
    private struct EndOfInput: Error {}

    static func parse(_ text: String, into dest: inout OrderedMap) throws(StrVals.ParseError) {
        var parser = LiteralStrVals(input: Array(text.unicodeScalars))
        while true {
            do {
                try parser.key(&dest, level: 0)
            } catch is EndOfInput {
                return
            } catch let error as StrVals.ParseError {
                throw error
            } catch {
                throw StrVals.ParseError("\(error)")
            }
        }
    }

    private init(input: [Unicode.Scalar]) { self.input = input }

    /// Reads up to one of `stop` (consumed): the text and the stop, or nil at the end of input.
    private mutating func until(_ stop: Set<Unicode.Scalar>) -> (text: String, stop: Unicode.Scalar?) {
        var out = String.UnicodeScalarView()
        while pos < input.count {
            let r = input[pos]
            pos += 1
            if stop.contains(r) { return (String(out), r) }
            out.append(r)
        }
        return (String(out), nil)
    }

    private mutating func rest() -> String {
        defer { pos = input.count }
        return String(String.UnicodeScalarView(input[pos...]))
    }

    /// Helm's `set`: an empty key sets nothing.
    private static func set(_ data: inout OrderedMap, _ key: String, _ value: Value) {
        if !key.isEmpty { data[key] = value }
    }

    private mutating func key(_ data: inout OrderedMap, level: Int) throws {
        let (key, stop) = until(["=", "[", "."])
        guard let stop else {
            if key.isEmpty { throw EndOfInput() }
            throw StrVals.ParseError("key \(GoSyntax.quote(key)) has no value")
        }
        switch stop {
        case "=":
            Self.set(&data, key, .string(rest()))
        case ".":
            if level + 1 > StrVals.maxNestedNameLevel {
                throw StrVals.ParseError(
                    "value name nested level is greater than maximum supported nested level of \(StrVals.maxNestedNameLevel)"
                )
            }
            var inner = try Self.existingMap(data[key])
            var failure: Error? = nil
            do { try self.key(&inner, level: level + 1) } catch { failure = error }
            if failure == nil && inner.isEmpty {
                throw StrVals.ParseError("key map \(GoSyntax.quote(key)) has no value")
            }
            if !inner.isEmpty { Self.set(&data, key, .map(inner)) }
            if let failure { throw failure }
        default:  // "["
            let index = try keyIndex()
            var list = try Self.existingList(data[key])
            var failure: Error? = nil
            do { try listItem(&list, index, level: level) } catch { failure = error }
            Self.set(&data, key, .array(list))
            if let failure { throw failure }
        }
    }

    private mutating func keyIndex() throws -> Int {
        let (digits, stop) = until(["]"])
        guard stop != nil else { throw StrVals.ParseError("error parsing index: EOF") }
        guard let i = Int(digits) else {
            throw StrVals.ParseError(
                "error parsing index: strconv.Atoi: parsing \(GoSyntax.quote(digits)): invalid syntax")
        }
        return i
    }

    private mutating func listItem(_ list: inout [Value], _ i: Int, level: Int) throws {
        if i < 0 { throw StrVals.ParseError("negative \(i) index not allowed") }
        let (text, stop) = until(["[", ".", "="])
        if !text.isEmpty {
            throw StrVals.ParseError("unexpected data at end of array index: \(StrVals.quoteRunes(text))")
        }
        guard let stop else { throw EndOfInput() }
        switch stop {
        case "=":
            try Self.setIndex(&list, i, .string(rest()))
        case ".":
            var inner = i < list.count ? (list[i].mapValue ?? OrderedMap()) : OrderedMap()
            try key(&inner, level: level)
            try Self.setIndex(&list, i, .map(inner))
        default:  // "["
            let next = try keyIndex()
            var nested = try Self.existingList(i < list.count ? list[i] : nil)
            try listItem(&nested, next, level: level)
            try Self.setIndex(&list, i, .array(nested))
        }
    }

    private static func setIndex(_ list: inout [Value], _ index: Int, _ value: Value) throws {
        if index < 0 { throw StrVals.ParseError("negative \(index) index not allowed") }
        if index > StrVals.maxIndex {
            throw StrVals.ParseError("index of \(index) is greater than maximum supported index of \(StrVals.maxIndex)")
        }
        while list.count <= index { list.append(.null) }
        list[index] = value
    }

    /// What Helm's type assertion finds under a key it descends into (it fails on anything but a map).
    private static func existingMap(_ value: Value?) throws -> OrderedMap {
        switch value {
        case nil: return OrderedMap()
        case .map(let m)?: return m
        case let other?:
            throw StrVals.ParseError(
                "unable to parse key: interface conversion: interface {} is \(goTypeName(other)), not map[string]interface {}"
            )
        }
    }

    private static func existingList(_ value: Value?) throws -> [Value] {
        switch value {
        case nil, .null?: return []
        case .array(let a)?: return a
        case let other?:
            throw StrVals.ParseError(
                "unable to parse key: interface conversion: interface {} is \(goTypeName(other)), not []interface {}")
        }
    }

    private static func goTypeName(_ value: Value) -> String {
        switch value {
        case .null: return "nil"
        case .bool: return "bool"
        case .int: return "int64"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .map: return "map[string]interface {}"
        default: return "float64"
        }
    }
}
