import Foundation
import KubeClient

/// One real control plane (etcd, kube-apiserver, kube-controller-manager from `../shared/envtest`)
/// per test process: started by the first test that asks, stopped when the process ends, and by a
/// watchdog process should the test process die before it can stop it.
public final class ControlPlane: Sendable {
    /// The control plane's folder: kubeconfigs, certificates, logs.
    public let directory: URL
    /// Cluster-admin kubeconfig (client certificate).
    public var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }
    /// `dev-user`'s kubeconfig: a bearer token with no RBAC grants (every request is 403).
    public var unprivilegedKubeconfig: String { directory.appendingPathComponent("kubeconfig-dev").path }
    /// The stand-in kubelet that makes Pods run (idle on a plane `withNode`, whose Pods a real kubelet runs).
    public let kubelet: Kubelet

    init(directory: URL, kubelet: Kubelet) {
        self.directory = directory
        self.kubelet = kubelet
    }

    /// A new client for the cluster admin, through the same loader and transport `osm` uses.
    public func client() throws -> KubernetesClient {
        let config = try KubeConfigLoader(explicitPath: kubeconfig, context: "", variables: [:]).clientConfig()
        return KubernetesClient(rest: RESTClient(config: config, variables: [:]))
    }

    /// The shared control plane, started on first use (≈15–20 s).
    public static func shared() async throws -> ControlPlane {
        try await Starter.instance.get()
    }

    /// A second control plane of its own, for tests that restart its API server (which would upset
    /// the other tests on the shared one); started on first use, stopped with the process.
    public static func restartable() async throws -> ControlPlane {
        try await Starter.restartableInstance.get()
    }

    /// A control plane with a real node (`../shared/envtest/start-node`: kubelet, scheduler, containerd)
    /// and no stand-in kubelet: Pods really run, fail probes and serve port-forwards. One per machine;
    /// started on first use, stopped with the process.
    public static func withNode() async throws -> ControlPlane {
        try await Starter.nodeInstance.get()
    }

    /// Kills this control plane's API server, keeps it down `seconds`, starts it again and waits
    /// until it is ready (`../shared/envtest/restart-apiserver`); its report line.
    public func restartAPIServer(down seconds: Int) async throws -> String {
        let script = try Self.envtestFolder().appendingPathComponent("restart-apiserver").path
        let run = try await Spawn.run(script, [directory.path, String(seconds)], limit: 120)
        guard run.status == 0 else { throw EnvTestError("restart-apiserver failed (exit \(run.status.map(String.init) ?? "none")):\n\(run.stderr)") }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `../shared/envtest` seen from this checkout (or `OSM_ENVTEST` when set).
    static func envtestFolder() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["OSM_ENVTEST"], !path.isEmpty { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent("shared/envtest")
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("start").path) { return candidate }
        }
        throw EnvTestError("no envtest found: expected shared/envtest/start beside the checkout (or set OSM_ENVTEST)")
    }
}

public struct EnvTestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Starts the control plane once, whichever test asks first; later callers wait for the same start.
private actor Starter {
    static let instance = Starter(name: "osm-envtest")
    static let restartableInstance = Starter(name: "osm-envtest-restartable")
    static let nodeInstance = Starter(name: "osm-envtest-node", node: true)
    private var task: Task<ControlPlane, any Error>?
    let name: String
    let node: Bool

    init(name: String, node: Bool = false) {
        self.name = name
        self.node = node
    }

    func get() async throws -> ControlPlane {
        if let task { return try await task.value }
        let name = self.name, node = self.node
        let task = Task { try await Self.start(name, node: node) }
        self.task = task
        return try await task.value
    }

    static func start(_ name: String, node: Bool) async throws -> ControlPlane {
        let envtest = try ControlPlane.envtestFolder()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stop = envtest.appendingPathComponent("stop").path
        Teardown.arm(stop: stop, directory: directory.path)
        let started = try await Spawn.run(envtest.appendingPathComponent("start").path, [directory.path], limit: 240)
        guard started.status == 0 else {
            throw EnvTestError("envtest did not start (exit \(started.status.map(String.init) ?? "none")):\n\(started.stderr)")
        }
        let plane = ControlPlane(directory: directory, kubelet: Kubelet())
        if node {
            let added = try await Spawn.run(envtest.appendingPathComponent("start-node").path, [directory.path], limit: 120)
            guard added.status == 0 else {
                throw EnvTestError("envtest's node did not start (exit \(added.status.map(String.init) ?? "none")):\n\(added.stderr)")
            }
        } else {
            try await plane.kubelet.start(try plane.client())
        }
        return plane
    }
}

/// Stops the control plane when the test process ends: at a normal exit through `atexit`, and in
/// every other case through a watchdog shell that waits for this process to be gone.
private enum Teardown {
    /// (stop script, folder) of each control plane this process started; only touched while a
    /// Starter (an actor) starts one, and read at exit.
    nonisolated(unsafe) static var commands: [(String, String)] = []

    static func arm(stop: String, directory: String) {
        let first = commands.isEmpty
        commands.append((stop, directory))
        try? Spawn.detach("/bin/sh", ["-c", "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \"$0\" \"$1\"; rm -rf \"$1\"",
                                       stop, directory])
        guard first else { return }
        atexit {
            for (stop, directory) in Teardown.commands {
                _ = system("'\(stop)' '\(directory)' >/dev/null 2>&1")
            }
        }
    }
}
