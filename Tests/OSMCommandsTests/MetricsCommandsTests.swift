import KubeClient
import KubeFake
import Testing
import ValueKit

/// `osm metrics enable|disable` against the fake API server (spec §2.4, metrics_test.go).
@Suite(.timeLimit(.minutes(3))) struct MetricsCommandsTests {
    /// osm-system with controller `test-controller` (meshName=osm), and namespaces with meshed pods.
    func cluster(_ namespaces: [(String, labels: Value, annotations: Value, pods: [String])]) throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        try fake.seed(["apiVersion": "apps/v1", "kind": "Deployment",
                       "metadata": ["name": "test-controller", "namespace": "osm-system", "labels": ["app": "osm-controller", "meshName": "osm"]]])
        for (name, labels, annotations, pods) in namespaces {
            var meta: OrderedMap = ["name": .string(name)]
            if labels != .null { meta["labels"] = labels }
            if annotations != .null { meta["annotations"] = annotations }
            try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": .map(meta)])
            for pod in pods {
                try fake.seed(["apiVersion": "v1", "kind": "Pod",
                               "metadata": ["name": .string(pod), "namespace": .string(name), "labels": ["osm-proxy-uuid": "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60"]]])
            }
            try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "unmeshed", "namespace": .string(name)]])
        }
        return fake
    }

    let monitored: Value = ["openservicemesh.io/monitored-by": "osm"]

    func annotations(_ fake: FakeAPIServer, _ resource: String, _ ns: String?, _ name: String) -> Value? {
        fake.object(resource: resource, namespace: ns, name: name)?["metadata"]?["annotations"]
    }

    @Test func enableAnnotatesNamespacesAndMeshedPods() async throws {
        let fake = try cluster([("ns-1", monitored, .null, ["test-1"]),
                                ("ns-2", monitored, ["openservicemesh.io/metrics": "enabled"], ["test-2"]),
                                ("ns-3", monitored, ["openservicemesh.io/metrics": "enabled"], ["test-3"])])
        let result = await runOSM(["metrics", "enable", "--namespace", "ns-1", "--namespace", "ns-2, ns-3"], cluster: fake)
        #expect(result.stdout == "Metrics successfully enabled in namespace [ns-1]\nMetrics successfully enabled in namespace [ns-2]\nMetrics successfully enabled in namespace [ns-3]\n")
        for (ns, pod) in [("ns-1", "test-1"), ("ns-2", "test-2"), ("ns-3", "test-3")] {
            #expect(annotations(fake, "namespaces", nil, ns)?["openservicemesh.io/metrics"] == "enabled")
            let a = annotations(fake, "pods", ns, pod)
            #expect(a?["prometheus.io/scrape"] == "true" && a?["prometheus.io/port"] == "15010" && a?["prometheus.io/path"] == "/stats/prometheus")
            #expect(annotations(fake, "pods", ns, "unmeshed") == nil)
        }
    }

    /// Namespaces are changed several at a time, but the command reads as upstream's loop: lines in
    /// the given order, and the first namespace that fails its checks stops it, with every namespace
    /// before it changed and none after it.
    @Test func manyNamespacesKeepTheirOrderAndStopAtTheFirstFailure() async throws {
        let names = (1...40).map { "ns-\($0)" }
        let fake = try cluster(names.map { ($0, monitored, Value.null, ["pod-\($0)"]) } + [("plain", .null, .null, [])])
        let all = await runOSM(["metrics", "enable"] + names.flatMap { ["--namespace", $0] }, cluster: fake)
        #expect(all.stdout == names.map { "Metrics successfully enabled in namespace [\($0)]\n" }.joined())
        #expect(names.allSatisfy { annotations(fake, "namespaces", nil, $0)?["openservicemesh.io/metrics"] == "enabled" })

        let order = ["ns-3", "ns-1", "plain", "ns-2"]
        let stopped = await runOSM(["metrics", "disable"] + order.flatMap { ["--namespace", $0] }, cluster: fake)
        #expect(stopped.stdout == "Metrics successfully disabled in namespace [ns-3]\nMetrics successfully disabled in namespace [ns-1]\n")
        #expect(stopped.stderr == "Error: Namespace [plain] does not belong to a mesh, missing annotation \"openservicemesh.io/monitored-by\"\n")
        #expect(annotations(fake, "namespaces", nil, "ns-3")?["openservicemesh.io/metrics"] == nil)
        #expect(annotations(fake, "namespaces", nil, "ns-1")?["openservicemesh.io/metrics"] == nil)
        #expect(annotations(fake, "namespaces", nil, "ns-2")?["openservicemesh.io/metrics"] == "enabled")
    }

    @Test func disableRemovesTheAnnotations() async throws {
        let fake = try cluster([("ns-1", monitored, ["openservicemesh.io/metrics": "enabled"], ["test-1"])])
        _ = await runOSM(["metrics", "enable", "--namespace=ns-1"], cluster: fake)
        let result = await runOSM(["metrics", "disable", "--namespace=ns-1"], cluster: fake)
        #expect(result.stdout == "Metrics successfully disabled in namespace [ns-1]\n")
        #expect(annotations(fake, "namespaces", nil, "ns-1") == nil)
        #expect(annotations(fake, "pods", "ns-1", "test-1") == nil)
    }

    @Test func namespaceMustBelongToAKnownMesh() async throws {
        let fake = try cluster([("plain", .null, .null, []), ("empty", ["openservicemesh.io/monitored-by": ""], .null, []),
                                ("foreign", ["openservicemesh.io/monitored-by": "other"], .null, [])])
        #expect(await runOSM(["metrics", "enable", "--namespace", "plain"], cluster: fake).stderr
                == "Error: Namespace [plain] does not belong to a mesh, missing annotation \"openservicemesh.io/monitored-by\"\n")
        #expect(await runOSM(["metrics", "enable", "--namespace", "empty"], cluster: fake).stderr
                == "Error: Label \"openservicemesh.io/monitored-by\" on namespace \"empty\" cannot be empty\n")
        #expect(await runOSM(["metrics", "enable", "--namespace", "foreign"], cluster: fake).stderr
                == "Error: Invalid mesh name \"other\" used with label \"openservicemesh.io/monitored-by\" on namespace \"foreign\", must be one of [osm]\n")
        #expect(await runOSM(["metrics", "enable", "--namespace", "missing"], cluster: fake).stderr
                == "Error: Failed to retrieve namespace [missing]: namespaces \"missing\" not found\n")
        #expect(!fake.requestLog.contains { $0.hasPrefix("PATCH") })
    }

    @Test func ignoredNamespacesAreRefused() async throws {
        let fake = try cluster([("skip", ["openservicemesh.io/monitored-by": "osm", "openservicemesh.io/ignore": "true"], .null, ["p"])])
        let result = await runOSM(["metrics", "enable", "--namespace", "skip"], cluster: fake)
        #expect(result.status == 1)
        #expect(result.stderr == "Error: Cannot enable metrics in namespace [skip]: it is ignored by the mesh (label \"openservicemesh.io/ignore\")\n")
        #expect(!fake.requestLog.contains { $0.hasPrefix("PATCH") })
    }

    @Test func withoutNamespacesItIsAnError() async throws {
        let result = await runOSM(["metrics", "enable"], cluster: try cluster([]))
        #expect(result.status == 1)
        #expect(result.stderr == "Error: required flag(s) \"namespace\" not set\n")
    }
}
