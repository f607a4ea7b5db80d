import HelmEngine
import KubeClient
import ValueKit
import YAML

/// Helm's uninstall (spec Appendix A.3): pre-delete hooks, then what the latest record's manifest
/// lists, in Helm's uninstall order, skipping objects marked `helm.sh/resource-policy: keep`, then
/// post-delete hooks, then every record of the release is purged.
public struct ReleaseUninstaller: Sendable {
    /// Helm's UninstallOrder: dependents before what they depend on.
    static let order = [
        "APIService", "Ingress", "IngressClass", "Service", "CronJob", "Job", "StatefulSet", "HorizontalPodAutoscaler",
        "Deployment", "ReplicaSet", "ReplicationController", "Pod", "DaemonSet", "RoleBindingList", "RoleBinding",
        "RoleList",
        "Role", "ClusterRoleBindingList", "ClusterRoleBinding", "ClusterRoleList", "ClusterRole",
        "CustomResourceDefinition",
        "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "ConfigMap", "SecretList", "Secret",
        "ServiceAccount",
        "PodDisruptionBudget", "PodSecurityPolicy", "LimitRange", "ResourceQuota", "NetworkPolicy", "Namespace",
        "PriorityClass",
    ]

    let client: KubernetesClient
    let store: ReleaseStore

    public init(client: KubernetesClient, namespace: String) {
        self.client = client
        self.store = ReleaseStore(client: client, namespace: namespace)
    }

    func releaseOwning(mesh: String) async throws -> String? {
        for record in try await store.latestOfEach() {
            let documents = (try? ReleaseObjects.documents(record.manifest)) ?? []
            if documents.contains(where: {
                $0["kind"]?.stringValue == "Deployment"
                    && $0.objectLabels["app"] == "osm-controller"
                    && $0.objectLabels["meshName"] == mesh
            }) {
                return record.name
            }
        }
        return nil
    }

    /// Removes the release named after the mesh or, failing that, the release whose manifest holds the
    /// mesh's controller Deployment (a mesh installed with Helm under another release name); Helm's
    /// error when there is neither.
    /// `timeout` bounds each hook event's wait (Helm's `--timeout`, default 5m).
    /// `heldBy`: the lease of the install that calls this to undo itself (`--atomic`); any other
    /// live osm process writing the release makes the uninstall refuse, and while it runs it holds
    /// the release itself.
    public func uninstall(_ name: String, timeout: Double, heldBy: OperationLease? = nil) async throws {
        var stored = try await store.storedHistory(name)
        if stored.isEmpty, let owner = try await releaseOwning(mesh: name) {
            stored = try await store.storedHistory(owner)
        }
        let history = stored.map(\.record)
        guard let latest = history.last, let latestSecret = stored.last?.secret else {
            throw ReleaseNotFound(name: name)
        }
        if let holder = OperationLease.liveHolder(of: latestSecret), holder.description != heldBy?.description {
            throw OperationLease.busy(mesh: name, holder)
        }
        guard heldBy == nil else {
            try await remove(latest, history: history, timeout: timeout)
            return
        }
        let lease = OperationLease(operation: "osm uninstall")
        try? await lease.hold(client, secretName: latest.secretName, namespace: store.namespace)
        try await lease.whileHeld(client, secretName: latest.secretName, namespace: store.namespace) {
            try await remove(latest, history: history, timeout: timeout)
        }
    }

    /// Hooks, the manifest's objects in uninstall order, hooks again, then every record.
    private func remove(_ latest: ReleaseRecord, history: [ReleaseRecord], timeout: Double) async throws {
        let hooks = HookRunner(client: client, namespace: store.namespace)
        let hookSpecs = HookRunner.specs(latest)
        try await hooks.run(hookSpecs, event: "pre-delete", timeout: timeout)
        var objects = try ReleaseObjects.documents(latest.manifest).filter { !ReleaseObjects.isKept($0) }
        let rank = Dictionary(uniqueKeysWithValues: Self.order.enumerated().map { ($1, $0) })
        objects.sort {
            (rank[$0["kind"]?.stringValue ?? ""] ?? Int.max) < (rank[$1["kind"]?.stringValue ?? ""] ?? Int.max)
        }
        // Kind by kind in uninstall order; the objects of one kind at once, as Helm's batched delete does.
        var failures: [String] = []
        var index = 0
        while index < objects.count {
            let kind = objects[index]["kind"]?.stringValue ?? ""
            var batch: [Value] = []
            while index < objects.count && (objects[index]["kind"]?.stringValue ?? "") == kind {
                batch.append(objects[index]); index += 1
            }
            let outcomes = await withTaskGroup(of: (Int, String?).self) { group in
                for (position, object) in batch.enumerated() {
                    group.addTask {
                        do {
                            let located = try await ReleaseObjects.locate(
                                object, client: client, releaseNamespace: store.namespace)
                            try await ReleaseObjects.delete(located, client: client)
                        } catch let error as KubeAPIError where error.reason == .notFound {
                        } catch {
                            return (position, "\(error)")
                        }
                        return (position, nil)
                    }
                }
                var found: [Int: String] = [:]
                for await (position, failure) in group { if let failure { found[position] = failure } }
                return found
            }
            failures += outcomes.keys.sorted().map { outcomes[$0]! }
        }
        try await hooks.run(hookSpecs, event: "post-delete", timeout: timeout)
        for record in history { try await store.delete(record) }
        if !failures.isEmpty {
            throw OSMError(
                "uninstallation completed with \(failures.count) error(s): \(failures.joined(separator: "; "))")
        }
    }
}

/// There is no release record for the name (Helm's wording).
public struct ReleaseNotFound: Error, CustomStringConvertible {
    public let name: String
    public var description: String { "uninstall: Release not loaded: \(name): release: not found" }
}
