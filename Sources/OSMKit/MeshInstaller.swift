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
            let observed = live["status"]?["observedGeneration"]?.integerValue ?? 0
            let generation = live["metadata"]?["generation"]?.integerValue ?? 0
            var ready = 0
            var newSet: Value? = nil
            if observed >= generation, let found = try await newReplicaSet(of: live, namespace: object.namespace ?? "")
            {
                newSet = found
                let rsObserved = found["status"]?["observedGeneration"]?.integerValue ?? 0
                if rsObserved >= (found["metadata"]?["generation"]?.integerValue ?? 0) {
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
            let ready = (live["status"]?["conditions"]?.arrayValue ?? []).contains {
                $0["type"] == "Ready" && $0["status"] == "True"
            }
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
            if let phase = pod["status"]?["phase"]?.stringValue, phase != "Running" { return "pod \(name) is \(phase)" }
            // Running but failing its readiness probe (the kubelet records the probe's output only as an event).
            for status in pod["status"]?["containerStatuses"]?.arrayValue ?? []
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
