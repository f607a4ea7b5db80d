import Foundation
import KubeClient
import ValueKit

/// Plays the kubelet for envtest, which has none: watches every Pod and writes its status as a
/// node would once the containers run. A Pod of a Deployment (or any other) becomes Running and
/// Ready; a Job's Pod ends Succeeded, or Failed when a test asked for that Job to fail. Pod IPs are
/// always 127.0.0.1 (the workplace reaches loopback only). Driven by watch events, not a poll.
public final class Kubelet: @unchecked Sendable {
    public enum JobOutcome: Sendable { case succeed, fail, stayPending }

    private let lock = NSLock()
    private var handled: Set<String> = []
    private var jobOutcomes: [String: JobOutcome] = [:]
    private var namespaceOutcomes: [String: JobOutcome] = [:]
    private var pending: [String: Bool] = [:]
    private var task: Task<Void, Never>?
    private var jobRuns: [String] = []

    /// `namespace/job` of every Job Pod this kubelet ran, in the order it ran them.
    public func jobsRun(in namespace: String) -> [String] {
        lock.withLock { jobRuns.filter { $0.hasPrefix(namespace + "/") }.map { String($0.dropFirst(namespace.count + 1)) } }
    }

    init() {}

    /// A stand-in run on its own (Benchmarks/kubelet-standin): plays the kubelet of the cluster a
    /// kubeconfig names until the process ends.
    public static func standalone(kubeconfig: String) async throws -> Kubelet {
        let config = try KubeConfigLoader(explicitPath: kubeconfig, context: "", variables: [:]).clientConfig()
        let kubelet = Kubelet()
        try await kubelet.start(KubernetesClient(rest: RESTClient(config: config, variables: [:])))
        return kubelet
    }

    /// What the Pods of Job `name` in `namespace` do (default: succeed).
    public func setOutcome(_ outcome: JobOutcome, job name: String, namespace: String) {
        lock.withLock { jobOutcomes["\(namespace)/\(name)"] = outcome }
    }

    /// Pods in `namespace` stay Pending (a cluster whose nodes cannot run them), Job or not.
    public func holdPods(in namespace: String) {
        lock.withLock { pending[namespace] = true }
    }

    func start(_ client: KubernetesClient) async throws {
        // The first list makes sure the API answers before tests begin; the watch then runs for the process.
        _ = try await client.list(.pods)
        task = Task.detached { [self] in await run(client) }
    }

    /// List, then watch from the list's resourceVersion; again on a closed or expired watch.
    private func run(_ client: KubernetesClient) async {
        while !Task.isCancelled {
            do {
                let list = try await client.rest.send("GET", ResourceRef.pods.path(namespace: nil))
                let page = try GoJSONDecoder.decode(String(decoding: list.body, as: UTF8.self))
                for pod in page["items"]?.arrayValue ?? [] { consider(pod, client) }
                var version = page["metadata"]?["resourceVersion"]?.stringValue
                while !Task.isCancelled {
                    let expired = Flag()
                    let seen = Box(version)
                    try await client.watch(.pods, resourceVersion: version, timeoutSeconds: 300) { [self] event in
                        if event.type == "ERROR" { expired.set(); return false }
                        if let rv = event.object["metadata"]?["resourceVersion"]?.stringValue { seen.value = rv }
                        if event.type == "ADDED" || event.type == "MODIFIED" { consider(event.object, client) }
                        return true
                    }
                    if expired.isSet { break }
                    version = seen.value
                }
            } catch {
                try? await Task.sleep(nanoseconds: 200_000_000)
            }
        }
    }

    private func consider(_ pod: Value, _ client: KubernetesClient) {
        let meta = pod["metadata"]
        guard let name = meta?["name"]?.stringValue, let namespace = meta?["namespace"]?.stringValue,
              let uid = meta?["uid"]?.stringValue, meta?["deletionTimestamp"] == nil,
              (pod["status"]?["phase"]?.stringValue ?? "Pending") == "Pending" else { return }
        let job = meta?["labels"]?["batch.kubernetes.io/job-name"]?.stringValue ?? meta?["labels"]?["job-name"]?.stringValue
        let outcome: JobOutcome? = lock.withLock {
            if pending[namespace] == true || handled.contains(uid) { return nil }
            if let job, jobOutcomes["\(namespace)/\(job)"] == .stayPending { return nil }
            handled.insert(uid)
            if let job { jobRuns.append("\(namespace)/\(job)") }
            return job.map { jobOutcomes["\(namespace)/\($0)"] ?? .succeed } ?? .succeed
        }
        guard let outcome else { return }
        let status = Self.status(pod, job: job != nil, outcome: outcome)
        let body = Array(((try? GoJSONEncoder.encode(["status": status])) ?? "{}").utf8)
        Task.detached { await Self.write(body, pod: name, namespace: namespace, client) }
    }

    /// PATCHes the status subresource, retrying a few times on transient errors.
    static func write(_ body: [UInt8], pod name: String, namespace: String, _ client: KubernetesClient) async {
        for attempt in 0..<5 {
            do {
                _ = try await client.patch(.pods, name: name, namespace: namespace, type: .merge, body: body, subresource: "status")
                return
            } catch let error as KubeAPIError where error.reason == .notFound {
                return
            } catch {
                try? await Task.sleep(nanoseconds: UInt64(100_000_000 * (attempt + 1)))
            }
        }
    }

    /// The status a node writes: running and ready, or (Job Pods) terminated with exit code 0 or 1.
    static func status(_ pod: Value, job: Bool, outcome: JobOutcome) -> Value {
        let now = Value.string(ISO8601DateFormatter().string(from: Date()))
        let succeeded = outcome == .succeed
        var statuses: [Value] = []
        for container in pod["spec"]?["containers"]?.arrayValue ?? [] {
            var state = OrderedMap()
            if job {
                var terminated = OrderedMap()
                terminated["exitCode"] = .int(succeeded ? 0 : 1)
                terminated["reason"] = .string(succeeded ? "Completed" : "Error")
                terminated["startedAt"] = now
                terminated["finishedAt"] = now
                state["terminated"] = .map(terminated)
            } else {
                state["running"] = .map(["startedAt": now])
            }
            var entry = OrderedMap()
            entry["name"] = container["name"] ?? .string("")
            entry["image"] = container["image"] ?? .string("")
            entry["imageID"] = .string("")
            entry["ready"] = .bool(!job)
            entry["started"] = .bool(!job)
            entry["restartCount"] = .int(0)
            entry["state"] = .map(state)
            statuses.append(.map(entry))
        }
        var conditions: [Value] = []
        for (type, ok) in [("PodScheduled", true), ("Initialized", true), ("ContainersReady", !job), ("Ready", !job)] {
            conditions.append(.map(["type": .string(type), "status": .string(ok ? "True" : "False"), "lastTransitionTime": now]))
        }
        let loopback: Value = .array([.map(["ip": .string("127.0.0.1")])])
        var status = OrderedMap()
        status["phase"] = .string(job ? (succeeded ? "Succeeded" : "Failed") : "Running")
        status["podIP"] = .string("127.0.0.1")
        status["podIPs"] = loopback
        status["hostIP"] = .string("127.0.0.1")
        status["hostIPs"] = loopback
        status["startTime"] = now
        status["conditions"] = .array(conditions)
        status["containerStatuses"] = .array(statuses)
        return .map(status)
    }
}

/// A flag set once from another task (a watch callback, a test step).
final class Flag: @unchecked Sendable {  // sound: the value is only touched under the lock
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// A value shared with a watch callback.
public final class Box<T>: @unchecked Sendable {  // sound: the value is only touched under the lock
    private let lock = NSLock()
    private var stored: T
    public init(_ value: T) { stored = value }
    public var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
