import Foundation
import KubeClient
import ValueKit

/// `osm metrics enable|disable` (spec §2.4): the namespace's metrics annotation and the Prometheus
/// annotations of its meshed pods, after checking the namespace belongs to a mesh in the cluster.
public struct MetricsToggle: Sendable {
    static let prometheus: [(String, String)] = [("prometheus.io/scrape", "true"), ("prometheus.io/port", "15010"),
                                                 ("prometheus.io/path", "/stats/prometheus")]

    let client: KubernetesClient
    let print: @Sendable (String) -> Void

    public init(client: KubernetesClient, print: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.print = print
    }

    public func run(_ namespaces: [String], enable: Bool) async throws {
        let verb = enable ? "enable" : "disable"
        for raw in namespaces {
            let ns = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            let namespace: Value
            do {
                namespace = try await client.get(.namespaces, name: ns)
            } catch {
                throw OSMError("Failed to retrieve namespace [\(ns)]: \(error)")
            }
            try await checkMonitored(namespace, ns)
            // Upstream issue #4445: an ignored namespace gets no sidecars, so metrics there make no sense.
            if enable, NamespaceMembership.label(namespace, NamespaceMembership.ignore) != nil {
                throw OSMError("Cannot enable metrics in namespace [\(ns)]: it is ignored by the mesh (label \"\(NamespaceMembership.ignore)\")")
            }
            do {
                let body = try GoJSONEncoder.encode(["metadata": ["annotations": [NamespaceMembership.metrics: enable ? "enabled" : .null]]])
                _ = try await client.patch(.namespaces, name: ns, type: .strategicMerge, body: Array(body.utf8))
            } catch {
                throw OSMError("Failed to \(verb) metrics in namespace [\(ns)]: \(error)")
            }
            do {
                var annotations = OrderedMap()
                for (key, value) in Self.prometheus { annotations[key] = enable ? .string(value) : .null }
                let body = Array(try GoJSONEncoder.encode(["metadata": ["annotations": .map(annotations)]]).utf8)
                for pod in try await client.list(.pods, namespace: ns, labelSelector: "osm-proxy-uuid") {
                    let name = pod["metadata"]?["name"]?.stringValue ?? ""
                    _ = try await client.patch(.pods, name: name, namespace: ns, type: .strategicMerge, body: body)
                }
            } catch {
                throw OSMError("Failed to \(verb) metrics for existing pod in namespace [\(ns)]: \(error)")
            }
            print("Metrics successfully \(verb)d in namespace [\(ns)]\n")
        }
    }

    func checkMonitored(_ namespace: Value, _ ns: String) async throws {
        let key = NamespaceMembership.monitoredBy
        guard let mesh = NamespaceMembership.label(namespace, key) else {
            throw OSMError("Namespace [\(ns)] does not belong to a mesh, missing annotation \"\(key)\"")
        }
        guard !mesh.isEmpty else { throw OSMError("Label \"\(key)\" on namespace \"\(ns)\" cannot be empty") }
        let controllers = (try? await client.list(.deployments, labelSelector: "app=osm-controller")) ?? []
        let meshes = Set(controllers.compactMap { $0["metadata"]?["labels"]?["meshName"]?.stringValue })
        guard meshes.contains(mesh) else {
            throw OSMError("Invalid mesh name \"\(mesh)\" used with label \"\(key)\" on namespace \"\(ns)\", must be one of [\(meshes.sorted().joined(separator: " "))]")
        }
    }
}
