import Foundation
import ValueKit
import YAML

/// LIST, WATCH, PATCH and the pod subresources.
extension FakeAPIServer {
    func matching(_ target: Target, _ request: FakeRequest) throws -> [(key: String, object: Value)] {
        let labelSelector: LabelSelector
        do {
            labelSelector = try LabelSelector.parse(request.query["labelSelector"] ?? "")
        } catch {
            throw FakeFailure.badRequest(error.message)
        }
        let fieldRequirements = try parseFieldSelector(request.query["fieldSelector"] ?? "")
        let prefix = "\(target.resource.group)/\(target.resource.plural)/" + (target.namespace.map { "\($0)/" } ?? "")
        return objects.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }.filter { entry in
            var labels: [String: String] = [:]
            for (k, v) in entry.value["metadata"]?["labels"]?.mapValue?.entries ?? [] { labels[k] = v.stringValue ?? "" }
            return labelSelector.matches(labels) && fieldRequirements.allSatisfy { field, equal, value in
                (fieldValue(entry.value, field) == value) == equal
            }
        }.map { ($0.key, $0.value) }
    }

    func parseFieldSelector(_ text: String) throws -> [(String, Bool, String)] {
        guard !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { term in
            let s = String(term)
            for (op, equal) in [("!=", false), ("==", true), ("=", true)] {
                if let r = s.range(of: op) {
                    let field = String(s[..<r.lowerBound])
                    guard ["metadata.name", "metadata.namespace", "status.phase", "spec.nodeName", "type"].contains(field) else {
                        throw FakeFailure.badRequest("field label not supported: \(field)")
                    }
                    return (field, equal, String(s[r.upperBound...]))
                }
            }
            throw FakeFailure.badRequest("invalid selector: '\(s)'; can't understand '\(s)'")
        }
    }

    func fieldValue(_ object: Value, _ field: String) -> String {
        var current: Value? = object
        for part in field.split(separator: ".") { current = current?[String(part)] }
        return current?.stringValue ?? ""
    }

    func list(_ target: Target, _ request: FakeRequest) throws -> FakeResponse {
        var items = try matching(target, request)
        var meta: OrderedMap = ["resourceVersion": .string(String(resourceVersion))]
        if let token = request.query["continue"], !token.isEmpty {
            guard let bytes = Base64.decode(Self.padded(token)), let state = try? GoJSONDecoder.decode(String(decoding: bytes, as: UTF8.self)),
                  let start = state["start"]?.stringValue else {
                throw FakeFailure.badRequest("continue key is not valid: illegal base64 data at input byte 0")
            }
            let startKey = String(start.dropLast())  // the recorded tokens end the start key with NUL
            items = items.filter { Self.listKey($0.key) > startKey }
        }
        if let limit = request.query["limit"].flatMap({ Int($0) }), limit > 0, items.count > limit {
            let last = items[limit - 1].key
            let state: Value = ["v": "meta.k8s.io/v1", "rv": .int(Int64(resourceVersion)), "start": .string(Self.listKey(last) + "\u{0}")]
            let token = Base64.encode(Array(((try? GoJSONEncoder.encode(state)) ?? "").utf8)).replacingOccurrences(of: "=", with: "")
            meta["continue"] = .string(token)
            meta["remainingItemCount"] = .int(Int64(items.count - limit))
            items = Array(items.prefix(limit))
        }
        return json(200, ["kind": .string(target.resource.kind + "List"), "apiVersion": .string(target.resource.groupVersion),
                          "metadata": .map(meta), "items": .array(items.map(\.object))])
    }

    /// The part of a storage key a continue token records: `/namespace/name` or `/name`.
    static func listKey(_ key: String) -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let namespace = parts[2], name = parts[3]
        return namespace.isEmpty ? "/\(name)" : "/\(namespace)/\(name)"
    }

    static func padded(_ s: String) -> String { s + String(repeating: "=", count: (4 - s.count % 4) % 4) }

    /// Events since `resourceVersion` (or the current objects as ADDED), then every later change as it
    /// happens, until `timeoutSeconds` or the client leaves.
    func watch(_ target: Target, _ request: FakeRequest) throws -> FakeResponse {
        let current = try matching(target, request)
        var lines: [String] = []
        if let since = request.query["resourceVersion"].flatMap({ Int($0) }), since > 0 {
            let keys = Set(objects.keys)
            let prefix = "\(target.resource.group)/\(target.resource.plural)/" + (target.namespace.map { "\($0)/" } ?? "")
            let matchingKeys = Set(current.map(\.key))
            for event in events where event.rv > since && event.key.hasPrefix(prefix) && (matchingKeys.contains(event.key) || !keys.contains(event.key)) {
                lines.append((try? GoJSONEncoder.encode(["type": .string(event.type), "object": event.object])) ?? "")
            }
        } else {
            for item in current { lines.append((try? GoJSONEncoder.encode(["type": "ADDED", "object": item.object])) ?? "") }
        }
        var response = FakeResponse(status: 200, body: Array(lines.map { $0 + "\n" }.joined().utf8))
        let deadline = request.query["timeoutSeconds"].flatMap { Double($0) }.map { Date().addingTimeInterval($0) }
        response.watch = FakeWatch(server: self, prefix: "\(target.resource.group)/\(target.resource.plural)/" + (target.namespace.map { "\($0)/" } ?? ""),
                                   labelSelector: (try? LabelSelector.parse(request.query["labelSelector"] ?? "")) ?? (try! LabelSelector.parse("")),
                                   fields: (try? parseFieldSelector(request.query["fieldSelector"] ?? "")) ?? [],
                                   since: resourceVersion, deadline: deadline)
        return response
    }

    func patch(_ target: Target, _ name: String, _ subresource: String?, _ request: FakeRequest) throws -> FakeResponse {
        let type = request.contentType ?? ""
        let manager = request.query["fieldManager"]
        if type == "application/apply-patch+yaml" {
            guard let manager, !manager.isEmpty else {
                throw FakeFailure(code: 422, reason: "Invalid", message: "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                                  details: ["group": "meta.k8s.io", "kind": "PatchOptions",
                                            "causes": [["reason": "FieldValueRequired", "message": "Required value: is required for apply patch", "field": "fieldManager"]]])
            }
            return try apply(target, name, subresource, request, manager: manager)
        }
        guard ["application/merge-patch+json", "application/strategic-merge-patch+json", "application/json-patch+json"].contains(type) else {
            throw FakeFailure.unsupportedMediaType
        }
        let current = try existing(target, name)
        let body = String(decoding: request.body, as: UTF8.self)
        var parsed: Value?
        if case .success(let value)? = request.parsedBody { parsed = value } else { parsed = try? GoJSONDecoder.decode(body) }
        guard let patchValue = parsed else {
            throw FakeFailure.badRequest("error decoding patch: invalid character in patch body")
        }
        var next: Value
        switch type {
        case "application/merge-patch+json": next = Patches.merge(current, patchValue)
        case "application/strategic-merge-patch+json":
            do { next = try Patches.strategicMerge(current, patchValue) } catch { throw FakeFailure.badRequest(error.message) }
        case "application/json-patch+json":
            do { next = try Patches.jsonPatch(current, patchValue) } catch {
                throw FakeFailure(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request", details: OrderedMap())
            }
        default: throw FakeFailure.unsupportedMediaType
        }
        if next["metadata"]?["resourceVersion"] == current["metadata"]?["resourceVersion"] {
            // A patch that does not name a resourceVersion applies to whatever is current.
            var map = next.mapValue!
            var meta = map["metadata"]?.mapValue ?? OrderedMap()
            meta["resourceVersion"] = nil
            map["metadata"] = .map(meta)
            next = .map(map)
        }
        let stored = try replace(target, name, with: next, subresource: subresource, manager: manager ?? "unknown", operation: "Update", checkVersion: true)
        return json(200, stored)
    }

    func podLog(_ target: Target, _ request: FakeRequest) throws -> FakeResponse {
        let pod = try existing(target, target.name!)
        let containers = (pod["spec"]?["containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let container = request.query["container"] ?? (containers.count == 1 ? containers[0] : "")
        if container.isEmpty {
            throw FakeFailure.badRequest("a container name must be specified for pod \(target.name!), choose one of: [\(containers.joined(separator: " "))]")
        }
        guard containers.contains(container) else {
            throw FakeFailure.badRequest("container \(container) is not valid for pod \(target.name!)")
        }
        if pod["status"]?["phase"]?.stringValue ?? "Pending" == "Pending" {
            return FakeResponse(status: 204)  // what the recorded server answers for a pod without a node
        }
        var text = podLogs["\(target.namespace ?? "")/\(target.name!)/\(container)"] ?? ""
        if let tail = request.query["tailLines"].flatMap({ Int($0) }) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let body = text.hasSuffix("\n") ? lines.dropLast() : lines[...]
            text = body.suffix(tail).map { $0 + "\n" }.joined()
        }
        return FakeResponse(status: 200, contentType: "text/plain", body: Array(text.utf8))
    }

    func proxy(_ target: Target) throws -> FakeResponse {
        _ = try existing(target, target.name!)
        if let answer = proxyAnswers["\(target.namespace ?? "")/\(target.name!)/\(target.subpath ?? "")"] {
            return FakeResponse(status: answer.status, contentType: "application/json", body: Array(answer.body.utf8))
        }
        // The recorded server refuses pod addresses it may not reach (no node, or loopback).
        throw FakeFailure.badRequest("address not allowed")
    }

    /// The admission of a port-forward upgrade: a WebSocket (GET) or, as servers before 1.31 offer it,
    /// SPDY/3.1 (POST); 101 when the pod runs, the API server's errors otherwise. A POST without an
    /// upgrade gets the recorded answer for a pod not yet scheduled.
    func portForward(_ target: Target, _ request: FakeRequest) throws -> FakeResponse {
        let pod = try existing(target, target.name!)
        switch (request.method, request.upgrade?.lowercased()) {
        case ("GET", "websocket"?):
            if refusesWebSocketPortForward { throw FakeFailure.badRequest("Upgrade request required") }
        case ("POST", "spdy/3.1"?):
            if refusesSPDYPortForward { throw FakeFailure.badRequest("unable to upgrade: missing upgrade headers in request") }
        default:
            throw FakeFailure.badRequest("pod \(target.name!) does not have a host assigned")
        }
        guard pod["status"]?["phase"]?.stringValue == "Running" else {
            throw FakeFailure.badRequest("pod \(target.name!) does not have a host assigned")
        }
        return FakeResponse(status: 101)
    }
}
