import KubeClient
import ValueKit

/// What upstream's post-delete hook Job cleaned after a mesh's release was removed, done by the CLI:
/// the MeshConfig, MeshRootCertificates, the CA bundle Secret and the mesh's webhook configurations.
/// Absent objects and resource types the cluster does not serve are skipped.
public enum MeshCleanup {
    public static let mutatingWebhooks = ResourceRef(
        group: "admissionregistration.k8s.io", version: "v1",
        resource: "mutatingwebhookconfigurations", kind: "MutatingWebhookConfiguration", namespaced: false)
    public static let validatingWebhooks = ResourceRef(
        group: "admissionregistration.k8s.io", version: "v1",
        resource: "validatingwebhookconfigurations", kind: "ValidatingWebhookConfiguration", namespaced: false)

    /// Selector of one mesh's webhook configurations (keys sorted, as upstream builds it).
    public static func webhookSelector(app: String, mesh: String) -> String {
        "app=\(app),app.kubernetes.io/instance=\(mesh),app.kubernetes.io/name=openservicemesh.io"
    }

    public static func afterUninstall(
        _ client: KubernetesClient, mesh: String, namespace: String, caBundleSecret: String
    ) async {
        func ignoringAbsence(_ body: () async throws -> Void) async {
            do { try await body() } catch {}
        }
        await ignoringAbsence {
            let ref = try await client.discovery.resource(
                apiVersion: "config.openservicemesh.io/v1alpha2", kind: "MeshConfig")
            try await client.delete(ref, name: "osm-mesh-config", namespace: namespace)
        }
        await ignoringAbsence {
            let ref = try await client.discovery.resource(
                apiVersion: "config.openservicemesh.io/v1alpha2", kind: "MeshRootCertificate")
            for mrc in try await client.list(ref, namespace: namespace) {
                try await client.delete(ref, name: mrc.objectName ?? "", namespace: namespace)
            }
        }
        await ignoringAbsence { try await client.delete(.secrets, name: caBundleSecret, namespace: namespace) }
        for (ref, app) in [(mutatingWebhooks, "osm-injector"), (validatingWebhooks, "osm-controller")] {
            await ignoringAbsence {
                for hook in try await client.list(ref, labelSelector: webhookSelector(app: app, mesh: mesh)) {
                    try await client.delete(ref, name: hook.objectName ?? "")
                }
            }
        }
    }
}
