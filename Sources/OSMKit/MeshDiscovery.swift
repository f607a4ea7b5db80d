import HelmEngine
import KubeClient
import ValueKit

/// The meshes in a cluster, found as upstream finds them (spec §1.6): one per `app=osm-controller`
/// Deployment, in API order, with the namespaces that carry its monitored-by label.
public struct MeshInfo: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var version: String
    public var monitoredNamespaces: [String]

    public init(name: String, namespace: String, version: String, monitoredNamespaces: [String]) {
        self.name = name
        self.namespace = namespace
        self.version = version
        self.monitoredNamespaces = monitoredNamespaces
    }
}

public enum MeshDiscovery {
    /// `monitoredNamespaces: false` skips the namespace list per mesh for callers that do not show it.
    /// `withoutController`: also the meshes that have only a release record (`withoutController(_:known:)`).
    public static func list(
        _ client: KubernetesClient, monitoredNamespaces: Bool = true, withoutController: Bool = false
    ) async throws -> [MeshInfo] {
        let controllers: [Value]
        do {
            controllers = try await client.list(.deployments, labelSelector: "app=osm-controller")
        } catch {
            throw OSMError("Could not list deployments \(error)", cause: error)
        }
        var meshes: [MeshInfo] = []
        for deployment in controllers {
            let labels = deployment["metadata"]?["labels"]
            let name = labels?["meshName"]?.stringValue ?? ""
            let version = labels?["app.kubernetes.io/version"]?.stringValue ?? ""
            let selector = name.isEmpty ? NamespaceMembership.monitoredBy : "\(NamespaceMembership.monitoredBy)=\(name)"
            let monitored =
                monitoredNamespaces
                ? ((try? await client.list(.namespaces, labelSelector: selector, limit: NamespaceMembership.pageSize) {
                    $0.objectName
                }) ?? []) : []
            meshes.append(
                MeshInfo(
                    name: name, namespace: deployment.objectNamespace ?? "",
                    version: version.isEmpty ? "Unknown" : version, monitoredNamespaces: monitored))
        }
        return withoutController ? meshes + (await Self.withoutController(client, known: meshes)) : meshes
    }

    /// Meshes that have an OSM release record but no controller Deployment (an install interrupted
    /// before its objects were applied, or a controller deleted by hand), so that install can be
    /// resumed and uninstall can find them. Their VERSION shows the record's status. Silent when
    /// Secrets cannot be listed.
    static func withoutController(_ client: KubernetesClient, known: [MeshInfo]) async -> [MeshInfo] {
        guard let secrets = try? await client.list(.secrets, labelSelector: "owner=helm") else { return [] }
        var newest: [String: Value] = [:]
        for secret in secrets {
            let labels = secret["metadata"]?["labels"]
            guard let name = labels?["name"]?.stringValue, let namespace = secret.objectNamespace
            else { continue }
            let key = namespace + "/" + name
            let version = Int(labels?["version"]?.stringValue ?? "") ?? 0
            if version >= (Int(newest[key]?.objectLabels["version"] ?? "") ?? -1) {
                newest[key] = secret
            }
        }
        var found: [MeshInfo] = []
        for key in newest.keys.sorted() {
            let secret = newest[key]!
            let namespace = secret.objectNamespace ?? ""
            guard !known.contains(where: { $0.namespace == namespace }),
                let record = try? ReleaseRecord(secret: secret),
                record.chartMetadata["name"]?.stringValue == "osm"
            else { continue }
            let appVersion = record.chartMetadata["appVersion"]?.stringValue ?? "Unknown"
            found.append(
                MeshInfo(
                    name: record.name, namespace: namespace,
                    version: "\(appVersion) (\(record.status.rawValue), no controller)",
                    monitoredNamespaces: []))
        }
        return found
    }

    /// The SMI API versions a mesh's controller reports (`Kind:version`, sorted), read through the
    /// API server's pod proxy; `["Unknown"]` when they cannot be learnt.
    public static func smiVersions(_ client: KubernetesClient, namespace: String) async -> [String] {
        guard let pod = try? await client.list(.pods, namespace: namespace, labelSelector: "app=osm-controller").first,
            let name = pod.objectName,
            let body = try? await client.proxyGet(
                .pods, name: "\(name):9091", namespace: namespace, path: "smi/version"),
            let info = (try? GoJSONDecoder.decode(String(decoding: body, as: UTF8.self)))?.mapValue
        else { return ["Unknown"] }
        return info.entries.map { kind, groupVersion in
            let gv = groupVersion.stringValue ?? ""
            let version = gv.firstIndex(of: "/").map { String(gv[gv.index(after: $0)...]) } ?? gv
            return "\(kind):\(version)"
        }.sorted()
    }
}
