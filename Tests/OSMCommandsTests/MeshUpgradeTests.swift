import Foundation
import HelmEngine
import KubeClient
import KubeFake
import Testing
import ValueKit

/// `osm mesh upgrade` against the fake API server (spec §2.6, mesh_upgrade_test.go).
@Suite(.timeLimit(.minutes(3))) struct MeshUpgradeTests {
    func withChart<T>(_ body: (String) async throws -> T) async throws -> T {
        let chart = try InstallTests.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        return try await body(chart.path)
    }

    func records(_ fake: FakeAPIServer) throws -> [ReleaseRecord] {
        try fake.objects(resource: "secrets").map { try ReleaseRecord(secret: $0) }.sorted { $0.version < $1.version }
    }

    func controller(_ fake: FakeAPIServer, _ ns: String = "osm-system") -> Value? {
        fake.object(group: "apps", resource: "deployments", namespace: ns, name: "osm-controller")
    }

    @Test func upgradeWritesTheNextRevision() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        try await withChart { chart in
            _ = await runOSM(["install", "--osm-chart-path", chart], cluster: fake)
            let result = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart], cluster: fake)
            #expect(result.stderr == "")
            #expect(result.stdout == "OSM successfully upgraded mesh [osm] in namespace [osm-system]\n")
        }
        let history = try records(fake)
        #expect(history.map(\.version) == [1, 2])
        #expect(history.map(\.status) == [.superseded, .deployed])
        #expect(history[1].config["osm"]?["meshName"] == "osm")
    }

    /// Helm's rule: an upgrade is ready when the Deployment's *new* ReplicaSet has its pods ready,
    /// not when the Deployment's status (which still counts the old pods) says so. Here the new
    /// pods start a second after the upgrade began: it returns only after that.
    @Test(.timeLimit(.minutes(1))) func upgradeWaitsForTheNewPods() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        try await withChart { chart in
            _ = await runOSM(["install", "--osm-chart-path", chart], cluster: fake)
            fake.newPodsStartLate()
            let started = Date()
            async let upgraded = runOSM(["mesh", "upgrade", "--osm-chart-path", chart, "--set", "osm.replicas=2", "--timeout", "20s"], cluster: fake)
            // Once the upgrade has written its pending record, it waits there for the new pods.
            var pendingSeen = false
            for _ in 0..<400 where !pendingSeen {
                pendingSeen = (try? records(fake).last?.status) == .pendingUpgrade
                if !pendingSeen { try await Task.sleep(nanoseconds: 50_000_000) }
            }
            #expect(pendingSeen)
            try await Task.sleep(nanoseconds: 1_000_000_000)
            #expect(try records(fake).last?.status == .pendingUpgrade)
            fake.runControllers()
            let result = await upgraded
            #expect(result.stderr == "")
            #expect(result.stdout == "OSM successfully upgraded mesh [osm] in namespace [osm-system]\n")
            #expect(Date().timeIntervalSince(started) >= 1)
        }
        #expect(try records(fake).map(\.status) == [.superseded, .deployed])
    }

    /// New pods that never become ready: the upgrade fails at its --timeout naming the Deployment.
    @Test(.timeLimit(.minutes(1))) func upgradeWhoseNewPodsNeverStartFailsAtTheDeadline() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        try await withChart { chart in
            _ = await runOSM(["install", "--osm-chart-path", chart], cluster: fake)
            fake.newPodsStartLate()
            let result = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart, "--set", "osm.replicas=2", "--timeout", "1s"], cluster: fake)
            #expect(result.stderr == "Error: timed out waiting for the condition; not ready:\n  - Deployment is not ready: osm-system/osm-controller. 0 out of 2 expected pods are ready\n")
        }
        #expect(try records(fake).map(\.status) == [.deployed, .failed])
    }

    /// `--dry-run=server`: changed objects as unified diffs, a Secret's data only as changed (never its
    /// values), objects the upgrade would create or delete named; nothing written (no record, no change).
    @Test func serverDryRunShowsTheDifferencesAndWritesNothing() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        try await withChart { chart in
            try """
                apiVersion: v1
                kind: Secret
                metadata: {name: token, namespace: {{ .Release.Namespace }}}
                data: {token: {{ .Values.osm.token | default "first-secret" | b64enc }}}
                """.write(toFile: chart + "/templates/secret.yaml", atomically: true, encoding: .utf8)
            try """
                {{- if .Values.osm.extra }}
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: extra, namespace: {{ .Release.Namespace }}}
                {{- end }}
                """.write(toFile: chart + "/templates/extra.yaml", atomically: true, encoding: .utf8)
            _ = await runOSM(["install", "--osm-chart-path", chart], cluster: fake)
            try FileManager.default.removeItem(atPath: chart + "/templates/service.yaml")
            let before = controller(fake)
            let result = await runOSM(
                ["mesh", "upgrade", "--osm-chart-path", chart, "--dry-run=server", "--set", "osm.replicas=2,osm.token=second-secret,osm.extra=true"],
                cluster: fake)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("--- Deployment osm-system/osm-controller (live)\n+++ Deployment osm-system/osm-controller (upgraded)\n@@ "))
            #expect(result.stdout.contains("\n-  replicas: 1\n+  replicas: 2\n"), "\(result.stdout)")
            #expect(result.stdout.contains("  data.token: changed (value not shown)\n"))
            for secret in ["first-secret", "second-secret"] {
                #expect(!result.stdout.contains(Data(secret.utf8).base64EncodedString()) && !result.stdout.contains(secret))
            }
            #expect(result.stdout.contains("+ ConfigMap osm-system/extra would be created\n"))
            #expect(result.stdout.contains("- Service osm-system/osm-controller would be deleted\n"))
            #expect(result.stdout.hasSuffix("2 object(s) would change, 1 would be created, 1 would be deleted\n"), "\(result.stdout)")
            #expect(controller(fake) == before)
            #expect(fake.object(resource: "configmaps", namespace: "osm-system", name: "extra") == nil)
        }
        let releases = try fake.objects(resource: "secrets").filter { ($0.objectName ?? "").hasPrefix("sh.helm.release.v1.") }
        #expect(try releases.map { try ReleaseRecord(secret: $0).status } == [.deployed])
    }

    @Test func setAppliesOnceAndIsNotCarriedOver() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        try await withChart { chart in
            _ = await runOSM(["install", "--osm-chart-path", chart, "--set", "osm.replicas=3"], cluster: fake)
            #expect(controller(fake)?["spec"]?["replicas"]?.integerValue == 3)
            _ = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart, "--set", "osm.replicas=2"], cluster: fake)
            #expect(controller(fake)?["spec"]?["replicas"]?.integerValue == 2)
            _ = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart], cluster: fake)
            #expect(controller(fake)?["spec"]?["replicas"]?.integerValue == 1)
        }
        #expect(try records(fake).map(\.status) == [.superseded, .superseded, .deployed])
    }

    @Test func meshNameAndSingleMeshSettingAreKept() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        try await withChart { chart in
            _ = await runOSM(["install", "--osm-chart-path", chart, "--mesh-name", "blue", "--enforce-single-mesh=false"], cluster: fake)
            let result = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart, "--mesh-name", "blue"], cluster: fake)
            #expect(result.stdout == "OSM successfully upgraded mesh [blue] in namespace [osm-system]\n")
        }
        #expect(controller(fake)?["metadata"]?["labels"]?["meshName"] == "blue")
        #expect(controller(fake)?["metadata"]?["labels"]?["enforceSingleMesh"] == nil)
    }

    @Test func nothingDeployedOrBusy() async throws {
        let fake = FakeAPIServer()
        try await withChart { chart in
            let none = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart], cluster: fake)
            #expect(none.stderr == "Error: \"osm\" has no deployed releases\n")
            let chartValue = try ChartLoader.load(path: chart)
            let pending = ReleaseRecord.make(name: "osm", namespace: "osm-system", version: 1, chart: chartValue, config: .map(OrderedMap()),
                                             manifest: "", status: .pendingInstall, description: "Initial install underway")
            try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
            try fake.seed(try pending.secret())
            let busy = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart], cluster: fake)
            #expect(busy.stderr == "Error: another operation (install/upgrade/rollback) is in progress\n")
        }
    }

    @Test func objectsTheNewChartDropsAreDeleted() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let chart = try InstallTests.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        _ = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(fake.object(group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "osm") != nil)
        try FileManager.default.removeItem(at: chart.appendingPathComponent("templates/rbac.yaml"))
        let result = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart.path], cluster: fake)
        #expect(result.status == 0)
        #expect(fake.object(group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "osm") == nil)
        #expect(controller(fake) != nil)
    }
}

