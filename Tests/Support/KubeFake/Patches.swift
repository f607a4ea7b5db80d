import ValueKit

/// The three PATCH bodies kube-apiserver accepts besides apply: RFC 6902 JSON patch, RFC 7386 merge
/// patch, and strategic merge (merge patch where lists with a merge key merge element by element).
enum Patches {
    struct Failure: Error { let message: String }

    // MARK: RFC 7386

    static func merge(_ target: Value, _ patch: Value) -> Value {
        guard let patchMap = patch.mapValue else { return patch }
        var result = target.mapValue ?? OrderedMap()
        for (key, value) in patchMap.entries {
            if value == .null { result[key] = nil } else { result[key] = merge(result[key] ?? .null, value) }
        }
        return .map(result)
    }

    // MARK: Strategic merge

    /// Merge keys of the list fields osm's objects use (from the Kubernetes API's patchMergeKey tags).
    static func mergeKey(field: String, elements: [Value]) -> String? {
        switch field {
        case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets":
            return "name"
        case "conditions": return "type"
        case "volumeMounts": return "mountPath"
        case "ports": return elements.contains { $0["containerPort"] != nil } ? "containerPort" : "port"
        default: return nil
        }
    }

    static func strategicMerge(_ target: Value, _ patch: Value) throws(Failure) -> Value {
        guard let patchMap = patch.mapValue else { return patch }
        if patchMap["$patch"]?.stringValue == "replace" {
            var replaced = patchMap
            replaced["$patch"] = nil
            return .map(replaced)
        }
        var result = target.mapValue ?? OrderedMap()
        for (key, value) in patchMap.entries where !key.hasPrefix("$") {
            if value == .null { result[key] = nil; continue }
            if case .array(let patchItems) = value, case .array(let current)? = result[key],
               let mergeKey = mergeKey(field: key, elements: current + patchItems)
            {
                result[key] = .array(try mergeList(current, patchItems, key: mergeKey))
            } else if value.mapValue != nil {
                result[key] = try strategicMerge(result[key] ?? .null, value)
            } else {
                result[key] = value
            }
        }
        return .map(result)
    }

    static func mergeList(_ current: [Value], _ patch: [Value], key: String) throws(Failure) -> [Value] {
        var out = current
        for item in patch {
            guard let id = item[key] else { throw Failure(message: "map: \(item) does not contain declared merge key: \(key)") }
            let index = out.firstIndex { $0[key] == id }
            if item["$patch"]?.stringValue == "delete" {
                if let index { out.remove(at: index) }
            } else if let index {
                out[index] = try strategicMerge(out[index], item)
            } else {
                out.append(item)
            }
        }
        return out
    }

    // MARK: RFC 6902

    static func jsonPatch(_ target: Value, _ operations: Value) throws(Failure) -> Value {
        guard let ops = operations.arrayValue else { throw Failure(message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch") }
        var doc = target
        for op in ops {
            let path = try pointer(op["path"]?.stringValue ?? "")
            switch op["op"]?.stringValue ?? "" {
            case "add": doc = try set(doc, path[...], op["value"] ?? .null, insert: true)
            case "replace":
                _ = try get(doc, path[...])
                doc = try set(doc, path[...], op["value"] ?? .null, insert: false)
            case "remove": doc = try remove(doc, path[...])
            case "test":
                guard try get(doc, path[...]) == (op["value"] ?? .null) else { throw Failure(message: "testing value failed") }
            case "move", "copy":
                let from = try pointer(op["from"]?.stringValue ?? "")
                let value = try get(doc, from[...])
                if op["op"]?.stringValue == "move" { doc = try remove(doc, from[...]) }
                doc = try set(doc, path[...], value, insert: true)
            default: throw Failure(message: "Unexpected kind: \(op["op"]?.stringValue ?? "")")
            }
        }
        return doc
    }

    static func pointer(_ text: String) throws(Failure) -> [String] {
        if text.isEmpty { return [] }
        guard text.hasPrefix("/") else { throw Failure(message: "invalid JSON pointer \(text)") }
        return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func get(_ doc: Value, _ path: ArraySlice<String>) throws(Failure) -> Value {
        guard let head = path.first else { return doc }
        switch doc {
        case .map(let m):
            guard let child = m[head] else { throw Failure(message: "missing value") }
            return try get(child, path.dropFirst())
        case .array(let a):
            guard let i = Int(head), a.indices.contains(i) else { throw Failure(message: "missing value") }
            return try get(a[i], path.dropFirst())
        default: throw Failure(message: "missing value")
        }
    }

    static func set(_ doc: Value, _ path: ArraySlice<String>, _ value: Value, insert: Bool) throws(Failure) -> Value {
        guard let head = path.first else { return value }
        let last = path.count == 1
        switch doc {
        case .map(var m):
            if last { m[head] = value; return .map(m) }
            guard let child = m[head] else { throw Failure(message: "missing value") }
            m[head] = try set(child, path.dropFirst(), value, insert: insert)
            return .map(m)
        case .array(var a):
            if last && insert {
                let index = head == "-" ? a.count : Int(head) ?? -1
                guard index >= 0 && index <= a.count else { throw Failure(message: "index out of bounds") }
                a.insert(value, at: index)
                return .array(a)
            }
            guard let i = Int(head), a.indices.contains(i) else { throw Failure(message: "index out of bounds") }
            a[i] = last ? value : try set(a[i], path.dropFirst(), value, insert: insert)
            return .array(a)
        default: throw Failure(message: "missing value")
        }
    }

    static func remove(_ doc: Value, _ path: ArraySlice<String>) throws(Failure) -> Value {
        guard let head = path.first else { throw Failure(message: "cannot remove the whole document") }
        let last = path.count == 1
        switch doc {
        case .map(var m):
            guard let child = m[head] else { throw Failure(message: "missing value") }
            m[head] = last ? nil : try remove(child, path.dropFirst())
            return .map(m)
        case .array(var a):
            guard let i = Int(head), a.indices.contains(i) else { throw Failure(message: "index out of bounds") }
            if last { a.remove(at: i) } else { a[i] = try remove(a[i], path.dropFirst()) }
            return .array(a)
        default: throw Failure(message: "missing value")
        }
    }
}

import Foundation
