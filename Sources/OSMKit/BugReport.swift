import CLI
import Foundation
import HelmEngine
import KubeClient
import ValueKit
import YAML

/// `osm support bug-report` (spec §2.8) gathered natively through the API instead of by running
/// `kubectl` and `osm`: the same archive layout and file names, YAML where kubectl would print
/// objects, Envoy admin output read through a port-forward to each pod, Secrets by name and type
/// only, an index of what was collected and what failed. One failing item never stops the rest.
public struct BugReport: Sendable {
    public struct Options: Sendable {
        public var all = false
        public var appNamespaces: [String] = []
        public var appDeployments: [String] = []
        public var appPods: [String] = []
        public var ingress = false
        public var outFile = ""
        public var osmNamespace = "osm-system"
        public init() {}
    }

    let client: KubernetesClient
    let out: @Sendable (String) -> Void
    let err: @Sendable (String) -> Void

    public init(
        client: KubernetesClient, out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void
    ) {
        self.client = client
        self.out = out
        self.err = err
    }

    static let envoyQueries = ["config_dump", "ready", "stats", "clusters", "listeners", "certs"]
    static let ingresses = ResourceRef(
        group: "networking.k8s.io", version: "v1", resource: "ingresses", kind: "Ingress", namespaced: true)

    /// The files gathered so far and the index lines.
    // @unchecked Sendable, sound: each belongs to one gathering task; merged on the command's task afterwards.
    final class Collection: @unchecked Sendable {
        var files: [(path: String, bytes: [UInt8])] = []
        var collected: [String] = []
        var failed: [String] = []
        /// Error lines held back while pods are gathered in parallel, printed in pod order.
        var errorLines: [String]?

        func merge(_ other: Collection) {
            files += other.files
            collected += other.collected
            failed += other.failed
        }
    }

    /// Pods gathered at the same time (each has its own port-forward tunnel).
    static let podParallelism = 16

    /// Writes the archive and returns its path.
    public func run(_ options: Options, now: Date = Date()) async throws -> String {
        let outPath =
            options.outFile.isEmpty
            ? FileManager.default.temporaryDirectory.appendingPathComponent(
                "\(Int(now.timeIntervalSince1970))_osm-bug-report.tar.gz"
            ).path
            : options.outFile
        guard let format = ArchiveWriter.format(for: outPath) else {
            throw OSMError(
                "Error creating bug report: unsupported archive format for \(outPath); use one of \(ArchiveWriter.supported.map(\.rawValue).joined(separator: " "))"
            )
        }
        // Beyond upstream, which collects errors only and archives an empty report: a cluster that
        // cannot be reached at all is one clear error, and no archive is written.
        do {
            _ = try await client.discovery.serverVersion()
        } catch {
            throw OSMError("Error creating bug report: cannot reach the cluster: \(error)", cause: error)
        }
        let root = "osm_bug_report_\(Int(now.timeIntervalSince1970))"
        let c = Collection()
        out("[+] Created staging dir \(root) to generate bug report\n")

        var appNamespaces = options.appNamespaces
        var podRefs: [(ns: String, name: String)] = []
        if options.all {
            do {
                appNamespaces = try await client.list(
                    .namespaces, labelSelector: NamespaceMembership.monitoredBy, limit: NamespaceMembership.pageSize
                ) { $0.objectName }
            } catch { err("Unable to list mesh namespaces") }
            let lists = await BoundedConcurrency.map(appNamespaces) { ns in
                await Step.result {
                    try await client.list(.pods, namespace: ns) { $0.objectName }
                }
            }
            for (ns, list) in zip(appNamespaces, lists) {
                switch list {
                case .success(let names): podRefs += names.map { (ns, $0) }
                case .failure: err("Unable to get pods from namespace \(ns)")
                }
            }
        } else {
            for entry in options.appPods {
                let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
                if parts.count == 2 {
                    podRefs.append((String(parts[0]), String(parts[1])))
                } else {
                    err("Pod name \(entry) is not namespaced, skipping it")
                }
            }
            for entry in options.appDeployments {
                let parts = entry.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2 else { err("Deployment name \(entry) is not namespaced, skipping it"); continue }
                guard let deployment = try? await client.get(.deployments, name: parts[1], namespace: parts[0]) else {
                    err("x Deployment \(entry) not found, skipping it\n"); continue
                }
                let labels =
                    deployment["spec"]?["template"]?["metadata"]?["labels"]?.mapValue?.entries.map {
                        "\($0.key)=\($0.value.stringValue ?? "")"
                    } ?? []
                do {
                    podRefs += try await client.list(
                        .pods, namespace: parts[0], labelSelector: labels.joined(separator: ",")
                    )
                    .compactMap { $0.objectName }.map { (parts[0], $0) }
                } catch { err("x Error listing Pods for Deployment \(entry), err: \(error)\n") }
            }
        }
        var seen = Set<String>()
        podRefs = podRefs.filter { seen.insert("\($0.ns)/\($0.name)").inserted }

        out("[+] Collecting information about meshed namespaces\n")
        await item(c, "\(root)/namespaces/commands/osm_namespace_list") {
            let members = try await NamespaceMembership(client: client, print: { _ in }).list(mesh: "")
            if members.isEmpty { return "No namespaces in any mesh\n" }
            var table = TabWriter()
            table.write("NAMESPACE\tMESH\tSIDECAR-INJECTION\n")
            for m in members { table.write("\(m.namespace)\t\(m.mesh)\t\(m.sidecarInjection)\n") }
            return table.flush()
        }
        out("✓ Finished generating report for meshed namespaces\n\n")

        out("[+] Collecting information from individual app namespaces\n")
        await gather(appNamespaces, into: c) { c, ns in
            let base = "\(root)/namespaces/\(ns)/commands"
            await item(c, "\(base)/kubectl_get_events_-n_\(ns)") {
                try await Self.yaml(
                    client.list(
                        ResourceRef(group: "", version: "v1", resource: "events", kind: "Event", namespaced: true),
                        namespace: ns))
            }
            await item(c, "\(base)/kubectl_get_pods_-n_\(ns)_-l_osm-proxy-uuid") {
                try await Self.yaml(client.list(.pods, namespace: ns, labelSelector: "osm-proxy-uuid"))
            }
            await item(c, "\(base)/kubectl_get_svc_-n_\(ns)") {
                try await Self.yaml(client.list(.services, namespace: ns))
            }
            // Not in upstream's report: the Deployments, whose pod templates show what the injector worked from.
            await item(c, "\(base)/kubectl_get_deployments_-n_\(ns)") {
                try await Self.yaml(client.list(.deployments, namespace: ns))
            }
        } done: { ns in
            out("✓ Collected report from Namespace \"\(ns)\"\n")
        }
        out("✓ Finished generating report for individual app namespaces\n\n")

        out("[+] Collecting information from individual app pods\n")
        await gather(podRefs.map { [$0.ns, $0.name] }, into: c, limit: Self.podParallelism) { c, ref in
            await collectPod(c, root: root, namespace: ref[0], pod: ref[1])
        } done: { ref in
            out("✓ Collected report for Pod \"\(ref[0])/\(ref[1])\"\n")
        }
        out("✓ Finished generating report for individual app pods\n\n")

        out("[+] Collecting information from control plane\n")
        let osmNS = options.osmNamespace
        do {
            let pods = try await client.list(
                .pods, namespace: osmNS, labelSelector: "app.kubernetes.io/name=openservicemesh.io")
            await gather(pods, into: c) { c, pod in
                let name = pod.objectName ?? ""
                let base = "\(root)/namespaces/\(osmNS)/pods/\(name)/commands"
                await item(c, "\(base)/kubectl_logs_-n_\(osmNS)_\(name)") {
                    String(decoding: try await client.logs(pod: name, namespace: osmNS), as: UTF8.self)
                }
                if Self.restarts(pod) > 0 {
                    await item(c, "\(base)/kubectl_logs_-n_\(osmNS)_\(name)_--previous") {
                        String(
                            decoding: try await client.logs(pod: name, namespace: osmNS, previous: true), as: UTF8.self)
                    }
                }
            } done: { pod in
                let name = pod.objectName ?? ""
                out("✓ Collected report for Pod \(osmNS)/\(name)\n")
                if Self.restarts(pod) > 0 { out("✓ Collected previous report for Pod \(osmNS)/\(name)\n") }
            }
        } catch {
            err("x Error getting control plane pods: \(error)\n")
            c.failed.append("control plane pods in \(osmNS): \(error)")
        }
        let base = "\(root)/namespaces/\(osmNS)/commands"
        await item(c, "\(base)/kubectl_get_meshconfig_-n_\(osmNS)_-o_yaml") {
            let ref = try await client.discovery.resource(
                apiVersion: "config.openservicemesh.io/v1alpha2", kind: "MeshConfig")
            return try await Self.yaml(client.list(ref, namespace: osmNS))
        }
        await item(c, "\(base)/kubectl_get_secrets_-n_\(osmNS)") {
            // Names and types only: Secret data never leaves the cluster.
            var table = TabWriter()
            table.write("NAME\tTYPE\n")
            for secret in try await client.list(.secrets, namespace: osmNS) {
                table.write("\(secret.objectName ?? "")\t\(secret["type"]?.stringValue ?? "")\n")
            }
            return table.flush()
        }
        out("✓ Finished generating report for control plane\n\n")

        if options.ingress || options.all {
            out("[+] Collecting ingress information\n")
            let namespaces =
                (try? await client.list(.namespaces, limit: NamespaceMembership.pageSize) {
                    $0.objectName
                }) ?? []
            let backends = try? await client.discovery.resource(
                apiVersion: "policy.openservicemesh.io/v1alpha1", kind: "IngressBackend")
            // Each namespace's Ingresses and IngressBackends, read 16 namespaces at a time.
            let found = await BoundedConcurrency.map(namespaces) { ns -> [[Value]] in
                let ingresses = (try? await client.list(Self.ingresses, namespace: ns)) ?? []
                guard let backends else { return [ingresses, []] }
                return [ingresses, (try? await client.list(backends, namespace: ns)) ?? []]
            }
            for (ns, lists) in zip(namespaces, found) {
                for ingress in lists[0] {
                    let name = ingress.objectName ?? ""
                    await item(
                        c,
                        "\(root)/namespaces/\(ns)/ingresses/\(name)/commands/kubectl_get_ingresses_-n_\(ns)_\(name)_-o_yaml"
                    ) { try Self.yaml([ingress]) }
                    out("✓ Collected report for ingress \(ns)/\(name)\n")
                }
                for backend in lists[1] {
                    let name = backend.objectName ?? ""
                    await item(
                        c,
                        "\(root)/namespaces/\(ns)/ingressbackends/\(name)/commands/kubectl_get_ingressbackends_-n_\(ns)_\(name)_-o_yaml"
                    ) { try Self.yaml([backend]) }
                    out("✓ Collected report for ingress backend \(ns)/\(name)\n")
                }
            }
            for selector in ["app.kubernetes.io/name=ingress-nginx", "app.kubernetes.io/name=contour"] {
                for pod in (try? await client.list(.pods, labelSelector: selector)) ?? [] {
                    let ns = pod.objectNamespace ?? "",
                        name = pod.objectName ?? ""
                    let podBase = "\(root)/namespaces/\(ns)/pods/\(name)/commands"
                    await item(c, "\(podBase)/kubectl_logs_-n_\(ns)_\(name)") {
                        String(decoding: try await client.logs(pod: name, namespace: ns), as: UTF8.self)
                    }
                    await item(c, "\(podBase)/kubectl_get_pods_-n_\(ns)_\(name)_-o_yaml") { try Self.yaml([pod]) }
                    out("✓ Collected report for ingress controller \(ns)/\(name)\n")
                }
            }
            out("✓ Finished generating report for ingress\n\n")
        }

        if c.collected.isEmpty, let first = c.failed.first {
            throw OSMError(
                "Error creating bug report: nothing could be collected, so no archive was written; first failure: \(first)"
            )
        }
        let versions = await clusterVersions()
        c.files.append(("\(root)/index.txt", Array(index(c, options: options, now: now, versions: versions).utf8)))
        try write(c.files, to: outPath, format: format)
        out("✓ Bug report successfully archived to \(outPath)\n\n")
        return outPath
    }

    /// Runs `body` for each item, `limit` at a time, each into a collection of its own; then, in the
    /// items' order, prints each one's held-back error lines, merges it into `c` and calls `done`: the
    /// report reads as if the items had been gathered one after another.
    func gather<Item: Sendable>(
        _ items: [Item], into c: Collection, limit: Int = BoundedConcurrency.defaultLimit,
        _ body: @escaping @Sendable (Collection, Item) async -> Void, done: (Item) -> Void
    ) async {
        let parts = await BoundedConcurrency.map(items, limit: limit) { item in
            let own = Collection()
            own.errorLines = []
            await body(own, item)
            return own
        }
        for (item, own) in zip(items, parts) {
            for line in own.errorLines ?? [] { err(line) }
            c.merge(own)
            done(item)
        }
    }

    static func restarts(_ pod: Value) -> Int {
        pod.containerStatuses.first?["restartCount"]?.integerValue ?? 0
    }

    /// The envoy log and the Envoy admin answers of one app pod; one port-forward tunnel carries all the queries.
    func collectPod(_ c: Collection, root: String, namespace ns: String, pod: String) async {
        let base = "\(root)/namespaces/\(ns)/pods/\(pod)/commands"
        await item(c, "\(base)/kubectl_logs_\(pod)_-n_\(ns)_-c_envoy") {
            String(decoding: try await client.logs(pod: pod, namespace: ns, container: "envoy"), as: UTF8.self)
        }
        let admin: Result<EnvoyAdmin, any Error>
        do {
            // As each `osm proxy get` of upstream's report would: a pod that is not meshed or not Running
            // gets that answer for every query, and no port-forward is attempted.
            try await ProxyQuery.checkMeshedAndRunning(client, pod: pod, namespace: ns)
            admin = .success(try await EnvoyAdmin.open(client, pod: pod, namespace: ns))
        } catch {
            admin = .failure(error)
        }
        for query in Self.envoyQueries {
            await item(c, "\(base)/osm_proxy_get_\(query)_\(pod)_-n_\(ns)") {
                Self.redactPrivateKeys(String(decoding: try await admin.get().get(query), as: UTF8.self))
            }
        }
        if case .success(let open) = admin { open.close() }
    }

    /// Runs one collection step; a failure is noted (stderr and index) and the report goes on.
    func item(_ c: Collection, _ path: String, _ body: () async throws -> String) async {
        do {
            c.files.append((path, Array(try await body().utf8)))
            c.collected.append(path)
        } catch {
            let command = path.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? path
            let line = "x Error running cmd: [\(command)]\n"
            if c.errorLines != nil { c.errorLines!.append(line) } else { err(line) }
            c.failed.append("\(path): \(error)")
        }
    }

    /// Objects as `kubectl get -o yaml` shows a list (managed fields hidden, as kubectl does).
    static func yaml(_ items: [Value]) throws -> String {
        let cleaned: [Value] = items.map { item in
            guard var map = item.mapValue, var meta = map["metadata"]?.mapValue else { return item }
            meta["managedFields"] = nil
            map["metadata"] = .map(meta)
            return .map(map)
        }
        return try YAML.encode(["apiVersion": "v1", "kind": "List", "items": .array(cleaned)])
    }

    /// Envoy's admin output never carries private keys, but make sure no PEM private key block slips through.
    static func redactPrivateKeys(_ text: String) -> String {
        // A byte search first: Foundation's `contains` on large answers (config_dump) was most of the run's time.
        guard Array(text.utf8).index(ofBytes: Array("PRIVATE KEY-----".utf8)) != nil else { return text }
        return text.replacingOccurrences(
            of: "-----BEGIN[A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END[A-Z ]*PRIVATE KEY-----",
            with: "[private key removed]", options: .regularExpression)
    }

    /// The Kubernetes version and each mesh's control-plane version, as lines for the index; what could
    /// not be read says so.
    func clusterVersions() async -> [String] {
        var lines: [String] = []
        if let version = try? await client.discovery.serverVersion(), let git = version["gitVersion"]?.stringValue {
            lines.append("kubernetes: \(git)")
        } else {
            lines.append("kubernetes: unknown (the API server's /version could not be read)")
        }
        if let meshes = try? await MeshDiscovery.list(client, monitoredNamespaces: false) {
            if meshes.isEmpty { lines.append("control planes: none found") }
            for mesh in meshes {
                lines.append("control plane: mesh \(mesh.name) in \(mesh.namespace), version \(mesh.version)")
            }
        } else {
            lines.append("control planes: unknown (controller deployments could not be listed)")
        }
        return lines
    }

    func index(_ c: Collection, options: Options, now: Date, versions: [String]) -> String {
        var lines = [
            "osm bug report", "created: \(ISO8601DateFormatter().string(from: now))",
            "osm: \(BuildInfo.version) (\(BuildInfo.gitCommit))",
        ]
        lines += versions
        lines += ["control-plane namespace: \(options.osmNamespace)", "", "collected (\(c.collected.count)):"]
        lines += c.collected.map { "  \($0)" }
        lines += ["", "failed (\(c.failed.count)):"]
        lines += c.failed.map { "  \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Written to a temporary name next to the target with mode 0600, then renamed, so an interrupted
    /// run never leaves a partial archive at the requested path.
    func write(_ files: [(path: String, bytes: [UInt8])], to path: String, format: ArchiveWriter.Format) throws {
        let bytes: [UInt8]
        do { bytes = try ArchiveWriter.write(files, format: format, modified: Int(Date().timeIntervalSince1970)) } catch
        {
            err("x Error archiving bug report\n")
            throw OSMError("Error creating bug report: Error generating bug report: \(error)", cause: error)
        }
        let temporary = path + ".partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw OSMError("Error creating bug report: cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                close(fd); unlink(temporary); throw OSMError("Error creating bug report: cannot write \(path)")
            }
            offset += n
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw OSMError("Error creating bug report: cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}
