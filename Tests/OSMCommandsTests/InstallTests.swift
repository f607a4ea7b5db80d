import CLI
import Foundation
import HelmEngine
import OSMCommands
import OSMChart
import OSMKit
import KubeClient
import KubeFake
import Testing
import ValueKit

/// `osm install` (not dry-run) against the fake API server: spec §2.1 and the install issue's checks.
@Suite(.timeLimit(.minutes(3))) struct InstallTests {
    /// A chart shaped like upstream's test chart: a controller Deployment, a Service, a ClusterRole.
    static func chart() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("osm-install-chart-\(UUID().uuidString)")
        let files = [
            "Chart.yaml": "apiVersion: v2\nname: test-chart\nversion: 0.1.0\nappVersion: 1.0.0\n",
            "values.yaml": "osm:\n  meshName: osm\n  enforceSingleMesh: false\n  replicas: 1\n",
            "values.schema.json": #"{"type":"object","properties":{"osm":{"type":"object","properties":{"replicas":{"type":"integer","minimum":1}}}}}"#,
            "templates/controller.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: osm-controller
                  namespace: {{ .Release.Namespace }}
                  labels:
                    app: osm-controller
                    meshName: {{ .Values.osm.meshName }}
                    {{- if .Values.osm.enforceSingleMesh }}
                    enforceSingleMesh: "true"
                    {{- end }}
                spec:
                  replicas: {{ .Values.osm.replicas }}
                  selector:
                    matchLabels: {app: osm-controller}
                """,
            "templates/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: osm-controller\n  namespace: {{ .Release.Namespace }}\nspec:\n  ports: [{port: 15128}]\n",
            "templates/rbac.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {{ .Release.Name }}\nrules: []\n",
        ]
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    func install(_ fake: FakeAPIServer, _ extra: [String] = []) async throws -> RunResult {
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        return await runOSM(["install", "--osm-chart-path", chart.path] + extra, cluster: fake)
    }

    func record(_ fake: FakeAPIServer, _ ns: String = "osm-system", _ mesh: String = "osm") throws -> ReleaseRecord? {
        try fake.object(resource: "secrets", namespace: ns, name: "sh.helm.release.v1.\(mesh).v1").map { try ReleaseRecord(secret: $0) }
    }

    func writes(_ fake: FakeAPIServer) -> [String] {
        fake.requestLog.filter { $0.hasPrefix("POST") || $0.hasPrefix("PATCH") || $0.hasPrefix("PUT") || $0.hasPrefix("DELETE") }
    }

    @Test func installsWithDefaults() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let result = try await install(fake)
        #expect(result.stderr == "")
        #expect(result.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
        let release = try #require(try record(fake))
        #expect(release.status == .deployed)
        #expect(release.config == ["osm": ["meshName": "osm", "enforceSingleMesh": true]])
        #expect(release.namespace == "osm-system")
        let deployment = fake.object(group: "apps", resource: "deployments", namespace: "osm-system", name: "osm-controller")
        #expect(deployment?["metadata"]?["labels"]?["app.kubernetes.io/managed-by"] == "Helm")
        #expect(deployment?["metadata"]?["annotations"]?["meta.helm.sh/release-name"] == "osm")
        #expect(deployment?["metadata"]?["labels"]?["enforceSingleMesh"] == "true")
        #expect(fake.object(group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "osm") != nil)
        #expect(fake.object(resource: "namespaces", name: "osm-system") != nil)
        // What was installed can be uninstalled, leaving nothing of the release behind.
        let removed = await runOSM(["uninstall", "mesh", "-f"], cluster: fake)
        #expect(removed.stdout == "OSM [mesh name: osm] in namespace [osm-system] uninstalled\n")
        #expect(fake.object(group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "osm") == nil)
        #expect(fake.objects(resource: "secrets").isEmpty)
    }

    /// The namespace appears between osm's read and its create (a second osm, kubectl): the create's
    /// AlreadyExists is the namespace wanted, and the install goes on (seen on envtest with two
    /// installs 50 ms apart: the loser failed with `namespaces "…" already exists`).
    @Test func namespaceCreatedMeanwhileIsUsed() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/osm-system", exact: true, .status(404, body: "namespaces \"osm-system\" not found")))
        let result = try await install(fake)
        #expect(result.stderr == "")
        #expect(result.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
        #expect(try record(fake)?.status == .deployed)
    }

    @Test func installingTwiceIsRefused() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        _ = try await install(fake)
        let again = try await install(fake)
        #expect(again.status == 1)
        #expect(again.stderr == "Error: cannot re-use a name that is still in use\n")
    }

    @Test func preChecksWriteNothing() async throws {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        try fake.seed(["apiVersion": "apps/v1", "kind": "Deployment",
                       "metadata": ["name": "osm-controller", "namespace": "osm-system", "labels": ["app": "osm-controller", "meshName": "other"]]])
        let sameNamespace = try await install(fake, ["--enforce-single-mesh=false"])
        #expect(sameNamespace.stderr == "Error: Namespace [osm-system] already has an osm controller. Please specify a different namespace using --osm-namespace\n")
        let enforcing = try await install(fake, ["--osm-namespace", "elsewhere"])
        #expect(enforcing.stderr == "Error: Meshes already exist in cluster. Cannot enforce single mesh cluster.\n")
        let sameName = try await install(fake, ["--mesh-name", "other", "--osm-namespace", "elsewhere", "--enforce-single-mesh=false"])
        #expect(sameName.stderr.hasPrefix("Error: Mesh other already exists in namespace osm-system."))
        #expect(writes(fake).isEmpty)
    }

    @Test func existingMeshEnforcingSingleMesh() async throws {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "a"]])
        try fake.seed(["apiVersion": "apps/v1", "kind": "Deployment",
                       "metadata": ["name": "osm-controller", "namespace": "a", "labels": ["app": "osm-controller", "meshName": "first", "enforceSingleMesh": "true"]]])
        let result = try await install(fake, ["--mesh-name", "second", "--enforce-single-mesh=false"])
        #expect(result.stderr == "Error: Cannot install mesh [second]. Existing mesh [first] enforces single mesh cluster.\n")
    }

    @Test func invalidMeshNameAndSchemaViolationWriteNothing() async throws {
        let fake = FakeAPIServer()
        let name = try await install(fake, ["--mesh-name", "Bad_Name"])
        #expect(name.stderr.hasPrefix("Error: release name \"Bad_Name\": invalid release name, must match regex"))
        let schema = try await install(fake, ["--set", "osm.replicas=0"])
        #expect(schema.stderr.hasPrefix("Error: values don't meet the specifications of the schema(s) in the following chart(s):\ntest-chart:\n"))
        let set = try await install(fake, ["--set", "can't set this"])
        #expect(set.stderr == "Error: invalid format for --set: key \"can't set this\" has no value\n")
        #expect(writes(fake).isEmpty)
    }

    @Test func objectsOwnedBySomethingElseAreNotTaken() async throws {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "osm"]])
        let result = try await install(fake)
        #expect(result.stderr.hasPrefix("Error: rendered manifests contain a resource that already exists. Unable to continue with install: ClusterRole \"osm\" exists"))
        #expect(writes(fake).isEmpty)
    }

    @Test func timeoutNamesWhatIsNotReadyAndARerunCompletes() async throws {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "osm-controller-x", "namespace": "osm-system", "labels": ["app": "osm-controller"]],
                       "status": ["phase": "Pending", "containerStatuses": [["name": "osm-controller", "state": ["waiting": ["reason": "ImagePullBackOff"]]]]]])
        let failed = try await install(fake, ["--timeout", "300ms"])
        #expect(failed.status == 1)
        #expect(failed.stderr == """
            Error: timed out waiting for the condition; not ready:
              - Deployment is not ready: osm-system/osm-controller. 0 out of 1 expected pods are ready (pod osm-controller-x: container osm-controller waiting: ImagePullBackOff)

            """)
        #expect(try record(fake)?.status == .failed)
        // Fixed: the same install again picks up where it stopped instead of "cannot re-use a name".
        fake.deploymentsBecomeReady = true
        let rerun = try await install(fake)
        #expect(rerun.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
        #expect(try record(fake)?.status == .deployed)
    }

    @Test func anInterruptedInstallIsCompletedByTheNextRun() async throws {
        // What Ctrl-C leaves behind: the namespace, a pending-install record, some of the objects.
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        let pending = ReleaseRecord.make(name: "osm", namespace: "osm-system", version: 1, chart: try ChartLoader.load(path: chart.path),
                                         config: .map(OrderedMap()), manifest: "", status: .pendingInstall, description: "Initial install underway")
        try fake.seed(try pending.secret())
        try fake.seed(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                       "metadata": ["name": "osm", "annotations": ["meta.helm.sh/release-name": "osm", "meta.helm.sh/release-namespace": "osm-system"]]])
        let result = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(result.stderr == "")
        #expect(result.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
        #expect(try record(fake)?.status == .deployed)
        #expect(fake.objects(resource: "secrets").count == 1)
    }

    /// A pending record whose writer renewed its lease just now belongs to a live osm process:
    /// a second install, an upgrade and an uninstall are refused at once and change nothing.
    @Test func aRecordHeldByALiveProcessIsNotTouched() async throws {
        let fake = FakeAPIServer()
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        // Renewed "in an hour": live however slowly a loaded machine runs this test.
        try Self.seedPendingInstall(fake, chart: try EmbeddedChart.load(), renewedSecondsAgo: -3600)
        let before = writes(fake).count
        let second = await runOSM(["install", "--osm-chart-path", chart.path, "--timeout", "5s"], cluster: fake)
        #expect(second.stderr == "Error: another operation on mesh osm is in progress since 2026-12-07T07:00:00Z (ci-host/4242/7 osm install)\n")
        let upgrade = await runOSM(["mesh", "upgrade", "--timeout", "5s"], cluster: fake)
        #expect(upgrade.stderr == "Error: another operation on mesh osm is in progress since 2026-12-07T07:00:00Z (ci-host/4242/7 osm install)\n")
        let uninstall = await runOSM(["uninstall", "mesh", "-f", "--timeout", "5s"], cluster: fake)
        #expect(uninstall.stderr == "Error: another operation on mesh osm is in progress since 2026-12-07T07:00:00Z (ci-host/4242/7 osm install)\n", "\(uninstall)")
        #expect(writes(fake).count == before)
        #expect(try record(fake)?.status == .pendingInstall)
        // A mesh with a record but no controller is listed, with its record's status.
        let list = await runOSM(["mesh", "list"], cluster: fake)
        #expect(list.stdout.contains("osm         osm-system       v1.2.4 (pending-install, no controller)   \n"), "\(list.stdout)")
    }

    /// A pending record whose writer stopped renewing (the process died) is taken over and completed.
    @Test func aRecordWhoseWriterIsGoneIsCompleted() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        try Self.seedPendingInstall(fake, chart: try ChartLoader.load(path: chart.path), renewedSecondsAgo: OperationLease.staleAfter + 5)
        let result = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(result.stderr == "")
        #expect(try record(fake)?.status == .deployed)
        #expect(fake.objects(resource: "secrets").count == 1)
    }

    /// What an install leaves when it stops after writing its record: the namespace and a
    /// pending-install record held by a lease renewed `renewedSecondsAgo` seconds ago.
    static func seedPendingInstall(_ fake: FakeAPIServer, chart: Chart, renewedSecondsAgo: Double) throws {
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        let pending = ReleaseRecord.make(name: "osm", namespace: "osm-system", version: 1, chart: chart,
                                         config: .map(OrderedMap()), manifest: "", status: .pendingInstall, description: "Initial install underway")
        try fake.seed(held(try pending.secret(), renewedSecondsAgo: renewedSecondsAgo))
    }

    /// A record's Secret as a writer's lease marks it, renewed `renewedSecondsAgo` seconds ago.
    static func held(_ secret: Value, renewedSecondsAgo: Double) -> Value {
        guard var object = secret.mapValue, var metadata = object["metadata"]?.mapValue else { return secret }
        let renewed = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-renewedSecondsAgo))
        metadata["annotations"] = ["osm.openservicemesh.io/operation-holder": "ci-host/4242/7 osm install",
                                   "osm.openservicemesh.io/operation-started": "2026-12-07T07:00:00Z",
                                   "osm.openservicemesh.io/operation-renewed": .string(renewed)]
        object["metadata"] = .map(metadata)
        return .map(object)
    }

    @Test func atomicLeavesNothingBehind() async throws {
        let fake = FakeAPIServer()
        let result = try await install(fake, ["--atomic", "--timeout", "200ms"])
        #expect(result.stderr.hasPrefix("Error: release osm failed, and has been uninstalled due to atomic being set: timed out waiting for the condition"))
        #expect(fake.objects(resource: "secrets").isEmpty)
        #expect(fake.object(group: "apps", resource: "deployments", namespace: "osm-system", name: "osm-controller") == nil)
        #expect(fake.object(group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "osm") == nil)
    }

    /// The clean-up of --atomic fails too: both errors are reported, as Helm's failRelease does.
    @Test func atomicWhoseCleanUpFailsReportsBoth() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "DELETE", pathPrefix: "/apis/rbac.authorization.k8s.io/v1/clusterroles/osm", exact: true, times: 5,
                          .status(403, body: "clusterroles.rbac.authorization.k8s.io \"osm\" is forbidden")))
        let result = try await install(fake, ["--atomic", "--timeout", "200ms"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: an error occurred while uninstalling the release. original install error: timed out waiting for the condition"),
                "\(result.stderr)")
        #expect(result.stderr.contains("clusterroles.rbac.authorization.k8s.io \"osm\" is forbidden"), "\(result.stderr)")
    }

    @Test func chartCRDsComeFirstAndTheirKindsCanBeUsed() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        try FileManager.default.createDirectory(at: chart.appendingPathComponent("crds"), withIntermediateDirectories: true)
        try """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions: [{name: v1, served: true, storage: true}]
            """.write(to: chart.appendingPathComponent("crds/widgets.yaml"), atomically: true, encoding: .utf8)
        try "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: {{ .Release.Namespace }}\n"
            .write(to: chart.appendingPathComponent("templates/widget.yaml"), atomically: true, encoding: .utf8)
        let result = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(result.stderr == "")
        #expect(fake.object(group: "example.com", resource: "widgets", namespace: "osm-system", name: "w") != nil)
    }

    @Test func capabilitiesComeFromTheCluster() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        try """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: capabilities
              namespace: {{ .Release.Namespace }}
            data:
              kube: {{ .Capabilities.KubeVersion.Version | quote }}
              group: {{ .Capabilities.APIVersions.Has "apps/v1" | quote }}
              kind: {{ .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" | quote }}
              absent: {{ .Capabilities.APIVersions.Has "security.openshift.io/v1" | quote }}
            """.write(to: chart.appendingPathComponent("templates/capabilities.yaml"), atomically: true, encoding: .utf8)
        let result = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(result.stderr == "")
        let data = fake.object(resource: "configmaps", namespace: "osm-system", name: "capabilities")?["data"]
        #expect(data?["kube"] == "v1.36.2")
        #expect(data?["group"] == "true")
        #expect(data?["kind"] == "true")
        #expect(data?["absent"] == "false")
    }

    @Test func terminalShowsWhatIsStillNotReadyInPlace() async throws {
        let fake = FakeAPIServer()
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        let out = BufferSink(terminal: true)
        let environment = OSMEnvironment(
            stdout: out, stderr: BufferSink(), stdin: ScriptedInput([]), variables: ["HOME": "/nonexistent-home"],
            connect: { _, _ in
                KubernetesClient(rest: RESTClient(config: ClientConfig(server: "https://fake.invalid"), transport: FakeTransport(server: fake)))
            })
        // Long enough for the first round to finish before the deadline on a loaded machine; the
        // second round, at the deadline, redraws the block.
        let status = await OSM.execute(["install", "--osm-chart-path", chart.path, "--timeout", "2s"], environment)
        #expect(status == 1)
        let waiting = "Waiting for 1 of 3 resources to become ready:\n  - Deployment is not ready: osm-system/osm-controller. 0 out of 1 expected pods are ready\n"
        #expect(out.text.hasPrefix(waiting))
        // Later polls first move the cursor up over the previous block and clear it.
        #expect(out.text.contains("\u{1b}[2A\u{1b}[J" + waiting))
        // Without a terminal nothing but upstream's lines is printed.
        let ready = FakeAPIServer()
        ready.controllersActAtOnce()
        let plain = try await install(ready)
        #expect(plain.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
    }

    /// As on a real cluster: a namespace being deleted refuses new content until it is gone.
    @Test func installIntoATerminatingNamespaceIsRefused() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        _ = fake.handle(FakeRequest(method: "DELETE", target: "/api/v1/namespaces/osm-system"))
        let refused = try await install(fake)
        #expect(refused.status == 1)
        #expect(refused.stderr == "Error: secrets \"sh.helm.release.v1.osm.v1\" is forbidden: unable to create new content in namespace osm-system because it is being terminated\n")
        fake.finishNamespaceDeletions()
        let installed = try await install(fake)
        #expect(installed.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
    }

    @Test func verboseShowsProgress() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let result = try await install(fake, ["--verbose"])
        #expect(result.stdout.contains("[debug] Loading OSM helm chart\n"))
        #expect(result.stdout.contains("[debug] Beginning OSM installation\n"))
        #expect(result.stdout.hasSuffix("OSM installed successfully in namespace [osm-system] with mesh name [osm]\n"))
    }
}
