import KubeClient
import KubeFake
import Testing
import ValueKit

/// `osm mesh list` against the fake API server (spec §2.5, mesh_list_test.go, util_test.go).
@Suite(.timeLimit(.minutes(3))) struct MeshListTests {
    func controller(_ fake: FakeAPIServer, ns: String, mesh: String, version: String?, app: String = "osm-controller") throws {
        if fake.object(resource: "namespaces", name: ns) == nil {
            try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]])
        }
        var labels: OrderedMap = ["app": .string(app), "meshName": .string(mesh)]
        if let version { labels["app.kubernetes.io/version"] = .string(version) }
        try fake.seed(["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(app), "namespace": .string(ns), "labels": .map(labels)]])
    }

    func member(_ fake: FakeAPIServer, _ ns: String, mesh: String) throws {
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns), "labels": ["openservicemesh.io/monitored-by": .string(mesh)]]])
    }

    @Test func noControlPlanes() async throws {
        let result = await runOSM(["mesh", "list"], cluster: FakeAPIServer())
        #expect(result.status == 0)
        #expect(result.stdout == "No osm mesh control planes found\n")
    }

    @Test func typicalOutputOfTheSpec() async throws {
        let fake = FakeAPIServer()
        try controller(fake, ns: "osm-system", mesh: "osm", version: "v1.2.4")
        for ns in ["bookbuyer", "bookstore", "bookthief", "bookwarehouse"] { try member(fake, ns, mesh: "osm") }
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "osm-controller-abc", "namespace": "osm-system", "labels": ["app": "osm-controller"]]])
        fake.setProxyAnswer(namespace: "osm-system", pod: "osm-controller-abc", port: 9091, path: "smi/version", body: """
            {"HTTPRouteGroup":"specs.smi-spec.io/v1alpha4","TCPRoute":"specs.smi-spec.io/v1alpha4","TrafficSplit":"split.smi-spec.io/v1alpha2","TrafficTarget":"access.smi-spec.io/v1alpha3"}
            """)
        let result = await runOSM(["mesh", "list"], cluster: fake)
        #expect(result.stdout == """

            MESH NAME   MESH NAMESPACE   VERSION   ADDED NAMESPACES
            osm         osm-system       v1.2.4    bookbuyer,bookstore,bookthief,bookwarehouse

            MESH NAME   MESH NAMESPACE   SMI SUPPORTED
            osm         osm-system       HTTPRouteGroup:v1alpha4,TCPRoute:v1alpha4,TrafficSplit:v1alpha2,TrafficTarget:v1alpha3

            To list the OSM controller pods for a mesh, please run the following command passing in the mesh's namespace
            \tkubectl get pods -n <osm-mesh-namespace> -l app=osm-controller

            """)
    }

    @Test func onlyControllersCountAndUnreachableOnesAreUnknown() async throws {
        let fake = FakeAPIServer()
        try controller(fake, ns: "ns1", mesh: "m1", version: "v1")
        try controller(fake, ns: "ns2", mesh: "m2", version: nil)
        try controller(fake, ns: "ns3", mesh: "m3", version: "v3", app: "non-osm-controller")
        try member(fake, "mn1", mesh: "m1")
        try member(fake, "mn2", mesh: "m1")
        let result = await runOSM(["mesh", "list"], cluster: fake)
        #expect(result.stdout.contains("""

            MESH NAME   MESH NAMESPACE   VERSION   ADDED NAMESPACES
            m1          ns1              v1        mn1,mn2
            m2          ns2              Unknown   

            MESH NAME   MESH NAMESPACE   SMI SUPPORTED
            m1          ns1              Unknown
            m2          ns2              Unknown

            """))
        #expect(!result.stdout.contains("m3"))
    }

    @Test func jsonOutput() async throws {
        let fake = FakeAPIServer()
        try controller(fake, ns: "osm-system", mesh: "osm", version: "v1.2.4")
        try member(fake, "bookstore", mesh: "osm")
        let result = await runOSM(["mesh", "list", "-o", "json"], cluster: fake)
        #expect(result.stdout == #"{"meshes":[{"added_namespaces":["bookstore"],"name":"osm","namespace":"osm-system","smi_supported":["Unknown"],"version":"v1.2.4"}]}"# + "\n")
    }

    @Test func listFailureIsReported() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "GET", pathPrefix: "/apis/apps/v1/deployments", times: 10, .status(403, body: "denied")))
        let result = await runOSM(["mesh", "list"], cluster: fake)
        #expect(result.status == 1)
        #expect(result.stdout == "Unable to list meshes within the cluster.\n")
        #expect(result.stderr == "Error: Could not list deployments denied\n")
    }
}
