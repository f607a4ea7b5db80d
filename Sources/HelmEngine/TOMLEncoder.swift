import ValueKit

/// Helm's `toToml`: the TOML that BurntSushi/toml writes for a value. Keys sorted; plain keys before
/// tables; nested tables and arrays of tables indented two spaces per level; floats always with a
/// fraction or exponent; nulls left out.
enum TOMLEncoder {
    struct Failure: Error { let message: String }

    static func encode(_ value: Value) throws(Failure) -> String {
        guard case .map(let map) = value else { return try scalar(value) }
        var out = ""
        try table(map, path: [], depth: 0, into: &out)
        return out
    }

    static func isTable(_ v: Value) -> Bool {
        if case .map = v { return true }
        return isTableArray(v)
    }

    static func isTableArray(_ v: Value) -> Bool {
        guard case .array(let items) = v, !items.isEmpty else { return false }
        return items.allSatisfy { if case .map = $0 { return true } else { return false } }
    }

    static func table(_ map: OrderedMap, path: [String], depth: Int, into out: inout String) throws(Failure) {
        let indent = String(repeating: "  ", count: depth)
        let keys = map.sortedKeys
        for key in keys {
            let v = map[key]!
            if v == .null || isTable(v) { continue }
            out += indent + quoteKey(key) + " = " + (try scalar(v)) + "\n"
        }
        for key in keys {
            let v = map[key]!
            let name = (path + [key]).map(quoteKey).joined(separator: ".")
            // A blank line separates top-level tables; nested headers follow their parent's keys directly.
            let separate = path.isEmpty && !out.isEmpty
            if case .map(let child) = v {
                if separate { out += "\n" }
                out += indent + "[" + name + "]\n"
                try table(child, path: path + [key], depth: depth + 1, into: &out)
            } else if isTableArray(v), case .array(let items) = v {
                for item in items {
                    // Every array-of-tables header gets a blank line before it, at any depth.
                    if !out.isEmpty { out += "\n" }
                    out += indent + "[[" + name + "]]\n"
                    try table(item.mapValue!, path: path + [key], depth: depth + 1, into: &out)
                }
            }
        }
    }

    static func scalar(_ v: Value) throws(Failure) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "nan" }
            if d.isInfinite { return d < 0 ? "-inf" : "inf" }
            let text = GoFloat.shortestG(d)
            return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
        case .string(let s): return quote(s)
        case .array(let items):
            var parts: [String] = []
            for item in items {
                if item == .null { throw Failure(message: "toml: cannot encode array with nil element") }
                parts.append(try scalar(item))
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .map(let map):
            var parts: [String] = []
            for key in map.sortedKeys where map[key]! != .null {
                parts.append(quoteKey(key) + " = " + (try scalar(map[key]!)))
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    static func quoteKey(_ key: String) -> String {
        let bare =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
                    || $0 == "-"
            }
        return bare ? key : quote(key)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
