import ValueKit

/// Typed reads of the fields every Kubernetes object has (ObjectMeta), so callers do not dig them
/// out by string paths. Absent fields read as nil (or empty maps).
extension Value {
    /// `metadata.name`.
    public var objectName: String? { self["metadata"]?["name"]?.stringValue }
    /// `metadata.namespace`.
    public var objectNamespace: String? { self["metadata"]?["namespace"]?.stringValue }
    /// `metadata.labels`, string values only.
    public var objectLabels: [String: String] { Self.strings(self["metadata"]?["labels"]) }
    /// `metadata.annotations`, string values only.
    public var objectAnnotations: [String: String] { Self.strings(self["metadata"]?["annotations"]) }
    /// `metadata.uid`.
    public var objectUID: String? { self["metadata"]?["uid"]?.stringValue }

    static func strings(_ map: Value?) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in map?.mapValue?.entries ?? [] {
            if let text = value.stringValue { out[key] = text }
        }
        return out
    }
}

/// Typed reads of the status fields osm judges workloads by (Pods, Deployments, ReplicaSets, Jobs,
/// CRDs, APIServices): the phase, the conditions, the generations and the container statuses.
extension Value {
    /// `status.phase` (Pods, PersistentVolumeClaims).
    public var phase: String? { self["status"]?["phase"]?.stringValue }
    /// `status.conditions`.
    public var conditions: [Value] { self["status"]?["conditions"]?.arrayValue ?? [] }
    /// Whether a condition of this type has status "True".
    public func hasTrueCondition(_ type: String) -> Bool {
        conditions.contains { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" }
    }
    /// `metadata.generation` (0 when absent).
    public var generation: Int { self["metadata"]?["generation"]?.integerValue ?? 0 }
    /// `status.observedGeneration` (0 when absent).
    public var observedGeneration: Int { self["status"]?["observedGeneration"]?.integerValue ?? 0 }
    /// `status.containerStatuses` of a Pod.
    public var containerStatuses: [Value] { self["status"]?["containerStatuses"]?.arrayValue ?? [] }
}
