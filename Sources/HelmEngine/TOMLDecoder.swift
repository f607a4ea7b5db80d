import ValueKit

/// TOML 1.0 text read into values, for `fromToml`: tables, arrays of tables, dotted and quoted
/// keys, inline tables, arrays, the four string forms, integers in every base, floats (inf, nan),
/// booleans; date-times stay as their text. Errors are worded `toml: line N: …` like BurntSushi's.
struct TOMLDecoder {
    struct Failure: Error { let message: String }

    private let bytes: [UInt8]
    private var pos = 0
    private var line = 1
    private var root = OrderedMap()
    /// The path of the table that `key = value` lines go to, and whether it is an array element.
    private var current: [String] = []

    static func decode(_ text: String) throws(Failure) -> OrderedMap {
        var decoder = TOMLDecoder(bytes: Array(text.utf8))
        do {
            try decoder.document()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(message: "toml: \(error)")
        }
        return decoder.root
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ message: String) -> Failure { Failure(message: "toml: line \(line): \(message)") }

    private var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func skipBlanks() {
        while let b = peek, b == 0x20 || b == 0x09 { pos += 1 }
    }

    /// Blanks, comments and line ends.
    private mutating func skipSpaceAndComments() {
        while let b = peek {
            if b == 0x20 || b == 0x09 || b == 0x0D {
                pos += 1
            } else if b == 0x0A {
                pos += 1; line += 1
            } else if b == UInt8(ascii: "#") {
                while let c = peek, c != 0x0A { pos += 1 }
            } else {
                return
            }
        }
    }

    private mutating func endOfLine() throws {
        skipBlanks()
        if peek == UInt8(ascii: "#") { while let c = peek, c != 0x0A { pos += 1 } }
        if peek == 0x0D { pos += 1 }
        guard let b = peek else { return }
        guard b == 0x0A else {
            throw fail("expected a top-level item to end with a newline, comment, or EOF, but got \(quoted(b)) instead")
        }
    }

    private func quoted(_ b: UInt8) -> String { "'\(String(UnicodeScalar(b)))'" }

    private mutating func document() throws {
        while true {
            skipSpaceAndComments()
            guard let b = peek else { return }
            if b == UInt8(ascii: "[") {
                pos += 1
                let isArray = peek == UInt8(ascii: "[")
                if isArray { pos += 1 }
                skipBlanks()
                let path = try key()
                skipBlanks()
                guard peek == UInt8(ascii: "]") else { throw fail("expected ']' after table name") }
                pos += 1
                if isArray {
                    guard peek == UInt8(ascii: "]") else { throw fail("expected ']]' after array of tables name") }
                    pos += 1
                    try appendTable(at: path)
                } else {
                    try ensureTable(at: path)
                }
                current = path
                try endOfLine()
            } else {
                let path = try key()
                skipBlanks()
                guard peek == UInt8(ascii: "=") else {
                    if peek == nil || peek == 0x0A || peek == 0x0D {
                        throw fail("unexpected EOF; expected key separator '='")
                    }
                    throw fail("expected key separator '=', but got \(quoted(peek!)) instead")
                }
                pos += 1
                skipBlanks()
                let v = try value()
                try assign(current + path, v)
                try endOfLine()
            }
        }
    }

    /// A key: bare, quoted or dotted parts.
    private mutating func key() throws -> [String] {
        var parts: [String] = []
        while true {
            skipBlanks()
            guard let b = peek else { throw fail("unexpected EOF; expected key separator '='") }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                parts.append(try string())
            } else {
                let start = pos
                while let c = peek, isBareKey(c) { pos += 1 }
                guard pos > start else { throw fail("bare keys cannot contain \(quoted(b))") }
                parts.append(String(decoding: bytes[start..<pos], as: UTF8.self))
            }
            skipBlanks()
            guard peek == UInt8(ascii: ".") else { return parts }
            pos += 1
        }
    }

    private func isBareKey(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-")
            || b == UInt8(ascii: "_")
    }

    // MARK: values

    private mutating func value() throws -> Value {
        guard let b = peek else { throw fail("unexpected EOF; expected value") }
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try string())
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): return try inlineTable()
        default:
            let start = pos
            while let c = peek,
                !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ",") || c == UInt8(ascii: "]")
                    || c == UInt8(ascii: "}") || c == UInt8(ascii: "#"))
            { pos += 1 }
            // A date-time may hold one blank between its date and time.
            if peek == 0x20, pos - start == 10, pos + 1 < bytes.count, bytes[pos + 1] >= 0x30, bytes[pos + 1] <= 0x39 {
                pos += 1
                while let c = peek,
                    !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ",")
                        || c == UInt8(ascii: "]")
                        || c == UInt8(ascii: "}") || c == UInt8(ascii: "#"))
                { pos += 1 }
            }
            let text = String(decoding: bytes[start..<pos], as: UTF8.self)
            return try scalar(text)
        }
    }

    private func scalar(_ text: String) throws -> Value {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let plain = text.filter { $0 != "_" }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where plain.hasPrefix(prefix) {
            guard let i = Int64(plain.dropFirst(2), radix: radix) else { break }
            return .int(i)
        }
        if let i = Int64(plain), !text.hasPrefix("_"), !text.hasSuffix("_") { return .int(i) }
        if plain.contains(where: { ".eE".contains($0) }), let d = Double(plain), !plain.hasPrefix("."),
            !plain.hasSuffix(".")
        {
            return .float(d)
        }
        if let first = text.first, first.isNumber, text.contains("-") || text.contains(":") { return .string(text) }  // date-time
        throw fail("expected value but found \(GoSyntax.quote(text)) instead")
    }

    private mutating func array() throws -> Value {
        pos += 1
        var items: [Value] = []
        while true {
            skipSpaceAndComments()
            guard let b = peek else { throw fail("unexpected EOF; expected array separator ']'") }
            if b == UInt8(ascii: "]") { pos += 1; return .array(items) }
            items.append(try value())
            skipSpaceAndComments()
            if peek == UInt8(ascii: ",") { pos += 1; continue }
            guard peek == UInt8(ascii: "]") else { throw fail("expected a comma (',') or array terminator (']')") }
        }
    }

    private mutating func inlineTable() throws -> Value {
        pos += 1
        var table = OrderedMap()
        skipBlanks()
        if peek == UInt8(ascii: "}") { pos += 1; return .map(table) }
        while true {
            let path = try key()
            skipBlanks()
            guard peek == UInt8(ascii: "=") else { throw fail("expected key separator '='") }
            pos += 1
            skipBlanks()
            let v = try value()
            table = try Self.assigning(table, path, v, line: line)
            skipBlanks()
            if peek == UInt8(ascii: ",") { pos += 1; skipBlanks(); continue }
            guard peek == UInt8(ascii: "}") else { throw fail("expected a comma or an inline table terminator '}'") }
            pos += 1
            return .map(table)
        }
    }

    /// The four string forms: "basic", 'literal', and their triple-quoted multi-line kinds.
    private mutating func string() throws -> String {
        let quote = bytes[pos]
        let triple = pos + 2 < bytes.count && bytes[pos + 1] == quote && bytes[pos + 2] == quote
        pos += triple ? 3 : 1
        if triple {
            if peek == 0x0D { pos += 1 }
            if peek == 0x0A { pos += 1; line += 1 }
        }
        var out: [UInt8] = []
        while true {
            guard let b = peek else { throw fail("unexpected EOF; expected \(triple ? "closing" : "end of") string") }
            if b == quote {
                if !triple { pos += 1; return String(decoding: out, as: UTF8.self) }
                if pos + 2 < bytes.count, bytes[pos + 1] == quote, bytes[pos + 2] == quote {
                    pos += 3
                    // Up to two more quotes belong to the content.
                    while peek == quote, out.count < Int.max { out.append(quote); pos += 1 }
                    return String(decoding: out, as: UTF8.self)
                }
            }
            if b == 0x0A {
                guard triple else { throw fail("strings cannot contain newlines") }
                line += 1
            }
            if b == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                pos += 1
                try escape(into: &out, multiline: triple)
                continue
            }
            out.append(b)
            pos += 1
        }
    }

    private mutating func escape(into out: inout [UInt8], multiline: Bool) throws {
        guard let e = peek else { throw fail("unexpected EOF in escape") }
        pos += 1
        switch e {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = e == UInt8(ascii: "u") ? 4 : 8
            guard pos + count <= bytes.count,
                let code = UInt32(String(decoding: bytes[pos..<pos + count], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            else { throw fail("invalid escape in string") }
            pos += count
            out.append(contentsOf: Array(String(scalar).utf8))
        case 0x20, 0x09, 0x0D,
            0x0A where multiline:
            // A line-ending backslash trims the line break and the blanks after it.
            pos -= 1
            while let c = peek, c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A {
                if c == 0x0A { line += 1 }
                pos += 1
            }
        default:
            throw fail("invalid escape in string '\\\(String(UnicodeScalar(e)))'")
        }
    }

    // MARK: tables

    private mutating func assign(_ path: [String], _ v: Value) throws {
        root = try Self.assigning(root, path, v, line: line)
    }

    private static func assigning(_ table: OrderedMap, _ path: [String], _ v: Value, line: Int) throws -> OrderedMap {
        var table = table
        let key = path[0]
        if path.count == 1 {
            if table[key] != nil {
                throw Failure(message: "toml: line \(line): key \(GoSyntax.quote(key)) has already been defined")
            }
            table[key] = v
            return table
        }
        let rest = Array(path.dropFirst())
        switch table[key] {
        case nil: table[key] = .map(try assigning(OrderedMap(), rest, v, line: line))
        case .map(let inner)?: table[key] = .map(try assigning(inner, rest, v, line: line))
        case .array(var items)? where items.last?.mapValue != nil:
            items[items.count - 1] = .map(try assigning(items[items.count - 1].mapValue!, rest, v, line: line))
            table[key] = .array(items)
        default: throw Failure(message: "toml: line \(line): key \(GoSyntax.quote(key)) is not a table")
        }
        return table
    }

    private mutating func ensureTable(at path: [String]) throws {
        root = try Self.table(root, path, line: line) { $0 }
    }

    private mutating func appendTable(at path: [String]) throws {
        let prefix = Array(path.dropLast()), last = path[path.count - 1]
        root = try Self.table(root, prefix, line: line) { table in
            var table = table
            switch table[last] {
            case nil: table[last] = .array([.map(OrderedMap())])
            case .array(var items)?:
                items.append(.map(OrderedMap()))
                table[last] = .array(items)
            default:
                throw Failure(message: "toml: line \(self.line): key \(GoSyntax.quote(last)) is not an array of tables")
            }
            return table
        }
    }

    /// Walks (creating) the tables of `path`, entering the last element of arrays of tables, and
    /// applies `change` to the table found.
    private static func table(
        _ t: OrderedMap, _ path: [String], line: Int, _ change: (OrderedMap) throws -> OrderedMap
    ) throws -> OrderedMap {
        guard let key = path.first else { return try change(t) }
        var t = t
        let rest = Array(path.dropFirst())
        switch t[key] {
        case nil: t[key] = .map(try table(OrderedMap(), rest, line: line, change))
        case .map(let inner)?: t[key] = .map(try table(inner, rest, line: line, change))
        case .array(var items)? where items.last?.mapValue != nil:
            items[items.count - 1] = .map(try table(items[items.count - 1].mapValue!, rest, line: line, change))
            t[key] = .array(items)
        default: throw Failure(message: "toml: line \(line): key \(GoSyntax.quote(key)) is not a table")
        }
        return t
    }
}
