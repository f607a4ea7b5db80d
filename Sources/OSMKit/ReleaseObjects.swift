import KubeClient
import ValueKit
import YAML

/// The objects a release manifest lists, as uninstall and upgrade find and delete them.
enum ReleaseObjects {
    struct Located {
        var ref: ResourceRef
        var name: String
        var namespace: String?
    }

    /// The manifest's object documents (empty documents left out).
    static func documents(_ manifest: String) throws -> [Value] {
        try YAML.decodeDocuments(manifest).filter { $0.mapValue != nil }
    }

    /// Helm leaves objects annotated `helm.sh/resource-policy: keep` in place.
    static func isKept(_ document: Value) -> Bool {
        document.objectAnnotations["helm.sh/resource-policy"] == "keep"
    }

    /// The object's resource, name and namespace (the release's for a namespaced object that names none).
    static func locate(_ document: Value, client: KubernetesClient, releaseNamespace: String) async throws -> Located {
        let ref = try await client.discovery.resource(
            apiVersion: document["apiVersion"]?.stringValue ?? "", kind: document["kind"]?.stringValue ?? "")
        return Located(
            ref: ref, name: document.objectName ?? "",
            namespace: ref.namespaced ? (document.objectNamespace ?? releaseNamespace) : nil)
    }

    /// Deletes in the background, as Helm does; an object already gone is not an error.
    static func delete(_ object: Located, client: KubernetesClient) async throws {
        do {
            try await client.delete(
                object.ref, name: object.name, namespace: object.namespace, propagation: .background)
        } catch let error as KubeAPIError where error.reason == .notFound {}
    }
}
