import EnvTest
import Foundation
import KubeClient
import Testing

/// Helm hooks run as Helm runs them, on a real cluster, with charts written in the pattern upstream
/// osm's chart uses: a ServiceAccount, a ClusterRole and its binding and a Job per hook event, all
/// hooks of the event, deleted on success. The Job's Pod is refused by the ServiceAccount admission
/// plugin unless its ServiceAccount still exists while it runs.
@Suite(.timeLimit(.minutes(15))) struct HookIntegrationTests {
    static let events = ["pre-install", "post-install", "pre-upgrade", "post-upgrade", "pre-delete", "post-delete"]

    /// A chart with a controller-shaped Deployment (so `uninstall mesh` finds the mesh) and, per event,
    /// the four hook objects named `<release>-<event>`, plus a lighter Job at weight -1 before them.
    static func chart(jobServiceAccount: String? = nil, policy: String = "before-hook-creation,hook-succeeded") throws -> URL {
        // The chart's base (Chart.yaml, values, a controller-shaped Deployment) is shared with scripts/helm_interop.py.
        let base = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Charts/controller-only")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("osm-hooks-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: base, to: folder)
        var hooks = ""
        for event in events {
            let name = "{{ .Release.Name }}-\(event)"
            let annotations = "    helm.sh/hook: \(event)\n    helm.sh/hook-delete-policy: \(policy)\n"
            hooks += """
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: \(name)
                  namespace: {{ .Release.Namespace }}
                  annotations:
                \(annotations)---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: \(name)
                  annotations:
                \(annotations)rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: \(name)
                  annotations:
                \(annotations)roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: \(name)}
                subjects: [{kind: ServiceAccount, name: \(name), namespace: {{ .Release.Namespace }}}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: \(name)
                  namespace: {{ .Release.Namespace }}
                  annotations:
                \(annotations)spec:
                  backoffLimit: 0
                  template:
                    spec:
                      serviceAccountName: \(jobServiceAccount ?? name)
                      restartPolicy: Never
                      containers: [{name: hook, image: example.invalid/hook}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: \(name)-first
                  namespace: {{ .Release.Namespace }}
                  annotations:
                    helm.sh/hook: \(event)
                    helm.sh/hook-weight: "-1"
                    helm.sh/hook-delete-policy: \(policy)
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: hook, image: example.invalid/hook}]

                """
        }
        try hooks.write(to: folder.appendingPathComponent("templates/hooks.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// Nothing of the release is left: no hook object, no release record, no ClusterRole of it.
    func expectNothingLeft(_ client: KubernetesClient, mesh: String, ns: String) async throws {
        #expect(try await client.list(.jobs, namespace: ns).isEmpty)
        #expect(try await client.list(.serviceAccounts, namespace: ns).compactMap { $0["metadata"]?["name"]?.stringValue } == ["default"])
        #expect(try await client.list(.secrets, namespace: ns, labelSelector: "owner=helm").isEmpty)
        #expect(try await client.list(.deployments, namespace: ns).isEmpty)
        let roles = try await client.list(.clusterRoles).compactMap { $0["metadata"]?["name"]?.stringValue }.filter { $0.hasPrefix(mesh) }
        #expect(roles.isEmpty, "\(roles)")
        let bindings = try await client.list(.clusterRoleBindings).compactMap { $0["metadata"]?["name"]?.stringValue }.filter { $0.hasPrefix(mesh) }
        #expect(bindings.isEmpty, "\(bindings)")
    }

    @Test func everyEventRunsInOrderAndLeavesNothingBehind() async throws {
        let plane = try await ControlPlane.shared()
        let client = try plane.client()
        let mesh = uniqueName("hooked"), ns = uniqueName("osm")
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        let common = ["--mesh-name", mesh, "--osm-namespace", ns, "--osm-chart-path", chart.path]

        let installed = try await osm(["install", "--enforce-single-mesh=false", "--timeout", "90s"] + common, kubeconfig: plane.kubeconfig)
        #expect(installed.status == 0, "\(installed)")
        #expect(plane.kubelet.jobsRun(in: ns) == ["\(mesh)-pre-install-first", "\(mesh)-pre-install", "\(mesh)-post-install-first", "\(mesh)-post-install"])
        #expect(try await client.list(.jobs, namespace: ns).isEmpty)
        #expect(try await client.list(.serviceAccounts, namespace: ns).compactMap { $0["metadata"]?["name"]?.stringValue } == ["default"])

        let upgraded = try await osm(["mesh", "upgrade"] + common, kubeconfig: plane.kubeconfig)
        #expect(upgraded.status == 0, "\(upgraded)")
        #expect(plane.kubelet.jobsRun(in: ns).suffix(4) == ["\(mesh)-pre-upgrade-first", "\(mesh)-pre-upgrade", "\(mesh)-post-upgrade-first", "\(mesh)-post-upgrade"])

        let removed = try await osm(["uninstall", "mesh", "-f", "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "90s"], kubeconfig: plane.kubeconfig)
        #expect(removed.stdout == "OSM [mesh name: \(mesh)] in namespace [\(ns)] uninstalled\n", "\(removed)")
        #expect(plane.kubelet.jobsRun(in: ns).suffix(4) == ["\(mesh)-pre-delete-first", "\(mesh)-pre-delete", "\(mesh)-post-delete-first", "\(mesh)-post-delete"])
        try await expectNothingLeft(client, mesh: mesh, ns: ns)
    }

    @Test func aFailedJobIsReportedInHelmsWordsAndTheInstallStops() async throws {
        let plane = try await ControlPlane.shared()
        let client = try plane.client()
        let mesh = uniqueName("failing"), ns = uniqueName("osm")
        let chart = try Self.chart()
        defer { try? FileManager.default.removeItem(at: chart) }
        plane.kubelet.setOutcome(.fail, job: "\(mesh)-pre-install", namespace: ns)
        let run = try await osm(["install", "--enforce-single-mesh=false", "--timeout", "60s", "--mesh-name", mesh, "--osm-namespace", ns,
                                 "--osm-chart-path", chart.path], kubeconfig: plane.kubeconfig)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: failed pre-install: job failed: BackoffLimitExceeded (Job \(ns)/\(mesh)-pre-install: Job has reached the specified backoff limit)\n", "\(run)")
        // The install stopped before the chart's objects; the record says why.
        #expect(try await client.list(.deployments, namespace: ns).isEmpty)
        let record = try await client.list(.secrets, namespace: ns, labelSelector: "owner=helm,name=\(mesh)")
        #expect(record.compactMap { $0["metadata"]?["labels"]?["status"]?.stringValue } == ["failed"])
    }

    @Test func aJobThatCannotStartNamesTheReasonAtTheDeadline() async throws {
        let plane = try await ControlPlane.shared()
        let mesh = uniqueName("stuck"), ns = uniqueName("osm")
        let chart = try Self.chart(jobServiceAccount: "missing-account")
        defer { try? FileManager.default.removeItem(at: chart) }
        let run = try await osm(["install", "--enforce-single-mesh=false", "--timeout", "8s", "--mesh-name", mesh, "--osm-namespace", ns,
                                 "--osm-chart-path", chart.path], kubeconfig: plane.kubeconfig, limit: 60)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("Error: failed pre-install: timed out waiting for the condition; Job \(ns)/\(mesh)-pre-install did not complete: FailedCreate: "), "\(run)")
        #expect(run.stderr.contains(#"serviceaccount "missing-account" not found"#), "\(run)")
    }
}
