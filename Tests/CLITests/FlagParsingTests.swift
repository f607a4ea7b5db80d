@testable import CLI
import Testing
import ValueKit

/// pflag/cobra behaviour from the spec (§1.1): flag syntax, error texts, argument rules.
struct FlagParsingTests {
    static func tree() -> Command {
        let root = Command(use: "osm", short: "root", persistentFlags: [.bool("verbose", usage: "v"), .string("osm-namespace", default: "osm-system", usage: "ns")])
        root.add(
            Command(
                use: "install", short: "install", args: .any,
                flags: [
                    .bool("enforce-single-mesh", default: true, usage: "e"), .bool("atomic", usage: "a"),
                    Flag("set", kind: .stringArray, usage: "s"), Flag("timeout", kind: .duration, default: "5m0s", usage: "t"),
                    Flag("namespace", kind: .strings, usage: "n"), Flag("local-port", shorthand: "p", kind: .uint16, default: "9091", usage: "p"),
                    .bool("force", shorthand: "f", usage: "f"), .bool("all", shorthand: "a", usage: "a"),
                ], action: { _ in }))
        return root
    }

    func parse(_ args: [String]) -> Result<(ParsedFlags, [String]), CLIError> {
        let root = Self.tree()
        guard case .success(let found) = ArgumentParser.find(root: root, args) else { return .failure(CLIError("find failed")) }
        return ArgumentParser.parseFlags(found.remaining, for: found.command)
    }

    func flags(_ args: [String]) throws -> (ParsedFlags, [String]) {
        try parse(args).get()
    }

    @Test func boolTakesValueOnlyWithEquals() throws {
        let (f, rest) = try flags(["install", "--enforce-single-mesh=false", "--atomic", "false"])
        #expect(f.bool("enforce-single-mesh") == false)
        #expect(f.bool("atomic") == true)
        #expect(rest == ["false"])
    }

    @Test func shorthandForms() throws {
        #expect(try flags(["install", "-p9092"]).0.uint16("local-port") == 9092)
        #expect(try flags(["install", "-p=9093"]).0.uint16("local-port") == 9093)
        #expect(try flags(["install", "-p", "9094"]).0.uint16("local-port") == 9094)
        #expect(try flags(["install"]).0.uint16("local-port") == 9091)
        let (cluster, _) = try flags(["install", "-fap", "1"])
        #expect(cluster.bool("force") && cluster.bool("all") && cluster.uint16("local-port") == 1)
    }

    @Test func stringArrayKeepsCommasAndStringsSplitThem() throws {
        let (f, _) = try flags(["install", "--set", "a=b,c=d", "--set=e=f", "--namespace", "test1, test2", "--namespace", "x"])
        #expect(f.strings("set") == ["a=b,c=d", "e=f"])
        #expect(f.strings("namespace") == ["test1", " test2", "x"])
    }

    @Test func doubleDashEndsFlagsAndFlagsInterleave() throws {
        let (f, rest) = try flags(["install", "one", "--verbose", "two", "--", "--atomic", "-p"])
        #expect(f.bool("verbose"))
        #expect(!f.bool("atomic"))
        #expect(rest == ["one", "two", "--atomic", "-p"])
    }

    @Test func durationDefaultsAndParsing() throws {
        #expect(try flags(["install"]).0.duration("timeout") == GoDuration.seconds(300))
        #expect(try flags(["install", "--timeout", "90s"]).0.duration("timeout").description == "1m30s")
    }

    @Test(arguments: [
        (["install", "--x"], "unknown flag: --x"),
        (["install", "-x"], "unknown shorthand flag: 'x' in -x"),
        (["install", "-fx"], "unknown shorthand flag: 'x' in -x"),
        (["install", "--set"], "flag needs an argument: --set"),
        (["install", "-p"], "flag needs an argument: 'p' in -p"),
        (["install", "-p", "abc"], "invalid argument \"abc\" for \"-p, --local-port\" flag: strconv.ParseUint: parsing \"abc\": invalid syntax"),
        (["install", "-p", "70000"], "invalid argument \"70000\" for \"-p, --local-port\" flag: strconv.ParseUint: parsing \"70000\": value out of range"),
        (["install", "--timeout", "abc"], "invalid argument \"abc\" for \"--timeout\" flag: time: invalid duration \"abc\""),
        (["install", "--atomic=maybe"], "invalid argument \"maybe\" for \"--atomic\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"),
    ])
    func errorsAreWordedAsPflag(args: [String], message: String) {
        guard case .failure(let error) = parse(args) else {
            Issue.record("expected an error for \(args)")
            return
        }
        #expect(error.description == message)
    }

    @Test func unknownCommandSuggestsCloseNames() {
        guard case .failure(let error) = ArgumentParser.find(root: Self.tree(), ["instal"]) else {
            Issue.record("expected unknown command")
            return
        }
        #expect(error.description == "unknown command \"instal\" for \"osm\"\n\nDid you mean this?\n\tinstall\n")
    }

    @Test(arguments: [
        (ArgsRule.none, ["ns1"], "unknown command \"ns1\" for \"osm metrics enable\""),
        (ArgsRule.exactly(2), ["a"], "accepts 2 arg(s), received 1"),
        (ArgsRule.atLeast(1), [], "requires at least 1 arg(s), only received 0"),
        (ArgsRule.atMost(1), ["a", "b"], "accepts at most 1 arg(s), received 2"),
    ])
    func argumentRules(rule: ArgsRule, args: [String], message: String) {
        #expect(rule.check(args, commandPath: "osm metrics enable") == message)
    }
}

struct HelpLayoutTests {
    @Test func flagTableFollowsPflag() {
        let table = HelpRenderer.flagUsages([
            Flag("local-port", shorthand: "p", kind: .uint16, default: "9091", usage: "<usage>"),
            .string("mesh-name", default: "osm", usage: "name"),
            .bool("force", usage: "force"),
            Flag("set", kind: .stringArray, usage: "values"),
        ])
        let expected = [
            "      --force" + String(repeating: " ", count: 15) + "force",
            "  -p, --local-port uint16   <usage> (default 9091)",
            "      --mesh-name string    name (default \"osm\")",
            "      --set stringArray     values",
        ].map { $0 + "\n" }.joined()
        #expect(table == expected)
    }

    @Test func usageSectionsInCobraOrder() {
        let root = FlagParsingTests.tree()
        let help = HelpRenderer.help(for: root)
        #expect(help.hasPrefix("root\n\nUsage:\n  osm [command]\n\nAvailable Commands:\n  install     install\n\nFlags:\n"))
        #expect(help.hasSuffix("\n\nUse \"osm [command] --help\" for more information about a command.\n"))
        let child = HelpRenderer.help(for: root.subcommands[0])
        #expect(child.contains("Usage:\n  osm install [flags]\n\nFlags:\n"))
        #expect(child.contains("\n\nGlobal Flags:\n      --osm-namespace string   ns (default \"osm-system\")\n      --verbose                v\n"))
    }
}

struct DurationTests {
    @Test(arguments: [(0, "0s"), (300_000_000_000, "5m0s"), (90_000_000_000, "1m30s"), (1_500_000_000, "1.5s"),
        (300_000_000, "300ms"), (3_600_000_000_000, "1h0m0s"), (1_500_000, "1.5ms"), (42, "42ns")] as [(Int64, String)])
    func printsLikeGo(ns: Int64, text: String) {
        #expect(GoDuration(nanoseconds: ns).description == text)
    }

    @Test(arguments: [("1", "time: missing unit in duration \"1\""), ("x", "time: invalid duration \"x\""),
        ("1x", "time: unknown unit \"x\" in duration \"1x\""), ("", "time: invalid duration \"\"")])
    func parseErrorsLikeGo(text: String, message: String) {
        #expect(throws: GoDuration.ParseError.self) { try GoDuration.parse(text) }
        do {
            _ = try GoDuration.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func parsesCompoundDurations() throws {
        #expect(try GoDuration.parse("1.5h").description == "1h30m0s")
        #expect(try GoDuration.parse("-2h45m").description == "-2h45m0s")
    }
}
