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
