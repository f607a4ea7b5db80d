import KubeClient

/// How a command reaches the cluster: from the global `--kubeconfig`/`--context` flags and the
/// environment, as kubectl does. Tests replace it with a client on the fake API server.
public typealias ClusterConnector = @Sendable (_ kubeconfig: String, _ context: String) throws -> KubernetesClient

public enum ClusterConnection {
    /// The real connector: kubeconfig loading rules, then a libcurl client. `log` receives `--verbose` lines.
    public static func live(variables: [String: String], log: (@Sendable (String) -> Void)? = nil) -> ClusterConnector {
        { kubeconfig, context in
            let config: ClientConfig
            do {
                config = try KubeConfigLoader(explicitPath: kubeconfig, context: context, variables: variables).clientConfig()
            } catch {
                throw OSMError("Error fetching kubeconfig: \(error)")
            }
            let rest = RESTClient(config: config, variables: variables)
            rest.log = log
            return KubernetesClient(rest: rest)
        }
    }
}

/// An error whose text is exactly what osm prints after `Error: `.
public struct OSMError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
