import EnvTest
import Foundation
import KubeClient
import OSMKit
import Testing
import ValueKit

/// `osm verify connectivity|ingress` against a real kube-apiserver: the namespaces, pods, Services,
/// Endpoints (made by the real endpoints controller), MeshConfig and IngressBackend it reads are the
/// real API's objects. No kubelet runs, so a sidecar's admin port cannot be reached: the Envoy step
/// must come back Unknown within its deadline, never hang.
@Suite(.serialized, .timeLimit(.minutes(15))) struct VerifyIntegrationTests {
    static func crd(_ client: KubernetesClient, plural: String, group: String, kind: String, version: String) async throws {
        let name = "\(plural).\(group)"
        let object: Value = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": .string(name)],
            "spec": ["group": .string(group), "scope": "Namespaced", "names": ["plural": .string(plural), "singular": .string(kind.lowercased()), "kind": .string(kind)],
                     "versions": [["name": .string(version), "served": true, "storage": true,
                                   "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]]]],
        ]
        do { _ = try await client.create(.customResourceDefinitions, object) } catch let error as KubeAPIError where error.reason == .alreadyExists {}
        let established = await eventually(30) {
            let crd = try await client.get(.customResourceDefinitions, name: name)
            return (crd["status"]?["conditions"]?.arrayValue ?? []).contains { $0["type"] == "Established" && $0["status"] == "True" }
        }
        #expect(established, "CRD \(name) not established")
    }

    @Test func connectivityAndIngressReadTheRealObjects() async throws {
        // SeedWalkthroughTests' `uninstall mesh -a` deletes OSM's CRDs: take turns with it.
        try await OSMCRDs.exclusive { try await readTheRealObjects() }
    }

    func readTheRealObjects() async throws {
        let plane = try await ControlPlane.shared()
        let client = try plane.client()
        try await Self.crd(client, plural: "meshconfigs", group: "config.openservicemesh.io", kind: "MeshConfig", version: "v1alpha2")
        try await Self.crd(client, plural: "ingressbackends", group: "policy.openservicemesh.io", kind: "IngressBackend", version: "v1alpha1")
        let mesh = uniqueName("mesh"), osmNamespace = uniqueName("osm"), apps = uniqueName("apps"), ingressNamespace = uniqueName("ingress")
        try await client.makeNamespace(osmNamespace)
        try await client.makeNamespace(apps, labels: ["openservicemesh.io/monitored-by": mesh])
        try await client.makeNamespace(ingressNamespace, labels: ["openservicemesh.io/monitored-by": mesh])
        _ = try await client.create(OSMResources.meshConfigs, ["apiVersion": "config.openservicemesh.io/v1alpha2", "kind": "MeshConfig",
                                                              "metadata": ["name": "osm-mesh-config", "namespace": .string(osmNamespace)], "spec": [:]],
                                    namespace: osmNamespace)
        func pod(_ ns: String, _ name: String, app: String, envoy: Bool) async throws {
            var containers: [Value] = [["name": .string(app), "image": "app:1"]]
            if envoy { containers.append(["name": "envoy", "image": "envoyproxy/envoy-distroless:v1.22.2"]) }
            _ = try await client.create(.pods, ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": .string(ns), "labels": ["app": .string(app)]],
                                               "spec": ["containers": .array(containers)]], namespace: ns)
        }
        try await pod(apps, "client", app: "client", envoy: true)
        try await pod(apps, "server", app: "server", envoy: true)
        try await pod(ingressNamespace, "controller", app: "controller", envoy: false)
        for (ns, name) in [(apps, "server"), (ingressNamespace, "controller")] {
            _ = try await client.create(.services, ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": .string(ns)],
                                                   "spec": ["selector": ["app": .string(name)], "ports": [["name": "http", "port": 14001, "targetPort": 14001]]]], namespace: ns)
        }
        _ = try await client.create(OSMResources.ingressBackends, [
            "apiVersion": "policy.openservicemesh.io/v1alpha1", "kind": "IngressBackend", "metadata": ["name": "server", "namespace": .string(apps)],
            "spec": ["backends": [["name": "server", "port": ["number": 14001, "protocol": "http"]]],
                     "sources": [["kind": "Service", "namespace": .string(ingressNamespace), "name": "controller"]]],
        ], namespace: apps)

        let connectivity = try await osm(["verify", "connectivity", "--from-pod", "\(apps)/client", "--to-pod", "\(apps)/server", "--to-service", "server",
                                          "--mesh-name", mesh, "--osm-namespace", osmNamespace], kubeconfig: plane.kubeconfig, limit: 120)
        #expect(connectivity.status == 0, "\(connectivity)")
        #expect(connectivity.stderr == "")
        #expect(connectivity.stdout.contains("[++] Context: Verify if namespace \"\(apps)\" is monitored\nStatus: Success\n"), "\(connectivity)")
        #expect(connectivity.stdout.contains("[++] Context: Verify Envoy sidecar on pod \"\(apps)/server\"\nStatus: Success\n"), "\(connectivity)")
        // The pod was never scheduled: its Envoy cannot be read, and the step says so.
        #expect(connectivity.stdout.contains("[+++] Context: Verify Envoy config on source\nStatus: Unknown\nReason: Error retrieving Envoy config for pod \"\(apps)/client\""), "\(connectivity)")

        let ingress = try await osm(["verify", "ingress", "--from-service", "\(ingressNamespace)/controller", "--to-pod", "\(apps)/server", "--to-service", "server",
                                     "--ingress-backend", "server", "--to-port", "14001", "--mesh-name", mesh, "--osm-namespace", osmNamespace],
                                    kubeconfig: plane.kubeconfig, limit: 120)
        #expect(ingress.status == 0, "\(ingress)")
        #expect(ingress.stdout.contains("[++] Context: Verify Envoy sidecar on pod \"\(ingressNamespace)/controller\"\nStatus: Success\n"), "\(ingress)")
        #expect(ingress.stdout.contains("[++] Context: Verify IngressBackend \"\(apps)/server\"\nStatus: Success\n"), "\(ingress)")

        let noMeshConfig = try await osm(["verify", "connectivity", "--from-pod", "\(apps)/client", "--to-ext-port", "80", "--osm-namespace", apps],
                                         kubeconfig: plane.kubeconfig, limit: 60)
        #expect(noMeshConfig.status == 1)
        #expect(noMeshConfig.stderr.contains("osm-mesh-config"), "\(noMeshConfig)")
        #expect(noMeshConfig.stderr.split(separator: "\n").count == 1, "\(noMeshConfig)")

        for ns in [osmNamespace, apps, ingressNamespace] { _ = try? await client.delete(.namespaces, name: ns) }
    }
}
