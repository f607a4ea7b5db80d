import Foundation
import HelmEngine
import KubeClient
import ValueKit
import YAML

/// Runs a release's Helm hooks for one event as Helm does: by weight (then name), deleting a
/// previous copy first (`before-hook-creation`, Helm's default), waiting for Jobs to finish, and
/// deleting the hook afterwards when its policy says so.
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
    var pollInterval: Double = 2

    static func specs(_ hooks: [Hook]) -> [Spec] {
        hooks.map { Spec(name: $0.name, kind: $0.kind, manifest: $0.content, events: $0.events, weight: $0.weight, deletePolicies: $0.deletePolicies) }
    }

    /// The hooks a release record lists (as Helm writes them).
    static func specs(_ record: ReleaseRecord) -> [Spec] {
        (record.json["hooks"]?.arrayValue ?? []).map { hook in
            Spec(name: hook["name"]?.stringValue ?? "", kind: hook["kind"]?.stringValue ?? "", manifest: hook["manifest"]?.stringValue ?? "",
                 events: (hook["events"]?.arrayValue ?? []).compactMap(\.stringValue), weight: hook["weight"]?.integerValue ?? 0,
                 deletePolicies: (hook["delete_policies"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }

    /// Runs the hooks of `event`; an error is Helm's `failed <event>: <reason>`.
    func run(_ hooks: [Spec], event: String, timeout: Double) async throws {
        let selected = hooks.filter { $0.events.contains(event) }.sorted { ($0.weight, $0.name) < ($1.weight, $1.name) }
        for hook in selected {
            do {
                try await runOne(hook, timeout: timeout)
            } catch {
                throw OSMError("failed \(event): \(error)")
            }
        }
    }

    func runOne(_ hook: Spec, timeout: Double) async throws {
        guard let object = try ReleaseObjects.documents(hook.manifest).first else { return }
        let ref = try await client.discovery.resource(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
        let ns = ref.namespaced ? (object["metadata"]?["namespace"]?.stringValue ?? namespace) : nil
        let policies = hook.deletePolicies.isEmpty ? ["before-hook-creation"] : hook.deletePolicies
        if policies.contains("before-hook-creation") { try await delete(ref, hook.name, ns) }
        _ = try await client.create(ref, object, namespace: ns)
        do {
            if ref.kind == "Job" { try await waitForJob(ref, hook.name, ns, timeout: timeout) }
        } catch {
            if policies.contains("hook-failed") { try? await delete(ref, hook.name, ns) }
            throw error
        }
        if policies.contains("hook-succeeded") { try await delete(ref, hook.name, ns) }
    }

    func delete(_ ref: ResourceRef, _ name: String, _ ns: String?) async throws {
        do {
            try await client.delete(ref, name: name, namespace: ns, propagation: .background)
        } catch let error as KubeAPIError where error.reason == .notFound {}
    }

    /// Seconds until the next poll: the interval, cut short by the deadline (0 timeout: no deadline).
    static func nextPoll(every interval: Double, deadline: Date, timeout: Double) -> Double {
        timeout > 0 ? max(0.05, min(interval, deadline.timeIntervalSinceNow)) : interval
    }

    /// Until the Job completes; its failure reason (e.g. BackoffLimitExceeded) when it fails.
    func waitForJob(_ ref: ResourceRef, _ name: String, _ ns: String?, timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let job = try await client.get(ref, name: name, namespace: ns)
            for condition in job["status"]?["conditions"]?.arrayValue ?? [] where condition["status"] == "True" {
                if condition["type"] == "Complete" { return }
                if condition["type"] == "Failed" {
                    throw OSMError("job failed: \(condition["reason"]?.stringValue ?? "")")
                }
            }
            if timeout > 0 && Date() >= deadline { throw OSMError("timed out waiting for the condition") }
            try await Task.sleep(nanoseconds: UInt64(Self.nextPoll(every: pollInterval, deadline: deadline, timeout: timeout) * 1e9))
        }
    }
}
