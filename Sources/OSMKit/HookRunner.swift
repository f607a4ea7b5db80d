import Foundation
import HelmEngine
import KubeClient
import ValueKit
import YAML

/// Runs a release's Helm hooks for one event as Helm 3.2+ does: ordered by weight, then by kind in
/// Helm's install order (unknown kinds last, by kind), then by name; each hook's previous copy is
/// deleted first (`before-hook-creation`, the default) and awaited; Jobs and Pods are awaited until
/// they finish; a failed hook is deleted when its policy has `hook-failed`; only once **every** hook
/// of the event has succeeded are those with `hook-succeeded` deleted, in reverse order. So a Job's
/// ServiceAccount and RBAC exist while it runs. Every wait ends at the deadline.
struct HookRunner: Sendable {
    struct Spec: Sendable {
        var name: String
        var kind: String
        var manifest: String
        var events: [String]
        var weight: Int
        var deletePolicies: [String]
    }

    let client: KubernetesClient
    let namespace: String
    /// Seconds between status reads while waiting.
    var pollInterval: Double = 0.5

    static func specs(_ hooks: [Hook]) -> [Spec] {
        hooks.map {
            Spec(
                name: $0.name, kind: $0.kind, manifest: $0.content, events: $0.events, weight: $0.weight,
                deletePolicies: $0.deletePolicies)
        }
    }

    /// The hooks a release record lists (as Helm writes them).
    static func specs(_ record: ReleaseRecord) -> [Spec] {
        (record.json["hooks"]?.arrayValue ?? []).map { hook in
            Spec(
                name: hook["name"]?.stringValue ?? "", kind: hook["kind"]?.stringValue ?? "",
                manifest: hook["manifest"]?.stringValue ?? "",
                events: (hook["events"]?.arrayValue ?? []).compactMap(\.stringValue),
                weight: hook["weight"]?.integerValue ?? 0,
                deletePolicies: (hook["delete_policies"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }

    /// Helm's execution order of one event's hooks.
    static func ordered(_ hooks: [Spec]) -> [Spec] {
        let rank = Dictionary(uniqueKeysWithValues: ManifestSorter.installOrder.enumerated().map { ($1, $0) })
        return hooks.sorted { a, b in
            if a.weight != b.weight { return a.weight < b.weight }
            switch (rank[a.kind], rank[b.kind]) {
            case (nil, nil): return a.kind == b.kind ? a.name < b.name : a.kind < b.kind
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?): return x == y ? a.name < b.name : x < y
            }
        }
    }

    /// Runs the hooks of `event`; an error is Helm's `failed <event>: <reason>`. `timeout` 0: no deadline
    /// (never used by osm's commands, which always pass one).
    func run(_ hooks: [Spec], event: String, timeout: Double) async throws {
        let selected = Self.ordered(hooks.filter { $0.events.contains(event) })
        guard !selected.isEmpty else { return }
        let deadline = Deadline(seconds: timeout)
        do {
            for hook in selected {
                try await runOne(hook, deadline: deadline)
            }
            for hook in selected.reversed() where policies(hook).contains("hook-succeeded") {
                try await delete(hook, deadline: deadline)
            }
        } catch {
            throw OSMError("failed \(event): \(error)", cause: error)
        }
    }

    func policies(_ hook: Spec) -> [String] {
        hook.deletePolicies.isEmpty ? ["before-hook-creation"] : hook.deletePolicies
    }

    func runOne(_ hook: Spec, deadline: Deadline) async throws {
        guard let object = try ReleaseObjects.documents(hook.manifest).first else { return }
        if policies(hook).contains("before-hook-creation") { try await delete(hook, deadline: deadline) }
        let (ref, ns) = try await locate(object)
        _ = try await client.create(ref, object, namespace: ns)
        do {
            switch ref.kind {
            case "Job": try await waitForJob(ref, hook.name, ns, deadline: deadline)
            case "Pod": try await waitForPod(hook.name, ns, deadline: deadline)
            default: break
            }
        } catch {
            if policies(hook).contains("hook-failed") { try? await delete(hook, deadline: deadline) }
            throw error
        }
    }

    func locate(_ object: Value) async throws -> (ResourceRef, String?) {
        let ref = try await client.discovery.resource(
            apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
        return (ref, ref.namespaced ? (object.objectNamespace ?? namespace) : nil)
    }

    /// Deletes a hook's object (never a CustomResourceDefinition, as Helm) and waits until it is gone.
    func delete(_ hook: Spec, deadline: Deadline) async throws {
        guard hook.kind != "CustomResourceDefinition", let object = try ReleaseObjects.documents(hook.manifest).first
        else { return }
        let (ref, ns) = try await locate(object)
        do {
            try await client.delete(ref, name: hook.name, namespace: ns, propagation: .background)
        } catch let error as KubeAPIError where error.reason == .notFound {
            return
        }
        // Woken by the object's own changes (its deletion ends the wait at once); the interval is the fallback.
        let changes = ChangeWatch(client: client, ref: ref, namespace: ns, fieldSelector: "metadata.name=\(hook.name)")
        while true {
            let version = await changes.version()
            do {
                _ = try await client.get(ref, name: hook.name, namespace: ns)
            } catch let error as KubeAPIError where error.reason == .notFound {
                return
            }
            if deadline.passed {
                throw OSMError(
                    "timed out waiting for the condition; \(ref.kind) \"\(hook.name)\" was not deleted in time")
            }
            try await changes.next(after: version, seconds: deadline.seconds(upTo: max(pollInterval, 1)))
        }
    }

    /// Until the Job completes. Failure: Helm's `job failed: <reason>`; a deadline that passes names
    /// the Job and the latest thing the cluster said about it (e.g. a Pod it could not create).
    func waitForJob(_ ref: ResourceRef, _ name: String, _ ns: String?, deadline: Deadline) async throws {
        let changes = ChangeWatch(client: client, ref: ref, namespace: ns, fieldSelector: "metadata.name=\(name)")
        while true {
            let version = await changes.version()
            let job = try await client.get(ref, name: name, namespace: ns)
            for condition in job.conditions where condition["status"] == "True" {
                if condition["type"] == "Complete" { return }
                if condition["type"] == "Failed" {
                    let reason = condition["reason"]?.stringValue ?? ""
                    let message = condition["message"]?.stringValue.map { ": \($0)" } ?? ""
                    throw OSMError("job failed: \(reason) (Job \(Self.qualified(name, ns))\(message))")
                }
            }
            if deadline.passed { throw await timedOut(kind: "Job", name: name, namespace: ns, waitedFor: "complete") }
            try await changes.next(after: version, seconds: deadline.seconds(upTo: 2))
        }
    }

    func waitForPod(_ name: String, _ ns: String?, deadline: Deadline) async throws {
        let changes = ChangeWatch(client: client, ref: .pods, namespace: ns, fieldSelector: "metadata.name=\(name)")
        while true {
            let version = await changes.version()
            let pod = try await client.get(.pods, name: name, namespace: ns)
            switch pod.phase {
            case "Succeeded": return
            case "Failed": throw OSMError("pod \(name) failed")
            default: break
            }
            if deadline.passed { throw await timedOut(kind: "Pod", name: name, namespace: ns, waitedFor: "finish") }
            try await changes.next(after: version, seconds: deadline.seconds(upTo: 2))
        }
    }

    /// `namespace/name`, or the name alone for a cluster-scoped object.
    static func qualified(_ name: String, _ namespace: String?) -> String { namespace.map { "\($0)/\(name)" } ?? name }

    /// Helm's timeout words, then the object and the newest thing the cluster said about it.
    func timedOut(kind: String, name: String, namespace: String?, waitedFor: String) async -> OSMError {
        var text =
            "timed out waiting for the condition; \(kind) \(Self.qualified(name, namespace)) did not \(waitedFor)"
        if let latest = await latestEvent(kind: kind, name: name, namespace: namespace) { text += ": \(latest)" }
        return OSMError(text)
    }

    /// `<reason>: <message>` of the newest Event about an object, if the cluster has one.
    func latestEvent(kind: String, name: String, namespace: String?) async -> String? {
        guard let namespace else { return nil }
        let events =
            (try? await client.list(
                .events, namespace: namespace,
                fieldSelector: "involvedObject.kind=\(kind),involvedObject.name=\(name)")) ?? []
        func time(_ event: Value) -> String {
            event["lastTimestamp"]?.stringValue ?? event["eventTime"]?.stringValue ?? event["metadata"]?[
                "creationTimestamp"]?.stringValue ?? ""
        }
        guard let newest = events.max(by: { time($0) < time($1) }) else { return nil }
        return "\(newest["reason"]?.stringValue ?? ""): \(newest["message"]?.stringValue ?? "")"
    }
}

/// A point in time a wait must not pass; `seconds` 0 means none.
struct Deadline: Sendable {
    let end: Date?

    init(seconds: Double) { end = seconds > 0 ? Date().addingTimeInterval(seconds) : nil }

    var passed: Bool { end.map { Date() >= $0 } ?? false }

    /// Seconds to wait: `interval`, cut short by the deadline.
    func seconds(upTo interval: Double) -> Double {
        let left = end.map { $0.timeIntervalSinceNow } ?? interval
        return max(0.02, min(interval, left))
    }

    func nanoseconds(upTo interval: Double) -> UInt64 { UInt64(seconds(upTo: interval) * 1e9) }
}
