import CLI
import EnvTest
import Foundation
import KubeClient
import OSMCommands
import ValueKit

/// What a run of osm printed and returned.
struct Run: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// A name no other test (or earlier run) uses: `prefix-` and six random letters.
func uniqueName(_ prefix: String) -> String {
    prefix + "-" + String((0..<6).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
}

/// The `osm` executable built beside the test bundle.
func osmBinary() -> URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("osm")
}

/// Runs the real `osm` binary as a user would, with `KUBECONFIG` set and no update check; killed
/// (and reported) after `limit` seconds so that a hang fails the test instead of stalling the run.
func osm(_ arguments: [String], kubeconfig: String, stdin: String = "", limit: Double = 180) async throws -> Run {
    let outcome = try await Spawn.run(osmBinary().path, arguments, environment: [
        "KUBECONFIG": kubeconfig, "HOME": "/nonexistent-home", "OSM_NO_UPDATE_CHECK": "1", "PATH": "/usr/bin:/bin",
    ], stdin: stdin, limit: limit)
    let note = outcome.status == nil ? (outcome.signal.map { "\n[test: died by signal \($0)]" } ?? "\n[test: killed after \(Int(limit)) s]") : ""
    return Run(status: outcome.status ?? -1, stdout: outcome.stdout, stderr: outcome.stderr + note)
}

/// Runs osm in this process (the same code as the binary) against the control plane.
func osmInProcess(_ arguments: [String], kubeconfig: String, stdin: [String] = []) async -> Run {
    let out = BufferSink(), err = BufferSink()
    let status = await OSM.execute(arguments, OSMEnvironment(
        stdout: out, stderr: err, stdin: ScriptedInput(stdin),
        variables: ["KUBECONFIG": kubeconfig, "HOME": "/nonexistent-home", "OSM_NO_UPDATE_CHECK": "1"]))
    return Run(status: status, stdout: out.text, stderr: err.text)
}

/// Polls `condition` every 100 ms until it holds or `seconds` pass; whether it held.
func eventually(_ seconds: Double = 60, _ condition: () async throws -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if (try? await condition()) == true { return true }
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
    return false
}

extension KubernetesClient {
    /// Creates a namespace for a test.
    func makeNamespace(_ name: String, labels: [String: String] = [:]) async throws {
        var meta: OrderedMap = ["name": .string(name)]
        if !labels.isEmpty {
            var map = OrderedMap()
            for (key, value) in labels.sorted(by: { $0.key < $1.key }) { map[key] = .string(value) }
            meta["labels"] = .map(map)
        }
        _ = try await create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": .map(meta)])
    }

    /// Whether an object exists.
    func exists(_ ref: ResourceRef, _ name: String, namespace: String? = nil) async throws -> Bool {
        do {
            _ = try await get(ref, name: name, namespace: namespace)
            return true
        } catch let error as KubeAPIError where error.reason == .notFound {
            return false
        }
    }
}

extension ResourceRef {
    static let jobs = ResourceRef(group: "batch", version: "v1", resource: "jobs", kind: "Job", namespaced: true)
    static let serviceAccounts = ResourceRef(group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true)
    static let clusterRoles = ResourceRef(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", kind: "ClusterRole", namespaced: false)
    static let clusterRoleBindings = ResourceRef(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterrolebindings",
                                                 kind: "ClusterRoleBinding", namespaced: false)
}

/// Tests that create OSM's cluster-wide CRDs, or delete them (`uninstall mesh -a`), take turns:
/// they share one control plane and run in parallel otherwise.
actor OSMCRDs {
    static let lock = OSMCRDs()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` while no other such test runs.
    static func exclusive<T>(_ body: () async throws -> T) async throws -> T {
        await lock.acquire()
        do {
            let result = try await body()
            await lock.release()
            return result
        } catch {
            await lock.release()
            throw error
        }
    }
}
