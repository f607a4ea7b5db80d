import Foundation
import KubeFake
import Testing
import ValueKit

/// `osm proxy get` against the fake API server (spec §2.11): a local port forwarded to the sidecar's
/// admin port, then an HTTP GET to it.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ProxyGetTests {
    func cluster() throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bookbuyer"]])
        for (name, uuid, phase) in [("meshed", "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60", "Running"), ("plain", "not-a-uuid", "Running"),
                                    ("starting", "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60", "Pending"), ("adminless", "1f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60", "Running")] {
            try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "bookbuyer", "labels": ["osm-proxy-uuid": .string(uuid)]],
                           "status": ["phase": .string(phase)]])
        }
        fake.setPort(namespace: "bookbuyer", pod: "meshed", port: 15000, .http { path in
            path == "/clusters" ? (200, Array("cluster list".utf8)) : (404, Array("invalid path: \(path)\n".utf8))
        })
        return fake
    }

    @Test func writesTheAnswerToStdoutOrAFile() async throws {
        let fake = try cluster()
        let result = await runOSM(["proxy", "get", "clusters", "meshed", "-n", "bookbuyer", "-p", "0"], cluster: fake)
        #expect(result.stderr == "")
        #expect(result.stdout == "cluster list")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("osm-proxy-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let toFile = await runOSM(["proxy", "get", "clusters", "meshed", "-n", "bookbuyer", "-f", file.path, "-p", "0"], cluster: fake)
        #expect(toFile.stdout == "")
        #expect(try String(contentsOf: file, encoding: .utf8) == "cluster list")
        // The body is written whatever the HTTP status, as upstream does.
        let missing = await runOSM(["proxy", "get", "nope?x=1", "meshed", "-n", "bookbuyer", "-p", "0"], cluster: fake)
        #expect(missing.stdout == "invalid path: /nope?x=1\n")
        #expect(fake.requestLog.contains { $0.hasPrefix("GET /api/v1/namespaces/bookbuyer/pods/meshed/portforward") })
    }

    @Test func checksAsUpstream() async throws {
        let fake = try cluster()
        #expect(await runOSM(["proxy", "get", "ready", "nope", "-n", "bookbuyer"], cluster: fake).stderr == "Error: Could not find pod nope in namespace bookbuyer\n")
        #expect(await runOSM(["proxy", "get", "ready", "plain", "-n", "bookbuyer"], cluster: fake).stderr == "Error: Pod plain in namespace bookbuyer is not a part of a mesh\n")
        #expect(await runOSM(["proxy", "get", "ready", "starting", "-n", "bookbuyer"], cluster: fake).stderr == "Error: Pod starting in namespace bookbuyer is not running\n")
    }

    @Test func aSidecarThatRefusesIsExplained() async throws {
        let fake = try cluster()
        // Port 0: the system picks a free local port (no race with another process); messages name it.
        let result = await runOSM(["proxy", "get", "stats", "adminless", "-n", "bookbuyer", "-p", "0"], cluster: fake)
        #expect(result.status == 1)
        let prefix = "Error: Error retrieving proxy config for pod adminless in namespace bookbuyer: Error fetching url http://localhost:"
        #expect(result.stderr.hasPrefix(prefix))
        let port = result.stderr.dropFirst(prefix.count).prefix { $0.isNumber }
        #expect(!port.isEmpty && port != "0")
        #expect(result.stderr.hasPrefix(prefix + port + "/stats: "))
        #expect(result.stderr.contains("(an error occurred forwarding \(port) -> 15000: error forwarding port 15000 to pod "))
    }
}
