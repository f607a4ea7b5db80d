import ValueKit

/// How many positional arguments a command takes, with cobra's error texts.
public enum ArgsRule: Sendable {
    /// Anything, unchecked.
    case any
    /// None: a positional is reported as an unknown command (cobra's NoArgs).
    case none
    case exactly(Int)
    case atLeast(Int)
    case atMost(Int)

    func check(_ args: [String], commandPath: String) -> String? {
        switch self {
        case .any: return nil
        case .none:
            return args.isEmpty ? nil : "unknown command \"\(args[0])\" for \"\(commandPath)\""
        case .exactly(let n):
            return args.count == n ? nil : "accepts \(n) arg(s), received \(args.count)"
        case .atLeast(let n):
            return args.count >= n ? nil : "requires at least \(n) arg(s), only received \(args.count)"
        case .atMost(let n):
            return args.count <= n ? nil : "accepts at most \(n) arg(s), received \(args.count)"
        }
    }
}

/// What a running command sees: its flags, positionals and streams.
public struct Invocation: Sendable {
    public let commandPath: String
    public let arguments: [String]
    public let flags: ParsedFlags
    public let stdout: any OutputSink
    public let stderr: any OutputSink
    public let stdin: any InputSource
}

public typealias CommandAction = @Sendable (Invocation) async throws -> Void

/// Offers values for a positional argument or a flag during shell completion (cobra's
/// ValidArgsFunction and RegisterFlagCompletionFunc): given the command line parsed so far and the
/// word being completed, the candidates. An empty answer (also on failure) lets the shell offer
/// nothing; completers must finish quickly and never fail loudly.
public typealias Completer = @Sendable (Invocation, String) async -> [CompletionCandidate]

/// One completion candidate: the word and a description shells may show beside it.
public struct CompletionCandidate: Sendable, Equatable {
    public let value: String
    public let description: String
    public init(_ value: String, description: String = "") {
        self.value = value
        self.description = description
    }
}

/// A node of the command tree, in cobra's shape: a `use` line, short and long help, flags,
/// an argument rule, and either an action or subcommands.
// @unchecked Sendable, sound: the tree is built before any command runs and only read afterwards.
public final class Command: @unchecked Sendable {
    /// First word is the name; the rest documents arguments (`add NAMESPACE ...`).
    public let use: String
    public let aliases: [String]
    public let short: String
    public let long: String
    public let example: String
    public let args: ArgsRule
    public private(set) var flags: [Flag]
    /// Flags this command shares with all its descendants.
    public private(set) var persistentFlags: [Flag]
    public private(set) var subcommands: [Command] = []
    public private(set) weak var parent: Command?
    public let action: CommandAction?
    public let hidden: Bool
    /// cobra's DisableFlagsInUseLine: the usage line shows no `[flags]`.
    public let hidesFlagsInUseLine: Bool
    /// Values shell completion offers for the next positional argument.
    public private(set) var argumentCompleter: Completer?
    /// Fixed values shell completion offers for the first positional argument (before the completer's).
    public private(set) var firstArgumentValues: [CompletionCandidate] = []
    /// Values shell completion offers for flags, by flag name; a persistent flag's completer serves
    /// the descendants too.
    public private(set) var flagCompleters: [String: Completer] = [:]
    /// Named sources of values (`Flag.valuesNamed`), for the flags of this command and its descendants.
    public private(set) var valueSources: [String: Completer] = [:]

    public init(
        use: String, aliases: [String] = [], short: String, long: String = "", example: String = "",
        args: ArgsRule = .any, flags: [Flag] = [], persistentFlags: [Flag] = [], hidden: Bool = false,
        hidesFlagsInUseLine: Bool = false, action: CommandAction? = nil
    ) {
        self.hidesFlagsInUseLine = hidesFlagsInUseLine
        self.use = use
        self.aliases = aliases
        self.short = short
        self.long = long
        self.example = example
        self.args = args
        self.flags = flags
        self.persistentFlags = persistentFlags
        self.hidden = hidden
        self.action = action
    }

    @discardableResult
    public func add(_ children: Command...) -> Command {
        for child in children {
            child.parent = self
            subcommands.append(child)
        }
        return self
    }

    /// Sets what shell completion offers for this command's positional arguments.
    @discardableResult
    public func completesArguments(with completer: @escaping Completer) -> Command {
        argumentCompleter = completer
        return self
    }

    /// Sets fixed values shell completion offers for the first positional argument.
    @discardableResult
    public func completesFirstArgument(with values: [CompletionCandidate]) -> Command {
        firstArgumentValues = values
        return self
    }

    /// Sets what shell completion offers as values of the flag `name` (this command's or inherited).
    @discardableResult
    public func completesFlag(_ name: String, with completer: @escaping Completer) -> Command {
        flagCompleters[name] = completer
        return self
    }

    /// Names a source of values that flags declared with `offering(name)` take their values from.
    @discardableResult
    public func completesValues(named name: String, with completer: @escaping Completer) -> Command {
        valueSources[name] = completer
        return self
    }

    /// The completer for a flag's values: one set for the flag by name, else the source its
    /// declaration names; each looked for on this command, then on the nearest ancestor.
    public func flagCompleter(_ flag: Flag) -> Completer? {
        var node: Command? = self
        while let n = node {
            if let completer = n.flagCompleters[flag.name] { return completer }
            if let source = flag.valuesNamed, let completer = n.valueSources[source] { return completer }
            node = n.parent
        }
        return nil
    }

    public var name: String { String(use.split(separator: " ").first ?? "") }
    public var isRunnable: Bool { action != nil }
    public var path: String { parent.map { "\($0.path) \(name)" } ?? name }

    /// Subcommands users can see, sorted by name as cobra lists them.
    public var visibleSubcommands: [Command] {
        subcommands.filter { !$0.hidden }.sorted { $0.name < $1.name }
    }

    public func subcommand(named word: String) -> Command? {
        subcommands.first { $0.name == word || $0.aliases.contains(word) }
    }

    /// Persistent flags of the ancestors, nearest first.
    public var inheritedFlags: [Flag] {
        var out: [Flag] = []
        var node = parent
        while let n = node {
            out.append(contentsOf: n.persistentFlags.filter { f in !out.contains { $0.name == f.name } })
            node = n.parent
        }
        return out.filter { f in !(flags + persistentFlags).contains { $0.name == f.name } }
    }

    /// cobra's own `-h, --help` flag.
    var helpFlag: Flag { .bool("help", shorthand: "h", usage: "help for \(name)") }

    /// Every flag that parses at this command: local, persistent, inherited, help.
    public var allFlags: [Flag] { flags + persistentFlags + inheritedFlags + [helpFlag] }

    /// Walks the tree (this command first, then children in name order).
    public func walk(_ visit: (Command) -> Void) {
        visit(self)
        for c in visibleSubcommands { c.walk(visit) }
    }
}

/// Parsed flag values, with the defaults filled in.
public struct ParsedFlags: Sendable {
    var values: [String: [String]] = [:]
    var changed: Set<String> = []
    let definitions: [String: Flag]

    init(definitions: [Flag]) {
        var d: [String: Flag] = [:]
        for f in definitions { d[f.name] = f }
        self.definitions = d
    }

    /// Whether the user set the flag.
    public func isSet(_ name: String) -> Bool { changed.contains(name) }

    public func string(_ name: String) -> String {
        values[name]?.last ?? definitions[name]?.defaultText ?? ""
    }

    public func bool(_ name: String) -> Bool {
        GoParse.bool(string(name)) ?? false
    }

    public func strings(_ name: String) -> [String] {
        values[name] ?? []
    }

    public func uint16(_ name: String) -> UInt16 {
        if case .success(let v) = GoParse.uint(string(name), bits: 16) { return UInt16(v) }
        return 0
    }

    public func duration(_ name: String) -> GoDuration {
        (try? GoDuration.parse(string(name))) ?? GoDuration(nanoseconds: 0)
    }
}
