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
    /// Namespaces per page when osm reads them all: a namespace is about 1 kB of JSON, so a page of
    /// 1,000 stays near 1 MB while a cluster of 4,000 takes 4 round trips instead of kubectl's 8.
    public static let pageSize = 1_000

    let client: KubernetesClient
    /// Receives each line osm prints on stdout.
    let print: @Sendable (String) -> Void

    public init(client: KubernetesClient, print: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.print = print
    }

    static func label(_ ns: Value, _ key: String) -> String? { ns.objectLabels[key] }
    static func annotation(_ ns: Value, _ key: String) -> String? { ns.objectAnnotations[key] }

    func patch(_ name: String, labels: OrderedMap = OrderedMap(), annotations: OrderedMap = OrderedMap()) async throws {
        var metadata = OrderedMap()
        if !labels.isEmpty { metadata["labels"] = .map(labels) }
        if !annotations.isEmpty { metadata["annotations"] = .map(annotations) }
        let body = try GoJSONEncoder.encode(["metadata": .map(metadata)])
        _ = try await client.patch(.namespaces, name: name, type: .strategicMerge, body: Array(body.utf8))
    }

    /// What one namespace's checks decided for `namespace add`.
    enum AddStep: Sendable, Equatable {
        /// It runs an osm-controller itself: skipped with a note.
        case controllerHere
        /// Already in the mesh; `disable` when --disable-sidecar-injection still has to be written.
        case already(disable: Bool)
        case add
    }

    /// Adds the namespaces as one after another would: upstream's checks for every namespace, then the
    /// namespaces before the first failing check written up to 16 at a time; the lines printed in the
    /// given order, and the first error (of a check or a write) ends the run there. A repeated name is
    /// decided once (its later mentions are "already added"). When a write fails, namespaces after it
    /// may already have been written.
    public func add(_ namespaces: [String], mesh: String, disableSidecarInjection: Bool) async throws {
        guard !namespaces.isEmpty else { return }
        let controllers: [Value]
        do {
            controllers = try await client.list(.deployments, labelSelector: "meshName=\(mesh)")
        } catch {
            throw OSMError("Cannot obtain information about the mesh [\(mesh)]: [\(error)]", cause: error)
        }
        guard !controllers.isEmpty else {
            throw OSMError(
                "mesh [\(mesh)] does not exist, please specify another mesh using --mesh-name or create a new mesh")
        }
        var firstMention: [String: Int] = [:]
        for (index, ns) in namespaces.enumerated() where firstMention[ns] == nil { firstMention[ns] = index }
        let distinct = namespaces.enumerated().filter { firstMention[$0.element] == $0.offset }.map(\.element)
        let decided = await BoundedConcurrency.map(distinct) { ns in
            await Step.result {
                try await self.addStep(ns, mesh: mesh, disableSidecarInjection: disableSidecarInjection)
            }
        }
        let byName = Dictionary(uniqueKeysWithValues: zip(distinct, decided))
        var steps: [Result<AddStep, OSMError>] = []
        for (index, ns) in namespaces.enumerated() {
            let step = byName[ns]!
            if firstMention[ns] == index { steps.append(step); continue }
            // The first mention has been handled by the time a later one is checked.
            if case .success(.controllerHere) = step {
                steps.append(step)
            } else {
                steps.append(.success(.already(disable: false)))
            }
        }
        let failed = steps.firstIndex { if case .failure = $0 { true } else { false } }
        let settled = Array(steps.prefix(failed ?? steps.count).enumerated())
        let injection = disableSidecarInjection ? "disabled" : "enabled"
        let writes = await BoundedConcurrency.map(settled.map { ($0.offset, $0.element) }) { pair -> OSMError? in
            let (index, step) = pair, ns = namespaces[index]
            return await Step.error {
                do {
                    switch step {
                    case .success(.add):
                        try await self.patch(
                            ns, labels: [Self.monitoredBy: .string(mesh)],
                            annotations: [Self.sidecarInjection: .string(injection)])
                    case .success(.already(disable: true)):
                        try await self.patch(ns, annotations: [Self.sidecarInjection: "disabled"])
                    default:
                        return
                    }
                } catch {
                    throw OSMError("Could not add namespace [\(ns)] to mesh [\(mesh)]: \(error)", cause: error)
                }
            }
        }
        for ((index, step), error) in zip(settled, writes) {
            if let error { throw error }
            let ns = namespaces[index]
            switch step {
            case .success(.controllerHere):
                print(
                    "Namespace [\(ns)] already has [osm-controller] installed and cannot be added to mesh [\(mesh)]\n")
            case .success(.already(disable: true)):
                print("Namespace [\(ns)] has already been added to mesh [\(mesh)]; sidecar injection is now disabled\n")
            case .success(.already(disable: false)):
                print("Namespace [\(ns)] has already been added to mesh [\(mesh)]\n")
            case .success(.add):
                print("Namespace [\(ns)] successfully added to mesh [\(mesh)]\n")
            case .failure(let error):
                throw error
            }
        }
        if let failed, case .failure(let error) = steps[failed] { throw error }
    }

    /// Upstream's checks for adding one namespace, in its order; nothing is written.
    func addStep(_ ns: String, mesh: String, disableSidecarInjection: Bool) async throws -> AddStep {
        if let here = try? await client.list(.deployments, namespace: ns, labelSelector: "app=osm-controller"),
            !here.isEmpty
        {
            return .controllerHere
        }
        let namespace: Value
        do {
            namespace = try await client.get(.namespaces, name: ns)
        } catch {
            throw OSMError("Could not add namespace [\(ns)] to mesh [\(mesh)]: \(error)", cause: error)
        }
        let current = Self.label(namespace, Self.monitoredBy)
        if current == mesh {
            // Fixed quirk (Appendix C.5): an explicit --disable-sidecar-injection still takes effect.
            return .already(
                disable: disableSidecarInjection && Self.annotation(namespace, Self.sidecarInjection) != "disabled")
        }
        // Fixed quirk: upstream silently moves a namespace from another mesh.
        if let current, !current.isEmpty {
            throw OSMError(
                "Namespace [\(ns)] already belongs to mesh [\(current)]; remove it from that mesh first with 'osm namespace remove \(ns) --mesh-name \(current)'"
            )
        }
        if Self.label(namespace, Self.ignore) == "true" {
            throw OSMError("Cannot add ignored namespace")
        }
        return .add
    }

    public func remove(_ ns: String, mesh: String) async throws {
        let namespace: Value
        do {
            namespace = try await client.get(.namespaces, name: ns)
        } catch {
            throw OSMError("Could not get namespace [\(ns)]: \(error)", cause: error)
        }
        guard let current = Self.label(namespace, Self.monitoredBy) else {
            print("Namespace [\(ns)] already does not belong to any mesh\n")
            return
        }
        guard current == mesh else {
            throw OSMError(
                "Namespace belongs to mesh [\(current)], not mesh [\(mesh)]. Please specify the correct mesh")
        }
        do {
            try await patch(
                ns, labels: [Self.monitoredBy: .null, Self.ignore: .null],
                annotations: [Self.sidecarInjection: .null, Self.metrics: .null])
        } catch {
            throw OSMError("Could not remove namespace [\(ns)] from mesh [\(mesh)]: \(error)", cause: error)
        }
        print("Namespace [\(ns)] successfully removed from mesh [\(mesh)]\n")
    }

    /// Marks the namespaces ignored as one after another would: every namespace read first, then those
    /// before the first that cannot be read patched up to 16 at a time, the lines in the given order.
    public func ignore(_ namespaces: [String]) async throws {
        let names = namespaces.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let reads = await BoundedConcurrency.map(names) { ns in
            await Step.error {
                do {
                    _ = try await self.client.get(.namespaces, name: ns)
                } catch {
                    throw OSMError("Failed to retrieve namespace [\(ns)]: \(error)", cause: error)
                }
            }
        }
        let failed = reads.firstIndex { $0 != nil }
        let writable = Array(names.prefix(failed ?? names.count))
        let writes = await BoundedConcurrency.map(writable) { ns in
            await Step.error {
                do {
                    try await self.patch(ns, labels: [Self.ignore: "true"])
                } catch {
                    throw OSMError("Failed to configure namespace [\(ns)] to be ignored: \(error)", cause: error)
                }
            }
        }
        for (ns, error) in zip(writable, writes) {
            if let error { throw error }
            print("Successfully configured namespace [\(ns)] to be ignored\n")
        }
        if let failed, let error = reads[failed] { throw error }
    }

    /// One row of `namespace list`.
    public struct Member: Sendable, Equatable {
        public var namespace: String
        public var mesh: String
        public var sidecarInjection: String
    }

    public func list(mesh: String) async throws -> [Member] {
        let selector = mesh.isEmpty ? Self.monitoredBy : "\(Self.monitoredBy)=\(mesh)"
        do {
            return try await client.list(.namespaces, labelSelector: selector, limit: Self.pageSize) { ns in
                var injection = Self.annotation(ns, Self.sidecarInjection) ?? "-"
                if Self.label(ns, Self.ignore) != nil { injection = "disabled (ignored)" }
                return Member(
                    namespace: ns.objectName ?? "", mesh: Self.label(ns, Self.monitoredBy) ?? "",
                    sidecarInjection: injection)
            }
        } catch {
            throw OSMError("Could not list namespaces related to osm [\(mesh)]: \(error)", cause: error)
        }
    }
}
