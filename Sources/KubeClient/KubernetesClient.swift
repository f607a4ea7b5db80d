import ValueKit

/// The verbs osm needs, on objects held as `Value` trees (unstructured, as Helm handles them).
public struct KubernetesClient: Sendable {
    public enum PatchType: String, Sendable {
        case json = "application/json-patch+json"
        case merge = "application/merge-patch+json"
        case strategicMerge = "application/strategic-merge-patch+json"
        case apply = "application/apply-patch+yaml"
    }

    public enum Propagation: String, Sendable {
        case background = "Background", foreground = "Foreground", orphan = "Orphan"
    }

    public let rest: RESTClient
    public let discovery: Discovery

    public init(rest: RESTClient) {
        self.rest = rest
        self.discovery = Discovery(rest: rest)
    }

    public func get(_ ref: ResourceRef, name: String, namespace: String? = nil) async throws -> Value {
        try decode(try await rest.send("GET", ref.path(namespace: namespace, name: name)))
    }

    /// Every object that matches, following `continue` tokens page by page (`limit` objects per page).
    public func list(
        _ ref: ResourceRef, namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        limit: Int = 500
    ) async throws -> [Value] {
        try await list(
            ref, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit
        ) { $0 }
    }

    /// What `transform` makes of each matching object (nil: nothing), page by page: only one page of
    /// whole objects is held at a time, so a list of 10,000 namespaces costs what their rows cost.
    public func list<T>(
        _ ref: ResourceRef, namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        limit: Int = 500, _ transform: (Value) throws -> T?
    ) async throws -> [T] {
        var items: [T] = []
        var token: String?
        repeat {
            var query: [(String, String)] = []
            if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
            if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
            if limit > 0 { query.append(("limit", String(limit))) }
            if let token { query.append(("continue", token)) }
            let page = try decode(try await rest.send("GET", ref.path(namespace: namespace), query: query))
            for item in page["items"]?.arrayValue ?? [] {
                if let kept = try transform(item) { items.append(kept) }
            }
            token = page["metadata"]?["continue"]?.stringValue
        } while !(token ?? "").isEmpty
        return items
    }

    public func create(
        _ ref: ResourceRef, _ object: Value, namespace: String? = nil, fieldManager: String? = nil,
        dryRun: Bool = false
    ) async throws -> Value {
        var query = fieldManager.map { [("fieldManager", $0)] } ?? []
        if dryRun { query.append(("dryRun", "All")) }
        return try decode(
            try await rest.send(
                "POST", ref.path(namespace: namespace), query: query, body: try json(object),
                contentType: "application/json"))
    }

    /// PUT of a whole object; its `metadata.resourceVersion` makes the server refuse a stale copy (409).
    public func update(
        _ ref: ResourceRef, _ object: Value, namespace: String? = nil, subresource: String? = nil
    ) async throws -> Value {
        let name = object.objectName ?? ""
        return try decode(
            try await rest.send(
                "PUT", ref.path(namespace: namespace, name: name, subresource: subresource),
                body: try json(object), contentType: "application/json"))
    }

    public func patch(
        _ ref: ResourceRef, name: String, namespace: String? = nil, type: PatchType, body: [UInt8],
        fieldManager: String? = nil, force: Bool = false, subresource: String? = nil, dryRun: Bool = false
    ) async throws -> Value {
        var query: [(String, String)] = []
        if dryRun { query.append(("dryRun", "All")) }
        if let fieldManager { query.append(("fieldManager", fieldManager)) }
        if force { query.append(("force", "true")) }
        return try decode(
            try await rest.send(
                "PATCH", ref.path(namespace: namespace, name: name, subresource: subresource),
                query: query, body: body, contentType: type.rawValue))
    }

    /// Server-side apply of a whole object (`kubectl apply --server-side`).
    /// With `dryRun` the server validates, defaults and admits the object but stores nothing (`dryRun=All`).
    public func apply(
        _ ref: ResourceRef, _ object: Value, namespace: String? = nil, fieldManager: String, force: Bool = false,
        dryRun: Bool = false
    ) async throws -> Value {
        let name = object.objectName ?? ""
        return try await patch(
            ref, name: name, namespace: namespace, type: .apply, body: try json(object), fieldManager: fieldManager,
            force: force, dryRun: dryRun)
    }

    /// DELETE with a propagation policy and optional preconditions; answers with the object or a Status.
    @discardableResult
    public func delete(
        _ ref: ResourceRef, name: String, namespace: String? = nil, propagation: Propagation? = nil,
        preconditionUID: String? = nil, preconditionResourceVersion: String? = nil
    ) async throws -> Value {
        var options: OrderedMap = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let propagation { options["propagationPolicy"] = .string(propagation.rawValue) }
        var preconditions = OrderedMap()
        if let preconditionUID { preconditions["uid"] = .string(preconditionUID) }
        if let preconditionResourceVersion { preconditions["resourceVersion"] = .string(preconditionResourceVersion) }
        if !preconditions.isEmpty { options["preconditions"] = .map(preconditions) }
        return try decode(
            try await rest.send(
                "DELETE", ref.path(namespace: namespace, name: name), body: try json(.map(options)),
                contentType: "application/json"))
    }

    /// One watch event: `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`, with its object.
    public struct WatchEvent: Sendable {
        public var type: String
        public var object: Value
    }

    /// Streams watch events until `handle` returns false, the server ends the watch or `timeoutSeconds` pass.
    public func watch(
        _ ref: ResourceRef, namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        resourceVersion: String? = nil, timeoutSeconds: Int = 0, handle: @escaping @Sendable (WatchEvent) -> Bool
    ) async throws {
        var query: [(String, String)] = [("watch", "1")]
        if let labelSelector { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        if timeoutSeconds > 0 { query.append(("timeoutSeconds", String(timeoutSeconds))) }
        let splitter = LineSplitter()
        try await rest.stream(path: ref.path(namespace: namespace), query: query) { chunk in
            for line in splitter.feed(chunk) {
                guard let event = try? GoJSONDecoder.decode(line) else { continue }
                if !handle(WatchEvent(type: event["type"]?.stringValue ?? "", object: event["object"] ?? .null)) {
                    return false
                }
            }
            return true
        }
    }

    /// A pod's log (`kubectl logs`): whole, or streamed to `onData` when following.
    public func logs(
        pod: String, namespace: String, container: String? = nil, previous: Bool = false, tailLines: Int? = nil,
        follow: Bool = false, onData: (@Sendable ([UInt8]) -> Bool)? = nil
    ) async throws -> [UInt8] {
        var query: [(String, String)] = []
        if let container { query.append(("container", container)) }
        if previous { query.append(("previous", "true")) }
        if let tailLines { query.append(("tailLines", String(tailLines))) }
        let path = ResourceRef.pods.path(namespace: namespace, name: pod, subresource: "log")
        if follow, let onData {
            query.append(("follow", "true"))
            try await rest.stream(path: path, query: query, onData: onData)
            return []
        }
        return try await rest.send("GET", path, query: query, accept: "*/*").body
    }

    /// A GET through the pod or service `proxy` subresource (e.g. `name:port` and a path on it).
    public func proxyGet(_ ref: ResourceRef, name: String, namespace: String, path: String) async throws -> [UInt8] {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        return try await rest.send(
            "GET", ref.path(namespace: namespace, name: name, subresource: "proxy") + "/" + trimmed, accept: "*/*"
        ).body
    }

    func json(_ value: Value) throws -> [UInt8] { Array(try GoJSONEncoder.encode(value, escapeHTML: false).utf8) }

    func decode(_ response: HTTPResponse) throws -> Value {
        if response.body.isEmpty { return .null }
        return try GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self))
    }
}

/// Splits a byte stream into newline-terminated lines (watch events arrive one JSON object per line).
// @unchecked Sendable, sound: fed by one transfer's data callback at a time.
final class LineSplitter: @unchecked Sendable {
    private var pending: [UInt8] = []

    func feed(_ chunk: [UInt8]) -> [String] {
        pending += chunk
        var lines: [String] = []
        while let newline = pending.firstIndex(of: 10) {
            let line = String(decoding: pending[..<newline], as: UTF8.self)
            pending.removeSubrange(...newline)
            if !line.isEmpty { lines.append(line) }
        }
        return lines
    }
}
