import KubeClient
import ValueKit

/// `osm version` against a cluster (spec §2.10): each mesh's controller version, read through the
/// API server's pod proxy, with failures collected instead of stopping the command.
public struct MeshVersions: Sendable {
    public struct Entry: Sendable, Equatable {
        public var meshName: String
        public var namespace: String
        public var version: String
        public var gitCommit: String
        public var buildDate: String
    }

    let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    /// Mesh entries (one per controller Deployment, in API order) and the errors met on the way.
    public func collect() async throws -> (entries: [Entry], errors: [String]) {
        let meshes: [MeshInfo]
        do {
            meshes = try await MeshDiscovery.list(client, monitoredNamespaces: false)
        } catch {
            throw OSMError("unable to list meshes within the cluster: \(error)", cause: error)
        }
        var entries: [Entry] = []
        var errors: [String] = []
        for info in meshes {
            let (mesh, ns) = (info.name, info.namespace)
            do {
                if let entry = try await version(namespace: ns) { entries.append(entry) }
            } catch {
                let failure = "Failed to get mesh version for mesh \(mesh) in namespace \(ns): \(error)"
                // Interrupted (Ctrl-C): the run stops here with one line, not a list of what was left.
                if Task.isCancelled { throw OSMError(failure, cause: error) }
                errors.append(failure)
            }
        }
        return (entries, errors)
    }

    func version(namespace ns: String) async throws -> Entry? {
        guard let pod = try await client.list(.pods, namespace: ns, labelSelector: "app=osm-controller").first else {
            return nil
        }
        let name = pod.objectName ?? ""
        let body: [UInt8]
        do {
            body = try await client.proxyGet(.pods, name: "\(name):9091", namespace: ns, path: "version")
        } catch {
            throw OSMError("Error retrieving mesh version from pod [\(name)] in namespace [\(ns)]: \(error)", cause: error)
        }
        guard !body.isEmpty else {
            throw OSMError("Empty response received from pod [\(name)] in namespace [\(ns)]: %!w(<nil>)")
        }
        let info: Value
        do {
            info = try GoJSONDecoder.decode(String(decoding: body, as: UTF8.self))
        } catch {
            throw OSMError(
                "Error unmarshalling retrieved mesh version from pod [\(name)] in namespace [\(ns)]: \(error)")
        }
        return Entry(
            meshName: pod.objectLabels["app.kubernetes.io/instance"] ?? "", namespace: ns,
            version: info["version"]?.stringValue ?? "", gitCommit: info["git_commit"]?.stringValue ?? "",
            buildDate: info["build_date"]?.stringValue ?? "")
    }

    /// hashicorp/multierror's text for collected errors (without the `Error: ` prefix).
    public static func multiError(_ errors: [String]) -> String {
        let head = errors.count == 1 ? "1 error occurred:" : "\(errors.count) errors occurred:"
        return head + "\n" + errors.map { "\t* \($0)\n" }.joined()
    }
}

/// Kubernetes-style semantic versions (`v` optional, exactly three numbers, optional pre-release),
/// for the latest-release notice.
public struct ReleaseVersion: Comparable, Sendable {
    let numbers: [Int]
    let preRelease: String

    public init?(_ text: String) {
        var s = Substring(text)
        if s.hasPrefix("v") { s = s.dropFirst() }
        let main = s.prefix { $0 != "-" && $0 != "+" }
        let rest = s.dropFirst(main.count)
        let parts = main.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        numbers = parts.map { Int($0) ?? 0 }
        preRelease = rest.hasPrefix("-") ? String(rest.dropFirst().prefix { $0 != "+" }) : ""
    }

    public static func < (a: ReleaseVersion, b: ReleaseVersion) -> Bool {
        if a.numbers != b.numbers { return a.numbers.lexicographicallyPrecedes(b.numbers) }
        if a.preRelease.isEmpty != b.preRelease.isEmpty { return !a.preRelease.isEmpty }
        return a.preRelease < b.preRelease
    }
}
