import Foundation
import KubeClient
import ValueKit

/// `osm metrics enable|disable` (spec §2.4): the namespace's metrics annotation and the Prometheus
/// annotations of its meshed pods, after checking the namespace belongs to a mesh in the cluster.
public struct MetricsToggle: Sendable {
    static let prometheus: [(String, String)] = [
        ("prometheus.io/scrape", "true"), ("prometheus.io/port", "15010"),
        ("prometheus.io/path", "/stats/prometheus"),
    ]

    let client: KubernetesClient
    let print: @Sendable (String) -> Void

    public init(client: KubernetesClient, print: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.print = print
    }

    /// Checks every namespace, then changes those before the first that fails its checks, up to 16 at
    /// a time; prints and fails as one namespace after another would (a change that fails stops the
    /// output there; namespaces after it may already have changed).
    public func run(_ namespaces: [String], enable: Bool) async throws {
        let names = namespaces.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let meshes = Task { await self.knownMeshes() }
        let checks = await BoundedConcurrency.map(names) { ns in
            await Step.error { try await self.check(ns, enable: enable, meshes: meshes) }
        }
        // Its request must be over before the command returns, whatever the checks found.
        _ = await meshes.value
        let failed = checks.firstIndex { $0 != nil }
        let writable = Array(names.prefix(failed ?? names.count))
        let writes = await BoundedConcurrency.map(writable) { ns in
            await Step.error { try await self.apply(ns, enable: enable) }
        }
        for (ns, error) in zip(writable, writes) {
            if let error { throw error }
            print("Metrics successfully \(enable ? "enable" : "disable")d in namespace [\(ns)]\n")
        }
        if let failed, let error = checks[failed] { throw error }
    }

    /// Upstream's checks for one namespace, before anything changes.
    func check(_ ns: String, enable: Bool, meshes: Task<Set<String>, Never>) async throws {
        let namespace: Value
        do {
            namespace = try await client.get(.namespaces, name: ns)
        } catch {
            throw OSMError("Failed to retrieve namespace [\(ns)]: \(error)", cause: error)
        }
        try checkMonitored(namespace, ns, meshes: await meshes.value)
        // Upstream issue #4445: an ignored namespace gets no sidecars, so metrics there make no sense.
        if enable, NamespaceMembership.label(namespace, NamespaceMembership.ignore) != nil {
            throw OSMError(
                "Cannot enable metrics in namespace [\(ns)]: it is ignored by the mesh (label \"\(NamespaceMembership.ignore)\")"
            )
        }
    }

    /// The namespace's metrics annotation and its meshed pods' Prometheus annotations.
    func apply(_ ns: String, enable: Bool) async throws {
        let verb = enable ? "enable" : "disable"
        do {
            let body = try GoJSONEncoder.encode([
                "metadata": ["annotations": [NamespaceMembership.metrics: enable ? "enabled" : .null]]
            ])
            _ = try await client.patch(.namespaces, name: ns, type: .strategicMerge, body: Array(body.utf8))
        } catch {
            throw OSMError("Failed to \(verb) metrics in namespace [\(ns)]: \(error)", cause: error)
        }
        do {
            var annotations = OrderedMap()
            for (key, value) in Self.prometheus { annotations[key] = enable ? .string(value) : .null }
            let body = Array(try GoJSONEncoder.encode(["metadata": ["annotations": .map(annotations)]]).utf8)
            for pod in try await client.list(.pods, namespace: ns, labelSelector: "osm-proxy-uuid") {
                let name = pod.objectName ?? ""
                _ = try await client.patch(.pods, name: name, namespace: ns, type: .strategicMerge, body: body)
            }
        } catch {
            throw OSMError("Failed to \(verb) metrics for existing pod in namespace [\(ns)]: \(error)", cause: error)
        }
    }

    /// The meshes the cluster's controllers belong to (none when they cannot be listed).
    func knownMeshes() async -> Set<String> {
        let controllers = (try? await client.list(.deployments, labelSelector: "app=osm-controller")) ?? []
        return Set(controllers.compactMap { $0.objectLabels["meshName"] })
    }

    func checkMonitored(_ namespace: Value, _ ns: String, meshes: Set<String>) throws {
        let key = NamespaceMembership.monitoredBy
        guard let mesh = NamespaceMembership.label(namespace, key) else {
            throw OSMError("Namespace [\(ns)] does not belong to a mesh, missing annotation \"\(key)\"")
        }
        guard !mesh.isEmpty else { throw OSMError("Label \"\(key)\" on namespace \"\(ns)\" cannot be empty") }
        guard meshes.contains(mesh) else {
            throw OSMError(
                "Invalid mesh name \"\(mesh)\" used with label \"\(key)\" on namespace \"\(ns)\", must be one of [\(meshes.sorted().joined(separator: " "))]"
            )
        }
    }
}
