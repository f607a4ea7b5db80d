import KubeClient
import ValueKit

/// `osm install --dry-run=server` (Helm 3.13's spelling, beyond upstream osm): the install's
/// checks, then every rendered object sent to the cluster with `dryRun=All`, so that the API
/// server's validation and admission judge it while nothing is stored.
public struct ServerDryRunResult: Sendable {
    /// The manifests as `--dry-run` prints them.
    public var manifests: String
    /// One line per object the API refused: `Kind "name" in namespace "ns": <the API's message>`.
    public var rejections: [String]
    /// Objects sent.
    public var checked: Int
    /// Notes on what could not be checked (kinds the chart's own CRDs define).
    public var notes: [String]
}

extension MeshInstaller {
    public func serverDryRun(_ request: InstallRequest) async throws -> ServerDryRunResult {
        let mesh = request.meshName, ns = request.namespace
        let ready = try await preflight(request, resumable: false)
        let (plan, objects) = (ready.plan, ready.objects)

        var rejections: [String] = []
        var notes: [String] = []
        var checked = 0
        func record(_ kind: String, _ name: String, _ namespace: String?, _ error: any Error) {
            let place = namespace.map { " in namespace \"\($0)\"" } ?? ""
            let message = (error as? KubeAPIError)?.message ?? "\(error)"
            rejections.append("\(kind) \"\(name)\"\(place): \(message)")
        }
        // Namespaced objects are checked in their namespace; when the install would create it, in a
        // namespace that exists ("default"), since the API refuses objects in a missing namespace.
        var standIn: String?
        if try await !exists(.namespaces, ns) {
            let namespace: Value = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]]
            checked += 1
            do { _ = try await client.create(.namespaces, namespace, dryRun: true) } catch {
                record("Namespace", ns, nil, error)
            }
            standIn = "default"
        }
        for crd in plan.rendered.crds {
            for document in try ReleaseObjects.documents(crd.content) {
                checked += 1
                do {
                    _ = try await client.apply(
                        .customResourceDefinitions, document, fieldManager: Self.fieldManager, force: true, dryRun: true
                    )
                } catch {
                    record("CustomResourceDefinition", document.objectName ?? "", nil, error)
                }
            }
        }
        for object in objects {
            let target = object.namespace.map { $0 == ns ? (standIn ?? $0) : $0 }
            let apiVersion = object.ref.group.isEmpty ? object.ref.version : "\(object.ref.group)/\(object.ref.version)"
            guard (try? await client.discovery.resource(apiVersion: apiVersion, kind: object.ref.kind)) != nil else {
                notes.append(
                    "\(object.ref.kind) \"\(object.name)\" not checked: its kind is defined by the chart's CRDs, which a dry run does not create"
                )
                continue
            }
            var value = Self.withOwnership(object.value, mesh: mesh, namespace: ns)
            if let target, target != object.namespace, var map = value.mapValue, var meta = map["metadata"]?.mapValue {
                meta["namespace"] = .string(target)
                map["metadata"] = .map(meta)
                value = .map(map)
            }
            checked += 1
            do {
                _ = try await client.apply(
                    object.ref, value, namespace: target, fieldManager: Self.fieldManager, force: true, dryRun: true)
            } catch {
                record(object.ref.kind, object.name, object.namespace, error)
            }
        }
        return ServerDryRunResult(
            manifests: plan.rendered.templateOutput, rejections: rejections, checked: checked, notes: notes)
    }

    func exists(_ ref: ResourceRef, _ name: String) async throws -> Bool {
        do {
            _ = try await client.get(ref, name: name)
            return true
        } catch let error as KubeAPIError where error.reason == .notFound {
            return false
        }
    }
}
