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
                config = try KubeConfigLoader(explicitPath: kubeconfig, context: context, variables: variables)
                    .clientConfig()
            } catch {
                throw OSMError("Error fetching kubeconfig: \(error)", cause: error)
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
    /// The error this one reports, kept with its type (its text is already part of `description`).
    public let cause: (any Error)?
    public init(_ description: String, cause: (any Error)? = nil) {
        self.description = description
        self.cause = cause
    }

    /// Equal when they say the same (the cause is part of the message).
    public static func == (lhs: OSMError, rhs: OSMError) -> Bool { lhs.description == rhs.description }

    /// The message followed by upstream's hint about `--osm-namespace` (spec §1.6): a blank line, then the note.
    public static func inNamespace(_ message: String, _ namespace: String) -> OSMError {
        var text = message
        if !text.hasSuffix("\n") { text += "\n" }
        if !text.hasSuffix("\n\n") { text += "\n" }
        return OSMError(
            text + "Note: The command failed when run in the OSM namespace [\(namespace)].\n"
                + "Use the global flag --osm-namespace if [\(namespace)] is not the intended OSM namespace.")
    }
}
