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
    public static func list(_ client: KubernetesClient, monitoredNamespaces: Bool = true) async throws -> [MeshInfo] {
        let controllers: [Value]
        do {
            controllers = try await client.list(.deployments, labelSelector: "app=osm-controller")
        } catch {
            throw OSMError("Could not list deployments \(error)")
        }
        var meshes: [MeshInfo] = []
        for deployment in controllers {
            let labels = deployment["metadata"]?["labels"]
            let name = labels?["meshName"]?.stringValue ?? ""
            let version = labels?["app.kubernetes.io/version"]?.stringValue ?? ""
            let selector = name.isEmpty ? NamespaceMembership.monitoredBy : "\(NamespaceMembership.monitoredBy)=\(name)"
            let monitored = monitoredNamespaces ? ((try? await client.list(.namespaces, labelSelector: selector)) ?? []) : []
            meshes.append(MeshInfo(name: name, namespace: deployment["metadata"]?["namespace"]?.stringValue ?? "",
                                   version: version.isEmpty ? "Unknown" : version,
                                   monitoredNamespaces: monitored.compactMap { $0["metadata"]?["name"]?.stringValue }))
        }
        return meshes
    }

    /// The SMI API versions a mesh's controller reports (`Kind:version`, sorted), read through the
    /// API server's pod proxy; `["Unknown"]` when they cannot be learnt.
    public static func smiVersions(_ client: KubernetesClient, namespace: String) async -> [String] {
        guard let pod = try? await client.list(.pods, namespace: namespace, labelSelector: "app=osm-controller").first,
              let name = pod["metadata"]?["name"]?.stringValue,
              let body = try? await client.proxyGet(.pods, name: "\(name):9091", namespace: namespace, path: "smi/version"),
              let info = (try? GoJSONDecoder.decode(String(decoding: body, as: UTF8.self)))?.mapValue
        else { return ["Unknown"] }
        return info.entries.map { kind, groupVersion in
            let gv = groupVersion.stringValue ?? ""
            let version = gv.firstIndex(of: "/").map { String(gv[gv.index(after: $0)...]) } ?? gv
            return "\(kind):\(version)"
        }.sorted()
    }
}
