import Foundation
import Testing

/// Spec §1.1–§1.4: exit codes, cobra's error texts, the environment file and `osm env`.
@Suite(.timeLimit(.minutes(3))) struct GlobalBehaviourTests {
    @Test func envPrintsDefaultsExactlyAsUpstream() async {
        let r = await runOSM(["env"])
        #expect(r.status == 0)
        #expect(r.stdout == "--- \ninstall:\n  kind: self-hosted\n  distribution: \"\"\n  namespace: osm-system\n\n")
    }

    @Test func namespaceFlagOverridesConfigFileWhichOverridesDefault() async throws {
        let file = try temporaryFile("install:\n  kind: self-hosted\n  namespace: from-file\n")
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = await runOSM(["env"], variables: ["OSM_CONFIG": file.path])
        #expect(fromFile.stdout.contains("  namespace: from-file\n"))
        #expect(fromFile.stdout.contains("  distribution: \"\"\n"))
        let fromFlag = await runOSM(["env", "--osm-namespace", "from-flag"], variables: ["OSM_CONFIG": file.path])
        #expect(fromFlag.stdout.contains("  namespace: from-flag\n"))
    }

    @Test func missingNamespaceInConfigFallsBackToDefault() async throws {
        // Upstream quirk (spec Appendix C.10) fixed: a file without namespace no longer means "".
        let file = try temporaryFile("install:\n  distribution: openshift\n")
        defer { try? FileManager.default.removeItem(at: file) }
        let r = await runOSM(["env"], variables: ["OSM_CONFIG": file.path])
        #expect(r.stdout == "--- \ninstall:\n  kind: self-hosted\n  distribution: openshift\n  namespace: osm-system\n\n")
    }

    @Test func emptyOSMConfigMeansDefaults() async {
        let r = await runOSM(["env"], variables: ["OSM_CONFIG": ""])
        #expect(r.stdout.contains("  namespace: osm-system\n"))
    }

    @Test func malformedConfigFileStopsEveryCommand() async throws {
        let file = try temporaryFile("install:\n\tkind: x\n")
        defer { try? FileManager.default.removeItem(at: file) }
        let r = await runOSM(["version", "--client-only"], variables: ["OSM_CONFIG": file.path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "Error parsing environment configuration: error converting YAML to JSON: yaml: line 2: found character that cannot start any token\n")
    }

    @Test func managedInstallsHaveNoInstallDashboardOrUpgrade() async throws {
        let file = try temporaryFile("install:\n  kind: managed\n  namespace: kube-system\n")
        defer { try? FileManager.default.removeItem(at: file) }
        for args in [["install"], ["dashboard"]] {
            let r = await runOSM(args, variables: ["OSM_CONFIG": file.path])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("Error: unknown command \"\(args[0])\" for \"osm\""))
        }
        let mesh = await runOSM(["mesh", "--help"], variables: ["OSM_CONFIG": file.path])
        #expect(!mesh.stdout.contains("\n  upgrade "))
        #expect(mesh.stdout.contains("\n  list "))
    }

    /// cobra's help command: an unknown topic goes to stderr as "Unknown help topic" with Go's %#q of the
    /// words and the root's usage, exit 0; words after a command are ignored (cobra's Find leaves them).
    @Test func helpTopicsAsCobra() async {
        let unknown = await runOSM(["help", "nonexistent"])
        #expect(unknown.status == 0)
        #expect(unknown.stdout == "")
        #expect(unknown.stderr.hasPrefix("Unknown help topic [`nonexistent`]\nUsage:\n  osm [command]\n"), "\(unknown.stderr)")
        // Go's %#q: back-quoted when strconv.CanBackquote allows it (a tab may stay), else strconv.Quote.
        let odd = await runOSM(["help", "a\tb", "x`y", "n\nl"])
        #expect(odd.stderr.hasPrefix("Unknown help topic [`a\tb` \"x`y\" \"n\\nl\"]\n"), "\(odd.stderr)")
        let extra = await runOSM(["help", "mesh", "list", "extra"])
        let direct = await runOSM(["mesh", "list", "--help"])
        #expect(extra.status == 0)
        #expect(extra.stdout == direct.stdout && !extra.stdout.isEmpty)
        #expect(extra.stderr == "")
    }

    /// cobra pads the command list to the longest name (at least 11), its completion subcommands hide
    /// `[flags]` in their usage line (DisableFlagsInUseLine), and the commands upstream gives examples
    /// have an Examples section.
    @Test func helpLayoutAsCobra() async {
        let root = await runOSM(["--help"])
        #expect(root.stdout.contains("\n  completion  Generate the autocompletion script for the specified shell\n"), "\(root.stdout)")
        #expect(root.stdout.contains("\n  version     osm cli and mesh version\n"))
        for shell in ["bash", "zsh", "fish"] {
            let help = await runOSM(["completion", shell, "--help"])
            #expect(help.stdout.contains("Usage:\n  osm completion \(shell)\n\nFlags:"), "\(help.stdout)")
        }
        for command in [["mesh", "upgrade"], ["namespace", "add"], ["policy", "check-pods"], ["policy", "check-conflicts"],
                        ["verify", "control-plane-health"]] {
            let help = await runOSM(command + ["--help"])
            #expect(help.stdout.contains("\n\nExamples:\n  "), "\(command)")
        }
    }

    @Test func unknownCommandPointsAtHelp() async {
        let r = await runOSM(["foo"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "Error: unknown command \"foo\" for \"osm\"\nRun 'osm --help' for usage.\n")
    }

    @Test func commandsWithoutArgumentsReportPositionalsAsUnknownCommands() async {
        let r = await runOSM(["metrics", "enable", "ns1"])
        #expect(r.status == 1)
        #expect(r.stderr == "Error: unknown command \"ns1\" for \"osm metrics enable\"\n")
    }

    @Test func groupsPrintHelpAndSucceedEvenWithUnknownWords() async {
        let plain = await runOSM(["mesh"])
        let bogus = await runOSM(["mesh", "bogus"])
        #expect(plain.status == 0 && bogus.status == 0)
        #expect(plain.stdout == bogus.stdout)
        #expect(plain.stdout.contains("Available Commands:\n  list        list control planes in k8s cluster\n"))
    }

    @Test func helpCommandMatchesHelpFlag() async {
        let viaCommand = await runOSM(["help", "mesh", "list"])
        let viaFlag = await runOSM(["mesh", "list", "-h"])
        #expect(viaCommand.stdout == viaFlag.stdout)
        #expect(viaFlag.stdout.contains("Usage:\n  osm mesh list [flags]\n"))
        #expect(viaFlag.stdout.contains("  -p, --local-port uint16   "))
    }

    @Test func aliasesReachTheSameCommand() async {
        let viaAlias = await runOSM(["ns", "list", "--help"])
        let viaName = await runOSM(["namespace", "list", "--help"])
        #expect(viaAlias.status == 0 && viaAlias.stdout == viaName.stdout)
        let uninstall = await runOSM(["del", "mesh", "--help"])
        #expect(uninstall.stdout.contains("--ca-bundle-secret-name string"))
        #expect(uninstall.stdout.contains("(default \"osm-ca-bundle\")"))
    }

    @Test func installWithoutAClusterSaysSoAfterParsingItsFlags() async {
        let r = await runOSM(["install", "--mesh-name", "m", "--set", "a=b"])
        #expect(r.status == 1)
        // Spec §1.2: client-go's own sentence after upstream's prefix.
        #expect(r.stderr == "Error: Error fetching kubeconfig: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n")
        let badFlag = await runOSM(["install", "--timeout", "soon"])
        #expect(badFlag.stderr == "Error: invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"\n")
    }

    @Test func installHelpShowsUpstreamDefaults() async {
        let r = await runOSM(["install", "--help"])
        // The usage column sits three spaces past the longest flag, "--osm-chart-path string".
        #expect(r.stdout.contains("\n      --osm-chart-path string   "))
        #expect(r.stdout.contains("\n      --timeout duration        "))
        #expect(r.stdout.contains("(default 5m0s)\n"))
        #expect(r.stdout.contains("\n      --enforce-single-mesh     "))
        #expect(r.stdout.contains("cluster (default true)\n"))
        #expect(r.stdout.contains("\n      --mesh-name string        "))
        #expect(r.stdout.contains("(default \"osm\")\n"))
    }
}

@Suite(.timeLimit(.minutes(3))) struct VersionCommandTests {
    @Test func clientOnlyPrintsGoStructLine() async {
        let r = await runOSM(["version", "--client-only"])
        #expect(r.status == 0)
        #expect(r.stdout == "CLI Version: version.Info{Version:\"dev\", GitCommit:\"\", BuildDate:\"\"}\n")
    }

    @Test func clientOnlyAsJSON() async {
        let r = await runOSM(["version", "--client-only", "-o", "json"])
        #expect(r.stdout == "{\"cli\":{\"build_date\":\"\",\"git_commit\":\"\",\"version\":\"dev\"}}\n")
        let bad = await runOSM(["version", "--client-only", "-o", "xml"])
        #expect(bad.status == 1)
    }

    @Test func versionTakesNoArguments() async {
        let r = await runOSM(["version", "x"])
        #expect(r.stderr == "Error: unknown command \"x\" for \"osm version\"\n")
    }
}
