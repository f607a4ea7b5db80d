/// One API resource: where its objects live in the URL space and whether they belong to a namespace.
public struct ResourceRef: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var resource: String
    public var kind: String
    public var namespaced: Bool

    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// `/api/v1/namespaces/NS/pods/NAME/log`, leaving out what is nil.
    public func path(namespace: String? = nil, name: String? = nil, subresource: String? = nil) -> String {
        var p = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { p += "/namespaces/\(RESTClient.escape(namespace))" }
        p += "/\(resource)"
        if let name { p += "/\(RESTClient.escape(name))" }
        if let subresource { p += "/\(subresource)" }
        return p
    }

    // The resources osm itself works with, so the common paths need no discovery round trip.
    public static let namespaces = ResourceRef(
        group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
    public static let pods = ResourceRef(group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true)
    public static let services = ResourceRef(
        group: "", version: "v1", resource: "services", kind: "Service", namespaced: true)
    public static let endpoints = ResourceRef(
        group: "", version: "v1", resource: "endpoints", kind: "Endpoints", namespaced: true)
    public static let events = ResourceRef(
        group: "", version: "v1", resource: "events", kind: "Event", namespaced: true)
    public static let secrets = ResourceRef(
        group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)
    public static let configMaps = ResourceRef(
        group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)
    public static let deployments = ResourceRef(
        group: "apps", version: "v1", resource: "deployments", kind: "Deployment", namespaced: true)
    public static let replicaSets = ResourceRef(
        group: "apps", version: "v1", resource: "replicasets", kind: "ReplicaSet", namespaced: true)
    public static let customResourceDefinitions = ResourceRef(
        group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions",
        kind: "CustomResourceDefinition", namespaced: false)
}
