import Foundation
import Testing

/// The committed completion scripts (completions/) run in the real shells, calling the osm built
/// beside the tests: what the shell offers on <TAB> is what `osm __complete` answered (checked
/// against cobra in CompletionProtocolTests). bash runs with and without the bash-completion
/// package; zsh runs the script's function with its completion builtins standing in (printing what
/// they are given); fish answers `complete -C`. A shell that is not installed skips its test (.ci/run
/// installs them).
@Suite(.timeLimit(.minutes(3))) struct CompletionScriptTests {
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
    static func script(_ name: String) -> String { projectRoot.appendingPathComponent("completions/\(name)").path }

    static func shell(_ program: String, _ code: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-c", code]
        process.environment = ["PATH": "\(binDirectory):/usr/bin:/bin", "HOME": "/nonexistent-home", "COLUMNS": "80"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// One bash completion: COMP_* as readline sets them for `line` (cursor at the end), then the
    /// replies, one per line.
    static let bashProbe = #"""
        t() {
            COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
            read -r -a COMP_WORDS <<< "$COMP_LINE"; [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
            __osm_complete osm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\n' "${COMPREPLY[@]}" "--"
        }
        t "osm ns a"
        t "osm mesh list --l"
        t "osm me"
        t "osm install --set-s"
        t "osm version -"
        """#

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash")))
    func bashOffersWhatOsmAnswers() throws {
        let plain = try Self.shell("/bin/bash", "source '\(Self.script("osm.bash"))'\n" + Self.bashProbe)
        let expected = [
            "add", "--",
            "--local-port", "--",
            // Several candidates: each with its description, padded as one column.
            "mesh     (manage osm installations)", "metrics  (manage metrics)", "--",
            "--set-string", "--",
        ].joined(separator: "\n") + "\n"
        #expect(plain.hasPrefix(expected), "\(plain)")
        // `version -`: the flags of version and the global ones, long and short forms.
        let flags = plain.components(separatedBy: "--set-string\n--\n").last ?? ""
        // Padded to the widest candidate, --request-timeout.
        #expect(flags.contains("--client-only      (") && flags.contains("-h                 (help for version)"), "\(flags)")
        #expect(flags.contains("--osm-namespace"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/bash-completion/bash_completion")))
    func bashWithTheCompletionPackage() throws {
        let out = try Self.shell(
            "/bin/bash",
            "source /usr/share/bash-completion/bash_completion\nsource '\(Self.script("osm.bash"))'\n" + Self.bashProbe)
        #expect(out.hasPrefix("add\n--\n--local-port\n--\n"), "\(out)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh")))
    func zshOffersWhatOsmAnswers() throws {
        let probe = """
            _describe() { print -r -- "describe ${(j:|:)${(@P)4}} prefix=${6-}" }
            _files() { print -r -- "files $*" }
            compdef() { print -r -- "compdef $*" }
            source '\(Self.script("osm.zsh"))'
            words=(osm namespace a); CURRENT=3; _osm
            words=(osm install --timeout ''); CURRENT=4; _osm
            words=(osm install '--set-str'); CURRENT=3; _osm
            words=(osm ns add ''); CURRENT=4; _osm; print "status $?"
            """
        let out = try Self.shell("/usr/bin/zsh", probe)
        #expect(out == """
            compdef _osm osm
            describe add:add namespace to mesh prefix=
            files\u{20}
            describe --set-string:Chart values as key=value, always taken as strings prefix=
            status 1

            """, "\(out)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/fish")))
    func fishOffersWhatOsmAnswers() throws {
        let out = try Self.shell(
            "/usr/bin/fish",
            "source '\(Self.script("osm.fish"))'\ncomplete -C 'osm namespace a'\necho ==\ncomplete -C 'osm mesh '\necho ==\ncomplete -C 'osm ns add '\necho ==")
        // `ns add ` with no cluster: nothing, and no file names either.
        #expect(out == "add\tadd namespace to mesh\n==\nlist\tlist control planes in k8s cluster\nupgrade\tupgrade osm control plane\n==\n==\n", "\(out)")
    }
}
