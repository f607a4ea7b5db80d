import CLI
import Foundation
@testable import HelmEngine
import KubeClient
import KubeFake
import OSMCommands
import Testing
import ValueKit

/// `osm support bug-report` gathered natively against the fake API server.
@Suite(.timeLimit(.minutes(3))) struct BugReportTests {
    let secretValue = "c3VwZXItc2VjcmV0LXZhbHVl"

    func cluster() throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bookstore", "labels": ["openservicemesh.io/monitored-by": "osm"]]])
        for pod in ["bookstore-v1", "bookstore-v2"] {
            try fake.seed(["apiVersion": "v1", "kind": "Pod",
                           "metadata": ["name": .string(pod), "namespace": "bookstore", "labels": ["app": "bookstore", "osm-proxy-uuid": "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60"]],
                           "spec": ["containers": [["name": "bookstore"], ["name": "envoy"]]], "status": ["phase": "Running"]])
            fake.setLog(namespace: "bookstore", pod: pod, container: "envoy", "envoy log of \(pod)\n")
        }
        // bookstore-v1's Envoy admin port answers through port-forwarding; bookstore-v2's refuses connections.
        fake.setPort(namespace: "bookstore", pod: "bookstore-v1", port: 15000, .http { path in (200, Array("\(path.dropFirst()) of bookstore-v1".utf8)) })
        try fake.seed(["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "bookstore", "namespace": "bookstore"],
                       "spec": ["template": ["metadata": ["labels": ["app": "bookstore"]]]]])
        try fake.seed(["apiVersion": "apps/v1", "kind": "Deployment",
                       "metadata": ["name": "osm-controller", "namespace": "osm-system",
                                    "labels": ["app": "osm-controller", "meshName": "osm", "app.kubernetes.io/version": "v1.2.4"]]])
        try fake.seed(["apiVersion": "v1", "kind": "Pod",
                       "metadata": ["name": "osm-controller-1", "namespace": "osm-system", "labels": ["app.kubernetes.io/name": "openservicemesh.io"]],
                       "spec": ["containers": [["name": "osm-controller"]]],
                       "status": ["phase": "Running", "containerStatuses": [["name": "osm-controller", "restartCount": 2]]]])
        fake.setLog(namespace: "osm-system", pod: "osm-controller-1", container: "osm-controller", "controller log\n")
        try fake.seed(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "osm-ca-bundle", "namespace": "osm-system"],
                       "type": "Opaque", "data": ["ca.crt": .string(secretValue)]])
        return fake
    }

    func run(_ args: [String], _ fake: FakeAPIServer) async -> RunResult { await runOSM(["support", "bug-report"] + args, cluster: fake) }

    func temporaryPath(_ ext: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("osm-report-\(UUID().uuidString)\(ext)").path
    }

    func files(_ path: String) throws -> [String: String] {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var out: [String: String] = [:]
        for entry in try ChartArchive.untar(try ChartArchive.gunzip(data)) { out[entry.path] = String(decoding: entry.bytes, as: UTF8.self) }
        return out
    }

    @Test func allCollectsEverythingAndNeverSecretData() async throws {
        let fake = try cluster()
        let path = temporaryPath(".tar.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = await run(["--all", "-o", path], fake)
        #expect(result.status == 0)
        #expect(result.stdout.contains("[+] Collecting information from individual app pods\n"))
        #expect(result.stdout.contains("✓ Collected report for Pod \"bookstore/bookstore-v1\"\n"))
        #expect(result.stdout.hasSuffix("✓ Bug report successfully archived to \(path)\n\n"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let contents = try files(path)
        func file(_ suffix: String) -> String? { contents.first { $0.key.hasSuffix(suffix) }?.value }
        #expect(file("namespaces/commands/osm_namespace_list")?.contains("bookstore   osm") == true)
        #expect(file("namespaces/bookstore/pods/bookstore-v1/commands/osm_proxy_get_config_dump_bookstore-v1_-n_bookstore") == "config_dump of bookstore-v1")
        #expect(file("namespaces/bookstore/pods/bookstore-v2/commands/kubectl_logs_bookstore-v2_-n_bookstore_-c_envoy") == "envoy log of bookstore-v2\n")
        #expect(file("namespaces/osm-system/pods/osm-controller-1/commands/kubectl_logs_-n_osm-system_osm-controller-1") == "controller log\n")
        #expect(file("kubectl_logs_-n_osm-system_osm-controller-1_--previous") != nil)
        #expect(file("namespaces/osm-system/commands/kubectl_get_secrets_-n_osm-system")?.contains("osm-ca-bundle   Opaque") == true)
        #expect(file("namespaces/bookstore/commands/kubectl_get_pods_-n_bookstore_-l_osm-proxy-uuid")?.contains("name: bookstore-v1") == true)
        #expect(file("namespaces/bookstore/commands/kubectl_get_deployments_-n_bookstore")?.contains("kind: Deployment") == true)
        // Secret data appears nowhere, and the index names what failed (bookstore-v2's Envoy admin port).
        #expect(!contents.values.contains { $0.contains(secretValue) })
        let index = try #require(file("index.txt"))
        #expect(index.contains("\nkubernetes: \(fake.gitVersion)\n"))
        #expect(index.contains("\ncontrol plane: mesh osm in osm-system, version v1.2.4\n"))
        // bookstore-v2 answers none of the six Envoy admin queries (its admin port refuses), and the fake
        // serves no MeshConfig kind (no OSM CRDs); nothing else fails.
        let failed = (index.components(separatedBy: "\nfailed (").last ?? "").split(separator: "\n").map(String.init)
        #expect(failed.first == "7):", "\(failed)")
        #expect(failed.last?.hasSuffix("/namespaces/osm-system/commands/kubectl_get_meshconfig_-n_osm-system_-o_yaml: no matches for kind \"MeshConfig\" in version \"config.openservicemesh.io/v1alpha2\"") == true)
        for (line, query) in zip(failed.dropFirst(), ["config_dump", "ready", "stats", "clusters", "listeners", "certs"]) {
            #expect(line.contains("/namespaces/bookstore/pods/bookstore-v2/commands/osm_proxy_get_\(query)_bookstore-v2_-n_bookstore: an error occurred forwarding 15000 -> 15000: "), "\(line)")
        }
        #expect(index.contains("osm_proxy_get_config_dump_bookstore-v2_-n_bookstore: an error occurred forwarding 15000 -> 15000: error forwarding port 15000 to pod "))
        #expect(index.contains("connect: connection refused"))
        #expect(result.stderr.contains("x Error running cmd: [osm proxy get config dump bookstore-v2 -n bookstore]\n"))
    }

    @Test func chosenPodsAndDeploymentsAsZip() async throws {
        let fake = try cluster()
        let path = temporaryPath(".zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = await run(["--app-pods", "bookstore/bookstore-v1,nonamespace", "--app-deployments", "bookstore/bookstore,bookstore/missing", "-o", path], fake)
        #expect(result.status == 0)
        #expect(result.stderr.contains("Pod name nonamespace is not namespaced, skipping it"))
        #expect(result.stderr.contains("x Deployment bookstore/missing not found, skipping it\n"))
        // The Deployment brings bookstore-v2; bookstore-v1 is collected once.
        #expect(result.stdout.components(separatedBy: "✓ Collected report for Pod \"bookstore/bookstore-v1\"").count == 2)
        #expect(result.stdout.contains("✓ Collected report for Pod \"bookstore/bookstore-v2\""))
        let zip = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(zip.starts(with: [0x50, 0x4b, 0x03, 0x04]))
        #expect(String(decoding: zip, as: UTF8.self).contains("index.txt"))
    }

    /// Namespaces and pods are gathered several at a time, but the report reads as one gathered after
    /// another (spec §2.8): lines in the order given whichever answer comes first (the first
    /// namespace's and the first pod's answers are held back), and every namespace's files present.
    @Test func manyNamespacesAndPodsKeepTheirOrder() async throws {
        let fake = try cluster()
        let names = (1...30).map { "team-\($0)" }
        for ns in names {
            try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns), "labels": ["openservicemesh.io/monitored-by": "osm"]]])
            try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "app", "namespace": .string(ns)],
                           "spec": ["containers": [["name": "envoy"]]], "status": ["phase": "Running"]])
        }
        fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/team-1/events", .delay(0.3)))
        fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/team-1/pods/app/log", .delay(0.3)))
        let path = temporaryPath(".tar.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = await run(["--app-namespaces", names.joined(separator: ","), "--app-pods", names.map { "\($0)/app" }.joined(separator: ","), "-o", path], fake)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("✓ Collected report from Namespace") } == names.map { "✓ Collected report from Namespace \"\($0)\"" })
        #expect(lines.filter { $0.hasPrefix("✓ Collected report for Pod \"team-") } == names.map { "✓ Collected report for Pod \"\($0)/app\"" })
        // Each pod's Envoy admin port refuses: six error lines per pod, in pod order.
        let errors = result.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("x Error running cmd: [osm proxy get config dump app -n ") }
        #expect(errors == names.map { "x Error running cmd: [osm proxy get config dump app -n \($0)]" })
        let contents = try files(path)
        for ns in names {
            #expect(contents.keys.contains { $0.hasSuffix("/namespaces/\(ns)/commands/kubectl_get_svc_-n_\(ns)") }, "\(ns)")
        }
    }

    /// A pod that is not Running gets upstream's `osm proxy get` answer for each Envoy query, and no
    /// port-forward is tried (on a large cluster of pending pods that was most of the report's time).
    @Test func aPodNotRunningIsNotForwarded() async throws {
        let fake = try cluster()
        try fake.seed(["apiVersion": "v1", "kind": "Pod",
                       "metadata": ["name": "pending", "namespace": "bookstore", "labels": ["osm-proxy-uuid": "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60"]],
                       "spec": ["containers": [["name": "envoy"]]], "status": ["phase": "Pending"]])
        let path = temporaryPath(".tar.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = await run(["--app-pods", "bookstore/pending", "-o", path], fake)
        #expect(result.status == 0)
        let index = try #require(try files(path).first { $0.key.hasSuffix("index.txt") }?.value)
        for query in ["config_dump", "ready", "stats", "clusters", "listeners", "certs"] {
            #expect(index.contains("osm_proxy_get_\(query)_pending_-n_bookstore: Pod pending in namespace bookstore is not running"), "\(index)")
        }
        #expect(!fake.requestLog.contains { $0.contains("/pods/pending/portforward") })
    }

    @Test func unsupportedFormatIsRefusedBeforeCollecting() async throws {
        let fake = try cluster()
        let result = await run(["-o", "/tmp/report.rar"], fake)
        #expect(result.status == 1)
        #expect(result.stderr == "Error: Error creating bug report: unsupported archive format for /tmp/report.rar; use one of .tar.gz .tgz .tar .zip\n")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/report.rar"))
    }
}
