import Foundation
import KubeClient
import ValueKit

/// `osm namespace add|remove|ignore|list` (spec §2.3): checks in upstream's order, then one
/// strategic-merge patch per namespace. Nothing is patched when a check fails.
public struct NamespaceMembership: Sendable {
    public static let monitoredBy = "openservicemesh.io/monitored-by"
    public static let ignore = "openservicemesh.io/ignore"
    public static let sidecarInjection = "openservicemesh.io/sidecar-injection"
    public static let metrics = "openservicemesh.io/metrics"

    let client: KubernetesClient
    /// Receives each line osm prints on stdout.
    let print: @Sendable (String) -> Void

    public init(client: KubernetesClient, print: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.print = print
    }

    static func label(_ ns: Value, _ key: String) -> String? { ns["metadata"]?["labels"]?[key]?.stringValue }
    static func annotation(_ ns: Value, _ key: String) -> String? { ns["metadata"]?["annotations"]?[key]?.stringValue }

    func patch(_ name: String, labels: OrderedMap = OrderedMap(), annotations: OrderedMap = OrderedMap()) async throws {
        var metadata = OrderedMap()
        if !labels.isEmpty { metadata["labels"] = .map(labels) }
        if !annotations.isEmpty { metadata["annotations"] = .map(annotations) }
        let body = try GoJSONEncoder.encode(["metadata": .map(metadata)])
        _ = try await client.patch(.namespaces, name: name, type: .strategicMerge, body: Array(body.utf8))
    }

    /// Adds each namespace in turn; the first error stops the run (earlier ones stay added).
    public func add(_ namespaces: [String], mesh: String, disableSidecarInjection: Bool) async throws {
        let injection = disableSidecarInjection ? "disabled" : "enabled"
        for ns in namespaces {
            let controllers: [Value]
            do {
                controllers = try await client.list(.deployments, labelSelector: "meshName=\(mesh)")
            } catch {
                throw OSMError("Cannot obtain information about the mesh [\(mesh)]: [\(error)]")
            }
            guard !controllers.isEmpty else {
                throw OSMError("mesh [\(mesh)] does not exist, please specify another mesh using --mesh-name or create a new mesh")
            }
            if let here = try? await client.list(.deployments, namespace: ns, labelSelector: "app=osm-controller"), !here.isEmpty {
                print("Namespace [\(ns)] already has [osm-controller] installed and cannot be added to mesh [\(mesh)]\n")
                continue
            }
            let namespace: Value
            do {
                namespace = try await client.get(.namespaces, name: ns)
            } catch {
                throw OSMError("Could not add namespace [\(ns)] to mesh [\(mesh)]: \(error)")
            }
            let current = Self.label(namespace, Self.monitoredBy)
            if current == mesh {
                // Fixed quirk (Appendix C.5): an explicit --disable-sidecar-injection still takes effect.
                if disableSidecarInjection, Self.annotation(namespace, Self.sidecarInjection) != "disabled" {
                    do {
                        try await patch(ns, annotations: [Self.sidecarInjection: "disabled"])
                    } catch {
                        throw OSMError("Could not add namespace [\(ns)] to mesh [\(mesh)]: \(error)")
                    }
                    print("Namespace [\(ns)] has already been added to mesh [\(mesh)]; sidecar injection is now disabled\n")
                } else {
                    print("Namespace [\(ns)] has already been added to mesh [\(mesh)]\n")
                }
                continue
            }
            // Fixed quirk: upstream silently moves a namespace from another mesh.
            if let current, !current.isEmpty {
                throw OSMError("Namespace [\(ns)] already belongs to mesh [\(current)]; remove it from that mesh first with 'osm namespace remove \(ns) --mesh-name \(current)'")
            }
            if Self.label(namespace, Self.ignore) == "true" {
                throw OSMError("Cannot add ignored namespace")
            }
            do {
                try await patch(ns, labels: [Self.monitoredBy: .string(mesh)], annotations: [Self.sidecarInjection: .string(injection)])
            } catch {
                throw OSMError("Could not add namespace [\(ns)] to mesh [\(mesh)]: \(error)")
            }
            print("Namespace [\(ns)] successfully added to mesh [\(mesh)]\n")
        }
    }

    public func remove(_ ns: String, mesh: String) async throws {
        let namespace: Value
        do {
            namespace = try await client.get(.namespaces, name: ns)
        } catch {
            throw OSMError("Could not get namespace [\(ns)]: \(error)")
        }
        guard let current = Self.label(namespace, Self.monitoredBy) else {
            print("Namespace [\(ns)] already does not belong to any mesh\n")
            return
        }
        guard current == mesh else {
            throw OSMError("Namespace belongs to mesh [\(current)], not mesh [\(mesh)]. Please specify the correct mesh")
        }
        do {
            try await patch(ns, labels: [Self.monitoredBy: .null, Self.ignore: .null],
                            annotations: [Self.sidecarInjection: .null, Self.metrics: .null])
        } catch {
            throw OSMError("Could not remove namespace [\(ns)] from mesh [\(mesh)]: \(error)")
        }
        print("Namespace [\(ns)] successfully removed from mesh [\(mesh)]\n")
    }

    public func ignore(_ namespaces: [String]) async throws {
        for raw in namespaces {
            let ns = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                _ = try await client.get(.namespaces, name: ns)
            } catch {
                throw OSMError("Failed to retrieve namespace [\(ns)]: \(error)")
            }
            do {
                try await patch(ns, labels: [Self.ignore: "true"])
            } catch {
                throw OSMError("Failed to configure namespace [\(ns)] to be ignored: \(error)")
            }
            print("Successfully configured namespace [\(ns)] to be ignored\n")
        }
    }

    /// One row of `namespace list`.
    public struct Member: Sendable, Equatable {
        public var namespace: String
        public var mesh: String
        public var sidecarInjection: String
    }

    public func list(mesh: String) async throws -> [Member] {
        let selector = mesh.isEmpty ? Self.monitoredBy : "\(Self.monitoredBy)=\(mesh)"
        let items: [Value]
        do {
            items = try await client.list(.namespaces, labelSelector: selector)
        } catch {
            throw OSMError("Could not list namespaces related to osm [\(mesh)]: \(error)")
        }
        return items.map { ns in
            var injection = Self.annotation(ns, Self.sidecarInjection) ?? "-"
            if Self.label(ns, Self.ignore) != nil { injection = "disabled (ignored)" }
            return Member(namespace: ns["metadata"]?["name"]?.stringValue ?? "", mesh: Self.label(ns, Self.monitoredBy) ?? "",
                          sidecarInjection: injection)
        }
    }
}

