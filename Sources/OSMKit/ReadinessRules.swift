import ValueKit

/// Helm's readiness rules (pkg/kube/ready.go) for the kinds other than Deployment, Service and Pod,
/// as pure functions of the live object: nil when ready, else why not.
enum ReadinessRules {
    static func int(_ value: Value?) -> Int { value?.integerValue ?? 0 }

    /// A count or a percentage of `total` (Kubernetes' GetScaledValueFromIntOrPercent); nil when invalid.
    static func scaled(_ value: Value?, of total: Int, roundUp: Bool) -> Int? {
        guard let value else { return nil }
        if let count = value.integerValue { return count }
        guard let text = value.stringValue, text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return nil }
        let exact = Double(total * percent) / 100
        return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
    }

    /// Why an object is not ready when its controller has not yet seen its latest generation.
    static func unobserved(_ kind: String, _ object: Value, id: String) -> String? {
        let generation = int(object["metadata"]?["generation"]), observed = int(object["status"]?["observedGeneration"])
        guard observed != generation else { return nil }
        return "\(kind) is not ready: \(id). observedGeneration \(observed) does not match generation \(generation)"
    }

    static func daemonSet(_ ds: Value, id: String) -> String? {
        if let unseen = unobserved("DaemonSet", ds, id: id) { return unseen }
        let strategy = ds["spec"]?["updateStrategy"]
        guard (strategy?["type"]?.stringValue ?? "RollingUpdate") == "RollingUpdate" else { return nil }
        let desired = int(ds["status"]?["desiredNumberScheduled"]),
            updated = int(ds["status"]?["updatedNumberScheduled"])
        if updated != desired {
            return "DaemonSet is not ready: \(id). \(updated) out of \(desired) expected pods have been scheduled"
        }
        let maxUnavailable =
            scaled(strategy?["rollingUpdate"]?["maxUnavailable"] ?? .int(1), of: desired, roundUp: true) ?? desired
        let ready = int(ds["status"]?["numberReady"]), expected = desired - maxUnavailable
        return ready >= expected
            ? nil : "DaemonSet is not ready: \(id). \(ready) out of \(expected) expected pods are ready"
    }

    static func statefulSet(_ sts: Value, id: String) -> String? {
        if let unseen = unobserved("StatefulSet", sts, id: id) { return unseen }
        let strategy = sts["spec"]?["updateStrategy"]
        guard (strategy?["type"]?.stringValue ?? "RollingUpdate") == "RollingUpdate" else { return nil }
        let partition = int(strategy?["rollingUpdate"]?["partition"])
        let replicas = sts["spec"]?["replicas"]?.integerValue ?? 1
        let updated = int(sts["status"]?["updatedReplicas"]), ready = int(sts["status"]?["readyReplicas"])
        if updated < replicas - partition {
            return
                "StatefulSet is not ready: \(id). \(updated) out of \(replicas - partition) expected pods have been scheduled"
        }
        if ready != replicas {
            return "StatefulSet is not ready: \(id). \(ready) out of \(replicas) expected pods are ready"
        }
        let current = sts["status"]?["currentRevision"]?.stringValue ?? "",
            update = sts["status"]?["updateRevision"]?.stringValue ?? ""
        if partition == 0 && current != update {
            return
                "StatefulSet is not ready: \(id). currentRevision \(current) does not yet match updateRevision \(update)"
        }
        return nil
    }

    static func persistentVolumeClaim(_ pvc: Value, id: String) -> String? {
        pvc["status"]?["phase"]?.stringValue == "Bound" ? nil : "PersistentVolumeClaim is not bound: \(id)"
    }

    /// Established; or names not accepted, which Helm lets pass (a naming conflict is not a wait's job).
    static func customResourceDefinition(_ crd: Value, id: String) -> String? {
        for condition in crd["status"]?["conditions"]?.arrayValue ?? [] {
            let type = condition["type"]?.stringValue, status = condition["status"]?.stringValue
            if type == "Established" && status == "True" { return nil }
            if type == "NamesAccepted" && status == "False" { return nil }
        }
        return "CustomResourceDefinition is not established: \(id)"
    }

    static func apiService(_ service: Value, id: String) -> String? {
        let available = (service["status"]?["conditions"]?.arrayValue ?? []).contains {
            $0["type"] == "Available" && $0["status"] == "True"
        }
        return available ? nil : "APIService is not available: \(id)"
    }
}
