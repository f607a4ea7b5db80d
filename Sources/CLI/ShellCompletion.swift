#if canImport(Glibc)
import Glibc
#endif
import ValueKit

/// cobra's completion protocol: the hidden `__complete` command (and `__completeNoDesc`) that the
/// generated shell scripts call back with the words typed so far. It prints one candidate per line
/// (`word<TAB>description`, descriptions cut for `__completeNoDesc`), then `:<directive>`, and on
/// standard error a line naming the directive, as cobra 1.6 does.
public enum ShellCompletion {
    /// The names scripts call: with descriptions, and without.
    public static let request = "__complete"
    public static let requestWithoutDescriptions = "__completeNoDesc"

    /// What the shell should do besides offering the candidates (cobra's ShellCompDirective bits).
    public struct Directive: OptionSet, Sendable, Equatable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let error = Directive(rawValue: 1)
        public static let noSpace = Directive(rawValue: 2)
        public static let noFileCompletion = Directive(rawValue: 4)
        public static let filterFileExtensions = Directive(rawValue: 8)
        public static let filterDirectories = Directive(rawValue: 16)

        /// cobra's names of the set bits, joined as its debug line prints them.
        var names: String {
            let all: [(Directive, String)] = [
                (.error, "ShellCompDirectiveError"), (.noSpace, "ShellCompDirectiveNoSpace"),
                (.noFileCompletion, "ShellCompDirectiveNoFileComp"),
                (.filterFileExtensions, "ShellCompDirectiveFilterFileExt"),
                (.filterDirectories, "ShellCompDirectiveFilterDirs"),
            ]
            let set = all.filter { contains($0.0) }.map(\.1)
            return set.isEmpty ? "ShellCompDirectiveDefault" : set.joined(separator: ", ")
        }
    }

    /// The answer to one request: candidates, directive, and the problem met on the way, if any
    /// (printed as cobra's `[Error] …` line; the candidates are then empty).
    public struct Answer: Sendable, Equatable {
        public var candidates: [CompletionCandidate] = []
        public var directive: Directive = []
        public var problem: String?
    }

    /// Runs `osm __complete WORDS… CURRENT` (`arguments` starts with the request name) and returns
    /// the exit status. `debugFile`: cobra's BASH_COMP_DEBUG_FILE, where problems are appended too.
    public static func run(
        _ root: Command, arguments: [String], stdout: any OutputSink, stderr: any OutputSink,
        debugFile: String? = nil
    ) async -> Int32 {
        let words = Array(arguments.dropFirst())
        guard !words.isEmpty else {
            stderr.write("Error: requires at least 1 arg(s), only received 0\n")
            return 1
        }
        let answer = await complete(root, words)
        if let problem = answer.problem {
            // cobra's CompErrorln: a debug line, also written to standard error.
            let line = "[Debug] [Error] \(problem)\n"
            stderr.write(line)
            if let debugFile, !debugFile.isEmpty { appendLine(line, to: debugFile) }
        }
        let withDescriptions = arguments[0] != requestWithoutDescriptions
        var out = ""
        for candidate in answer.candidates {
            var line = candidate.value
            if withDescriptions && !candidate.description.isEmpty { line += "\t" + candidate.description }
            if let end = line.firstIndex(of: "\n") { line = String(line[..<end]) }
            out += line.trimmingGoSpace() + "\n"
        }
        stdout.write(out + ":\(answer.directive.rawValue)\n")
        stderr.write("Completion ended with directive: \(answer.directive.names)\n")
        return 0
    }

    /// cobra's getCompletions: `words` are the words after the program name, the last one the word
    /// being completed (empty when the cursor follows a space).
    public static func complete(_ root: Command, _ words: [String]) async -> Answer {
        let typed = Array(words.dropLast())
        var current = words.last ?? ""
        let command: Command
        var args: [String]
        switch ArgumentParser.find(root: root, typed) {
        case .success(let found): (command, args) = (found.command, found.remaining)
        case .failure:
            // The request command itself (cobra's tree has it while it runs): it completes nothing.
            if isRequest(Array(ArgumentParser.stripFlags(typed, root).prefix(1))) {
                return Answer()
            }
            return Answer(problem: "Unable to find a command for arguments: \(goList(typed))")
        }
        let typedArgs = args

        // Is a flag's value being completed (`--flag=VALUE`, or `--flag VALUE` after a flag that takes one)?
        var flag: Flag?
        var unknownFlag: String?
        var flagName = ""
        var withEqual = false
        if current.hasPrefix("-") {
            if let equal = current.firstIndex(of: "=") {
                let head = current[..<equal]
                flagName = head.hasPrefix("--") ? String(head.dropFirst(2)) : String(head.suffix(1))
                current = String(current[current.index(after: equal)...])
                withEqual = true
            }
        } else if let previous = args.last, isFlagWord(previous), !previous.contains("=") {
            flagName = previous.hasPrefix("--") ? String(previous.dropFirst(2)) : String(previous.suffix(1))
            args.removeLast()
        }
        if !flagName.isEmpty {
            if let found = lookUpFlag(flagName, in: command) {
                if !withEqual && found.valueWhenBare != nil {
                    // A flag that takes no value (a bool): the word is an argument after all.
                    args = typedArgs
                } else {
                    flag = found
                }
            } else {
                unknownFlag = flagName
                args = typedArgs
            }
        }

        // Parse what was typed, as the command would; `--` typed earlier ends flag completion.
        let parsed: ParsedFlags
        let positionals: [String]
        switch ArgumentParser.parseFlags(args, for: command) {
        case .success(let p): (parsed, positionals) = p
        case .failure(let error):
            return Answer(problem: "Error while parsing flags from args \(goList(args)): \(error.description)")
        }
        let afterDoubleDash: Bool
        if case .success(let withEnd) = ArgumentParser.parseFlags(args + ["--"], for: command) {
            afterDoubleDash = withEnd.1.count > positionals.count
        } else {
            afterDoubleDash = false
        }
        if afterDoubleDash { flag = nil }
        if let unknownFlag, !afterDoubleDash {
            return Answer(problem: "Subcommand '\(command.name)' does not support flag '\(unknownFlag)'")
        }
        if parsed.isSet("help") { return Answer(directive: .noFileCompletion) }

        let invocation = Invocation(
            commandPath: command.path, arguments: positionals, flags: parsed, stdout: BufferSink(),
            stderr: BufferSink(), stdin: ScriptedInput([]))

        // Flag names.
        if flag == nil, current.hasPrefix("-"), !current.contains("="), !afterDoubleDash {
            var candidates = requiredFlagCandidates(command, parsed, current)
            if candidates.isEmpty {
                for f in sortedFlags(command)
                where !parsed.isSet(f.name) || f.kind == .strings || f.kind == .stringArray {
                    candidates += nameCandidates(f, current)
                }
            }
            let directive: Directive =
                candidates.count == 1 && candidates[0].value.hasSuffix("=") ? .noSpace : .noFileCompletion
            return Answer(candidates: candidates, directive: directive)
        }

        var answer = Answer()
        if let flag {
            if let completer = command.flagCompleter(flag) {
                answer.candidates = await completer(invocation, current)
                answer.directive = .noFileCompletion
            }
            return answer
        }
        // Subcommand names, unless an argument or one of the command's own flags came first.
        let ownFlagSet = (command.flags + [command.helpFlag]).contains { parsed.isSet($0.name) }
        if positionals.isEmpty && !ownFlagSet {
            // cobra asks for no file names once the command has any subcommand to offer, matching or not.
            if command.visibleSubcommands.contains(where: isOffered) { answer.directive = .noFileCompletion }
            answer.candidates += subcommandCandidates(of: command, prefix: current)
        }
        answer.candidates += requiredFlagCandidates(command, parsed, current)
        if positionals.isEmpty && !command.firstArgumentValues.isEmpty {
            answer.candidates += command.firstArgumentValues.filter { $0.value.hasPrefix(current) }
            answer.directive = .noFileCompletion
        }
        if let completer = command.argumentCompleter {
            answer.candidates += await completer(invocation, current)
            answer.directive = .noFileCompletion
        }
        return answer
    }

    /// The subcommands of `command` completion offers for `prefix` (cobra's help command uses this too).
    public static func subcommandCandidates(of command: Command, prefix: String) -> [CompletionCandidate] {
        command.visibleSubcommands.filter { isOffered($0) && $0.name.hasPrefix(prefix) }
            .map { CompletionCandidate($0.name, description: $0.short) }
    }

    // MARK: - cobra's rules

    /// cobra's IsAvailableCommand (or its help command, runnable too): visible, and runnable or a
    /// group with something runnable under it.
    static func isOffered(_ command: Command) -> Bool {
        !command.hidden && (command.isRunnable || command.subcommands.contains { isOffered($0) && $0.name != "help" })
    }

    /// Whether these arguments are a completion request (`__complete …` or `__completeNoDesc …`).
    public static func isRequest(_ arguments: [String]) -> Bool {
        arguments.first == request || arguments.first == requestWithoutDescriptions
    }

    /// cobra's isFlagArg (its first test does not look at the first character; kept as cobra has it).
    static func isFlagWord(_ word: String) -> Bool {
        let c = Array(word.utf8)
        return (c.count >= 3 && c[1] == UInt8(ascii: "-"))
            || (c.count >= 2 && c[0] == UInt8(ascii: "-") && c[1] != UInt8(ascii: "-"))
    }

    /// A flag by long name, or by shorthand when `name` is one character.
    static func lookUpFlag(_ name: String, in command: Command) -> Flag? {
        if name.count == 1, let short = name.first, let flag = command.allFlags.first(where: { $0.shorthand == short })
        {
            return flag
        }
        return command.allFlags.first { $0.name == name }
    }

    /// Inherited flags first, then the command's own (help included), each group sorted by name, as
    /// pflag visits them.
    static func sortedFlags(_ command: Command) -> [Flag] {
        let own = command.flags + command.persistentFlags + [command.helpFlag]
        return command.inheritedFlags.sorted { $0.name < $1.name } + own.sorted { $0.name < $1.name }
    }

    static func requiredFlagCandidates(
        _ command: Command, _ parsed: ParsedFlags, _ prefix: String
    ) -> [CompletionCandidate] {
        sortedFlags(command).filter { $0.required && !parsed.isSet($0.name) }.flatMap { nameCandidates($0, prefix) }
    }

    /// `--name` and `-s`, each when it starts with `prefix`; hidden flags never.
    static func nameCandidates(_ flag: Flag, _ prefix: String) -> [CompletionCandidate] {
        if flag.hidden { return [] }
        var out: [CompletionCandidate] = []
        if "--\(flag.name)".hasPrefix(prefix) {
            out.append(CompletionCandidate("--\(flag.name)", description: flag.usage))
        }
        if let s = flag.shorthand, "-\(s)".hasPrefix(prefix) {
            out.append(CompletionCandidate("-\(s)", description: flag.usage))
        }
        return out
    }

    /// Go's %v of a string slice: `[a b c]`.
    static func goList(_ words: [String]) -> String { "[" + words.joined(separator: " ") + "]" }

    static func appendLine(_ text: String, to path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { return }
        FileSink(descriptor: descriptor).write(text)
        close(descriptor)
    }
}
