import KubeClient
import ValueKit

/// kube-apiserver's `metav1.Status` failure bodies, shaped as the recorded answers in
/// ../shared/fixtures/apiserver show them.
struct FakeFailure: Error {
    var code: Int
    var reason: String
    var message: String
    var details: OrderedMap?
    /// Some answers (e.g. an unknown API group) are plain text, not a Status.
    var plainText: String?

    var status: Value {
        var map: OrderedMap = ["kind": "Status", "apiVersion": "v1", "metadata": .map(OrderedMap()), "status": "Failure",
                               "message": .string(message)]
        if !reason.isEmpty { map["reason"] = .string(reason) }
        if let details { map["details"] = .map(details) }
        map["code"] = .int(Int64(code))
        return .map(map)
    }

    static func notFound(_ resource: String, _ name: String, group: String = "") -> FakeFailure {
        var details: OrderedMap = ["name": .string(name)]
        if !group.isEmpty { details["group"] = .string(group) }
        details["kind"] = .string(resource)
        return FakeFailure(code: 404, reason: "NotFound", message: "\(qualified(resource, group)) \"\(name)\" not found", details: details)
    }

    static func alreadyExists(_ resource: String, _ name: String, group: String = "") -> FakeFailure {
        var details: OrderedMap = ["name": .string(name)]
        if !group.isEmpty { details["group"] = .string(group) }
        details["kind"] = .string(resource)
        return FakeFailure(code: 409, reason: "AlreadyExists", message: "\(qualified(resource, group)) \"\(name)\" already exists", details: details)
    }

    static func conflict(_ resource: String, _ name: String, group: String = "", problem: String) -> FakeFailure {
        var details: OrderedMap = ["name": .string(name)]
        if !group.isEmpty { details["group"] = .string(group) }
        details["kind"] = .string(resource)
        return FakeFailure(code: 409, reason: "Conflict",
                           message: "Operation cannot be fulfilled on \(qualified(resource, group)) \"\(name)\": \(problem)", details: details)
    }

    static func invalid(kind: String, name: String, group: String = "", causes: [(reason: String, message: String, field: String)]) -> FakeFailure {
        var details: OrderedMap = ["name": .string(name)]
        if !group.isEmpty { details["group"] = .string(group) }
        details["kind"] = .string(kind)
        details["causes"] = .array(causes.map { .map(["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)]) })
        let list = causes.map { "\($0.field): \($0.message)" }
        let text = list.count == 1 ? list[0] : "[" + list.joined(separator: ", ") + "]"
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        return FakeFailure(code: 422, reason: "Invalid", message: "\(qualified) \"\(name)\" is invalid: \(text)", details: details)
    }

    static func badRequest(_ message: String) -> FakeFailure {
        FakeFailure(code: 400, reason: "BadRequest", message: message)
    }

    static let methodNotAllowed = FakeFailure(code: 405, reason: "MethodNotAllowed",
                                              message: "the server does not allow this method on the requested resource", details: OrderedMap())
    static let unsupportedMediaType = FakeFailure(code: 415, reason: "UnsupportedMediaType", message: "415: Unsupported Media Type", details: OrderedMap())
    static let unauthorized = FakeFailure(code: 401, reason: "Unauthorized", message: "Unauthorized")
    static let pageNotFound = FakeFailure(code: 404, reason: "", message: "", plainText: "404 page not found\n")

    static func forbidden(user: String, verb: String, resource: String, group: String, namespace: String?) -> FakeFailure {
        let scope = namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
        return FakeFailure(code: 403, reason: "Forbidden",
                           message: "\(qualified(resource, group)) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(resource)\" in API group \"\(group)\" \(scope)",
                           details: ["kind": .string(resource)])
    }

    static func qualified(_ resource: String, _ group: String) -> String { group.isEmpty ? resource : "\(resource).\(group)" }
}
