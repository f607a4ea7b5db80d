import Foundation
import ValueKit
import YAML

/// Which fields one manager owns, as server-side apply tracks them. Fields are paths of map keys;
/// lists count as single values.
struct FieldOwner {
    var manager: String
    var operation: String
    var apiVersion: String
    var fields: Set<[String]>

    static let identity: Set<[String]> = [["apiVersion"], ["kind"], ["metadata", "name"], ["metadata", "namespace"]]
    static let serverOwned: Set<String> = ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp"]

    /// Every leaf path of an object.
    static func paths(of value: Value, prefix: [String] = [], skipIdentity: Bool) -> Set<[String]> {
        guard let map = value.mapValue, !(map.isEmpty && !prefix.isEmpty) else { return prefix.isEmpty ? [] : [prefix] }
        var out = Set<[String]>()
        for (key, child) in map.entries {
            if prefix == ["metadata"] && serverOwned.contains(key) { continue }
            if prefix.isEmpty && key == "status" { continue }
            out.formUnion(paths(of: child, prefix: prefix + [key], skipIdentity: skipIdentity))
        }
        return skipIdentity ? out.subtracting(identity) : out
    }

    static func value(_ object: Value, at path: [String]) -> Value? {
        var current: Value? = object
        for key in path { current = current?[key] }
        return current
    }

    /// After a non-apply write, `manager` owns every field it changed or added, taken from others.
    static func record(_ owners: inout [FieldOwner], manager: String, operation: String, apiVersion: String, old: Value, new: Value,
                       applied: Set<[String]>?) {
        let changed: Set<[String]>
        if let applied {
            changed = applied
        } else {
            changed = paths(of: new, skipIdentity: true).filter { value(old, at: $0) != value(new, at: $0) }
        }
        let present = paths(of: new, skipIdentity: true)
        for i in owners.indices where owners[i].manager != manager || owners[i].operation != operation {
            owners[i].fields.subtract(changed)
            owners[i].fields.formIntersection(present)
        }
        if let i = owners.firstIndex(where: { $0.manager == manager && $0.operation == operation }) {
            owners[i].fields = applied ?? owners[i].fields.union(changed).intersection(present)
        } else if !changed.isEmpty {
            owners.append(FieldOwner(manager: manager, operation: operation, apiVersion: apiVersion, fields: changed))
        }
        owners.removeAll { $0.fields.isEmpty }
    }

    /// `managedFields` as the API shows them (FieldsV1: nested `f:` keys).
    var entry: Value {
        var root = OrderedMap()
        // Update entries mark the nested maps they created with "." (the recorded server does; Apply does not).
        for path in fields.sorted(by: { $0.joined(separator: ".") < $1.joined(separator: ".") }) {
            Self.insert(&root, path[...], depth: 0, markMaps: operation == "Update")
        }
        return ["manager": .string(manager), "operation": .string(operation), "apiVersion": .string(apiVersion), "fieldsType": "FieldsV1",
                "fieldsV1": .map(root)]
    }

    private static func insert(_ map: inout OrderedMap, _ path: ArraySlice<String>, depth: Int, markMaps: Bool) {
        guard let head = path.first else { return }
        var child = map["f:" + head]?.mapValue ?? OrderedMap()
        if path.count > 1 {
            if markMaps && depth >= 1 { child["."] = .map(OrderedMap()) }
            insert(&child, path.dropFirst(), depth: depth + 1, markMaps: markMaps)
        }
        map["f:" + head] = .map(child)
    }
}

extension FakeAPIServer {
    func withManagedFields(_ object: Value, key: String) -> Value {
        guard var map = object.mapValue, var meta = map["metadata"]?.mapValue else { return object }
        let entries = (owners[key] ?? []).map(\.entry)
        meta["managedFields"] = entries.isEmpty ? nil : .array(entries)
        map["metadata"] = .map(meta)
        return .map(map)
    }

    /// Server-side apply: create, or merge the applied configuration into the live object, refusing to
    /// change fields another manager owns unless `force=true`; fields this manager applied before and
    /// no longer sends are removed.
    func apply(_ target: Target, _ name: String, _ subresource: String?, _ request: FakeRequest, manager: String) throws -> FakeResponse {
        let applied: Value
        do {
            if case .success(let value)? = request.parsedBody { applied = value } else {
                applied = try YAML.decodeJSONCompatible(String(decoding: request.body, as: UTF8.self))
            }
        } catch {
            throw FakeFailure.badRequest("error decoding YAML: \(error.description)")
        }
        let key = Self.key(target.resource.group, target.resource.plural, target.namespace, name)
        let appliedFields = FieldOwner.paths(of: applied, skipIdentity: true)
        guard let current = objects[key] else {
            let stored = try insert(target.resource, namespace: target.namespace, object: applied, manager: manager, operation: "Apply")
            return json(201, stored)
        }
        let force = request.query["force"] == "true"
        var conflicts: [(manager: String, path: [String])] = []
        for owner in owners[key] ?? [] where owner.manager != manager {
            for path in owner.fields.intersection(appliedFields).sorted(by: { $0.joined(separator: ".") < $1.joined(separator: ".") })
            where FieldOwner.value(current, at: path) != FieldOwner.value(applied, at: path) {
                conflicts.append((owner.manager, path))
            }
        }
        if !conflicts.isEmpty && !force {
            throw applyConflict(conflicts)
        }
        var next = current
        let previouslyApplied = owners[key]?.first { $0.manager == manager && $0.operation == "Apply" }?.fields ?? []
        let ownedByOthers = (owners[key] ?? []).filter { $0.manager != manager }.reduce(into: Set<[String]>()) { $0.formUnion($1.fields) }
        for path in previouslyApplied.subtracting(appliedFields).subtracting(ownedByOthers) {
            next = (try? Patches.remove(next, path[...])) ?? next
        }
        for path in appliedFields {
            next = Self.setCreatingMaps(next, path[...], FieldOwner.value(applied, at: path) ?? .null)
        }
        if force {
            for i in (owners[key] ?? []).indices where owners[key]![i].manager != manager {
                owners[key]![i].fields.subtract(appliedFields)
            }
        }
        let stored = try replace(target, name, with: next, subresource: subresource, manager: manager, operation: "Apply",
                                 appliedFields: appliedFields, checkVersion: false)
        return json(200, stored)
    }

    func applyConflict(_ conflicts: [(manager: String, path: [String])]) -> FakeFailure {
        let describe: ([String]) -> String = { "." + $0.joined(separator: ".") }
        let message: String
        if conflicts.count == 1 {
            message = "Apply failed with 1 conflict: conflict with \"\(conflicts[0].manager)\": \(describe(conflicts[0].path))"
        } else {
            var byManager: [(String, [String])] = []
            for c in conflicts {
                if let i = byManager.firstIndex(where: { $0.0 == c.manager }) { byManager[i].1.append(describe(c.path)) } else { byManager.append((c.manager, [describe(c.path)])) }
            }
            message = "Apply failed with \(conflicts.count) conflicts: " + byManager.map { m, paths in
                "conflicts with \"\(m)\":\n" + paths.map { "- \($0)" }.joined(separator: "\n")
            }.joined(separator: "\n")
        }
        let causes: [Value] = conflicts.map { .map(["reason": "FieldManagerConflict", "message": .string("conflict with \"\($0.manager)\""), "field": .string(describe($0.path))]) }
        return FakeFailure(code: 409, reason: "Conflict", message: message, details: ["causes": .array(causes)])
    }

    static func setCreatingMaps(_ doc: Value, _ path: ArraySlice<String>, _ value: Value) -> Value {
        guard let head = path.first else { return value }
        var map = doc.mapValue ?? OrderedMap()
        map[head] = setCreatingMaps(map[head] ?? .null, path.dropFirst(), value)
        return .map(map)
    }
}
