import Foundation
import ValueKit
import YAML

/// Which fields one manager owns, as server-side apply tracks them. Fields are paths of map keys;
/// the lists Kubernetes merges by key (containers and env by name, ports by number and protocol, …)
/// are entered through `k:{…}` components, one per element, as managedFields names them; other lists
/// count as single values.
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
            if let elements = child.arrayValue, let components = ListKeys.components(field: key, elements) {
                for (element, component) in zip(elements, components) {
                    out.formUnion(paths(of: element, prefix: prefix + [key, component], skipIdentity: skipIdentity))
                }
                continue
            }
            out.formUnion(paths(of: child, prefix: prefix + [key], skipIdentity: skipIdentity))
        }
        return skipIdentity ? out.subtracting(identity) : out
    }

    static func value(_ object: Value, at path: [String]) -> Value? {
        var current: Value? = object
        for key in path {
            if ListKeys.isComponent(key) {
                if let list = current?.arrayValue, let index = ListKeys.index(of: key, in: list) {
                    current = list[index]
                } else {
                    current = nil
                }
            } else {
                current = current?[key]
            }
        }
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
        let name = ListKeys.isComponent(head) ? head : "f:" + head
        var child = map[name]?.mapValue ?? OrderedMap()
        if path.count > 1 {
            // A list element always has its "." entry; maps only in Update entries.
            if ListKeys.isComponent(head) || (markMaps && depth >= 1) { child["."] = .map(OrderedMap()) }
            insert(&child, path.dropFirst(), depth: depth + 1, markMaps: markMaps)
        }
        map[name] = .map(child)
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
            next = Self.removeField(next, path[...])
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
        // kube-apiserver's spelling: `.spec.template.spec.containers[name="a"].image`.
        let describe: ([String]) -> String = { path in
            path.map { part in
                guard ListKeys.isComponent(part) else { return "." + part }
                let key = ListKeys.key(of: part).entries.map { "\($0.key)=\((try? GoJSONEncoder.encode($0.value)) ?? "")" }
                return "[" + key.joined(separator: ",") + "]"
            }.joined()
        }
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
        if ListKeys.isComponent(head) {
            // The keyed element, appended (with its key fields) when the list does not have it yet.
            var list = doc.arrayValue ?? []
            let index = ListKeys.index(of: head, in: list) ?? {
                list.append(ListKeys.element(for: head))
                return list.count - 1
            }()
            list[index] = setCreatingMaps(list[index], path.dropFirst(), value)
            return .array(list)
        }
        var map = doc.mapValue ?? OrderedMap()
        map[head] = setCreatingMaps(map[head] ?? .null, path.dropFirst(), value)
        return .map(map)
    }

    /// Removes one owned field; a keyed element goes with its key field (nothing owns it then).
    static func removeField(_ doc: Value, _ path: ArraySlice<String>) -> Value {
        guard let head = path.first else { return doc }
        if ListKeys.isComponent(head) {
            guard var list = doc.arrayValue, let index = ListKeys.index(of: head, in: list) else { return doc }
            let rest = path.dropFirst()
            if rest.count <= 1, let field = rest.first, ListKeys.keyNames(of: head).contains(field) {
                list.remove(at: index)
            } else if rest.isEmpty {
                list.remove(at: index)
            } else {
                list[index] = removeField(list[index], rest)
            }
            return .array(list)
        }
        guard var map = doc.mapValue, let child = map[head] else { return doc }
        map[head] = path.count == 1 ? nil : removeField(child, path.dropFirst())
        return .map(map)
    }
}

/// The lists Kubernetes' server-side apply merges element by element, and the `k:{…}` path components
/// (managedFields' own spelling) that name an element by its key fields.
enum ListKeys {
    static let byField: [String: [String]] = [
        "containers": ["name"], "initContainers": ["name"], "ephemeralContainers": ["name"], "env": ["name"],
        "volumes": ["name"], "volumeMounts": ["mountPath"], "imagePullSecrets": ["name"],
    ]

    static func isComponent(_ text: String) -> Bool { text.hasPrefix("k:{") }

    /// Each element's component, when the list is one merged by key and every element has its keys.
    static func components(field: String, _ elements: [Value]) -> [String]? {
        guard !elements.isEmpty else { return nil }
        var out: [String] = []
        for element in elements {
            guard let map = element.mapValue else { return nil }
            let names: [String]
            if field == "ports" {
                names = map["containerPort"] != nil ? ["containerPort", "protocol"] : map["port"] != nil ? ["port", "protocol"] : []
            } else {
                names = byField[field] ?? []
            }
            guard !names.isEmpty else { return nil }
            var key = OrderedMap()
            for name in names.sorted() {
                // The API defaults a port's protocol to TCP before it keys the element.
                let value: Value
                if let given = map[name] {
                    value = given
                } else if name == "protocol" {
                    value = "TCP"
                } else {
                    return nil
                }
                key[name] = value
            }
            out.append("k:" + ((try? GoJSONEncoder.encode(.map(key))) ?? "{}"))
        }
        return out
    }

    static func key(of component: String) -> OrderedMap {
        (try? GoJSONDecoder.decode(String(component.dropFirst(2))))?.mapValue ?? OrderedMap()
    }

    static func keyNames(of component: String) -> [String] { key(of: component).entries.map(\.key) }

    static func index(of component: String, in list: [Value]) -> Int? {
        let key = key(of: component)
        return list.firstIndex { element in
            key.entries.allSatisfy { name, value in
                element[name] == value || (name == "protocol" && element[name] == nil && value == "TCP")
            }
        }
    }

    /// A new element holding just the key fields.
    static func element(for component: String) -> Value { .map(key(of: component)) }
}
