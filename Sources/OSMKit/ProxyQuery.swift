import Foundation
import KubeClient
import ValueKit
import Synchronization

/// `osm proxy get QUERY POD` (spec §2.11): checks the pod is meshed and running, forwards a local port
/// to its Envoy admin port (15000) and fetches `http://localhost:<local>/<QUERY>`.
public enum ProxyQuery {
    public static let envoyAdminPort: UInt16 = 15000

    public static func fetch(
        _ client: KubernetesClient, query: String, pod: String, namespace: String, localPort: UInt16
    ) async throws -> [UInt8] {
        try await checkMeshedAndRunning(client, pod: pod, namespace: namespace)
        let prefix = "Error retrieving proxy config for pod \(pod) in namespace \(namespace): "
        let forwarder: LocalPortForwarder
        let problems = Problems()
        do {
            let tunnel = try await client.portForward(pod: pod, namespace: namespace)
            forwarder = LocalPortForwarder(tunnel: tunnel, localPort: localPort, remotePort: envoyAdminPort) {
                problems.add($0)
            }
            do { try forwarder.start() } catch {
                tunnel.close()
                throw error
            }
        } catch {
            throw OSMError(prefix + "Error during port forwarding: \(error)", cause: error)
        }
        defer { forwarder.stop() }
        // The query goes in verbatim (it may carry `?include_eds` and the like); the body counts whatever the status.
        let url = "http://localhost:\(forwarder.boundPort)/\(query)"
        do {
            return try await CurlTransport().send(HTTPRequest(url: url)).body
        } catch {
            // The kubelet's reason (nothing listening, …) arrives on the error stream just after the connection ends.
            let reason = await problems.first(within: 1).map { " (\($0))" } ?? ""
            throw OSMError(prefix + "Error fetching url \(url): \(error)\(reason)", cause: error)
        }
    }

    /// Upstream's checks before a sidecar's admin port is reached: the pod exists, is meshed (a valid
    /// `osm-proxy-uuid` label) and is Running; each failure with upstream's message.
    public static func checkMeshedAndRunning(_ client: KubernetesClient, pod: String, namespace: String) async throws {
        let object: Value
        do {
            object = try await client.get(.pods, name: pod, namespace: namespace)
        } catch let error as KubeAPIError where error.reason == .notFound {
            throw OSMError("Could not find pod \(pod) in namespace \(namespace)")
        } catch {
            // Upstream says only "Could not find pod" whatever went wrong; the cause is kept here.
            throw OSMError("Could not find pod \(pod) in namespace \(namespace): \(error)", cause: error)
        }
        guard let uuid = object.objectLabels["osm-proxy-uuid"], UUID(uuidString: uuid) != nil
        else {
            throw OSMError("Pod \(pod) in namespace \(namespace) is not a part of a mesh")
        }
        guard object.phase == "Running" else {
            throw OSMError("Pod \(pod) in namespace \(namespace) is not running")
        }
    }

    /// Errors reported by the forwarder's connections.
    final class Problems: Sendable {
        private let items = Mutex<[String]>([])
        func add(_ item: String) { items.withLock { $0.append(item) } }
        func first(within seconds: Double) async -> String? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let item = items.withLock({ $0.first }) { return item }
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
            return items.withLock { $0.first }
        }
    }
}

/// Envoy's admin interface of one pod through a port-forward tunnel, without a local port: what
/// `osm support bug-report` gathers, several queries at a time.
public struct EnvoyAdmin: Sendable {
    let tunnel: PortForwardTunnel

    public static func open(_ client: KubernetesClient, pod: String, namespace: String) async throws -> EnvoyAdmin {
        EnvoyAdmin(tunnel: try await client.portForward(pod: pod, namespace: namespace))
    }

    /// The body of `GET /<query>`, whatever its status.
    public func get(_ query: String) async throws -> [UInt8] {
        try await tunnel.httpGet(port: ProxyQuery.envoyAdminPort, path: "/" + query).body
    }

    public func close() { tunnel.close() }
}
