import Foundation
import KubeFake
import Testing
import ValueKit

/// `osm policy check-pods` and `check-conflicts` against the fake API server (spec §2.12, §2.13; the
/// cases of upstream's TestUnmarshalNamespacedPod, TestRun, TestCheckTrafficPolicy and
/// TestPolicyCheckConflictRun).
@Suite(.timeLimit(.minutes(3))) struct PolicyTests {
    func crd(_ fake: FakeAPIServer, plural: String, group: String, kind: String, version: String) throws {
        try fake.seed(["apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": .string("\(plural).\(group)")],
                       "spec": ["group": .string(group), "scope": "Namespaced", "names": ["plural": .string(plural), "kind": .string(kind)],
                                "versions": [["name": .string(version), "served": true, "storage": true]]]])
    }

    func cluster(permissive: Bool) throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        try crd(fake, plural: "meshconfigs", group: "config.openservicemesh.io", kind: "MeshConfig", version: "v1alpha2")
        try crd(fake, plural: "traffictargets", group: "access.smi-spec.io", kind: "TrafficTarget", version: "v1alpha3")
        try crd(fake, plural: "ingressbackends", group: "policy.openservicemesh.io", kind: "IngressBackend", version: "v1alpha1")
        for ns in ["osm-system", "bookbuyer", "bookstore"] {
            try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]])
        }
        try fake.seed(["apiVersion": "config.openservicemesh.io/v1alpha2", "kind": "MeshConfig",
                       "metadata": ["name": "osm-mesh-config", "namespace": "osm-system"],
                       "spec": ["traffic": ["enablePermissiveTrafficPolicyMode": .bool(permissive)]]])
        for (ns, name, account, meshed) in [("bookbuyer", "buyer", "bookbuyer", true), ("bookstore", "store", "bookstore", true),
                                            ("bookstore", "plain", "bookstore", false)] {
            var labels: OrderedMap = ["app": .string(name)]
            if meshed { labels["osm-proxy-uuid"] = "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60" }
            try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": .string(ns), "labels": .map(labels)],
                           "spec": ["serviceAccountName": .string(account)]])
        }
        return fake
    }

    func trafficTarget(_ fake: FakeAPIServer, name: String, sourceAccount: String) throws {
        try fake.seed(["apiVersion": "access.smi-spec.io/v1alpha3", "kind": "TrafficTarget", "metadata": ["name": .string(name), "namespace": "bookstore"],
                       "spec": ["destination": ["kind": "ServiceAccount", "name": "bookstore", "namespace": "bookstore"],
                                "sources": [["kind": "ServiceAccount", "name": .string(sourceAccount), "namespace": "bookbuyer"]]]])
    }

    @Test func podArgumentsAreCheckedFirst() async throws {
        let fake = try cluster(permissive: true)
        let form = "Pod name should be of the form <namespace/pod>, or <pod> for default namespace"
        #expect(await runOSM(["policy", "check-pods", "", "bookstore/store"], cluster: fake).stderr
                == "Error: Invalid argument specified for the source pod []: \(form), cannot be empty\n")
        #expect(await runOSM(["policy", "check-pods", "bookbuyer/buyer", "a/b/c"], cluster: fake).stderr
                == "Error: Invalid argument specified for the destination pod [a/b/c]: \(form), got: a/b/c\n")
        // A bare name means the default namespace.
        #expect(await runOSM(["policy", "check-pods", "buyer", "bookstore/store"], cluster: fake).stderr
                == "Error: Could not find pod buyer in namespace default\n")
        #expect(await runOSM(["policy", "check-pods", "bookbuyer/buyer", "bookstore/plain"], cluster: fake).stderr
                == "Error: Pod plain in namespace bookstore is not a part of a mesh\n")
        #expect(fake.requestLog.allSatisfy { !$0.contains("traffictargets") })
    }

    @Test func permissiveModeAllowsEverything() async throws {
        let result = await runOSM(["policy", "check-pods", "bookbuyer/buyer", "bookstore/store"], cluster: try cluster(permissive: true))
        #expect(result.status == 0)
        #expect(result.stdout == "[+] Permissive mode enabled for mesh operated by osm-controller running in 'osm-system' namespace\n\n"
                + " [+] Pod 'bookbuyer/buyer' is allowed to communicate to pod 'bookstore/store'\n")
    }

    @Test func trafficTargetsDecide() async throws {
        let fake = try cluster(permissive: false)
        let header = "[+] SMI traffic policy mode enabled for mesh operated by osm-controller running in osm-system namespace\n\n"
        try trafficTarget(fake, name: "other-source", sourceAccount: "somebody-else")
        let denied = await runOSM(["policy", "check-pods", "bookbuyer/buyer", "bookstore/store"], cluster: fake)
        #expect(denied.status == 0)
        #expect(denied.stdout == header + "[+] Pod 'bookbuyer/buyer' is not allowed to communicate to pod 'bookstore/store', missing SMI TrafficTarget policy\n")
        try trafficTarget(fake, name: "bookstore-access", sourceAccount: "bookbuyer")
        let allowed = await runOSM(["policy", "check-pods", "bookbuyer/buyer", "bookstore/store"], cluster: fake)
        #expect(allowed.stdout == header
                + "[+] Pod 'bookbuyer/buyer' is allowed to communicate to pod 'bookstore/store' via the SMI TrafficTarget policy \"bookstore-access\" in namespace bookstore\n")
    }

    @Test func withoutAMeshConfigTheErrorSaysSo() async throws {
        let fake = try cluster(permissive: false)
        let result = await runOSM(["policy", "check-pods", "bookbuyer/buyer", "bookstore/store", "--osm-namespace", "elsewhere"], cluster: fake)
        #expect(result.stderr == "Error: Error checking if permissive mode is enabled: Error fetching MeshConfig osm-mesh-config: "
                + "meshconfigs.config.openservicemesh.io \"osm-mesh-config\" not found\n")
    }

    func backend(_ fake: FakeAPIServer, _ name: String, _ backends: [(String, Int)]) throws {
        try fake.seed(["apiVersion": "policy.openservicemesh.io/v1alpha1", "kind": "IngressBackend", "metadata": ["name": .string(name), "namespace": "bookstore"],
                       "spec": ["backends": .array(backends.map { ["name": .string($0.0), "port": ["number": .int(Int64($0.1)), "protocol": "http"]] }),
                                "sources": [["kind": "Service", "name": "ingress", "namespace": "ingress"]]]])
    }

    @Test func ingressBackendConflicts() async throws {
        let fake = try cluster(permissive: false)
        try backend(fake, "a", [("bookstore-v1", 14001), ("bookstore-v2", 14001)])
        try backend(fake, "b", [("bookstore-v3", 14001)])
        #expect(await runOSM(["policy", "check-conflicts", "IngressBackend", "-n", "bookstore"], cluster: fake).stdout
                == "No conflicts among IngressBackend resources in namespace bookstore\n")
        try backend(fake, "c", [("bookstore-v2", 14001), ("bookstore-v1", 14001), ("bookstore-v3", 8080)])
        let conflicts = await runOSM(["policy", "check-conflicts", "ingressbackend", "-n", "bookstore"], cluster: fake)
        #expect(conflicts.status == 0)
        #expect(conflicts.stdout == "[+] IngressBackend bookstore/a conflicts with bookstore/c:\n"
                + "Backend bookstore-v1 specified in a and c conflicts\nBackend bookstore-v2 specified in a and c conflicts\n\n")
    }

    @Test func conflictArgumentsAreChecked() async throws {
        let fake = try cluster(permissive: false)
        #expect(await runOSM(["policy", "check-conflicts", "Egress", "-n", "bookstore"], cluster: fake).stderr == "Error: Invalid resource kind Egress\n")
        #expect(await runOSM(["policy", "check-conflicts", "IngressBackend", "-n", "a,b"], cluster: fake).stderr
                == "Error: Requires single namespace specified by '-n|--namespace' to check for conflicts, got 2\n")
        #expect(await runOSM(["policy", "check-conflicts", "IngressBackend"], cluster: fake).stderr
                == "Error: Requires single namespace specified by '-n|--namespace' to check for conflicts, got 0\n")
    }
}
