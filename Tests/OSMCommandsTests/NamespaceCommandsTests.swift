import Foundation
import KubeClient
import KubeFake
import Testing
import ValueKit

/// `osm namespace …` against the fake API server; expected texts from spec §2.3 and the upstream
/// test cases it lists (namespace_test.go, namespace_list_test.go).
@Suite(.timeLimit(.minutes(3))) struct NamespaceCommandsTests {
    /// A cluster with mesh `mesh` (its controller Deployment in osm-system) and the given namespaces.
    func cluster(_ namespaces: [(String, labels: Value, annotations: Value)] = [], mesh: String? = "mesh") throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        if let mesh {
            try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
            try fake.seed(["apiVersion": "apps/v1", "kind": "Deployment",
                           "metadata": ["name": "osm-controller", "namespace": "osm-system", "labels": ["app": "osm-controller", "meshName": .string(mesh)]]])
        }
        for (name, labels, annotations) in namespaces {
            var meta: OrderedMap = ["name": .string(name)]
            if labels != .null { meta["labels"] = labels }
            if annotations != .null { meta["annotations"] = annotations }
            try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": .map(meta)])
        }
        return fake
    }

    func namespace(_ fake: FakeAPIServer, _ name: String) -> Value? { fake.object(resource: "namespaces", name: name) }
    func patches(_ fake: FakeAPIServer) -> [String] { fake.requestLog.filter { $0.hasPrefix("PATCH") } }

    // MARK: add

    /// Namespaces are checked and written several at a time, but the command reads as upstream's loop
    /// (spec §2.3): lines in the given order however the answers arrive (the first namespace's read is
    /// held back), a repeated name is "already added" the second time, and the first namespace that
    /// fails its checks ends the run with every namespace before it added and none after it.
    @Test func manyNamespacesKeepTheirOrderAndStopAtTheFirstFailure() async throws {
        let names = (1...40).map { "ns-\($0)" }
        let fake = try cluster(names.map { ($0, labels: Value.null, annotations: Value.null) }
                               + [("ignored", labels: ["openservicemesh.io/ignore": "true"], annotations: .null), ("after", labels: .null, annotations: .null)])
        fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/ns-1", .delay(0.3)))
        let all = await runOSM(["namespace", "add"] + names + ["ns-2", "--mesh-name", "mesh"], cluster: fake)
        #expect(all.status == 0)
        #expect(all.stdout == names.map { "Namespace [\($0)] successfully added to mesh [mesh]\n" }.joined()
                + "Namespace [ns-2] has already been added to mesh [mesh]\n")
        #expect(names.allSatisfy { namespace(fake, $0)?["metadata"]?["labels"]?["openservicemesh.io/monitored-by"] == "mesh" })
        #expect(patches(fake).count == 40)

        let stopped = await runOSM(["namespace", "add", "ns-3", "ignored", "after", "--mesh-name", "mesh"], cluster: fake)
        #expect(stopped.status == 1)
        #expect(stopped.stdout == "Namespace [ns-3] has already been added to mesh [mesh]\n")
        #expect(stopped.stderr == "Error: Cannot add ignored namespace\n")
        #expect(namespace(fake, "after")?["metadata"]?["labels"]?["openservicemesh.io/monitored-by"] == nil)
        #expect(patches(fake).count == 40)
    }

    @Test func addingToANonExistentMesh() async throws {
        let fake = try cluster([("namespace", labels: .null, annotations: .null)], mesh: nil)
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh"], cluster: fake)
        #expect(result.status == 1)
        #expect(result.stderr == "Error: mesh [mesh] does not exist, please specify another mesh using --mesh-name or create a new mesh\n")
        #expect(patches(fake).isEmpty)
    }

    @Test func addingAnIgnoredNamespace() async throws {
        let fake = try cluster([("namespace", labels: ["openservicemesh.io/ignore": "true"], annotations: .null)])
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh"], cluster: fake)
        #expect(result.stderr == "Error: Cannot add ignored namespace\n")
        #expect(patches(fake).isEmpty)
    }

    @Test func addingANamespaceAlreadyInTheMesh() async throws {
        let fake = try cluster([("namespace", labels: ["openservicemesh.io/monitored-by": "mesh"], annotations: .null)])
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh"], cluster: fake)
        #expect(result.status == 0)
        #expect(result.stdout == "Namespace [namespace] has already been added to mesh [mesh]\n")
        #expect(patches(fake).isEmpty)
    }

    @Test(arguments: [([String](), "enabled"), (["--disable-sidecar-injection"], "disabled"), (["--disable-sidecar-injection=false"], "enabled")])
    func addingOneNamespace(_ extra: [String], _ injection: String) async throws {
        let fake = try cluster([("namespace", labels: .null, annotations: .null)])
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh"] + extra, cluster: fake)
        #expect(result.stdout == "Namespace [namespace] successfully added to mesh [mesh]\n")
        #expect(namespace(fake, "namespace")?["metadata"]?["labels"]?["openservicemesh.io/monitored-by"] == "mesh")
        #expect(namespace(fake, "namespace")?["metadata"]?["annotations"]?["openservicemesh.io/sidecar-injection"] == .string(injection))
        #expect(patches(fake) == ["PATCH /api/v1/namespaces/namespace (system:anonymous)"])
    }

    @Test func addingTwoNamespaces() async throws {
        let fake = try cluster([("namespace1", labels: .null, annotations: .null), ("namespace2", labels: .null, annotations: .null)])
        let result = await runOSM(["ns", "add", "namespace1", "namespace2", "--mesh-name=mesh"], cluster: fake)
        #expect(result.stdout == "Namespace [namespace1] successfully added to mesh [mesh]\nNamespace [namespace2] successfully added to mesh [mesh]\n")
        for name in ["namespace1", "namespace2"] {
            #expect(namespace(fake, name)?["metadata"]?["labels"]?["openservicemesh.io/monitored-by"] == "mesh")
        }
    }

    @Test func addingANamespaceWithTheControllerInIt() async throws {
        let fake = try cluster()
        let result = await runOSM(["namespace", "add", "osm-system", "--mesh-name", "mesh"], cluster: fake)
        #expect(result.status == 0)
        #expect(result.stdout == "Namespace [osm-system] already has [osm-controller] installed and cannot be added to mesh [mesh]\n")
        #expect(patches(fake).isEmpty)
    }

    @Test func addingANonExistentNamespaceToANonExistentMesh() async throws {
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh"], cluster: try cluster(mesh: nil))
        #expect(result.stderr == "Error: mesh [mesh] does not exist, please specify another mesh using --mesh-name or create a new mesh\n")
    }

    @Test func addingANonExistentNamespaceToAMeshThatExists() async throws {
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh"], cluster: try cluster())
        #expect(result.stderr == "Error: Could not add namespace [namespace] to mesh [mesh]: namespaces \"namespace\" not found\n")
    }

    @Test func namespaceOfAnotherMeshIsNotMovedSilently() async throws {
        let fake = try cluster([("namespace", labels: ["openservicemesh.io/monitored-by": "other"], annotations: .null)])
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh"], cluster: fake)
        #expect(result.status == 1)
        #expect(result.stderr == "Error: Namespace [namespace] already belongs to mesh [other]; remove it from that mesh first with 'osm namespace remove namespace --mesh-name other'\n")
        #expect(patches(fake).isEmpty)
        #expect(namespace(fake, "namespace")?["metadata"]?["labels"]?["openservicemesh.io/monitored-by"] == "other")
    }

    @Test func disablingInjectionOnAnAddedNamespaceUpdatesTheAnnotation() async throws {
        let fake = try cluster([("namespace", labels: ["openservicemesh.io/monitored-by": "mesh"],
                                 annotations: ["openservicemesh.io/sidecar-injection": "enabled"])])
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh", "--disable-sidecar-injection"], cluster: fake)
        #expect(result.stdout == "Namespace [namespace] has already been added to mesh [mesh]; sidecar injection is now disabled\n")
        #expect(namespace(fake, "namespace")?["metadata"]?["annotations"]?["openservicemesh.io/sidecar-injection"] == "disabled")
    }

    @Test func firstFailureStopsLaterNamespacesButKeepsEarlierOnes() async throws {
        let fake = try cluster([("a", labels: .null, annotations: .null), ("c", labels: .null, annotations: .null)])
        let result = await runOSM(["namespace", "add", "a", "b", "c", "--mesh-name", "mesh"], cluster: fake)
        #expect(result.stdout == "Namespace [a] successfully added to mesh [mesh]\n")
        #expect(result.stderr == "Error: Could not add namespace [b] to mesh [mesh]: namespaces \"b\" not found\n")
        #expect(namespace(fake, "c")?["metadata"]?["labels"]?["openservicemesh.io/monitored-by"] == nil)
    }

    // MARK: remove

    @Test func removingWithCorrectLabelAndAnnotations() async throws {
        let fake = try cluster([("namespace", labels: ["openservicemesh.io/monitored-by": "mesh"],
                                 annotations: ["openservicemesh.io/sidecar-injection": "enabled", "openservicemesh.io/metrics": "enabled"])])
        let result = await runOSM(["namespace", "remove", "namespace", "--mesh-name", "mesh"], cluster: fake)
        #expect(result.stdout == "Namespace [namespace] successfully removed from mesh [mesh]\n")
        let meta = namespace(fake, "namespace")?["metadata"]
        #expect(meta?["labels"]?["openservicemesh.io/monitored-by"] == nil)
        #expect(meta?["annotations"] == nil)
    }

    @Test func removingAnIgnoredNamespaceClearsEverything() async throws {
        let fake = try cluster([("namespace", labels: ["openservicemesh.io/monitored-by": "mesh", "openservicemesh.io/ignore": "true"],
                                 annotations: ["openservicemesh.io/sidecar-injection": "enabled", "openservicemesh.io/metrics": "enabled"])])
        _ = await runOSM(["namespace", "remove", "namespace", "--mesh-name", "mesh"], cluster: fake)
        let labels = namespace(fake, "namespace")?["metadata"]?["labels"]
        #expect(labels?["openservicemesh.io/ignore"] == nil && labels?["openservicemesh.io/monitored-by"] == nil)
    }

    @Test func removingFromTheWrongMesh() async throws {
        let fake = try cluster([("namespace", labels: ["openservicemesh.io/monitored-by": "mesh"], annotations: .null)])
        let result = await runOSM(["namespace", "remove", "namespace", "--mesh-name", "mesh-2"], cluster: fake)
        #expect(result.stderr == "Error: Namespace belongs to mesh [mesh], not mesh [mesh-2]. Please specify the correct mesh\n")
        #expect(patches(fake).isEmpty)
    }

    @Test func removingANamespaceWithoutLabel() async throws {
        let fake = try cluster([("namespace", labels: .null, annotations: .null)])
        let result = await runOSM(["namespace", "remove", "namespace"], cluster: fake)
        #expect(result.status == 0)
        #expect(result.stdout == "Namespace [namespace] already does not belong to any mesh\n")
    }

    @Test func removingANonExistentNamespace() async throws {
        let result = await runOSM(["namespace", "remove", "namespace", "--mesh-name", "mesh"], cluster: try cluster())
        #expect(result.stderr == "Error: Could not get namespace [namespace]: namespaces \"namespace\" not found\n")
    }

    /// A list longer than one page (1,000 namespaces) is read page by page with `continue` tokens,
    /// and every namespace is listed once, in the server's order.
    @Test func listingFollowsPages() async throws {
        let names = (1...2_401).map { String(format: "team-%04d", $0) }
        let fake = try cluster(names.map { ($0, labels: ["openservicemesh.io/monitored-by": "mesh"], annotations: Value.null) })
        let result = await runOSM(["namespace", "list"], cluster: fake)
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(rows == names)
        let pages = fake.requestLog.filter { $0.hasPrefix("GET /api/v1/namespaces?") }
        #expect(pages.count == 3, "\(pages)")
        #expect(pages.dropFirst().allSatisfy { $0.contains("continue=") })
    }

    // MARK: ignore

    /// Several at a time, lines in order; a namespace that cannot be read ends the run after those before it.
    @Test func ignoringManyKeepsTheirOrder() async throws {
        let names = (1...20).map { "ns-\($0)" }
        let fake = try cluster(names.map { ($0, labels: Value.null, annotations: Value.null) })
        fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/ns-1", .delay(0.3)))
        let result = await runOSM(["namespace", "ignore"] + names + ["missing", "ns-20"], cluster: fake)
        #expect(result.stdout == names.map { "Successfully configured namespace [\($0)] to be ignored\n" }.joined())
        #expect(result.stderr == "Error: Failed to retrieve namespace [missing]: namespaces \"missing\" not found\n")
        #expect(patches(fake).count == 20)
    }

    @Test func ignoringNamespaces() async throws {
        let fake = try cluster([("a", labels: .null, annotations: .null), ("b", labels: .null, annotations: .null)])
        let result = await runOSM(["namespace", "ignore", "a", " b "], cluster: fake)
        #expect(result.stdout == "Successfully configured namespace [a] to be ignored\nSuccessfully configured namespace [b] to be ignored\n")
        #expect(namespace(fake, "a")?["metadata"]?["labels"]?["openservicemesh.io/ignore"] == "true")
        #expect(namespace(fake, "b")?["metadata"]?["labels"]?["openservicemesh.io/ignore"] == "true")
    }

    @Test func ignoringAMissingNamespace() async throws {
        let result = await runOSM(["namespace", "ignore", "nope"], cluster: try cluster())
        #expect(result.stderr == "Error: Failed to retrieve namespace [nope]: namespaces \"nope\" not found\n")
    }

    // MARK: list

    @Test func listWithNoNamespaces() async throws {
        #expect(await runOSM(["namespace", "list"], cluster: try cluster()).stdout == "No namespaces in any mesh\n")
        #expect(await runOSM(["namespace", "list", "--mesh-name", "mesh"], cluster: try cluster()).stdout == "No namespaces in mesh [mesh]\n")
        #expect(await runOSM(["namespace", "list", "mesh"], cluster: try cluster()).stdout == "No namespaces in mesh [mesh]\n")
    }

    @Test func listShowsInjectionStates() async throws {
        let fake = try cluster([
            ("ns1", labels: ["openservicemesh.io/monitored-by": "mesh"], annotations: .null),
            ("ns2", labels: ["openservicemesh.io/monitored-by": "mesh"], annotations: ["openservicemesh.io/sidecar-injection": "enabled"]),
            ("ns3", labels: ["openservicemesh.io/monitored-by": "mesh", "openservicemesh.io/ignore": "any-value"],
             annotations: ["openservicemesh.io/sidecar-injection": "enabled"]),
            ("other", labels: ["openservicemesh.io/monitored-by": "mesh-2"], annotations: .null),
            ("plain", labels: .null, annotations: .null),
        ])
        let all = await runOSM(["namespace", "list"], cluster: fake)
        // Widths: column 1 = max(6, len("NAMESPACE") + 3) = 12; column 2 = max(6, len("mesh-2") + 3) = 9.
        #expect(all.stdout == """
            NAMESPACE   MESH     SIDECAR-INJECTION
            ns1         mesh     -
            ns2         mesh     enabled
            ns3         mesh     disabled (ignored)
            other       mesh-2   -

            """)
        let one = await runOSM(["namespace", "list", "--mesh-name", "mesh-2"], cluster: fake)
        #expect(one.stdout == "NAMESPACE   MESH     SIDECAR-INJECTION\nother       mesh-2   -\n")
    }

    @Test func listAsJSONAndYAML() async throws {
        let fake = try cluster([("ns1", labels: ["openservicemesh.io/monitored-by": "mesh"], annotations: ["openservicemesh.io/sidecar-injection": "enabled"])])
        let json = await runOSM(["namespace", "list", "-o", "json"], cluster: fake)
        #expect(json.stdout == #"{"namespaces":[{"mesh":"mesh","namespace":"ns1","sidecar_injection":"enabled"}]}"# + "\n")
        let yaml = await runOSM(["namespace", "list", "--output=yaml"], cluster: fake)
        #expect(yaml.stdout == "namespaces:\n- mesh: mesh\n  namespace: ns1\n  sidecar_injection: enabled\n")
        let empty = await runOSM(["namespace", "list", "nomesh", "-o", "json"], cluster: fake)
        #expect(empty.stdout == #"{"namespaces":[]}"# + "\n")
    }

    @Test func unreachableClusterIsReportedWithoutPatching() async throws {
        let fake = try cluster([("namespace", labels: .null, annotations: .null)])
        fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/namespace", times: 10, .status(403, body: "no access")))
        let result = await runOSM(["namespace", "add", "namespace", "--mesh-name", "mesh"], cluster: fake)
        #expect(result.stderr == "Error: Could not add namespace [namespace] to mesh [mesh]: no access\n")
        #expect(patches(fake).isEmpty)
    }
}
