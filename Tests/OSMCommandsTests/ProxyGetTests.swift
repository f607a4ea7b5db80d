import Foundation
import KubeFake
import Testing
import ValueKit

/// `osm proxy get` against the fake API server (spec §2.11), through the pod proxy.
@Suite struct ProxyGetTests {
    func cluster() throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bookbuyer"]])
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "meshed", "namespace": "bookbuyer", "labels": ["osm-proxy-uuid": "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60"]], "status": ["phase": "Running"]])
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "plain", "namespace": "bookbuyer", "labels": ["osm-proxy-uuid": "not-a-uuid"]], "status": ["phase": "Running"]])
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "starting", "namespace": "bookbuyer", "labels": ["osm-proxy-uuid": "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60"]], "status": ["phase": "Pending"]])
        fake.setProxyAnswer(namespace: "bookbuyer", pod: "meshed", port: 15000, path: "clusters", body: "cluster list")
        return fake
    }

    @Test func writesTheAnswerToStdoutOrAFile() async throws {
        let fake = try cluster()
        let result = await runOSM(["proxy", "get", "clusters", "meshed", "-n", "bookbuyer"], cluster: fake)
        #expect(result.stdout == "cluster list")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("osm-proxy-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let toFile = await runOSM(["proxy", "get", "clusters", "meshed", "-n", "bookbuyer", "-f", file.path], cluster: fake)
        #expect(toFile.stdout == "")
        #expect(try String(contentsOf: file, encoding: .utf8) == "cluster list")
    }

    @Test func checksAsUpstream() async throws {
        let fake = try cluster()
        #expect(await runOSM(["proxy", "get", "ready", "nope", "-n", "bookbuyer"], cluster: fake).stderr == "Error: Could not find pod nope in namespace bookbuyer\n")
        #expect(await runOSM(["proxy", "get", "ready", "plain", "-n", "bookbuyer"], cluster: fake).stderr == "Error: Pod plain in namespace bookbuyer is not a part of a mesh\n")
        #expect(await runOSM(["proxy", "get", "ready", "starting", "-n", "bookbuyer"], cluster: fake).stderr == "Error: Pod starting in namespace bookbuyer is not running\n")
        #expect(await runOSM(["proxy", "get", "stats", "meshed", "-n", "bookbuyer"], cluster: fake).stderr
                == "Error: Error retrieving proxy config for pod meshed in namespace bookbuyer: Error fetching url /api/v1/namespaces/bookbuyer/pods/meshed:15000/proxy/stats: address not allowed\n")
    }
}
