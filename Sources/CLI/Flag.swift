import ValueKit

/// The value types osm's flags use, named as pflag prints them in help.
public enum FlagKind: Sendable, Equatable {
    case bool
    case string
    /// Each occurrence adds one value, commas included (pflag `stringArray`).
    case stringArray
    /// Each occurrence adds comma-separated values (pflag `strings`).
    case strings
    case uint16
    case duration

    /// pflag's Value.Type() name of the flag (`bool` included).
    public var pflagType: String { self == .bool ? "bool" : (self == .strings ? "stringSlice" : typeName) }

    var typeName: String {
        switch self {
        case .bool: return ""
        case .string: return "string"
        case .stringArray: return "stringArray"
        case .strings: return "strings"
        case .uint16: return "uint16"
        case .duration: return "duration"
        }
    }
}

/// One flag definition: name, optional one-letter shorthand, kind, default and help text.
public struct Flag: Sendable {
    public let name: String
    public let shorthand: Character?
    public let kind: FlagKind
    /// The default as pflag prints it (`osm`, `true`, `9091`, `5m0s`, `[]`).
    public let defaultText: String
    public let usage: String
    public let hidden: Bool
    /// The value the flag takes when given without one (pflag's NoOptDefVal): `true` for a bool;
    /// for a string flag such as Helm's `--dry-run[=server]`, the next word is then never its value.
    public let valueWhenBare: String?
    /// cobra's MarkFlagRequired: completion offers the flag before any other until it is set.
    public private(set) var required = false
    /// The name of the values shell completion offers for this flag (registered on a command, see
    /// `Command.completesValues`), e.g. the cluster's meshes.
    public private(set) var valuesNamed: String?

    public init(
        _ name: String, shorthand: Character? = nil, kind: FlagKind, default defaultText: String? = nil,
        usage: String, hidden: Bool = false, valueWhenBare: String? = nil
    ) {
        self.name = name
        self.valueWhenBare = kind == .bool ? "true" : valueWhenBare
        self.shorthand = shorthand
        self.kind = kind
        self.usage = usage
        self.hidden = hidden
        switch kind {
        case .bool: self.defaultText = defaultText ?? "false"
        case .string: self.defaultText = defaultText ?? ""
        case .stringArray, .strings: self.defaultText = defaultText ?? "[]"
        case .uint16: self.defaultText = defaultText ?? "0"
        case .duration: self.defaultText = defaultText ?? "0s"
        }
    }

    public static func bool(
        _ name: String, shorthand: Character? = nil, default value: Bool = false, usage: String
    ) -> Flag {
        Flag(name, shorthand: shorthand, kind: .bool, default: value ? "true" : "false", usage: usage)
    }

    public static func string(
        _ name: String, shorthand: Character? = nil, default value: String = "", usage: String
    ) -> Flag {
        Flag(name, shorthand: shorthand, kind: .string, default: value, usage: usage)
    }

    /// The same flag, its values offered from the source of that name.
    public func offering(_ values: String) -> Flag {
        var flag = self
        flag.valuesNamed = values
        return flag
    }

    /// The same flag, marked required.
    public func markedRequired() -> Flag {
        var flag = self
        flag.required = true
        return flag
    }

    /// pflag's "zero value" test, which decides whether help shows `(default …)`.
    var defaultIsZero: Bool {
        switch kind {
        case .bool: return defaultText == "false"
        case .string: return defaultText.isEmpty
        case .stringArray, .strings: return defaultText == "[]"
        case .uint16: return defaultText == "0"
        case .duration: return defaultText == "0s"
        }
    }

    /// The type word help shows after the name: pflag's `string[="client"]` for a value that may be left out.
    var typeDisplay: String {
        guard kind != .bool, let bare = valueWhenBare else { return kind.typeName }
        return kind.typeName + "[=\"\(bare)\"]"
    }

    /// How error messages name the flag: `-p, --local-port` or `--timeout`.
    var displayName: String {
        if let shorthand { return "-\(shorthand), --\(name)" }
        return "--\(name)"
    }

    /// Checks one textual value as pflag's Set would, returning pflag's error text on failure.
    func validate(_ value: String) -> String? {
        switch kind {
        case .bool:
            return GoParse.bool(value) == nil ? "strconv.ParseBool: parsing \(quoted(value)): invalid syntax" : nil
        case .uint16:
            switch GoParse.uint(value, bits: 16) {
            case .success: return nil
            case .failure(let reason): return "strconv.ParseUint: parsing \(quoted(value)): \(reason)"
            }
        case .duration:
            do {
                _ = try GoDuration.parse(value)
                return nil
            } catch {
                return error.description
            }
        default:
            return nil
        }
    }

    private func quoted(_ s: String) -> String { "\"\(s)\"" }
}

/// Go's strconv parsing rules that pflag relies on.
public enum GoParse {
    public enum UintFailure: Error { case syntax, range }

    /// strconv.ParseBool.
    public static func bool(_ s: String) -> Bool? {
        switch s {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// strconv.ParseUint(s, 0, bits): prefixes `0x`, `0o`, `0b` and a leading `0` pick the base.
    public static func uint(_ s: String, bits: Int) -> Result<UInt64, ParseFailure> {
        var digits = Substring(s)
        var base: UInt64 = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            base = 16; digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0o") || digits.hasPrefix("0O") {
            base = 8; digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0b") || digits.hasPrefix("0B") {
            base = 2; digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0") && digits.count > 1 {
            base = 8; digits = digits.dropFirst(1)
        }
        guard !digits.isEmpty else { return .failure(ParseFailure("invalid syntax")) }
        let limit: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits)) - 1
        var n: UInt64 = 0
        var overflow = false
        for c in digits {
            if c == "_" { continue }
            guard let d = c.hexDigitValue, UInt64(d) < base else { return .failure(ParseFailure("invalid syntax")) }
            let (m, o1) = n.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { overflow = true } else { n = a }
        }
        if overflow || n > limit { return .failure(ParseFailure("value out of range")) }
        return .success(n)
    }

    public struct ParseFailure: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// pflag's string-slice syntax: one CSV record (quotes allowed), empty input is no values.
    public static func csvRecord(_ s: String) -> [String] {
        if s.isEmpty { return [] }
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        current.append("\""); i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && current.isEmpty {
                inQuotes = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        fields.append(current)
        chars.removeAll()
        return fields
    }
}
