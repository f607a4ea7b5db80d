/// Go's `json.Unmarshal` into `interface{}`: numbers become float64, later duplicate keys win,
/// and syntax errors carry encoding/json's message text.
public enum GoJSONDecoder {
    public struct DecodingError: Error, Equatable, CustomStringConvertible {
        public let description: String
        /// Byte offset of the problem, as Go's SyntaxError.Offset.
        public let offset: Int
    }

    public static func decode(_ text: String) throws(DecodingError) -> Value {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        let value = try parser.parseValue(depth: 0)
        parser.skipSpace()
        if parser.pos < parser.bytes.count {
            throw parser.error("invalid character \(quoteChar(parser.bytes[parser.pos])) after top-level value")
        }
        // Go validates the whole text first, so a number out of range is reported only for valid JSON.
        if let rangeError = parser.rangeError { throw rangeError }
        return value
    }

    /// encoding/json's quoteChar: `'x'`, with `'\''` and `'"'` spelled as Go does.
    static func quoteChar(_ c: UInt8) -> String {
        switch c {
        case UInt8(ascii: "'"): return "'\\''"
        case UInt8(ascii: "\""): return "'\"'"
        case 0x07: return "'\\a'"
        case 0x08: return "'\\b'"
        case 0x0c: return "'\\f'"
        case 0x0a: return "'\\n'"
        case 0x0d: return "'\\r'"
        case 0x09: return "'\\t'"
        case 0x0b: return "'\\v'"
        case 0x5c: return "'\\\\'"
        default:
            if c < 0x20 || c == 0x7f {
                let hex = Array("0123456789abcdef")
                return "'\\x\(hex[Int(c >> 4)])\(hex[Int(c & 0xf)])'"
            }
            if c >= 0x80 { return "'\\ufffd'" }
            return "'\(Character(UnicodeScalar(c)))'"
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var pos = 0
        var rangeError: DecodingError?

        func error(_ message: String) -> DecodingError {
            DecodingError(description: message, offset: pos)
        }

        var endError: DecodingError { DecodingError(description: "unexpected end of JSON input", offset: bytes.count) }

        /// At the end of input Go's scanner feeds one space; inside a number, literal or escape that space is the error.
        func endError(in context: String) -> DecodingError {
            DecodingError(description: "invalid character ' ' \(context)", offset: bytes.count)
        }

        mutating func skipSpace() {
            while pos < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[pos]) { pos += 1 }
        }

        mutating func parseValue(depth: Int) throws(DecodingError) -> Value {
            guard pos < bytes.count else { throw endError }
            if depth > 10000 { throw error("exceeded max depth") }
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw error("invalid character \(quoteChar(c)) looking for beginning of value")
            }
        }

        mutating func literal(_ word: String) throws(DecodingError) {
            for expected in word.utf8 {
                guard pos < bytes.count else {
                    throw endError(in: "in literal \(word) (expecting \(quoteChar(expected)))")
                }
                if bytes[pos] != expected {
                    throw error(
                        "invalid character \(quoteChar(bytes[pos])) in literal \(word) (expecting \(quoteChar(expected)))"
                    )
                }
                pos += 1
            }
        }

        mutating func parseObject(depth: Int) throws(DecodingError) -> Value {
            pos += 1
            var map = OrderedMap()
            skipSpace()
            guard pos < bytes.count else { throw endError }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .map(map) }
            while true {
                skipSpace()
                guard pos < bytes.count else { throw endError }
                guard bytes[pos] == UInt8(ascii: "\"") else {
                    throw error("invalid character \(quoteChar(bytes[pos])) looking for beginning of object key string")
                }
                let key = try parseString()
                skipSpace()
                guard pos < bytes.count else { throw endError }
                guard bytes[pos] == UInt8(ascii: ":") else {
                    throw error("invalid character \(quoteChar(bytes[pos])) after object key")
                }
                pos += 1
                skipSpace()
                map[key] = try parseValue(depth: depth)
                skipSpace()
                guard pos < bytes.count else { throw endError }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .map(map) }
                throw error("invalid character \(quoteChar(bytes[pos])) after object key:value pair")
            }
        }

        mutating func parseArray(depth: Int) throws(DecodingError) -> Value {
            pos += 1
            var items: [Value] = []
            skipSpace()
            guard pos < bytes.count else { throw endError }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try parseValue(depth: depth))
                skipSpace()
                guard pos < bytes.count else { throw endError }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
                throw error("invalid character \(quoteChar(bytes[pos])) after array element")
            }
        }

        mutating func parseNumber() throws(DecodingError) -> Value {
            let start = pos
            func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
            if bytes[pos] == UInt8(ascii: "-") {
                pos += 1
                guard pos < bytes.count else { throw endError(in: "in numeric literal") }
                guard digit(pos) else { throw error("invalid character \(quoteChar(bytes[pos])) in numeric literal") }
            }
            if bytes[pos] == UInt8(ascii: "0") { pos += 1 } else { while digit(pos) { pos += 1 } }
            if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
                pos += 1
                guard pos < bytes.count else { throw endError(in: "after decimal point in numeric literal") }
                guard digit(pos) else {
                    throw error("invalid character \(quoteChar(bytes[pos])) after decimal point in numeric literal")
                }
                while digit(pos) { pos += 1 }
            }
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
                pos += 1
                if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) {
                    pos += 1
                }
                guard pos < bytes.count else { throw endError(in: "in exponent of numeric literal") }
                guard digit(pos) else {
                    throw error("invalid character \(quoteChar(bytes[pos])) in exponent of numeric literal")
                }
                while digit(pos) { pos += 1 }
            }
            let text = String(decoding: bytes[start..<pos], as: UTF8.self)
            guard let d = Double(text), d.isFinite else {
                if rangeError == nil {
                    rangeError = DecodingError(
                        description: "json: cannot unmarshal number \(text) into Go value of type float64",
                        offset: start)
                }
                return .null
            }
            return .float(d)
        }

        mutating func parseString() throws(DecodingError) -> String {
            pos += 1
            // Most strings have no escapes: found by one scan, made from the bytes in place.
            var end = pos
            while end < bytes.count {
                let c = bytes[end]
                if c == UInt8(ascii: "\"") {
                    let text = String(decoding: bytes[pos..<end], as: UTF8.self)
                    pos = end + 1
                    return text
                }
                if c == UInt8(ascii: "\\") || c < 0x20 { break }
                end += 1
            }
            var out: [UInt8] = Array(bytes[pos..<end])
            pos = end
            while true {
                guard pos < bytes.count else { throw endError }
                let c = bytes[pos]
                if c == UInt8(ascii: "\"") { pos += 1; break }
                if c < 0x20 { throw error("invalid character \(quoteChar(c)) in string literal") }
                if c != UInt8(ascii: "\\") { out.append(c); pos += 1; continue }
                pos += 1
                guard pos < bytes.count else { throw endError(in: "in string escape code") }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), pos + 1 < bytes.count,
                        bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                    {
                        let save = pos
                        pos += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            pos = save
                        }
                    }
                    let u = UnicodeScalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: String(u).utf8)
                default:
                    pos -= 1
                    throw error("invalid character \(quoteChar(e)) in string escape code")
                }
            }
            // Go replaces invalid UTF-8 with U+FFFD; String(decoding:) does the same.
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws(DecodingError) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard pos < bytes.count else { throw endError(in: "in \\u hexadecimal character escape") }
                let c = bytes[pos]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 0x30)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 0x61 + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 0x41 + 10)
                default: throw error("invalid character \(quoteChar(c)) in \\u hexadecimal character escape")
                }
                v = v << 4 | d
                pos += 1
            }
            return v
        }
    }
}
