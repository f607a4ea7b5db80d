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
    /// The stand-in kubelet that makes Pods run.
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
    static let instance = Starter()
    private var task: Task<ControlPlane, any Error>?

    func get() async throws -> ControlPlane {
        if let task { return try await task.value }
        let task = Task { try await Self.start() }
        self.task = task
        return try await task.value
    }

    static func start() async throws -> ControlPlane {
        let envtest = try ControlPlane.envtestFolder()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("osm-envtest-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stop = envtest.appendingPathComponent("stop").path
        Teardown.arm(stop: stop, directory: directory.path)
        let started = try await Spawn.run(envtest.appendingPathComponent("start").path, [directory.path], limit: 240)
        guard started.status == 0 else {
            throw EnvTestError("envtest did not start (exit \(started.status.map(String.init) ?? "none")):\n\(started.stderr)")
        }
        let plane = ControlPlane(directory: directory, kubelet: Kubelet())
        try await plane.kubelet.start(try plane.client())
        return plane
    }
}

/// Stops the control plane when the test process ends: at a normal exit through `atexit`, and in
/// every other case through a watchdog shell that waits for this process to be gone.
private enum Teardown {
    nonisolated(unsafe) static var command: [String] = []

    static func arm(stop: String, directory: String) {
        command = [stop, directory]
        try? Spawn.detach("/bin/sh", ["-c", "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \"$0\" \"$1\"; rm -rf \"$1\"",
                                       stop, directory])
        atexit {
            guard Teardown.command.count == 2 else { return }
            _ = system("'\(Teardown.command[0])' '\(Teardown.command[1])' >/dev/null 2>&1")
        }
    }
}
