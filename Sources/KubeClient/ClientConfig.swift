import Foundation

/// Everything needed to talk to one API server: the resolved form of a kubeconfig context or of the
/// in-cluster service account. Certificates and keys are held in memory and never written to disk.
public struct ClientConfig: Sendable {
    public enum Credentials: Sendable {
        case none
        case token(String)
        /// Re-read on every request, as client-go does, so rotated service-account tokens work.
        case tokenFile(String)
        case basic(username: String, password: String)
        case exec(KubeConfig.ExecConfig, userName: String)
    }

    public var server: String
    public var tls = CurlTransport.TLS()
    public var proxyURL: String?
    public var credentials: Credentials = .none
    public var namespace: String?
    public var impersonateUser: String?
    public var impersonateUID: String?
    public var impersonateGroups: [String] = []
    /// Seconds to wait for one answer; 0 means no limit.
    public var requestTimeout: Double = 0
    /// Seconds to wait for a TCP/TLS connection.
    public var connectTimeout: Double = 30

    public init(server: String) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
    }

    static func resolve(
        cluster: KubeConfig.Cluster, clusterName: String, user: KubeConfig.User, userName: String,
        namespace: String?
    ) throws(KubeConfigError) -> ClientConfig {
        var config = ClientConfig(server: cluster.server)
        guard config.server.hasPrefix("https://") || config.server.hasPrefix("http://") else {
            throw KubeConfigError(
                "cluster \"\(clusterName)\" in \(cluster.origin): server \"\(cluster.server)\" is not an http(s) URL")
        }
        config.namespace = namespace
        config.proxyURL = cluster.proxyURL
        config.tls.insecureSkipVerify = cluster.insecureSkipTLSVerify
        config.tls.serverName = cluster.tlsServerName
        if let data = cluster.certificateAuthorityData {
            config.tls.certificateAuthorityPEM = data
        } else if let path = cluster.certificateAuthority {
            config.tls.certificateAuthorityPEM = try readFile(
                path, "certificate-authority of cluster \"\(clusterName)\"")
        }
        if cluster.insecureSkipTLSVerify && config.tls.certificateAuthorityPEM != nil {
            throw KubeConfigError(
                "cluster \"\(clusterName)\" in \(cluster.origin): specifying a root certificates file with the insecure flag is not allowed"
            )
        }
        if let provider = user.authProvider {
            throw KubeConfigError(authProviderMessage(provider, userName: userName))
        }
        if let data = user.clientCertificateData {
            config.tls.clientCertificatePEM = data
        } else if let path = user.clientCertificate {
            config.tls.clientCertificatePEM = try readFile(path, "client-certificate of user \"\(userName)\"")
        }
        if let data = user.clientKeyData {
            config.tls.clientKeyPEM = data
        } else if let path = user.clientKey {
            config.tls.clientKeyPEM = try readFile(path, "client-key of user \"\(userName)\"")
        }
        if (config.tls.clientCertificatePEM == nil) != (config.tls.clientKeyPEM == nil) {
            let missing = config.tls.clientKeyPEM == nil ? "client-key" : "client-certificate"
            throw KubeConfigError(
                "user \"\(userName)\" in \(user.origin) has a client \(missing == "client-key" ? "certificate" : "key") but no \(missing)"
            )
        }
        if let key = config.tls.clientKeyPEM, !looksLikePrivateKey(key) {
            throw KubeConfigError(
                "user \"\(userName)\" in \(user.origin): client-key is not a PEM private key (RSA, EC or PKCS#8)")
        }
        let methods = [user.token != nil || user.tokenFile != nil, user.username != nil, user.exec != nil].filter { $0 }
            .count
        if methods > 1 {
            throw KubeConfigError(
                "user \"\(userName)\" in \(user.origin) sets more than one of token, username/password and exec; choose one"
            )
        }
        if let token = user.token, !token.isEmpty {
            config.credentials = .token(token)
        } else if let file = user.tokenFile {
            _ = try readFile(file, "tokenFile of user \"\(userName)\"")
            config.credentials = .tokenFile(file)
        } else if let name = user.username {
            config.credentials = .basic(username: name, password: user.password ?? "")
        } else if let exec = user.exec {
            guard !exec.command.isEmpty else {
                throw KubeConfigError("user \"\(userName)\" in \(user.origin): exec.command is empty")
            }
            let known = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]
            guard known.contains(exec.apiVersion) else {
                throw KubeConfigError(
                    "user \"\(userName)\" in \(user.origin): exec plugin apiVersion \"\(exec.apiVersion)\" is not supported (use client.authentication.k8s.io/v1 or v1beta1)"
                )
            }
            if exec.apiVersion.hasSuffix("/v1"), exec.interactiveMode.isEmpty {
                throw KubeConfigError(
                    "user \"\(userName)\" in \(user.origin): interactiveMode must be specified for \(exec.command) to use exec authentication plugin"
                )
            }
            guard ["", "Never", "IfAvailable", "Always"].contains(exec.interactiveMode) else {
                throw KubeConfigError(
                    "user \"\(userName)\" in \(user.origin): exec.interactiveMode \"\(exec.interactiveMode)\" is not one of Never, IfAvailable, Always"
                )
            }
            config.credentials = .exec(exec, userName: userName)
        }
        config.impersonateUser = user.impersonate
        config.impersonateUID = user.impersonateUID
        config.impersonateGroups = user.impersonateGroups
        return config
    }

    static func readFile(_ path: String, _ what: String) throws(KubeConfigError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file or directory"
            throw KubeConfigError("cannot read \(what) from \"\(path)\": \(reason)")
        }
        return Array(data)
    }

    static func looksLikePrivateKey(_ pem: [UInt8]) -> Bool {
        let text = String(decoding: pem, as: UTF8.self)
        return ["-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----"]
            .contains { text.contains($0) }
    }

    /// Built-in auth providers were removed from client-go; say which exec plugin replaces each.
    static func authProviderMessage(_ provider: String, userName: String) -> String {
        let replacement: String
        switch provider {
        case "gcp":
            replacement =
                "gke-gcloud-auth-plugin (https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl)"
        case "azure": replacement = "kubelogin (https://azure.github.io/kubelogin)"
        case "oidc": replacement = "an OIDC exec plugin such as kubelogin (https://github.com/int128/kubelogin)"
        default: replacement = "the exec credential plugin your provider ships"
        }
        return
            "user \"\(userName)\" uses the auth-provider \"\(provider)\", which is no longer supported; configure an exec credential plugin instead: \(replacement)"
    }
}
