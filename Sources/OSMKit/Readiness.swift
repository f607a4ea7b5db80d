import Foundation
import KubeClient
import ValueKit

// Readiness of applied objects, as Helm's kube/ready.go judges it: one place for install, upgrade and
// --atomic (MeshInstaller.waitReady), with the per-kind rules below.

extension MeshInstaller {
    /// Polls until every object is ready (Helm's rules for Deployments, Services and Pods).
    func waitReady(_ objects: [Object], namespace: String, timeout: Double) async throws {
        let deadline = Deadline(seconds: timeout)
        debug(
            "beginning wait for \(objects.count) resources with timeout of \(GoDuration(nanoseconds: Int64(timeout * 1e9)))"
        )
        // Woken by Deployment changes in the release's namespace (the poll interval stays the fallback).
        let changes = ChangeWatch(client: client, ref: .deployments, namespace: namespace)
        while true {
            let version = await changes.version()
            // Only kinds with a readiness rule are read, all at once; reasons keep the objects' order.
            let checked = objects.enumerated().filter { Self.readinessKinds.contains($0.element.ref.kind) }
            let reasons = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for (index, object) in checked { group.addTask { (index, try await self.notReady(object)) } }
                var found: [Int: String] = [:]
                for try await (index, reason) in group { if let reason { found[index] = reason } }
                return found
            }
            let waiting = reasons.keys.sorted().map { reasons[$0]! }
            if waiting.isEmpty {
                progress?([], objects.count)
                return
            }
            for line in waiting { debug(line) }
            progress?(waiting, objects.count)
            if deadline.passed {
                throw OSMError(
                    "timed out waiting for the condition; not ready:\n"
                        + waiting.map { "  - \($0)" }.joined(separator: "\n"))
            }
            try await changes.next(after: version, seconds: deadline.seconds(upTo: pollInterval))
        }
    }

    /// The kinds `notReady` has a rule for; other objects are ready once applied.
    static let readinessKinds: Set<String> = [
        "Deployment", "Service", "Pod", "StatefulSet", "DaemonSet", "PersistentVolumeClaim", "CustomResourceDefinition",
        "APIService",
    ]

    func notReady(_ object: Object) async throws -> String? {
        let live = try await client.get(object.ref, name: object.name, namespace: object.namespace)
        let id = "\(object.namespace.map { "\($0)/" } ?? "")\(object.name)"
        switch object.ref.kind {
        case "Deployment":
            // Helm's rule (ready.go): a paused Deployment counts as ready; otherwise the controller must
            // have seen its latest generation, and its *new* ReplicaSet (the one with the current pod
            // template) must have seen its own and have enough ready pods. The Deployment's own
            // readyReplicas would count the old pods of a rollout.
            if live["spec"]?["paused"] == .bool(true) { return nil }
            let want = live["spec"]?["replicas"]?.integerValue ?? 1
            let observed = live.observedGeneration
            let generation = live.generation
            var ready = 0
            var newSet: Value? = nil
            if observed >= generation, let found = try await newReplicaSet(of: live, namespace: object.namespace ?? "")
            {
                newSet = found
                let rsObserved = found.observedGeneration
                if rsObserved >= found.generation {
                    ready = found["status"]?["readyReplicas"]?.integerValue ?? 0
                    if ready >= want - Self.maxUnavailable(live) { return nil }
                }
            }
            var reason = "Deployment is not ready: \(id). \(ready) out of \(want) expected pods are ready"
            if let why = try? await podProblem(newSet ?? live, namespace: object.namespace ?? "") {
                reason += " (\(why))"
            }
            return reason
        case "Service":
            let type = live["spec"]?["type"]?.stringValue ?? "ClusterIP"
            if type == "ExternalName" { return nil }
            if (live["spec"]?["clusterIP"]?.stringValue ?? "").isEmpty {
                return "Service does not have cluster IP address: \(id)"
            }
            if type == "LoadBalancer" && (live["status"]?["loadBalancer"]?["ingress"]?.arrayValue ?? []).isEmpty {
                return "Service does not have load balancer ingress IP address: \(id)"
            }
            return nil
        case "Pod":
            let ready = live.hasTrueCondition("Ready")
            return ready ? nil : "Pod is not ready: \(id)"
        case "StatefulSet": return ReadinessRules.statefulSet(live, id: id)
        case "DaemonSet": return ReadinessRules.daemonSet(live, id: id)
        case "PersistentVolumeClaim": return ReadinessRules.persistentVolumeClaim(live, id: id)
        case "CustomResourceDefinition": return ReadinessRules.customResourceDefinition(live, id: id)
        case "APIService": return ReadinessRules.apiService(live, id: id)
        default:
            return nil
        }
    }

    /// The Deployment's new ReplicaSet: one it owns whose pod template is the Deployment's (apart from
    /// the `pod-template-hash` label the controller adds), as Helm's deploymentutil finds it.
    func newReplicaSet(of deployment: Value, namespace: String) async throws -> Value? {
        guard let uid = deployment.objectUID else { return nil }
        let labels =
            deployment["spec"]?["selector"]?["matchLabels"]?.mapValue?.entries.map {
                "\($0.key)=\($0.value.stringValue ?? "")"
            } ?? []
        let sets = try await client.list(
            .replicaSets, namespace: namespace, labelSelector: labels.joined(separator: ","))
        let template = Self.withoutHash(deployment["spec"]?["template"])
        return sets.first { rs in
            (rs["metadata"]?["ownerReferences"]?.arrayValue ?? []).contains { $0["uid"]?.stringValue == uid }
                && Self.withoutHash(rs["spec"]?["template"]) == template
        }
    }

    /// A pod template without the controller's `pod-template-hash` label.
    static func withoutHash(_ template: Value?) -> Value? {
        guard var map = template?.mapValue, var metadata = map["metadata"]?.mapValue,
            var labels = metadata["labels"]?.mapValue
        else { return template }
        labels["pod-template-hash"] = nil
        metadata["labels"] = labels.isEmpty ? nil : .map(labels)
        map["metadata"] = .map(metadata)
        return .map(map)
    }

    /// Why a Deployment's pods are not ready: pod phase and container waiting reason.
    func podProblem(_ deployment: Value, namespace: String) async throws -> String? {
        let labels =
            deployment["spec"]?["selector"]?["matchLabels"]?.mapValue?.entries.map {
                "\($0.key)=\($0.value.stringValue ?? "")"
            } ?? []
        guard !labels.isEmpty else { return nil }
        for pod in try await client.list(.pods, namespace: namespace, labelSelector: labels.joined(separator: ",")) {
            let name = pod.objectName ?? ""
            // An init container that cannot start is the cause of the others' PodInitializing.
            for (kind, key) in [("init container", "initContainerStatuses"), ("container", "containerStatuses")] {
                for status in pod["status"]?[key]?.arrayValue ?? [] {
                    let container = status["name"]?.stringValue ?? ""
                    if let reason = status["state"]?["waiting"]?["reason"]?.stringValue {
                        return "pod \(name): \(kind) \(container) waiting: \(reason)"
                    }
                    // Between a crash and its restart the container is terminated (not yet CrashLoopBackOff).
                    if let ended = status["state"]?["terminated"],
                        kind == "container" || ended["exitCode"]?.integerValue != 0
                    {
                        let code = ended["exitCode"]?.integerValue.map { ", exit code \($0)" } ?? ""
                        return
                            "pod \(name): \(kind) \(container) terminated: \(ended["reason"]?.stringValue ?? "")\(code)"
                    }
                }
            }
            if let phase = pod.phase, phase != "Running" { return "pod \(name) is \(phase)" }
            // Running but failing its readiness probe (the kubelet records the probe's output only as an event).
            for status in pod.containerStatuses
            where status["ready"] == .bool(false) && status["state"]?["running"] != nil {
                var problem = "pod \(name): container \(status["name"]?.stringValue ?? "") running but not ready"
                // A crash loop caught between restarts: say how the last run ended.
                if let restarts = status["restartCount"]?.integerValue, restarts > 0 {
                    problem += ", restarted \(restarts) time\(restarts == 1 ? "" : "s")"
                    if let last = status["lastState"]?["terminated"] {
                        problem +=
                            " (last: \(last["reason"]?.stringValue ?? "terminated")\(last["exitCode"]?.integerValue.map { ", exit code \($0)" } ?? ""))"
                    }
                }
                return problem
            }
        }
        return nil
    }

    /// Helm's readiness allowance for a Deployment: its rolling update's maxUnavailable (a count, or a
    /// percentage of the replicas rounded down), 0 for other strategies, never more than the replicas.
    static func maxUnavailable(_ deployment: Value) -> Int {
        let replicas = deployment["spec"]?["replicas"]?.integerValue ?? 1
        let strategy = deployment["spec"]?["strategy"]
        guard replicas > 0, (strategy?["type"]?.stringValue ?? "RollingUpdate") == "RollingUpdate" else { return 0 }
        let setting = strategy?["rollingUpdate"]?["maxUnavailable"] ?? .string("25%")
        var value = 0
        if let count = setting.integerValue {
            value = count
        } else if let text = setting.stringValue, text.hasSuffix("%"), let percent = Int(text.dropLast()) {
            value = replicas * percent / 100
        }
        return max(0, min(value, replicas))
    }
}

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
        let generation = object.generation, observed = object.observedGeneration
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
        pvc.phase == "Bound" ? nil : "PersistentVolumeClaim is not bound: \(id)"
    }

    /// Established; or names not accepted, which Helm lets pass (a naming conflict is not a wait's job).
    static func customResourceDefinition(_ crd: Value, id: String) -> String? {
        for condition in crd.conditions {
            let type = condition["type"]?.stringValue, status = condition["status"]?.stringValue
            if type == "Established" && status == "True" { return nil }
            if type == "NamesAccepted" && status == "False" { return nil }
        }
        return "CustomResourceDefinition is not established: \(id)"
    }

    static func apiService(_ service: Value, id: String) -> String? {
        let available = service.hasTrueCondition("Available")
        return available ? nil : "APIService is not available: \(id)"
    }
}
