import Foundation

/// Where a run's cluster credentials come from, decided as kubectl decides: `--kubeconfig`, else the
/// `KUBECONFIG` list (merged, first definition wins), else `~/.kube/config`, else the pod's service
/// account; `--context`, else the file's `current-context`.
public struct KubeConfigLoader: Sendable {
    public var explicitPath: String?
    public var contextOverride: String?
    public var variables: [String: String]
    /// Where in-cluster credentials live; tests point it at a temporary folder.
    public var serviceAccountFolder = "/var/run/secrets/kubernetes.io/serviceaccount"

    public init(explicitPath: String? = nil, context: String? = nil, variables: [String: String]) {
        self.explicitPath = explicitPath?.isEmpty == true ? nil : explicitPath
        self.contextOverride = context?.isEmpty == true ? nil : context
        self.variables = variables
    }

    /// The files that will be read, in precedence order; missing entries of a KUBECONFIG list are skipped.
    public func candidateFiles() -> [String] {
        if let explicitPath { return [explicitPath] }
        if let named = kubeconfigList() {
            var seen = Set<String>()
            return named.filter { seen.insert($0).inserted && FileManager.default.fileExists(atPath: $0) }
        }
        guard let home = variables["HOME"], !home.isEmpty else { return [] }
        let path = home + "/.kube/config"
        return FileManager.default.fileExists(atPath: path) ? [path] : []
    }

    /// The paths a non-empty `KUBECONFIG` names (`:`- or `;`-separated), or nil when it is unset or empty.
    func kubeconfigList() -> [String]? {
        guard let list = variables["KUBECONFIG"], !list.isEmpty else { return nil }
        return list.split(whereSeparator: { $0 == ":" || $0 == ";" }).map(String.init).filter { !$0.isEmpty }
    }

    /// The entries of a `KUBECONFIG` list when the list is set and not one of them exists.
    func missingKubeconfigList() -> [String]? {
        guard let named = kubeconfigList(), !named.isEmpty,
            !named.contains(where: { FileManager.default.fileExists(atPath: $0) })
        else { return nil }
        return named
    }

    /// The merged configuration of every candidate file.
    public func loadMerged() throws(KubeConfigError) -> KubeConfig {
        try Self.merge(candidateFiles())
    }

    static func merge(_ files: [String]) throws(KubeConfigError) -> KubeConfig {
        var merged = KubeConfig()
        for path in files {
            merged.merge(try Self.read(path))
        }
        return merged
    }

    static func read(_ path: String) throws(KubeConfigError) -> KubeConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file or directory"
            throw KubeConfigError("cannot read kubeconfig file \"\(path)\": \(reason)")
        }
        return try KubeConfig.parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The server, TLS material and credentials to use.
    public func clientConfig() throws(KubeConfigError) -> ClientConfig {
        let files = candidateFiles()
        if files.isEmpty && explicitPath == nil, let inCluster = try inClusterConfig() { return inCluster }
        let config = try Self.merge(files)
        let source =
            files.count == 1
            ? "kubeconfig \"\(files[0])\""
            : files.isEmpty ? "kubeconfig" : "the merged kubeconfig (\(files.joined(separator: ":")))"
        if files.isEmpty, explicitPath == nil, let named = missingKubeconfigList() {
            // Beyond client-go, which says only "no configuration has been provided".
            throw KubeConfigError(
                named.count == 1
                    ? "KUBECONFIG names \(named[0]), which does not exist"
                    : "KUBECONFIG names \(named.joined(separator: ", ")), none of which exists")
        }
        if files.isEmpty || (config.contexts.isEmpty && config.clusters.isEmpty && contextOverride == nil) {
            throw KubeConfigError(
                "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable"
            )
        }
        let contextName = contextOverride ?? config.currentContext
        guard !contextName.isEmpty else {
            throw KubeConfigError(
                "\(source) has no current-context; pass --context with one of: \(config.contexts.keys.sorted().joined(separator: ", "))"
            )
        }
        guard let context = config.contexts[contextName] else {
            throw KubeConfigError("context \"\(contextName)\" does not exist in \(source)")
        }
        guard let cluster = config.clusters[context.cluster] else {
            throw KubeConfigError(
                "context \"\(contextName)\" refers to cluster \"\(context.cluster)\", which \(source) does not define")
        }
        guard !cluster.server.isEmpty else {
            throw KubeConfigError("cluster \"\(context.cluster)\" in \(cluster.origin) has no server defined")
        }
        var user = KubeConfig.User()
        if !context.user.isEmpty {
            guard let found = config.users[context.user] else {
                throw KubeConfigError(
                    "context \"\(contextName)\" refers to user \"\(context.user)\", which \(source) does not define")
            }
            user = found
        }
        return try ClientConfig.resolve(
            cluster: cluster, clusterName: context.cluster, user: user, userName: context.user,
            namespace: context.namespace)
    }

    /// The service-account configuration of a pod, or nil outside a cluster.
    func inClusterConfig() throws(KubeConfigError) -> ClientConfig? {
        guard let host = variables["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = variables["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else { return nil }
        let tokenPath = serviceAccountFolder + "/token"
        guard FileManager.default.fileExists(atPath: tokenPath) else {
            throw KubeConfigError("in-cluster configuration: the service account token \(tokenPath) does not exist")
        }
        var config = ClientConfig(server: "https://" + (host.contains(":") ? "[\(host)]" : host) + ":" + port)
        config.credentials = .tokenFile(tokenPath)
        let caPath = serviceAccountFolder + "/ca.crt"
        guard let ca = FileManager.default.contents(atPath: caPath) else {
            throw KubeConfigError("in-cluster configuration: cannot read the cluster CA \(caPath)")
        }
        config.tls.certificateAuthorityPEM = Array(ca)
        if let ns = FileManager.default.contents(atPath: serviceAccountFolder + "/namespace") {
            config.namespace = String(decoding: ns, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return config
    }
}
