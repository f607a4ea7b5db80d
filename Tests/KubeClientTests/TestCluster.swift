import Foundation
import KubeClient
import KubeFake

/// Test certificates (Tests/Support/TLS: a CA, a server certificate for 127.0.0.1, client certificates
/// with RSA PKCS#1, PKCS#8 and EC keys, and an unrelated CA) and a scratch folder for kubeconfigs.
enum TestTLS {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/TLS")
    static func text(_ name: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    static func base64(_ name: String) -> String { Data(text(name).utf8).base64EncodedString() }
}

/// A loopback TLS fake with token `t0ken` for user `token-user` and client certificates from the test CA.
final class TestCluster: @unchecked Sendable {
    let fake = FakeAPIServer()
    let tls: LoopbackTLSServer
    let folder: URL

    init() throws {
        fake.tokens = ["t0ken": "token-user"]
        fake.requireAuthentication = true
        tls = try LoopbackTLSServer(server: fake, certificatePEM: TestTLS.text("server.crt"), keyPEM: TestTLS.text("server.key"),
                                    clientCAPEM: TestTLS.text("ca.crt"))
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("osm-kube-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        tls.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes a file into the scratch folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        return url.path
    }

    /// A kubeconfig with one context `test` whose user is the YAML given.
    func kubeconfig(user: String, cluster: String? = nil, name: String = "config") throws -> String {
        let clusterBody = cluster ?? "    server: \(tls.url)\n    certificate-authority-data: \(TestTLS.base64("ca.crt"))"
        return try write(name, """
            apiVersion: v1
            kind: Config
            current-context: test
            clusters:
            - name: fake
              cluster:
            \(clusterBody)
            contexts:
            - name: test
              context:
                cluster: fake
                user: tester
                namespace: bookstore
            users:
            - name: tester
              user:
            \(user)

            """)
    }

    func client(_ kubeconfigPath: String, variables: [String: String] = [:]) throws -> KubernetesClient {
        let config = try KubeConfigLoader(explicitPath: kubeconfigPath, variables: variables).clientConfig()
        return KubernetesClient(rest: RESTClient(config: config, variables: variables.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }))
    }
}
