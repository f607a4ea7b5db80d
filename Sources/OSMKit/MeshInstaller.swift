import Foundation
import HelmEngine
import KubeClient
import ValueKit
import YAML

/// `osm install` against a cluster (spec §2.1, with upstream v1.0's CLI-side pre-checks): checks
/// before anything is written, namespace, release record (`pending-install` → `deployed`/`failed`),
/// CRDs then objects in Helm's order by server-side apply, and a readiness wait.
public struct MeshInstaller: Sendable {
    let client: KubernetesClient
    /// `[debug]` lines (`--verbose`).
    let debug: @Sendable (String) -> Void
    /// Longest wait between readiness checks (Helm polls every 2 s); a watch wakes the check earlier.
    public var pollInterval: Double = 2
    /// Called after every readiness poll with the objects still not ready (empty once all are).
    public var progress: (@Sendable (_ waiting: [String], _ total: Int) -> Void)?

    public init(client: KubernetesClient, debug: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.debug = debug
    }

    /// The field manager of the release's objects: Helm's own ("helm"), so that Helm 4, which upgrades
    /// by server-side apply without forcing conflicts, can take over a mesh osm installed (seen with
    /// scripts/helm-interop.sh: with "osm" its upgrade failed on conflicts).
    static let fieldManager = "helm"

    static let releaseNamePattern = #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#

    /// What the checks made before anything is written found: the plan, its objects with their API
    /// resources, and the release's earlier records.
    struct Preflight {
        var plan: InstallPlan
        var objects: [Object]
        var previous: [(record: ReleaseRecord, secret: Value)]
    }

    /// The checks both an install and a server dry run make before writing: release name, cluster
    /// capabilities, the render, an existing release (`resumable`: a failed or interrupted one may be
    /// completed, and then the mesh checks are skipped), the mesh rules and object ownership.
    func preflight(_ request: InstallRequest, resumable: Bool) async throws -> Preflight {
        let mesh = request.meshName, ns = request.namespace
        try Self.checkReleaseName(mesh)
        var request = request
        try await readCapabilities(into: &request)
        debug("Loading OSM helm chart")
        let plan: InstallPlan
        do { plan = try InstallPlanner.plan(request) } catch { throw OSMError(error.description) }
        let previous = try await ReleaseStore(client: client, namespace: ns).storedHistory(mesh)
        // A record another live osm process is writing is not ours to resume or replace.
        if let latest = previous.last, let holder = OperationLease.liveHolder(of: latest.secret) {
            throw OperationLease.busy(mesh: mesh, holder)
        }
        let resuming =
            resumable && (previous.last.map { [.failed, .pendingInstall].contains($0.record.status) } ?? false)
        if !previous.isEmpty && !resuming { throw OSMError("cannot re-use a name that is still in use") }
        if !resuming { try await checkMeshes(mesh: mesh, namespace: ns, enforceSingleMesh: request.enforceSingleMesh) }
        let objects = try await parse(plan.rendered, namespace: ns)
        try await checkOwnership(objects, mesh: mesh, namespace: ns)
        return Preflight(plan: plan, objects: objects, previous: previous)
    }

    /// Installs; `timeout` 0 waits without limit.
    public func install(_ request: InstallRequest, atomic: Bool, timeout: Double) async throws {
        let mesh = request.meshName, ns = request.namespace
        let checked = try await preflight(request, resumable: true)
        let (plan, objects, previous) = (checked.plan, checked.objects, checked.previous)
        let store = ReleaseStore(client: client, namespace: ns)

        debug("Beginning OSM installation")
        do {
            _ = try await client.get(.namespaces, name: ns)
        } catch let error as KubeAPIError where error.reason == .notFound {
            do {
                _ = try await client.create(
                    .namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]])
            } catch let error as KubeAPIError where error.reason == .alreadyExists {
                // Another writer (a second osm, kubectl) created it between the read and the create: as
                // Helm's --create-namespace, that is the namespace wanted; the record decides who installs.
            }
        }
        // The records of an interrupted install go, each only as it was read (a concurrent writer's
        // change makes the delete fail); then the new record is created, never overwritten.
        for old in previous {
            do {
                try await store.delete(stored: old.secret)
            } catch let error as KubeAPIError where error.reason == .conflict {
                throw try await busyOrInUse(mesh: mesh, store: store, secretName: old.record.secretName)
            }
        }
        var record = plan.record(
            name: mesh, namespace: ns, version: 1, status: .pendingInstall, description: "Initial install underway")
        let lease = OperationLease(operation: "osm install")
        try await createHeld(record, lease: lease, store: store)
        try await lease.whileHeld(client, secretName: record.secretName, namespace: ns) {
            do {
                try await deploy(plan, objects: objects, event: "install", mesh: mesh, namespace: ns, timeout: timeout)
            } catch {
                record.set(status: .failed, description: "Release \"\(mesh)\" failed: \(error)")
                try? await store.save(record)
                if atomic {
                    do {
                        try await ReleaseUninstaller(client: client, namespace: ns).uninstall(
                            mesh, timeout: timeout, heldBy: lease)
                    } catch let cleanup {
                        // Both errors, as Helm's failRelease reports a failed clean-up.
                        throw OSMError(
                            "an error occurred while uninstalling the release. original install error: \(error): \(cleanup)",
                            cause: cleanup)
                    }
                    throw OSMError(
                        "release \(mesh) failed, and has been uninstalled due to atomic being set: \(error)",
                        cause: error)
                }
                throw error
            }
            record.set(status: .deployed, description: "Install complete")
            try await store.save(record)
        }
    }

    /// Creates a revision's record held by `lease`; a record of that revision already there is
    /// another writer's.
    func createHeld(_ record: ReleaseRecord, lease: OperationLease, store: ReleaseStore) async throws {
        do {
            try await store.create(record, lease: lease)
        } catch let error as KubeAPIError where error.reason == .alreadyExists {
            throw try await busyOrInUse(mesh: record.name, store: store, secretName: record.secretName)
        }
    }

    /// Why a record could not be created or replaced: another live osm process holds it, or (as
    /// Helm says) the release exists.
    func busyOrInUse(mesh: String, store: ReleaseStore, secretName: String) async throws -> OSMError {
        if let secret = try? await client.get(.secrets, name: secretName, namespace: store.namespace),
            let holder = OperationLease.liveHolder(of: secret)
        {
            return OperationLease.busy(mesh: mesh, holder)
        }
        return OSMError("cannot re-use a name that is still in use")
    }

    /// Helm's rule for release names (DNS-1123 subdomain, at most 53 characters).
    static func checkReleaseName(_ mesh: String) throws {
        guard mesh.count <= 53, mesh.range(of: Self.releaseNamePattern, options: .regularExpression) != nil else {
            throw OSMError(
                "release name \"\(mesh)\": invalid release name, must match regex \(Self.releaseNamePattern) and the length must not be longer than 53"
            )
        }
    }

    /// Helm's sequence for a revision: `pre-<event>` hooks, the objects applied, `afterApply`
    /// (an upgrade deletes what the new manifest dropped), readiness, `post-<event>` hooks.
    func deploy(
        _ plan: InstallPlan, objects: [Object], event: String, mesh: String, namespace: String, timeout: Double,
        afterApply: () async throws -> Void = {}
    ) async throws {
        let hooks = HookRunner(client: client, namespace: namespace)
        let specs = HookRunner.specs(plan.rendered.hooks)
        try await hooks.run(specs, event: "pre-\(event)", timeout: timeout)
        try await apply(crds: plan.rendered.crds, objects: objects, mesh: mesh, namespace: namespace)
        try await afterApply()
        try await waitReady(objects, namespace: namespace, timeout: timeout)
        try await hooks.run(specs, event: "post-\(event)", timeout: timeout)
    }

    /// `.Capabilities` from the cluster: its version and every API group/version/Kind it serves.
    func readCapabilities(into request: inout InstallRequest) async throws {
        do {
            if let git = try await client.discovery.serverVersion()["gitVersion"]?.stringValue {
                request.kubeVersion = git
            }
            request.apiVersions = try await client.discovery.capabilityVersions().sorted()
        } catch {
            throw OSMError("Kubernetes cluster unreachable: \(error)", cause: error)
        }
    }

    /// Upstream v1.0's checks, made before anything is written.
    func checkMeshes(mesh: String, namespace: String, enforceSingleMesh: Bool) async throws {
        let controllers = try await client.list(.deployments, labelSelector: "app=osm-controller")
        func label(_ d: Value, _ key: String) -> String? { d.objectLabels[key] }
        func namespaceOf(_ d: Value) -> String { d.objectNamespace ?? "" }
        if let same = controllers.first(where: { label($0, "meshName") == mesh }) {
            throw OSMError(
                "Mesh \(mesh) already exists in namespace \(namespaceOf(same)). Please specify a new mesh name using --mesh-name and install the mesh in a different namespace using --osm-namespace"
            )
        }
        if controllers.contains(where: { namespaceOf($0) == namespace }) {
            throw OSMError(
                "Namespace [\(namespace)] already has an osm controller. Please specify a different namespace using --osm-namespace"
            )
        }
        if let enforcing = controllers.first(where: { label($0, "enforceSingleMesh") == "true" }) {
            throw OSMError(
                "Cannot install mesh [\(mesh)]. Existing mesh [\(label(enforcing, "meshName") ?? "")] enforces single mesh cluster."
            )
        }
        if enforceSingleMesh && !controllers.isEmpty {
            throw OSMError("Meshes already exist in cluster. Cannot enforce single mesh cluster.")
        }
    }

    // @unchecked Sendable, sound: plain values (a resource reference and a Value), never mutated after parsing.
    struct Object: @unchecked Sendable {
        var ref: ResourceRef
        var value: Value
        var name: String { value.objectName ?? "" }
        var namespace: String?
    }

    /// The rendered objects with their API resources; a kind the cluster does not serve is an error.
    func parse(_ rendered: RenderedRelease, namespace: String) async throws -> [Object] {
        // Kinds the chart's own crds/ define are not served yet before the CRDs are created.
        var chartKinds: [String: ResourceRef] = [:]
        for crd in rendered.crds {
            for document in (try? YAML.decodeDocuments(crd.content)) ?? [] {
                guard let spec = document["spec"], let group = spec["group"]?.stringValue,
                    let kind = spec["names"]?["kind"]?.stringValue,
                    let plural = spec["names"]?["plural"]?.stringValue
                else { continue }
                for version in spec["versions"]?.arrayValue ?? [] {
                    guard let name = version["name"]?.stringValue else { continue }
                    chartKinds["\(group)/\(name)/\(kind)"] = ResourceRef(
                        group: group, version: name, resource: plural, kind: kind,
                        namespaced: spec["scope"]?.stringValue != "Cluster")
                }
            }
        }
        var out: [Object] = []
        for manifest in rendered.manifests {
            for document in try ReleaseObjects.documents(manifest.content) {
                let apiVersion = document["apiVersion"]?.stringValue ?? "", kind = document["kind"]?.stringValue ?? ""
                let ref: ResourceRef
                do {
                    ref = try await client.discovery.resource(apiVersion: apiVersion, kind: kind)
                } catch  where chartKinds["\(apiVersion)/\(kind)"] != nil {
                    ref = chartKinds["\(apiVersion)/\(kind)"]!
                } catch {
                    throw OSMError(
                        "unable to build kubernetes objects from release manifest: resource mapping not found for name: \"\(document.objectName ?? "")\" namespace: \"\(document.objectNamespace ?? "")\" from \"\(manifest.path)\": no matches for kind \"\(kind)\" in version \"\(apiVersion)\""
                    )
                }
                out.append(
                    Object(
                        ref: ref, value: document,
                        namespace: ref.namespaced ? (document.objectNamespace ?? namespace) : nil
                    ))
            }
        }
        return out
    }

    /// Helm refuses objects that exist and belong to no (or another) release.
    /// The objects are read at once; the first one in install order that belongs elsewhere is reported.
    func checkOwnership(_ objects: [Object], mesh: String, namespace: String) async throws {
        let foreign = await withTaskGroup(of: Int?.self) { group in
            for (index, object) in objects.enumerated() {
                group.addTask {
                    guard let live = try? await client.get(object.ref, name: object.name, namespace: object.namespace)
                    else { return nil }
                    let annotations = live["metadata"]?["annotations"]
                    let ours =
                        annotations?["meta.helm.sh/release-name"]?.stringValue == mesh
                        && annotations?["meta.helm.sh/release-namespace"]?.stringValue == namespace
                    return ours ? nil : index
                }
            }
            var found: [Int] = []
            for await index in group { if let index { found.append(index) } }
            return found.min()
        }
        if let index = foreign {
            let object = objects[index]
            let place = object.namespace.map { " in namespace \"\($0)\"" } ?? ""
            throw OSMError(
                "rendered manifests contain a resource that already exists. Unable to continue with install: \(object.ref.kind) \"\(object.name)\"\(place) exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: missing key \"meta.helm.sh/release-name\": must be set to \"\(mesh)\""
            )
        }
    }

    /// CRDs first, then every object with Helm's ownership labels in three waves, each applied at
    /// once over the shared connection: namespaces; what pods depend on (Helm's kinds before
    /// Service: quotas, service accounts, secrets, config maps, storage, RBAC); everything else.
    /// Helm's kind order matters only between those waves, so objects within one are not held back.
    func apply(crds: [(name: String, content: String)], objects: [Object], mesh: String, namespace: String) async throws
    {
        for crd in crds {
            for document in try ReleaseObjects.documents(crd.content) {
                _ = try await client.apply(
                    .customResourceDefinitions, document, fieldManager: Self.fieldManager, force: true)
            }
        }
        if !crds.isEmpty { await client.discovery.invalidate() }
        for wave in Self.waves(objects) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for object in wave {
                    let owned = Self.withOwnership(object.value, mesh: mesh, namespace: namespace)
                    group.addTask {
                        _ = try await client.apply(
                            object.ref, owned, namespace: object.namespace, fieldManager: Self.fieldManager, force: true
                        )
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// The objects (already in Helm's install order) split into namespaces, pod prerequisites and the rest.
    static func waves(_ objects: [Object]) -> [[Object]] {
        let order = ManifestSorter.installOrder
        let serviceRank = order.firstIndex(of: "Service") ?? order.count
        var waves: [[Object]] = [[], [], []]
        for object in objects {
            let kind = object.ref.kind
            if kind == "Namespace" {
                waves[0].append(object)
            } else if let rank = order.firstIndex(of: kind), rank < serviceRank {
                waves[1].append(object)
            } else {
                waves[2].append(object)
            }
        }
        return waves.filter { !$0.isEmpty }
    }

    static func withOwnership(_ object: Value, mesh: String, namespace: String) -> Value {
        guard var map = object.mapValue else { return object }
        var meta = map["metadata"]?.mapValue ?? OrderedMap()
        var labels = meta["labels"]?.mapValue ?? OrderedMap()
        labels["app.kubernetes.io/managed-by"] = "Helm"
        var annotations = meta["annotations"]?.mapValue ?? OrderedMap()
        annotations["meta.helm.sh/release-name"] = .string(mesh)
        annotations["meta.helm.sh/release-namespace"] = .string(namespace)
        meta["labels"] = .map(labels)
        meta["annotations"] = .map(annotations)
        map["metadata"] = .map(meta)
        return .map(map)
    }


}
