import CLI
import ValueKit
import YAML

/// `-o/--output` beyond upstream: empty for the human-readable text, or json / yaml with stable
/// field names for scripts.
enum OutputFormat: String {
    case text = "", json, yaml

    /// The flag, bound to `Options.name`; commands that print data add it to their flags.
    struct Options: CommandOptions {
        var name = ""
        static let options: [Option<Self>] = [
            .string("output", shorthand: "o", \.name, usage: "Output format: empty for text, json or yaml")
        ]
    }

    static var flag: Flag { Options.flags[0] }

    init(_ invocation: Invocation) throws {
        let name = invocation.flags.decode(Options.self).name
        guard let format = OutputFormat(rawValue: name) else {
            throw CLIError("unknown output format \"\(name)\": use json, yaml or leave it empty")
        }
        self = format
    }

    /// The value as one JSON line or a YAML document.
    func render(_ value: Value) throws -> String {
        switch self {
        case .json: return try GoJSONEncoder.encode(value) + "\n"
        case .yaml: return try YAML.encode(value)
        case .text: return ""
        }
    }
}
