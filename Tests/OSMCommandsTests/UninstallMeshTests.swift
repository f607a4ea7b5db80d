import CLI
import Foundation
import HelmEngine
import KubeClient
import KubeFake
import OSMCommands
import Testing
import ValueKit
import YAML

/// `osm uninstall mesh` against the fake API server (spec §2.2 and uninstall_mesh_test.go's cases).
@Suite(.timeLimit(.minutes(3))) struct UninstallMeshTests {
    func run(_ args: [String], _ fake: FakeAPIServer, stdin: [String] = []) async -> RunResult {
        let out = BufferSink()
        let err = BufferSink()
        let environment = OSMEnvironment(
            stdout: out, stderr: err, stdin: ScriptedInput(stdin), variables: ["HOME": "/nonexistent-home"],
            connect: { _, _ in
                KubernetesClient(rest: RESTClient(config: ClientConfig(server: "https://fake.invalid"), transport: FakeTransport(server: fake)))
            })
        let status = await OSM.execute(args, environment)
        return RunResult(status: status, stdout: out.text, stderr: err.text)
    }

    static let manifest = """
        ---
        # Source: osm/templates/osm-deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: osm-controller-1
          namespace: namespace
          labels: {app: osm-controller, meshName: mesh, app.kubernetes.io/version: testVersion}
        ---
        # Source: osm/templates/osm-rbac.yaml
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: mesh-osm
        ---
        # Source: osm/templates/osm-serviceaccount.yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: mesh
          namespace: namespace

        """

    /// The upstream test's cluster: mesh `mesh` in `namespace`, its release record and objects, an OSM
    /// CRD, the mesh's two webhook configurations and CA bundle, plus objects that are not OSM's.
    func cluster() throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "namespace"]])
        for document in try YAML.decodeDocuments(Self.manifest) where document != .null { try fake.seed(document) }
        let chart = try ChartLoader.loadFiles([("Chart.yaml", Array("apiVersion: v2\nname: osm\nversion: 1.2.4\n".utf8))])
        let record = ReleaseRecord.make(name: "mesh", namespace: "namespace", version: 1, chart: chart, config: .map(OrderedMap()),
                                        manifest: Self.manifest, status: .deployed, description: "Install complete")
        try fake.seed(try record.secret())
        for crd in ["egresses.policy.openservicemesh.io", "someothercrds.example.com"] {
            let parts = crd.split(separator: ".", maxSplits: 1).map(String.init)
            try fake.seed(["apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": .string(crd)],
                           "spec": ["group": .string(parts[1]), "scope": "Namespaced", "names": ["plural": .string(parts[0]), "kind": "X"],
                                    "versions": [["name": "v1", "served": true, "storage": true]]]])
        }
        for (kind, name, app) in [("MutatingWebhookConfiguration", "osm-inject.k8s.io", "osm-injector"),
                                  ("ValidatingWebhookConfiguration", "osm-validator.k8s.io", "osm-controller"),
                                  ("MutatingWebhookConfiguration", "someother-inject", "other")] {
            try fake.seed(["apiVersion": "admissionregistration.k8s.io/v1", "kind": .string(kind),
                           "metadata": ["name": .string(name), "labels": ["app": .string(app), "app.kubernetes.io/instance": "mesh",
                                                                           "app.kubernetes.io/name": "openservicemesh.io"]]])
        }
        try fake.seed(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "osm-ca-bundle", "namespace": "namespace"]])
        try fake.seed(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "someother-secret", "namespace": "namespace"]])
        return fake
    }

    func exists(_ fake: FakeAPIServer, group: String = "", _ resource: String, _ ns: String? = nil, _ name: String) -> Bool {
        fake.object(group: group, resource: resource, namespace: ns, name: name) != nil
    }

    func releaseGone(_ fake: FakeAPIServer) -> Bool {
        !exists(fake, "secrets", "namespace", "sh.helm.release.v1.mesh.v1") && !exists(fake, group: "apps", "deployments", "namespace", "osm-controller-1")
            && !exists(fake, group: "rbac.authorization.k8s.io", "clusterroles", nil, "mesh-osm") && !exists(fake, "serviceaccounts", "namespace", "mesh")
    }

    @Test func noMeshesInCluster() async throws {
        let result = await run(["uninstall", "mesh"], FakeAPIServer())
        #expect(result.status == 0)
        #expect(result.stdout == "No OSM control planes found\n")
    }

    @Test func theMeshDoesNotExist() async throws {
        let fake = try cluster()
        for extra in [[String](), ["-f"]] {
            let result = await run(["uninstall", "mesh", "--mesh-name", "diffMesh", "--osm-namespace", "diffNs"] + extra, fake)
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("Did not find mesh [diffMesh] in namespace [diffNs]\nList of meshes present in the cluster:\n\nMESH NAME"))
        }
        #expect(exists(fake, group: "apps", "deployments", "namespace", "osm-controller-1"))
    }

    @Test func theMeshExistsAndTheUserApproves() async throws {
        let fake = try cluster()
        let result = await run(["uninstall", "mesh", "--mesh-name", "mesh"], fake, stdin: ["y"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\nUninstall OSM [mesh name: mesh] in namespace [namespace] and/or OSM resources? [y/n]: "))
        #expect(result.stdout.hasSuffix("OSM [mesh name: mesh] in namespace [namespace] uninstalled\n"))
        #expect(releaseGone(fake))
        // Without -a the CRDs stay; what upstream's post-delete hook cleaned is gone.
        #expect(exists(fake, group: "apiextensions.k8s.io", "customresourcedefinitions", nil, "egresses.policy.openservicemesh.io"))
        #expect(!exists(fake, "secrets", "namespace", "osm-ca-bundle"))
        #expect(!exists(fake, group: "admissionregistration.k8s.io", "mutatingwebhookconfigurations", nil, "osm-inject.k8s.io"))
        #expect(exists(fake, group: "admissionregistration.k8s.io", "mutatingwebhookconfigurations", nil, "someother-inject"))
        #expect(exists(fake, "secrets", "namespace", "someother-secret"))
        #expect(exists(fake, "namespaces", nil, "namespace"))
    }

    @Test func userRefusesAndNothingIsDeleted() async throws {
        let fake = try cluster()
        let result = await run(["uninstall", "mesh", "--delete-namespace"], fake, stdin: ["", "maybe", "n"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Invalid input.\n"))
        #expect(!releaseGone(fake))
        #expect(exists(fake, "namespaces", nil, "namespace"))
        #expect(!fake.requestLog.contains { $0.hasPrefix("DELETE") })
    }

    @Test func endOfInputAbortsThePrompt() async throws {
        let result = await run(["uninstall", "mesh"], try cluster(), stdin: [])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: EOF\n")
    }

    @Test func forceWithDeleteNamespace() async throws {
        let fake = try cluster()
        let result = await run(["uninstall", "mesh", "-f", "--delete-namespace"], fake)
        #expect(result.stdout == "OSM [mesh name: mesh] in namespace [namespace] uninstalled\nOSM namespace [namespace] deleted successfully\n")
        // Deleted: Terminating until the namespace controller has emptied it.
        #expect(fake.object(resource: "namespaces", name: "namespace")?["metadata"]?["deletionTimestamp"] != nil)
        // Running it again is harmless.
        let again = await run(["uninstall", "mesh", "-f", "--delete-namespace"], fake)
        #expect(again.status == 0)
        #expect(again.stdout == "No OSM control planes found\n")
    }

    @Test func clusterWideResourcesGoWithDashA() async throws {
        let fake = try cluster()
        let result = await run(["uninstall", "mesh", "-f", "-a"], fake)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Successfully deleted OSM CRD: egresses.policy.openservicemesh.io\n"))
        #expect(result.stdout.contains("Ignoring - did not find OSM CRD: meshrootcertificates.config.openservicemesh.io\n"))
        #expect(!exists(fake, group: "apiextensions.k8s.io", "customresourcedefinitions", nil, "egresses.policy.openservicemesh.io"))
        #expect(exists(fake, group: "apiextensions.k8s.io", "customresourcedefinitions", nil, "someothercrds.example.com"))
        #expect(exists(fake, group: "admissionregistration.k8s.io", "mutatingwebhookconfigurations", nil, "someother-inject"))
        #expect(exists(fake, "secrets", "namespace", "someother-secret"))
        #expect(exists(fake, "namespaces", nil, "namespace"))
    }

    @Test func meshInstalledByHelmUnderAnotherReleaseName() async throws {
        // The two Secrets real Helm wrote, and the objects of their manifest.
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("HelmEngineTests/Releases")
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "mini-system"]])
        var latest: ReleaseRecord?
        for revision in [1, 2] {
            let secret = try YAML.decodeJSONCompatible(String(contentsOf: folder.appendingPathComponent("helm-release-mini-v\(revision).yaml"), encoding: .utf8))
            try fake.seed(secret)
            latest = try ReleaseRecord(secret: secret)
        }
        for document in try YAML.decodeDocuments(latest!.manifest) where document != .null { try fake.seed(document) }
        let result = await run(["uninstall", "mesh", "-f"], fake)
        #expect(result.stdout == "OSM [mesh name: osm] in namespace [mini-system] uninstalled\n")
        #expect(fake.objects(resource: "secrets").isEmpty)
        #expect(fake.object(group: "apps", resource: "deployments", namespace: "mini-system", name: "minimesh-controller") == nil)
        #expect(fake.object(group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "mini-minimesh") == nil)
    }

    @Test func managedModeRefuses() async throws {
        let config = try temporaryFile("install:\n  kind: managed\n")
        defer { try? FileManager.default.removeItem(at: config) }
        let fake = try cluster()
        let out = BufferSink()
        let environment = OSMEnvironment(
            stdout: out, stderr: BufferSink(), stdin: ScriptedInput([]), variables: ["HOME": "/nonexistent-home", "OSM_CONFIG": config.path],
            connect: { _, _ in
                KubernetesClient(rest: RESTClient(config: ClientConfig(server: "https://fake.invalid"), transport: FakeTransport(server: fake)))
            })
        let status = await OSM.execute(["uninstall", "mesh", "--delete-namespace"], environment)
        #expect(status == 0)
        #expect(out.text == "OSM CANNOT be uninstalled in a managed environment\nOSM namespace CANNOT be deleted in a managed environment\n")
        #expect(!releaseGone(fake))
    }
}
