import Foundation
import KubeFake
import Testing

/// `osm install --dry-run=server` (beyond upstream, Helm 3.13's spelling): the cluster judges every
/// object with `dryRun=All`; nothing is stored, rejections name the object and the API's message.
@Suite(.timeLimit(.minutes(3))) struct InstallServerDryRunTests {
    func chart(port: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("osm-sdr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try "apiVersion: v2\nname: tiny\nversion: 0.1.0\n".write(to: folder.appendingPathComponent("Chart.yaml"), atomically: true, encoding: .utf8)
        try """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: osm-controller, meshName: {{ .Values.osm.meshName }}}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx, ports: [{name: \(port), containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {a: b}
            """.write(to: folder.appendingPathComponent("templates/all.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func rejectionsAreListedAndNothingIsStored() async throws {
        let fake = FakeAPIServer()
        let folder = try chart(port: "grafana-dashboard")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = await runOSM(["install", "--dry-run=server", "--osm-chart-path", folder.path], cluster: fake)
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            Deployment "web" in namespace "osm-system": Deployment.apps "web" is invalid: spec.template.spec.containers[0].ports[0].name: Invalid value: "grafana-dashboard": must be no more than 15 characters
            Error: the cluster rejected 1 of 3 objects (server dry run; nothing was written)

            """)
        #expect(fake.object(resource: "namespaces", name: "osm-system") == nil)
        #expect(fake.objects(resource: "configmaps").isEmpty)
        #expect(fake.objects(group: "apps", resource: "deployments").isEmpty)
    }

    @Test func theBuiltInChartWithEveryComponentPassesAndPrintsItsManifests() async throws {
        let fake = FakeAPIServer()
        let sets = ["--set", "osm.deployPrometheus=true", "--set", "osm.deployGrafana=true", "--set", "osm.deployJaeger=true",
                    "--set", "osm.grafana.enableRemoteRendering=true"]
        let server = await runOSM(["install", "--dry-run=server"] + sets, cluster: fake)
        #expect(server.status == 0, "\(server.stderr)")
        let client = await runOSM(["install", "--dry-run"] + sets, cluster: fake)
        #expect(server.stdout == client.stdout)
        #expect(fake.objects(group: "apps", resource: "deployments").isEmpty)
        #expect(fake.object(resource: "namespaces", name: "osm-system") == nil)
    }

    /// Over a mesh of that name already installed, the server dry run shows what installing it again
    /// with these values would change (as `mesh upgrade --dry-run=server`), and writes nothing.
    @Test func overAnInstalledMeshItShowsTheDifferences() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let chart = try InstallTests.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        let installed = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(installed.status == 0, "\(installed.stderr)")
        let secrets = fake.objects(resource: "secrets").count
        let result = await runOSM(["install", "--dry-run=server", "--osm-chart-path", chart.path, "--set", "osm.replicas=3"], cluster: fake)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\n-  replicas: 1\n+  replicas: 3\n"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("(server dry run, nothing written): 1 object(s) would change, 0 would be created, 0 would be deleted\n"))
        #expect(fake.object(group: "apps", resource: "deployments", namespace: "osm-system", name: "osm-controller")?["spec"]?["replicas"]?.integerValue == 1)
        #expect(fake.objects(resource: "secrets").count == secrets)
    }

    @Test func anUnknownModeIsRefusedBeforeTheClusterIsAsked() async {
        let fake = FakeAPIServer()
        let run = await runOSM(["install", "--dry-run=maybe"], cluster: fake)
        #expect(run.stderr == "Error: invalid dry-run flag value \"maybe\": use client (the bare flag), server or none\n")
        #expect(fake.requestLog.isEmpty)
    }
}
