import CLI
import Foundation
import KubeClient
import KubeFake
import OSMCommands
import Testing
import ValueKit

/// `osm dashboard` (spec §2.7) against the fake API server: Grafana found through its Service, a local
/// port forwarded to the Running pod, until the command is interrupted.
@Suite(.serialized, .timeLimit(.minutes(3))) struct DashboardTests {
    let note = "\n\nNote: The command failed when run in the OSM namespace [osm-system].\nUse the global flag --osm-namespace if [osm-system] is not the intended OSM namespace.\n"

    func cluster(service: Bool = true, podPhase: String = "Running") throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        if service {
            try fake.seed(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "osm-grafana", "namespace": "osm-system"],
                           "spec": ["selector": ["app": "osm-grafana"], "ports": [["port": 3000]]]])
        }
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "osm-grafana-5b7d9", "namespace": "osm-system", "labels": ["app": "osm-grafana"]],
                       "status": ["phase": .string(podPhase)]])
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "unrelated", "namespace": "osm-system", "labels": ["app": "other"]],
                       "status": ["phase": "Running"]])
        fake.setPort(namespace: "osm-system", pod: "osm-grafana-5b7d9", port: 3000, .http { path in (200, Array("grafana at \(path)".utf8)) })
        return fake
    }

    @Test func withoutGrafanaTheServiceIsNamed() async throws {
        let result = await runOSM(["dashboard", "-b=false"], cluster: try cluster(service: false))
        #expect(result.status == 1)
        #expect(result.stdout == "[+] Starting Dashboard forwarding\n")
        #expect(result.stderr == "Error: Failed to get OSM Grafana service data: services \"osm-grafana\" not found" + note)
    }

    @Test func withoutARunningPodNothingIsForwarded() async throws {
        let result = await runOSM(["dashboard", "-b=false"], cluster: try cluster(podPhase: "Pending"))
        #expect(result.status == 1)
        #expect(result.stderr == "Error: No running Grafana pod available" + note)
    }

    @Test func forwardsAndOpensTheBrowserUntilInterrupted() async throws {
        let fake = try cluster()
        let out = BufferSink(), err = BufferSink()
        let opened = Collected()
        let environment = fakeEnvironment(fake, out, err, openURL: { opened.add($0) })
        // Port 0: the system picks the local port (no race with other processes); the output names it.
        let command = Task { await OSM.execute(["dashboard", "-p", "0"], environment) }
        for _ in 0..<200 where !out.text.contains("Issuing open browser") { try await Task.sleep(nanoseconds: 10_000_000) }
        let port = out.text.components(separatedBy: "http://localhost:").last?.prefix { $0.isNumber } ?? ""
        #expect(!port.isEmpty && port != "0")
        #expect(out.text == "[+] Starting Dashboard forwarding\n[+] Issuing open browser http://localhost:\(port)\n")
        #expect(opened.items == ["http://localhost:\(port)"])
        let page = try await CurlTransport().send(HTTPRequest(url: "http://localhost:\(port)/d/osm-mesh"))
        #expect(String(decoding: page.body, as: UTF8.self) == "grafana at /d/osm-mesh")
        #expect(fake.requestLog.contains { $0.hasPrefix("GET /api/v1/namespaces/osm-system/pods/osm-grafana-5b7d9/portforward") })
        command.cancel()
        #expect(await command.value == 0)
        #expect(err.text == "")
        // The listener is gone once the command returned.
        await #expect(throws: (any Error).self) { _ = try await CurlTransport(connectTimeoutSeconds: 2).send(HTTPRequest(url: "http://127.0.0.1:\(port)/")) }
    }
}
