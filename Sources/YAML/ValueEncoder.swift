import FoundationEssentials
internal import CYAML
import ValueKit

/// Emits a `Value` as sigs.k8s.io/yaml's Marshal does: the value goes through Go's JSON, is read back
/// by go-yaml v2 (so integral floats become ints), and is written with go-yaml's choices of scalar
/// style and key order, by libyaml's emitter (the C original of go-yaml's).
struct ValueEncoder {
    private final class Sink {
        var bytes: [UInt8] = []
    }

    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let sink = Sink()
    /// Strings that start with a byte-order mark, written later in go-yaml's own escaping (see `encode`).
    private let bomStrings = BOMStrings()
    /// go-yaml v3's choices instead of sigs.k8s.io/yaml's (see `YAML.encodePretty`).
    private let pretty: Bool

    private final class BOMStrings {
        var texts: [String] = []
    }

    init(pretty: Bool = false) throws(YAMLError) {
        self.pretty = pretty
        emitter = .allocate(capacity: 1)
        guard yaml_emitter_initialize(emitter) == 1 else {
            emitter.deallocate()
            throw YAMLError("yaml: out of memory")
        }
        yaml_emitter_set_unicode(emitter, 1)
        if pretty { yaml_emitter_set_width(emitter, -1) }
        let handler: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int) -> Int32 = {
            data, buffer, size in
            guard let data, let buffer else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(data).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }
        yaml_emitter_set_output(emitter, handler, Unmanaged.passUnretained(sink).toOpaque())
    }

    func close() {
        yaml_emitter_delete(emitter)
        emitter.deallocate()
    }

    /// The document text, ending in a newline.
    func encode(_ value: Value) throws(YAMLError) -> String {
        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try emit(&event)
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
        try emit(&event)
        try node(value)
        yaml_document_end_event_initialize(&event, 1)
        try emit(&event)
        yaml_stream_end_event_initialize(&event)
        try emit(&event)
        var text = withExtendedLifetime(sink) { String(decoding: sink.bytes, as: UTF8.self) }
        // libyaml closes a stream that ends in a keep-chomped block scalar with "..."; go-yaml does not.
        if text.hasSuffix("\n...\n") { text.removeLast(4) }
        // go-yaml escapes every character of a double-quoted string that starts with a BOM (its BOM
        // test looks at the string's start, not the current character); libyaml escapes only the BOM.
        for (i, original) in bomStrings.texts.enumerated() {
            let placeholder: String = "\"\\uFEFF" + Self.bomPlaceholder(i) + "\""
            let escaped: String = "\"" + Self.escapeAll(original) + "\""
            text = text.replacing(placeholder, with: escaped)
        }
        return text
    }

    private static func bomPlaceholder(_ i: Int) -> String { "@@osm-bom-\(i)@@" }

    /// go-yaml's double-quoted escapes applied to every character.
    static func escapeAll(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x00: out += "\\0"
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x1B: out += "\\e"
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x85: out += "\\N"
            case 0xA0: out += "\\_"
            case 0x2028: out += "\\L"
            case 0x2029: out += "\\P"
            default:
                let (prefix, width) = v <= 0xFF ? ("x", 2) : v <= 0xFFFF ? ("u", 4) : ("U", 8)
                let hex = String(v, radix: 16, uppercase: true)
                out += "\\" + prefix + String(repeating: "0", count: width - hex.count) + hex
            }
        }
        return out
    }

    /// Characters that go-yaml's reader refuses and that encoding/json leaves unescaped, so a string
    /// holding one cannot make the JSON→YAML round trip Helm's toYaml takes.
    static func hasControlCharacter(_ s: String) -> Bool {
        s.unicodeScalars.contains { c in
            let v = c.value
            return v == 0x7F || (v >= 0x80 && v <= 0x9F && v != 0x85) || v == 0xFFFE || v == 0xFFFF
        }
    }

    private func emit(_ event: inout yaml_event_t) throws(YAMLError) {
        if yaml_emitter_emit(emitter, &event) != 1 {
            let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown problem emitting YAML"
            throw YAMLError("yaml: " + problem)
        }
    }

    /// `depth`: collections around this one. Helm's toYaml goes through JSON and go-yaml's parser,
    /// which refuses more than 10,000 nested levels; so does this encoder.
    private func node(_ value: Value, depth: Int = 0) throws(YAMLError) {
        var event = yaml_event_t()
        if depth >= 10_000, value.arrayValue != nil || value.mapValue != nil {
            throw YAMLError("yaml: exceeded max depth of 10000")
        }
        switch value {
        case .null: try scalar("null", style: YAML_PLAIN_SCALAR_STYLE)
        case .bool(let b): try scalar(b ? "true" : "false", style: YAML_PLAIN_SCALAR_STYLE)
        case .int(let i): try scalar(String(i), style: YAML_PLAIN_SCALAR_STYLE)
        case .float(let d):
            try scalar(pretty ? Self.prettyNumberText(d) : Self.numberText(d), style: YAML_PLAIN_SCALAR_STYLE)
        case .string(let s): try string(s)
        case .array(let items):
            yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE)
            try emit(&event)
            for item in items { try node(item, depth: depth + 1) }
            yaml_sequence_end_event_initialize(&event)
            try emit(&event)
        case .map(let map):
            yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
            try emit(&event)
            for key in KeyOrder.sorted(map.keys) {
                try string(key)
                try node(map[key] ?? .null, depth: depth + 1)
            }
            yaml_mapping_end_event_initialize(&event)
            try emit(&event)
        }
    }

    private func string(_ s: String) throws(YAMLError) {
        if Self.hasControlCharacter(s) {
            throw YAMLError("error converting JSON to YAML: yaml: control characters are not allowed")
        }
        if s.unicodeScalars.first == "\u{FEFF}" {
            bomStrings.texts.append(s)
            try scalar(
                "\u{FEFF}" + Self.bomPlaceholder(bomStrings.texts.count - 1), style: YAML_DOUBLE_QUOTED_SCALAR_STYLE)
            return
        }
        try scalar(s, style: Self.style(for: s))
    }

    private func scalar(_ text: String, style: yaml_scalar_style_t) throws(YAMLError) {
        var event = yaml_event_t()
        var text = text
        var empty: UInt8 = 0
        // libyaml copies the value, so the string's own storage can be lent for the call.
        let ok =
            text.isEmpty
            ? yaml_scalar_event_initialize(&event, nil, nil, &empty, 0, 1, 1, style)
            : text.withUTF8 { buffer in
                yaml_scalar_event_initialize(
                    &event, nil, nil, UnsafeMutablePointer(mutating: buffer.baseAddress), Int32(buffer.count), 1, 1,
                    style)
            }
        guard ok == 1 else { throw YAMLError("yaml: out of memory") }
        try emit(&event)
    }

    /// How a float64 comes back from its JSON text: integral values print as integers.
    static func numberText(_ d: Double) throws(YAMLError) -> String {
        let json: String
        do {
            json = try GoJSONEncoder.formatFloat(d)
        } catch {
            throw YAMLError("error marshaling into JSON: \(error.description)")
        }
        switch try? ScalarResolver.resolve(tag: "", json) {
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let f): return GoFloat.shortestG(f)
        default: return json
        }
    }

    /// go-yaml v3's float: strconv's shortest 'g' form, YAML's names for the infinities and NaN.
    static func prettyNumberText(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
        return GoFloat.shortestG(d)
    }

    /// go-yaml's stringv: plain unless the text would read back as something else, literal when multi-line.
    static func style(for s: String) -> yaml_scalar_style_t {
        if s.utf8.contains(UInt8(ascii: "\n")) { return YAML_LITERAL_SCALAR_STYLE }
        if case .string = try? ScalarResolver.resolve(tag: "", s), !ScalarResolver.isBase60Float(s) {
            return YAML_PLAIN_SCALAR_STYLE
        }
        return YAML_DOUBLE_QUOTED_SCALAR_STYLE
    }
}
