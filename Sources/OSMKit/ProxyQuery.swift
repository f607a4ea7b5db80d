import Foundation
import KubeClient
import ValueKit

/// `osm proxy get QUERY POD` (spec §2.11): checks the pod is meshed and running, then asks its Envoy
/// admin interface (port 15000) through the API server's pod proxy.
public enum ProxyQuery {
    public static func fetch(_ client: KubernetesClient, query: String, pod: String, namespace: String) async throws -> [UInt8] {
        let object: Value
        do {
            object = try await client.get(.pods, name: pod, namespace: namespace)
        } catch {
            throw OSMError("Could not find pod \(pod) in namespace \(namespace)")
        }
        guard let uuid = object["metadata"]?["labels"]?["osm-proxy-uuid"]?.stringValue, UUID(uuidString: uuid) != nil else {
            throw OSMError("Pod \(pod) in namespace \(namespace) is not a part of a mesh")
        }
        guard object["status"]?["phase"]?.stringValue == "Running" else {
            throw OSMError("Pod \(pod) in namespace \(namespace) is not running")
        }
        let path = "/api/v1/namespaces/\(namespace)/pods/\(pod):15000/proxy/\(query)"
        do {
            // The query goes in verbatim (it may carry `?include_eds` and the like).
            return try await client.rest.send("GET", path, accept: "*/*").body
        } catch {
            throw OSMError("Error retrieving proxy config for pod \(pod) in namespace \(namespace): Error fetching url \(path): \(error)")
        }
    }
}
