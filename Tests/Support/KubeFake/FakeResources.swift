import ValueKit

/// One resource the fake serves, with what discovery says about it.
public struct FakeResource: Sendable, Equatable {
    public var group: String
    public var version: String
    public var plural: String
    public var singular: String
    public var kind: String
    public var namespaced: Bool
    public var subresources: [String] = []

    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    var discoveryEntries: [Value] {
        let verbs: Value = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
        var out: [Value] = [.map(["name": .string(plural), "singularName": .string(singular), "namespaced": .bool(namespaced),
                                  "kind": .string(kind), "verbs": verbs])]
        for sub in subresources {
            let subVerbs: Value = sub == "log" || sub == "proxy" ? ["get"] : sub == "portforward" ? ["create", "get"] : ["get", "patch", "update"]
            out.append(.map(["name": .string("\(plural)/\(sub)"), "singularName": "", "namespaced": .bool(namespaced),
                             "kind": .string(sub == "log" || sub == "proxy" ? "Pod" : kind), "verbs": subVerbs]))
        }
        return out
    }

    static func core(_ plural: String, _ kind: String, namespaced: Bool = true, _ subresources: [String] = []) -> FakeResource {
        FakeResource(group: "", version: "v1", plural: plural, singular: kind.lowercased(), kind: kind, namespaced: namespaced, subresources: subresources)
    }

    static func grouped(_ group: String, _ version: String, _ plural: String, _ kind: String, namespaced: Bool = true,
                        _ subresources: [String] = []) -> FakeResource {
        FakeResource(group: group, version: version, plural: plural, singular: kind.lowercased(), kind: kind, namespaced: namespaced,
                     subresources: subresources)
    }

    /// What a fresh kube-apiserver serves (the part osm touches).
    static let builtIn: [FakeResource] = [
        core("namespaces", "Namespace", namespaced: false, ["status", "finalize"]),
        core("pods", "Pod", ["status", "log", "proxy", "portforward"]),
        core("services", "Service", ["status", "proxy"]),
        core("secrets", "Secret"), core("configmaps", "ConfigMap"), core("serviceaccounts", "ServiceAccount"),
        core("endpoints", "Endpoints"), core("events", "Event"), core("nodes", "Node", namespaced: false, ["status"]),
        grouped("apps", "v1", "deployments", "Deployment", ["status", "scale"]),
        grouped("apps", "v1", "replicasets", "ReplicaSet", ["status"]),
        grouped("apps", "v1", "daemonsets", "DaemonSet", ["status"]),
        grouped("apps", "v1", "statefulsets", "StatefulSet", ["status"]),
        grouped("batch", "v1", "jobs", "Job", ["status"]),
        grouped("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", namespaced: false, ["status"]),
        grouped("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", namespaced: false),
        grouped("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", namespaced: false),
        grouped("rbac.authorization.k8s.io", "v1", "roles", "Role"),
        grouped("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding"),
        grouped("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", namespaced: false),
        grouped("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", namespaced: false),
        grouped("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", ["status"]),
        grouped("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", ["status"]),
    ]

    /// The resources a CustomResourceDefinition object declares (one per served version).
    static func fromCRD(_ crd: Value) -> [FakeResource] {
        guard let spec = crd["spec"], let group = spec["group"]?.stringValue, let names = spec["names"],
              let plural = names["plural"]?.stringValue, let kind = names["kind"]?.stringValue else { return [] }
        let namespaced = spec["scope"]?.stringValue != "Cluster"
        return (spec["versions"]?.arrayValue ?? []).compactMap { v in
            guard let name = v["name"]?.stringValue, v["served"] != .bool(false) else { return nil }
            let status = v["subresources"]?["status"] != nil
            return FakeResource(group: group, version: name, plural: plural, singular: names["singular"]?.stringValue ?? kind.lowercased(),
                                kind: kind, namespaced: namespaced, subresources: status ? ["status"] : [])
        }
    }
}
