import CLI
import OSMKit
import ValueKit

private let versionLong = """
    Prints the version of this osm binary and, unless --client-only is given, the version of each
    control plane found in the cluster.
    """

/// `osm version`'s flags (and the shared -o).
struct VersionOptions: CommandOptions {
    var clientOnly = false
    var versionOnly = false
    static let options: [Option<Self>] = [
        .bool("client-only", \.clientOnly, usage: "Only print the version of this binary"),
        .bool("version-only", \.versionOnly, usage: "Print versions only, without warnings or upgrade notices"),
    ]
}

/// `osm completion SHELL`'s flags.
struct CompletionOptions: CommandOptions {
    var noDescriptions = false
    static let options: [Option<Self>] = [
        .bool("no-descriptions", \.noDescriptions, usage: "disable completion descriptions")
    ]
}

enum VersionCommand {
    static func make(config: EnvironmentConfig, environment: OSMEnvironment) -> Command {
        Command(
            use: "version", short: "osm cli and mesh version", long: versionLong, args: .none,
            flags: VersionOptions.flags + [OutputFormat.flag],
            action: { invocation in
                let output = try OutputFormat(invocation)
                let options = invocation.flags.decode(VersionOptions.self)
                if options.clientOnly {
                    invocation.stdout.write(
                        output == .text ? cliVersionLine() + "\n" : try output.render(versionValue(meshes: nil)))
                    return
                }
                if output == .text { invocation.stdout.write(cliVersionLine() + "\n") }
                let (entries, errors) = try await MeshVersions(client: try environment.client(invocation)).collect()
                if output != .text {
                    invocation.stdout.write(try output.render(versionValue(meshes: entries)))
                } else if entries.isEmpty && errors.isEmpty {
                    invocation.stdout.write("Unable to find OSM control plane in the cluster\n")
                } else {
                    var table = TabWriter()
                    table.write("\nMESH NAME\tMESH NAMESPACE\tVERSION\tGIT COMMIT\tBUILD DATE\n")
                    for e in entries where !e.meshName.isEmpty {
                        table.write("\(e.meshName)\t\(e.namespace)\t\(e.version)\t\(e.gitCommit)\t\(e.buildDate)\n")
                    }
                    invocation.stdout.write(table.flush())
                }
                if output == .text, !config.isManaged, !options.versionOnly,
                    let latest = await environment.latestRelease(),
                    let notice = LatestRelease.notice(current: BuildInfo.version, latest: latest)
                {
                    invocation.stdout.write(notice)
                }
                if !errors.isEmpty { throw OSMError(MeshVersions.multiError(errors)) }
            })
    }

    /// Upstream's first line: Go's `%#v` of its version.Info struct.
    static func cliVersionLine() -> String {
        "CLI Version: version.Info{Version:\(GoSyntax.quote(BuildInfo.version)), GitCommit:\(GoSyntax.quote(BuildInfo.gitCommit)), BuildDate:\(GoSyntax.quote(BuildInfo.buildDate))}"
    }

    /// The same facts for -o json|yaml, with the field names the controller's /version endpoint uses;
    /// `meshes` is left out for --client-only.
    static func versionValue(meshes: [MeshVersions.Entry]?) -> Value {
        let cli: Value = [
            "version": .string(BuildInfo.version), "git_commit": .string(BuildInfo.gitCommit),
            "build_date": .string(BuildInfo.buildDate),
        ]
        var out: OrderedMap = ["cli": cli]
        if let meshes {
            out["meshes"] = .array(
                meshes.map {
                    [
                        "name": .string($0.meshName), "namespace": .string($0.namespace),
                        "version": .string($0.version),
                        "git_commit": .string($0.gitCommit), "build_date": .string($0.buildDate),
                    ]
                })
        }
        return .map(out)
    }
}

enum EnvCommand {
    static func make(config: EnvironmentConfig) -> Command {
        Command(
            use: "env", short: "osm client environment information",
            long:
                "Prints the environment settings osm runs with: the install kind, distribution and control-plane namespace.",
            args: .none,
            action: { invocation in
                var effective = config
                effective.namespace = invocation.flags.decode(GlobalOptions.self).osmNamespace
                // Upstream prints "--- " with a trailing space, the YAML, then one blank line.
                invocation.stdout.write("--- \n" + effective.yaml() + "\n")
            })
    }
}

private let completionLong = """
    Prints a script that teaches a shell to complete osm's commands, flags and values. The script
    asks osm itself for the candidates, so it keeps up with the binary, and offers mesh and
    namespace names from the current cluster where commands take them.

      bash:        source <(osm completion bash)     (or save it in /etc/bash_completion.d/osm)
      zsh:         osm completion zsh > "${fpath[1]}/_osm"   (or source <(osm completion zsh))
      fish:        osm completion fish | source
      powershell:  osm completion powershell | Out-String | Invoke-Expression

    Ready-made scripts are also in this project's completions/ folder.
    """

/// How to load each shell's script, for `osm completion SHELL --help`.
private let completionShellLong: [CompletionScripts.Shell: String] = [
    .bash: """
        Prints the bash completion script for osm. It works on its own and makes use of the
        bash-completion package when that is loaded.

        This shell only:          source <(osm completion bash)

        Every new shell (Linux):  osm completion bash > /etc/bash_completion.d/osm
        """,
    .zsh: """
        Prints the zsh completion script for osm. Completion must be on in zsh (autoload -U compinit;
        compinit in ~/.zshrc).

        This shell only:  source <(osm completion zsh)

        Every new shell:  osm completion zsh > "${fpath[1]}/_osm"
        """,
    .fish: """
        Prints the fish completion script for osm.

        This shell only:  osm completion fish | source

        Every new shell:  osm completion fish > ~/.config/fish/completions/osm.fish
        """,
    .powershell: """
        Prints the PowerShell completion script for osm.

        This shell only:  osm completion powershell | Out-String | Invoke-Expression

        Every new shell:  add the line above to your PowerShell profile ($PROFILE)
        """,
]

enum CompletionCommand {
    static func make(root: Command) -> Command {
        let completion = Command(
            use: "completion", short: "Generate the autocompletion script for the specified shell", long: completionLong
        )
        for shell in CompletionScripts.Shell.allCases {
            completion.add(
                Command(
                    use: shell.rawValue, short: "Generate the autocompletion script for \(shell.rawValue)",
                    long: completionShellLong[shell] ?? "", args: .none,
                    flags: CompletionOptions.flags, hidesFlagsInUseLine: true,
                    action: { [unowned root] invocation in
                        let options = invocation.flags.decode(CompletionOptions.self)
                        invocation.stdout.write(
                            CompletionScripts.script(for: shell, root: root, descriptions: !options.noDescriptions))
                    }
                ).completesArguments { _, _ in [] })
        }
        // Like cobra, nothing to offer after these words (and no file names either).
        return completion.completesArguments { _, _ in [] }
    }
}
