import HelmEngine
import KubeClient
import ValueKit
import YAML

/// `osm mesh upgrade` (spec §2.6, Appendix A.2): the chart's defaults plus `--set`, rendered as
/// revision N+1; pre-upgrade hooks, objects applied, objects the new manifest dropped deleted,
/// readiness, post-upgrade hooks, then N is `superseded` and N+1 `deployed`. Fixed quirk (Appendix C.3): the installed mesh name and single-mesh setting
/// are kept instead of falling back to the chart defaults.
extension MeshInstaller {
    public func upgrade(_ request: InstallRequest, timeout: Double = 300) async throws {
        let mesh = request.meshName, ns = request.namespace
        let store = ReleaseStore(client: client, namespace: ns)
        let stored = try await store.storedHistory(mesh)
        let history = stored.map(\.record)
        if let latest = stored.last {
            if let holder = OperationLease.liveHolder(of: latest.secret) {
                throw OperationLease.busy(mesh: mesh, holder)
            }
            // Pending with no live osm process behind it: Helm's refusal, unless osm wrote it (then its
            // writer is gone and the upgrade goes on from the last deployed revision).
            if [.pendingInstall, .pendingUpgrade, .pendingRollback].contains(latest.record.status),
                latest.secret["metadata"]?["annotations"]?[OperationLease.holderKey] == nil
            {
                throw OSMError("another operation (install/upgrade/rollback) is in progress")
            }
        }
        let prepared = try await prepareUpgrade(request, history: history)
        var current = prepared.current
        let (request, plan, objects) = (prepared.request, prepared.plan, prepared.objects)

        var next = plan.record(
            name: mesh, namespace: ns, version: request.revision, status: .pendingUpgrade,
            description: "Preparing upgrade")
        let lease = OperationLease(operation: "osm mesh upgrade")
        try await createHeld(next, lease: lease, store: store)
        try await lease.whileHeld(client, secretName: next.secretName, namespace: ns) {
            do {
                let old = current.manifest
                try await deploy(plan, objects: objects, event: "upgrade", mesh: mesh, namespace: ns, timeout: timeout)
                {
                    try await deleteDropped(old: old, kept: objects, namespace: ns)
                }
            } catch {
                next.set(status: .failed, description: "Upgrade \"\(mesh)\" failed: \(error)")
                try? await store.save(next)
                throw error
            }
            current.set(status: .superseded, description: "Superseded")
            try await store.save(current)
            next.set(status: .deployed, description: "Upgrade complete")
            try await store.save(next)
        }
    }

    /// What an upgrade (or its preview) renders: the request as the installed release shapes it
    /// (its single-mesh setting, the next revision, the cluster's capabilities), the plan and its
    /// objects, checked for ownership; `current` is the deployed revision it replaces.
    func prepareUpgrade(_ request: InstallRequest, history: [ReleaseRecord]) async throws
        -> (request: InstallRequest, current: ReleaseRecord, plan: InstallPlan, objects: [Object])
    {
        let mesh = request.meshName, ns = request.namespace
        guard let current = history.last(where: { $0.status == .deployed }) else {
            throw OSMError("\"\(mesh)\" has no deployed releases")
        }
        var request = request
        if case .bool(let value)? = current.config["osm"]?["enforceSingleMesh"] { request.enforceSingleMesh = value }
        request.revision = (history.last?.version ?? current.version) + 1
        request.isUpgrade = true
        try await readCapabilities(into: &request)
        let plan: InstallPlan
        do { plan = try InstallPlanner.plan(request) } catch { throw OSMError(error.description, cause: error) }
        let objects = try await parse(plan.rendered, namespace: ns)
        try await checkOwnership(objects, mesh: mesh, namespace: ns)
        return (request, current, plan, objects)
    }

    /// Objects of the previous manifest that the new one no longer has, as they are in the cluster.
    func dropped(old manifest: String, kept: [Object], namespace: String) async throws -> [ReleaseObjects.Located] {
        let keep = Set(kept.map { "\($0.ref.kind)/\($0.namespace ?? "")/\($0.name)" })
        var gone: [ReleaseObjects.Located] = []
        for document in try ReleaseObjects.documents(manifest) where !ReleaseObjects.isKept(document) {
            guard let located = try? await ReleaseObjects.locate(document, client: client, releaseNamespace: namespace),
                !keep.contains("\(located.ref.kind)/\(located.namespace ?? "")/\(located.name)")
            else { continue }
            gone.append(located)
        }
        return gone
    }

    func deleteDropped(old manifest: String, kept: [Object], namespace: String) async throws {
        for located in try await dropped(old: manifest, kept: kept, namespace: namespace) {
            try await ReleaseObjects.delete(located, client: client)
        }
    }
}
