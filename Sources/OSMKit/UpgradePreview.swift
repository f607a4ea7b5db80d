import HelmEngine
import KubeClient
import ValueKit
import YAML

/// `osm mesh upgrade --dry-run=server` (beyond upstream; what Helm users reach for helm-diff to see):
/// the upgrade rendered and checked as for real, every object sent to the cluster as a server-side
/// apply with `dryRun=All`, and a unified diff of the live object against what the API server says it
/// would become. Nothing is written: no record, no object, no hook.
extension MeshInstaller {
    /// Fields that change with every write or belong to the controllers, left out of the comparison.
    static let volatileMetadata = ["managedFields", "resourceVersion", "generation"]

    /// Whether the request's mesh has a deployed release in its namespace.
    public func hasDeployedRelease(_ request: InstallRequest) async throws -> Bool {
        let history = try await ReleaseStore(client: client, namespace: request.namespace).storedHistory(
            request.meshName)
        return history.contains { $0.record.status == .deployed }
    }

    public func upgradePreview(_ request: InstallRequest) async throws -> String {
        let mesh = request.meshName, ns = request.namespace
        let store = ReleaseStore(client: client, namespace: ns)
        let history = try await store.history(mesh)
        let prepared = try await prepareUpgrade(request, history: history)
        let (current, objects) = (prepared.current, prepared.objects)

        var out = ""
        var changed = 0, created = 0, deleted = 0
        for object in objects {
            let id = "\(object.ref.kind) \(object.namespace.map { "\($0)/" } ?? "")\(object.name)"
            let live: Value?
            do {
                live = try await client.get(object.ref, name: object.name, namespace: object.namespace)
            } catch let error as KubeAPIError where error.reason == .notFound {
                live = nil
            }
            let body = Self.withOwnership(object.value, mesh: mesh, namespace: ns)
            let result: Value
            do {
                result = try await client.apply(
                    object.ref, body, namespace: object.namespace, fieldManager: Self.fieldManager, force: true,
                    dryRun: true)
            } catch {
                throw OSMError("\(id): the server refused the upgraded object: \(error)", cause: error)
            }
            guard let live else {
                created += 1
                out += "+ \(id) would be created\n"
                continue
            }
            let text = try Self.comparison(live, result, kind: object.ref.kind)
            if text.isEmpty { continue }
            changed += 1
            out += "--- \(id) (live)\n+++ \(id) (upgraded)\n" + text
        }
        for located in try await dropped(old: current.manifest, kept: objects, namespace: ns) {
            deleted += 1
            out += "- \(located.ref.kind) \(located.namespace.map { "\($0)/" } ?? "")\(located.name) would be deleted\n"
        }
        out += "Mesh [\(mesh)] in namespace [\(ns)] (server dry run, nothing written): "
        out += "\(changed) object(s) would change, \(created) would be created, \(deleted) would be deleted\n"
        return out
    }

    /// The diff of two states of one object; for a Secret, its data keys as changed/unchanged only.
    static func comparison(_ live: Value, _ upgraded: Value, kind: String) throws -> String {
        var before = comparable(live), after = comparable(upgraded)
        var secretLines = ""
        if kind == "Secret" {
            let old = before["data"]?.mapValue ?? OrderedMap(), new = after["data"]?.mapValue ?? OrderedMap()
            for key in Set(old.keys).union(new.keys).sorted() {
                let state =
                    old[key] == nil
                    ? "added" : new[key] == nil ? "removed" : old[key] == new[key] ? "unchanged" : "changed"
                if state != "unchanged" { secretLines += "  data.\(key): \(state) (value not shown)\n" }
            }
            before = without(before, "data")
            after = without(after, "data")
        }
        return LineDiff.unified(try YAML.encode(before), try YAML.encode(after)) + secretLines
    }

    /// An object without status and the metadata every write changes.
    static func comparable(_ object: Value) -> Value {
        var value = without(object, "status")
        if var map = value.mapValue, var metadata = map["metadata"]?.mapValue {
            for key in volatileMetadata { metadata[key] = nil }
            map["metadata"] = .map(metadata)
            value = .map(map)
        }
        return value
    }

    static func without(_ object: Value, _ key: String) -> Value {
        guard var map = object.mapValue else { return object }
        map[key] = nil
        return .map(map)
    }
}
