/// A flag bound to a field of a command's options struct: its name, default and help text are
/// declared once, beside the field it fills, and the command reads a typed value from the struct
/// (as cobra commands bind `f.StringVar(&opts.field, …)`), never a value looked up by name.
public struct Option<Options>: @unchecked Sendable {  // sound: a Flag and a key path, both immutable
    public let flag: Flag
    let assign: (inout Options, ParsedFlags) -> Void

    init(_ flag: Flag, _ assign: @escaping (inout Options, ParsedFlags) -> Void) {
        self.flag = flag
        self.assign = assign
    }

    /// The same option, its flag marked required (see `Flag.required`).
    public func required() -> Option { Option(flag.markedRequired(), assign) }

    /// The same option, shell completion offering the values of that name (see `Flag.valuesNamed`).
    public func offering(_ values: String) -> Option { Option(flag.offering(values), assign) }

    public static func string(
        _ name: String, shorthand: Character? = nil, _ field: WritableKeyPath<Options, String>,
        default value: String = "",
        usage: String, hidden: Bool = false, valueWhenBare: String? = nil
    ) -> Option {
        let flag = Flag(
            name, shorthand: shorthand, kind: .string, default: value, usage: usage, hidden: hidden,
            valueWhenBare: valueWhenBare)
        return Option(flag) { $0[keyPath: field] = $1.string(name) }
    }

    public static func bool(
        _ name: String, shorthand: Character? = nil, _ field: WritableKeyPath<Options, Bool>,
        default value: Bool = false,
        usage: String, hidden: Bool = false
    ) -> Option {
        let flag = Flag(
            name, shorthand: shorthand, kind: .bool, default: value ? "true" : "false", usage: usage, hidden: hidden)
        return Option(flag) { $0[keyPath: field] = $1.bool(name) }
    }

    /// Comma-separated values, the flag repeatable (pflag's StringSlice).
    public static func strings(
        _ name: String, shorthand: Character? = nil, _ field: WritableKeyPath<Options, [String]>, usage: String
    ) -> Option {
        Option(Flag(name, shorthand: shorthand, kind: .strings, usage: usage)) { $0[keyPath: field] = $1.strings(name) }
    }

    /// One value per use, the flag repeatable (pflag's StringArray).
    public static func stringArray(
        _ name: String, shorthand: Character? = nil, _ field: WritableKeyPath<Options, [String]>, usage: String
    ) -> Option {
        Option(Flag(name, shorthand: shorthand, kind: .stringArray, usage: usage)) {
            $0[keyPath: field] = $1.strings(name)
        }
    }

    public static func uint16(
        _ name: String, shorthand: Character? = nil, _ field: WritableKeyPath<Options, UInt16>, default value: UInt16,
        usage: String
    ) -> Option {
        let flag = Flag(name, shorthand: shorthand, kind: .uint16, default: String(value), usage: usage)
        return Option(flag) { $0[keyPath: field] = $1.uint16(name) }
    }

    /// A Go duration (`5m0s`, `30s`); `default` is written as pflag prints it.
    public static func duration(
        _ name: String, shorthand: Character? = nil, _ field: WritableKeyPath<Options, FlagDuration>,
        default text: String,
        usage: String
    ) -> Option {
        let flag = Flag(name, shorthand: shorthand, kind: .duration, default: text, usage: usage)
        return Option(flag) {
            $0[keyPath: field] = FlagDuration(value: .nanoseconds($1.duration(name).nanoseconds), text: $1.string(name))
        }
    }
}

/// A command's options: a struct whose fields hold its flags' values, the flags declared once.
public protocol CommandOptions: Sendable {
    init()
    static var options: [Option<Self>] { get }
}

extension CommandOptions {
    /// The flags to register on the command, in declaration order.
    public static var flags: [Flag] { options.map(\.flag) }
}

extension ParsedFlags {
    /// The options struct filled from the parsed flags (defaults where a flag was not given).
    public func decode<Options: CommandOptions>(_ type: Options.Type = Options.self) -> Options {
        var options = Options()
        for option in Options.options { option.assign(&options, self) }
        return options
    }
}

/// A duration flag's value, and its text as given (messages quote what the user wrote).
public struct FlagDuration: Sendable, Equatable {
    public var value: Duration
    public var text: String
    public init(value: Duration = .zero, text: String = "0s") {
        self.value = value
        self.text = text
    }
    public var seconds: Double { value.seconds }
}

extension Duration {
    /// Seconds as a Double, for deadlines.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
