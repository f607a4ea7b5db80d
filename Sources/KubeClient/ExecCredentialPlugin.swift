import Foundation
import Synchronization
import ValueKit

/// Runs a kubeconfig `exec` credential plugin (client.authentication.k8s.io v1 / v1beta1) and keeps its
/// answer until the expiration it states, or until the server rejects it.
final class ExecCredentialPlugin: Sendable {
    struct Credential: Sendable {
        var token: String?
        var clientCertificate: (certificate: [UInt8], key: [UInt8])?
        var expires: Date?
    }

    let config: KubeConfig.ExecConfig
    let userName: String
    let cluster: ClientConfig
    let variables: [String: String]
    let stdinIsTerminal: Bool
    /// The plugin's last answer.
    private let cached = Mutex<Credential?>(nil)
    /// Held while the plugin runs, so that concurrent requests run it once.
    private let running = Mutex(())

    init(
        config: KubeConfig.ExecConfig, userName: String, cluster: ClientConfig, variables: [String: String],
        stdinIsTerminal: Bool = isatty(0) != 0
    ) {
        self.config = config
        self.userName = userName
        self.cluster = cluster
        self.variables = variables
        self.stdinIsTerminal = stdinIsTerminal
    }

    /// The current credential, running the plugin when there is none or it expired. The plugin (a
    /// process, perhaps asking the user) runs on the blocking pool, never on the cooperative pool.
    func credential(now: Date = Date()) async throws -> Credential {
        if let valid = validCached(now) { return valid }
        return try await BlockingPool.shared.run { [self] in
            try running.withLock { _ throws(KubeConfigError) -> Credential in
                // Another request may have run the plugin while this one waited.
                if let valid = validCached(now) { return valid }
                let fresh = try run()
                cached.withLock { $0 = fresh }
                return fresh
            }
        }
    }

    private func validCached(_ now: Date) -> Credential? {
        cached.withLock { cached in
            guard let cached, cached.expires.map({ $0 > now }) ?? true else { return nil }
            return cached
        }
    }

    /// Forgets the cached credential after a 401 so the next request runs the plugin again.
    func invalidate() {
        cached.withLock { $0 = nil }
    }

    private var interactive: Bool {
        switch config.interactiveMode {
        case "Never": return false
        case "Always": return true
        default: return stdinIsTerminal
        }
    }

    func execInfo() -> String {
        var spec: OrderedMap = ["interactive": .bool(interactive)]
        if config.provideClusterInfo {
            var clusterInfo: OrderedMap = ["server": .string(cluster.server)]
            if let name = cluster.tls.serverName { clusterInfo["tls-server-name"] = .string(name) }
            if cluster.tls.insecureSkipVerify { clusterInfo["insecure-skip-tls-verify"] = true }
            if let ca = cluster.tls.certificateAuthorityPEM {
                clusterInfo["certificate-authority-data"] = .string(Base64.encode(ca))
            }
            if let proxy = cluster.proxyURL { clusterInfo["proxy-url"] = .string(proxy) }
            spec["cluster"] = .map(clusterInfo)
        }
        let info: Value = ["kind": "ExecCredential", "apiVersion": .string(config.apiVersion), "spec": .map(spec)]
        return (try? GoJSONEncoder.encode(info)) ?? "{}"
    }

    private func fail(_ problem: String) -> KubeConfigError {
        KubeConfigError("getting credentials for user \"\(userName)\": \(problem)")
    }

    private func resolveExecutable() -> String? {
        if config.command.contains("/") {
            return FileManager.default.isExecutableFile(atPath: config.command) ? config.command : nil
        }
        for folder in (variables["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(config.command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private func run() throws(KubeConfigError) -> Credential {
        if config.interactiveMode == "Always" && !stdinIsTerminal {
            throw fail("exec plugin cannot support interactive mode: standard input is not a terminal")
        }
        guard let executable = resolveExecutable() else {
            var message = "exec: executable \(config.command) not found"
            if let hint = config.installHint, !hint.isEmpty { message += "\n\n\(hint)" }
            throw fail(message)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = config.args
        var environment = variables
        for (name, value) in config.env { environment[name] = value }
        environment["KUBERNETES_EXEC_INFO"] = execInfo()
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = interactive ? FileHandle.standardInput : FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw fail("exec: could not start \(config.command): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw fail("exec: executable \(config.command) failed with exit code \(process.terminationStatus)")
        }
        return try decode(String(decoding: data, as: UTF8.self))
    }

    func decode(_ text: String) throws(KubeConfigError) -> Credential {
        let value: Value
        do {
            value = try GoJSONDecoder.decode(text)
        } catch {
            throw fail("decoding stdout of exec plugin \(config.command): \(error)")
        }
        guard value["kind"]?.stringValue == "ExecCredential" else {
            throw fail("exec plugin \(config.command) did not print an ExecCredential")
        }
        let returned = value["apiVersion"]?.stringValue ?? ""
        guard returned == config.apiVersion else {
            throw fail(
                "exec plugin is configured to use API version \(config.apiVersion), plugin returned version \(returned)"
            )
        }
        guard let status = value["status"]?.mapValue else {
            throw fail("exec plugin \(config.command) didn't return a status field")
        }
        var credential = Credential()
        credential.token = status["token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let cert = status["clientCertificateData"]?.stringValue ?? ""
        let key = status["clientKeyData"]?.stringValue ?? ""
        if !cert.isEmpty || !key.isEmpty {
            guard !cert.isEmpty, !key.isEmpty else {
                throw fail("exec plugin \(config.command) returned only one of clientCertificateData and clientKeyData")
            }
            credential.clientCertificate = (Array(cert.utf8), Array(key.utf8))
        }
        guard credential.token != nil || credential.clientCertificate != nil else {
            throw fail("exec plugin \(config.command) didn't return a token or cert/key pair")
        }
        if let stamp = status["expirationTimestamp"]?.stringValue, !stamp.isEmpty {
            guard let date = ISO8601DateFormatter().date(from: stamp) else {
                throw fail(
                    "exec plugin \(config.command) returned an expirationTimestamp that is not RFC 3339: \(stamp)")
            }
            credential.expires = date
        }
        return credential
    }
}
