import Foundation
import KubeFake
import OSMChart
import OSMKit
import Testing

/// The chart osm carries (charts/osm, embedded at build time by the EmbedChart plugin) rendered by
/// `osm install --dry-run`, against real Helm's rendering of the same chart
/// (Tests/HelmEngineTests/OSMChart/expected, from scripts/regenerate-osm-chart-expected.sh).
@Suite(.timeLimit(.minutes(3))) struct OSMChartTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tests/HelmEngineTests/OSMChart")

    static var cases: [(name: String, args: [String])] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("cases.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            return (parts[0], parts[1].split(separator: " ").map(String.init))
        }
    }

    /// Documents without their `# Source:` lines, sorted: Helm's oracle prints in file order, osm in install order.
    static func documents(_ text: String) -> [String] {
        text.components(separatedBy: "\n---").map { doc in
            doc.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("# Source:") && $0 != "---" }
                .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }.sorted()
    }

    /// A missing or truncated cases.txt must not quietly run no case.
    @Test func everyCaseIsThere() {
        #expect(Self.cases.count == 22)
        let expected = (try? FileManager.default.contentsOfDirectory(atPath: Self.folder.appendingPathComponent("expected").path)) ?? []
        #expect(Set(expected) == Set(Self.cases.map { "\($0.name).txt" }))
    }

    @Test func embeddedChartIsCurrent() throws {
        let chart = Self.root.appendingPathComponent("charts/osm")
        var onDisk: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: chart.path)
        while let rel = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: chart.appendingPathComponent(rel).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { onDisk[rel] = try String(contentsOf: chart.appendingPathComponent(rel), encoding: .utf8) }
        }
        var embedded: [String: String] = [:]
        for file in EmbeddedChart.files { embedded[file.path] = file.text }
        #expect(embedded == onDisk, "the EmbedChart plugin did not pick up charts/osm")
    }

    @Test(arguments: cases.map(\.name))
    func rendersLikeHelm(_ name: String) async throws {
        let args = Self.cases.first { $0.name == name }!.args
        // The CLI sets osm.meshName and osm.enforceSingleMesh from its own flags.
        var cli = ["install", "--dry-run", "--kube-version", "v1.26.0"]
        var index = 0
        while index < args.count {
            if args[index] == "--set", args[index + 1].hasPrefix("osm.meshName=") {
                cli += ["--mesh-name", String(args[index + 1].dropFirst("osm.meshName=".count))]
            } else if args[index] == "--set", args[index + 1].hasPrefix("osm.enforceSingleMesh=") {
                cli += ["--enforce-single-mesh=" + args[index + 1].dropFirst("osm.enforceSingleMesh=".count)]
            } else {
                cli += [args[index], args[index + 1]]
            }
            index += 2
        }
        let expected = try String(contentsOf: Self.folder.appendingPathComponent("expected/\(name).txt"), encoding: .utf8)
        let result = await runOSM(cli)
        if expected.hasPrefix("Error: ") {
            #expect(result.status == 1)
            #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == expected.trimmingCharacters(in: .whitespacesAndNewlines))
        } else {
            #expect(result.stderr == "")
            #expect(Self.documents(result.stdout) == Self.documents(expected))
        }
    }

    @Test func schemaViolationsUseHelm3Wording() async {
        let result = await runOSM(["install", "--dry-run", "--set", "osm.image.pullPolicy=Sometimes,osm.foo=1"])
        #expect(result.stderr.hasPrefix("Error: values don't meet the specifications of the schema(s) in the following chart(s):\nosm:\n"))
        #expect(result.stderr.contains("- osm.image.pullPolicy: Does not match pattern '^(Always|Never|IfNotPresent)?$'\n"))
        #expect(result.stderr.contains("- osm: Additional property foo is not allowed\n"))
    }

    @Test func installsAndUninstallsTheEmbeddedChart() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let installed = await runOSM(["install"], cluster: fake)
        #expect(installed.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
        #expect(fake.objects(group: "apps", resource: "deployments").count == 3)
        #expect(fake.objects(resource: "services").count == 4)
        let listed = await runOSM(["mesh", "list"], cluster: fake)
        #expect(listed.stdout.contains("osm         osm-system       v1.2.4    \n"))
        let removed = await runOSM(["uninstall", "mesh", "-f"], cluster: fake)
        #expect(removed.stdout == "OSM [mesh name: osm] in namespace [osm-system] uninstalled\n")
        #expect(fake.objects(group: "apps", resource: "deployments").isEmpty)
        #expect(fake.objects(resource: "services").isEmpty)
        #expect(fake.objects(resource: "secrets").isEmpty)
        #expect(fake.objects(group: "rbac.authorization.k8s.io", resource: "clusterroles").isEmpty)
        #expect(fake.objects(resource: "configmaps").isEmpty)
    }
}
