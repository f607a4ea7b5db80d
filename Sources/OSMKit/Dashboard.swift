import Foundation
import KubeClient
import ValueKit

/// `osm dashboard` (spec §2.7): finds the Grafana Service of the OSM namespace and a Running pod behind
/// it, and forwards a local port to it.
public enum Dashboard {
    /// Starts forwarding `localPort` to `remotePort` of a Running Grafana pod; errors carry upstream's
    /// messages and the OSM-namespace note.
    public static func forward(
        _ client: KubernetesClient, namespace: String, localPort: UInt16, remotePort: UInt16,
        onError: @escaping @Sendable (String) -> Void
    ) async throws -> LocalPortForwarder {
        let service: Value
        do {
            service = try await client.get(.services, name: "osm-grafana", namespace: namespace)
        } catch {
            throw OSMError.inNamespace("Failed to get OSM Grafana service data: \(error)", namespace)
        }
        let selector = (service["spec"]?["selector"]?.mapValue?.entries ?? []).map {
            "\($0.key)=\($0.value.stringValue ?? "")"
        }
        let pods: [Value]
        do {
            pods = try await client.list(.pods, namespace: namespace, labelSelector: selector.joined(separator: ","))
        } catch {
            throw OSMError.inNamespace("Error listing pods: \(error)", namespace)
        }
        guard
            let pod = pods.first(where: { $0.phase == "Running" })?["metadata"]?["name"]?
                .stringValue
        else {
            throw OSMError.inNamespace("No running Grafana pod available", namespace)
        }
        let tunnel: PortForwardTunnel
        do {
            tunnel = try await client.portForward(pod: pod, namespace: namespace)
        } catch {
            throw OSMError.inNamespace("Error setting up port forwarding: \(error)", namespace)
        }
        let forwarder = LocalPortForwarder(
            tunnel: tunnel, localPort: localPort, remotePort: remotePort, onError: onError)
        do {
            try forwarder.start()
        } catch {
            tunnel.close()
            throw OSMError.inNamespace("Port forwarding failed: Error during port forwarding: \(error)", namespace)
        }
        return forwarder
    }
}
