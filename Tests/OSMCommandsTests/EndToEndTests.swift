import CLI
import Foundation
import KubeFake
import OSMCommands
import Testing

/// The real wiring: `--kubeconfig` → kubeconfig loader → libcurl over TLS → the fake API server on a
/// loopback port, through the whole mesh lifecycle.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EndToEndTests {
    static let tls = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Support/TLS")
    static func text(_ name: String) -> String { (try? String(contentsOf: tls.appendingPathComponent(name), encoding: .utf8)) ?? "" }

    func live(_ args: [String], _ kubeconfig: String) async -> RunResult {
        let out = BufferSink(), err = BufferSink()
        let status = await OSM.execute(["--kubeconfig", kubeconfig] + args,
                                       OSMEnvironment(stdout: out, stderr: err, stdin: ScriptedInput([]),
                                                      variables: ["HOME": "/nonexistent-home", "OSM_NO_UPDATE_CHECK": "1"]))
        return RunResult(status: status, stdout: out.text, stderr: err.text)
    }

    @Test func lifecycleOverTLSWithAKubeconfig() async throws {
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        fake.tokens = ["e2e-token": "e2e"]
        fake.requireAuthentication = true
        let server = try LoopbackTLSServer(server: fake, certificatePEM: Self.text("server.crt"), keyPEM: Self.text("server.key"), clientCAPEM: Self.text("ca.crt"))
        defer { server.stop() }
        let kubeconfig = FileManager.default.temporaryDirectory.appendingPathComponent("osm-e2e-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: kubeconfig) }
        try """
            apiVersion: v1
            kind: Config
            current-context: e2e
            clusters: [{name: fake, cluster: {server: "\(server.url)", certificate-authority-data: \(Data(Self.text("ca.crt").utf8).base64EncodedString())}}]
            contexts: [{name: e2e, context: {cluster: fake, user: e2e}}]
            users: [{name: e2e, user: {token: e2e-token}}]
            """.write(to: kubeconfig, atomically: true, encoding: .utf8)

        let installed = await live(["install"], kubeconfig.path)
        #expect(installed.stderr == "")
        #expect(installed.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bookstore"]])
        #expect(await live(["namespace", "add", "bookstore"], kubeconfig.path).stdout == "Namespace [bookstore] successfully added to mesh [osm]\n")
        #expect(await live(["namespace", "list"], kubeconfig.path).stdout == "NAMESPACE   MESH   SIDECAR-INJECTION\nbookstore   osm    enabled\n")
        let upgraded = await live(["mesh", "upgrade", "--set", "osm.controllerLogLevel=debug"], kubeconfig.path)
        #expect(upgraded.stdout == "OSM successfully upgraded mesh [osm] in namespace [osm-system]\n")
        // Port-forwarding through the live client (curl connect-only → TLS → WebSocket → SPDY → fake kubelet).
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web-1", "namespace": "bookstore", "labels": ["osm-proxy-uuid": "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60"]],
                       "status": ["phase": "Running"]])
        fake.setPort(namespace: "bookstore", pod: "web-1", port: 15000, .http { path in (200, Array("admin \(path)".utf8)) })
        let proxied = await live(["proxy", "get", "clusters?format=json", "web-1", "-n", "bookstore", "-p", "0"], kubeconfig.path)
        #expect(proxied.stderr == "")
        #expect(proxied.stdout == "admin /clusters?format=json")
        let removed = await live(["uninstall", "mesh", "-f"], kubeconfig.path)
        #expect(removed.stdout == "OSM [mesh name: osm] in namespace [osm-system] uninstalled\n")
        #expect(fake.objects(group: "apps", resource: "deployments").isEmpty)
        #expect(fake.objects(resource: "secrets").isEmpty)
        #expect(!fake.requestLog.contains { $0.hasSuffix("(system:anonymous)") || $0.hasSuffix("(unauthenticated)") })
    }

    @Test func wrongCredentialsAreReportedAndNothingIsWritten() async throws {
        let fake = FakeAPIServer()
        fake.tokens = ["right": "e2e"]
        let server = try LoopbackTLSServer(server: fake, certificatePEM: Self.text("server.crt"), keyPEM: Self.text("server.key"), clientCAPEM: nil)
        defer { server.stop() }
        let kubeconfig = FileManager.default.temporaryDirectory.appendingPathComponent("osm-e2e-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: kubeconfig) }
        try """
            current-context: e2e
            clusters: [{name: fake, cluster: {server: "\(server.url)", insecure-skip-tls-verify: true}}]
            contexts: [{name: e2e, context: {cluster: fake, user: e2e}}]
            users: [{name: e2e, user: {token: wrong}}]
            """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        let result = await live(["install"], kubeconfig.path)
        #expect(result.status == 1)
        #expect(result.stderr == "Error: Kubernetes cluster unreachable: Unauthorized\n")
        #expect(!result.stderr.contains("wrong"))
        #expect(!fake.requestLog.contains { $0.hasPrefix("POST") || $0.hasPrefix("PATCH") })
    }
}
