import Foundation
import Testing

/// `osm install --dry-run`: renders a chart like `helm template`, manifests in install order.
@Suite(.timeLimit(.minutes(3))) struct InstallDryRunTests {
    static let basicChart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HelmEngineTests/Charts/basic").path

    @Test func rendersInInstallOrderWithMeshNameAsRelease() async {
        let r = await runOSM(["install", "--dry-run", "--osm-chart-path", Self.basicChart, "--mesh-name", "mymesh", "--osm-namespace", "mesh-ns", "--set", "replicaCount=4"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        // Service comes before Deployment in Helm's install order.
        let service = r.stdout.range(of: "# Source: basic/templates/service.yaml")
        let deployment = r.stdout.range(of: "# Source: basic/templates/deployment.yaml")
        #expect(service != nil && deployment != nil)
        if let service, let deployment { #expect(service.lowerBound < deployment.lowerBound) }
        #expect(r.stdout.hasPrefix("---\n# Source: basic/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: mymesh-basic\n"))
        #expect(r.stdout.contains("  replicas: 4\n"))
        #expect(!r.stdout.contains("Installed mymesh"))  // NOTES.txt is not printed
    }

    /// `--set-json` takes effect: the built-in chart rendered with it equals the render with the same
    /// values from a values file (Helm's equivalence), and differs from the default render where the
    /// values land (the controller's tolerations, MeshConfig's port exclusions).
    @Test func setJSONAppliesAsAValuesFileDoes() async throws {
        let tolerations = #"[{"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":30}]"#
        let viaJSON = await runOSM(["install", "--dry-run", "--set-json", "osm.osmController.tolerations=" + tolerations,
                                    "--set-json", "osm.outboundPortExclusionList=[6379]"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("set-json-\(getpid()).yaml")
        try "osm:\n  osmController:\n    tolerations: \(tolerations)\n  outboundPortExclusionList: [6379]\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let viaFile = await runOSM(["install", "--dry-run", "-f", file.path])
        let plain = await runOSM(["install", "--dry-run"])
        #expect(viaJSON.stderr == "" && viaFile.stderr == "")
        #expect(viaJSON.stdout == viaFile.stdout)
        #expect(viaJSON.stdout != plain.stdout)
        #expect(viaJSON.stdout.contains("tolerationSeconds: 30"))
        // The preset MeshConfig is JSON in a ConfigMap.
        #expect(viaJSON.stdout.contains("\"outboundPortExclusionList\": [6379],"))
        #expect(plain.stdout.contains("\"outboundPortExclusionList\": [],"))
    }

    @Test func badSetIsReportedAsUpstreamWordsIt() async {
        let r = await runOSM(["install", "--dry-run", "--osm-chart-path", Self.basicChart, "--set", "a"])
        #expect(r.status == 1)
        #expect(r.stderr == "Error: invalid format for --set: key \"a\" has no value\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func missingChartIsALoadError() async {
        let r = await runOSM(["install", "--dry-run", "--osm-chart-path", "/nonexistent/chart"])
        #expect(r.status == 1)
        #expect(r.stderr == "Error: error loading chart for installation: stat /nonexistent/chart: no such file or directory\n")
    }

    @Test func templateErrorsCarryTheFileLocation() async {
        let errorsChart = URL(fileURLWithPath: Self.basicChart).deletingLastPathComponent().appendingPathComponent("errors").path
        let r = await runOSM(["install", "--dry-run", "--osm-chart-path", errorsChart, "--set", "mode=required"])
        #expect(r.stderr == "Error: execution error at (errors/templates/cm.yaml:2:10): errors.value is required\n")
    }
}
