import KubeClient
import ValueKit

/// `osm uninstall mesh --delete-cluster-wide-resources` (spec §2.2): OSM's CRDs, the mesh's webhook
/// configurations and its CA bundle Secret, each step reported as upstream reports it; the types that
/// could not all be deleted are named in the error at the end.
public struct ClusterWideCleanup: Sendable {
    public static let crds = [
        "egresses.policy.openservicemesh.io", "ingressbackends.policy.openservicemesh.io",
        "meshconfigs.config.openservicemesh.io",
        // Upstream's list names this CRD wrongly (meshRootCertificate…, issue #4943); this is its real name.
        "meshrootcertificates.config.openservicemesh.io", "upstreamtrafficsettings.policy.openservicemesh.io",
        "retries.policy.openservicemesh.io", "httproutegroups.specs.smi-spec.io", "tcproutes.specs.smi-spec.io",
        "trafficsplits.split.smi-spec.io", "traffictargets.access.smi-spec.io",
    ]

    let client: KubernetesClient
    /// Receives each line osm prints on stdout.
    let say: @Sendable (String) -> Void

    public init(client: KubernetesClient, say: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.say = say
    }

    public func run(mesh: String, namespace: String, caBundleSecret: String) async throws {
        let remaining = (try? await MeshDiscovery.list(client, monitoredNamespaces: false)) ?? []
        if !remaining.isEmpty {
            say("Deleting cluster resources will affect current mesh(es) in cluster:\n")
            for m in remaining { say("[\(m.name)] mesh in namespace [\(m.namespace)]\n") }
        }
        var failed: [String] = []
        var crdFailed = false
        for crd in Self.crds {
            do {
                try await client.delete(.customResourceDefinitions, name: crd)
                say("Successfully deleted OSM CRD: \(crd)\n")
            } catch let error as KubeAPIError where error.reason == .notFound {
                say("Ignoring - did not find OSM CRD: \(crd)\n")
            } catch {
                say("Failed to delete OSM CRD \(crd): \(error)\n")
                crdFailed = true
            }
        }
        if crdFailed { failed.append("CustomResourceDefinitions") }
        for (ref, app, word) in [
            (MeshCleanup.mutatingWebhooks, "osm-injector", "MutatingWebhookConfiguration"),
            (MeshCleanup.validatingWebhooks, "osm-controller", "ValidatingWebhookConfiguration"),
        ] {
            let hooks: [Value]
            do {
                hooks = try await client.list(ref, labelSelector: MeshCleanup.webhookSelector(app: app, mesh: mesh))
            } catch {
                let message = "Failed to list OSM \(word)s in the cluster: \(error)"
                say(message + "\n")
                throw OSMError(message)
            }
            if hooks.isEmpty {
                say(
                    "Ignoring - did not find any OSM \(word)s in the cluster. Use --mesh-name to delete \(word)s belonging to a specific mesh if desired\n"
                )
            }
            var groupFailed = false
            for hook in hooks {
                let name = hook.objectName ?? ""
                do {
                    try await client.delete(ref, name: name)
                    say("Successfully deleted OSM \(word): \(name)\n")
                } catch {
                    say("Found but failed to delete OSM \(word) \(name): \(error)\n")
                    groupFailed = true
                }
            }
            if groupFailed { failed.append("\(word)s") }
        }
        let secret = caBundleSecret
        do {
            try await client.delete(.secrets, name: secret, namespace: namespace)
            say("Successfully deleted OSM secret \(secret) in namespace \(namespace)\n")
        } catch let error as KubeAPIError where error.reason == .notFound {
            say(
                "Ignoring - did not find OSM CA bundle secret \(secret) in namespace \(namespace). Use --ca-bundle-secret-name and --osm-namespace to delete a specific mesh namespace's CA bundle secret if desired\n"
            )
        } catch {
            say("Found but failed to delete the OSM secret \(secret) in namespace \(namespace): \(error)\n")
            failed.append("Secrets")
        }
        if !failed.isEmpty {
            throw OSMError(
                "Failed to completely delete the following OSM resource types: [\(failed.joined(separator: " "))]")
        }
    }
}
