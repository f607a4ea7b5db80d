import EnvTest
import Foundation
import KubeClient
import Testing
import ValueKit

/// The walkthrough a new user follows (spec §2.1–§2.6), as `osm` processes against a real
/// kube-apiserver and controller manager: expected texts are upstream's (the spec's) messages.
@Suite(.timeLimit(.minutes(15))) struct SeedWalkthroughTests {
    static let seedFlags = ["--set", "osm.enablePermissiveTrafficPolicy=true", "--set", "osm.deployPrometheus=true",
                            "--set", "osm.deployGrafana=true", "--set", "osm.deployJaeger=true"]

    @Test func installAddNamespacesUpgradeUninstall() async throws {
        let plane = try await ControlPlane.shared()
        let client = try plane.client()
        let kc = plane.kubeconfig
        let mesh = uniqueName("seed"), ns = uniqueName("osm")
        let meshFlags = ["--mesh-name", mesh, "--osm-namespace", ns]

        // Install: every Deployment available, the MeshConfig preset as set.
        // Without the single-mesh lock, so that the other integration tests can install their meshes meanwhile.
        let installed = try await osm(["install", "--enforce-single-mesh=false"] + meshFlags + Self.seedFlags + ["--timeout", "2m"], kubeconfig: kc)
        #expect(installed.status == 0, "\(installed)")
        #expect(installed.stdout == "OSM installed successfully in namespace [\(ns)] with mesh name [\(mesh)]\n")
        let deployments = try await client.list(.deployments, namespace: ns)
        #expect(Set(deployments.compactMap { $0["metadata"]?["name"]?.stringValue })
                == ["osm-controller", "osm-injector", "osm-bootstrap", "osm-prometheus", "osm-grafana", "jaeger"])
        // osm returns once each new ReplicaSet's pods are ready (Helm's rule); the Deployment's own
        // availableReplicas follows when the deployment controller next writes its status.
        for deployment in deployments {
            let want = deployment["spec"]?["replicas"]?.integerValue ?? 1, name = deployment.objectName ?? ""
            let available = await eventually(30) {
                try await client.get(.deployments, name: name, namespace: ns)["status"]?["availableReplicas"]?.integerValue == want
            }
            #expect(available, "\(name)")
        }
        let preset = try await client.get(.configMaps, name: "preset-mesh-config", namespace: ns)
        let meshConfig = try GoJSONDecoder.decode(preset["data"]?["preset-mesh-config.json"]?.stringValue ?? "")
        #expect(meshConfig["traffic"]?["enablePermissiveTrafficPolicyMode"] == .bool(true))
        let secrets = try await client.list(.secrets, namespace: ns, labelSelector: "owner=helm,name=\(mesh)")
        #expect(secrets.map { $0["metadata"]?["labels"]?["status"]?.stringValue } == ["deployed"])

        // A second install is refused before anything is written: the same name in the same namespace by
        // Helm's release check (spec §2.1 step 4), the same mesh elsewhere by the CLI's mesh check.
        let again = try await osm(["install"] + meshFlags + Self.seedFlags, kubeconfig: kc)
        #expect(again.status == 1)
        #expect(again.stderr == "Error: cannot re-use a name that is still in use\n")
        let elsewhere = uniqueName("osm")
        let twin = try await osm(["install", "--mesh-name", mesh, "--osm-namespace", elsewhere], kubeconfig: kc)
        #expect(twin.stderr == "Error: Mesh \(mesh) already exists in namespace \(ns). Please specify a new mesh name using --mesh-name and install the mesh in a different namespace using --osm-namespace\n")
        #expect(try await !client.exists(.namespaces, elsewhere))
        #expect(try await client.list(.secrets, namespace: ns, labelSelector: "owner=helm,name=\(mesh)").count == 1)

        // The bookstore namespaces join the mesh, with metrics.
        let apps = ["bookstore", "bookbuyer", "bookthief", "bookwarehouse"].map { uniqueName($0) }
        for app in apps { try await client.makeNamespace(app) }
        for app in apps {
            let added = try await osm(["namespace", "add", app, "--mesh-name", mesh], kubeconfig: kc)
            #expect(added.stdout == "Namespace [\(app)] successfully added to mesh [\(mesh)]\n", "\(added)")
        }
        let metrics = try await osm(["metrics", "enable", "--namespace", apps.joined(separator: ",")], kubeconfig: kc)
        #expect(metrics.stdout == apps.map { "Metrics successfully enabled in namespace [\($0)]\n" }.joined(), "\(metrics)")
        for app in apps {
            let namespace = try await client.get(.namespaces, name: app)
            #expect(namespace["metadata"]?["labels"]?["openservicemesh.io/monitored-by"]?.stringValue == mesh)
            #expect(namespace["metadata"]?["annotations"]?["openservicemesh.io/sidecar-injection"]?.stringValue == "enabled")
            #expect(namespace["metadata"]?["annotations"]?["openservicemesh.io/metrics"]?.stringValue == "enabled")
        }
        let listed = try await osm(["namespace", "list", "--mesh-name", mesh], kubeconfig: kc)
        let width = max("NAMESPACE".count, apps.map(\.count).max() ?? 0) + 3
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        let meshWidth = max("MESH".count, mesh.count) + 3
        let rows = apps.sorted().map { pad($0, width) + pad(mesh, meshWidth) + "enabled\n" }
        #expect(listed.stdout == pad("NAMESPACE", width) + pad("MESH", meshWidth) + "SIDECAR-INJECTION\n" + rows.joined(), "\(listed)")

        // mesh list names this mesh with its namespaces (other tests' meshes may be listed too).
        let meshes = try await osm(["mesh", "list"], kubeconfig: kc)
        #expect(meshes.status == 0, "\(meshes)")
        #expect(meshes.stdout.hasPrefix("\nMESH NAME"), "\(meshes)")
        let row = meshes.stdout.split(separator: "\n").first { $0.hasPrefix(mesh + " ") }.map(String.init) ?? ""
        #expect(row.split(separator: " ", omittingEmptySubsequences: true).map(String.init).prefix(3) == [mesh, ns, "v1.2.4"][...], "\(meshes)")
        #expect(row.hasSuffix(apps.sorted().joined(separator: ",")), "\(meshes)")

        // Upgrade: a new revision, the value applied.
        let upgraded = try await osm(["mesh", "upgrade", "--mesh-name", mesh, "--osm-namespace", ns, "--set", "osm.controllerLogLevel=debug"], kubeconfig: kc)
        #expect(upgraded.stdout == "OSM successfully upgraded mesh [\(mesh)] in namespace [\(ns)]\n", "\(upgraded)")
        let revisions = try await client.list(.secrets, namespace: ns, labelSelector: "owner=helm,name=\(mesh)")
        #expect(Set(revisions.compactMap { $0["metadata"]?["labels"]?["status"]?.stringValue }) == ["superseded", "deployed"])
        let upgradedPreset = try await client.get(.configMaps, name: "preset-mesh-config", namespace: ns)
        #expect(try GoJSONDecoder.decode(upgradedPreset["data"]?["preset-mesh-config.json"]?.stringValue ?? "")["observability"]?["osmLogLevel"] == "debug")

        // Uninstall at the prompt: the release and every object it made are gone; the namespace stays.
        let uninstalled = try await osm(["uninstall", "mesh", "--mesh-name", mesh, "--osm-namespace", ns], kubeconfig: kc, stdin: "y\n")
        #expect(uninstalled.status == 0, "\(uninstalled)")
        #expect(uninstalled.stdout.contains("\nUninstall OSM [mesh name: \(mesh)] in namespace [\(ns)] and/or OSM resources? [y/n]: "))
        #expect(uninstalled.stdout.hasSuffix("OSM [mesh name: \(mesh)] in namespace [\(ns)] uninstalled\n"), "\(uninstalled)")
        #expect(try await client.list(.secrets, namespace: ns, labelSelector: "owner=helm").isEmpty)
        #expect(try await client.list(.deployments, namespace: ns).isEmpty)
        let leftConfigMaps = try await client.list(.configMaps, namespace: ns).compactMap { $0["metadata"]?["name"]?.stringValue }
        // The controller manager publishes its CA bundles into every namespace; nothing else may remain.
        #expect(Set(leftConfigMaps).subtracting(["kube-root-ca.crt", "openshift-service-ca.crt"]).isEmpty, "\(leftConfigMaps)")
        #expect(try await client.list(.services, namespace: ns).isEmpty)
        #expect(try await client.list(.serviceAccounts, namespace: ns).allSatisfy { $0["metadata"]?["name"]?.stringValue == "default" })
        #expect(try await !client.exists(.clusterRoles, mesh))
        #expect(try await !client.exists(.clusterRoleBindings, mesh))
        #expect(try await client.exists(.namespaces, ns))
    }

    /// On the real API server: `-a` removes OSM's CRDs (here the two a mesh of this test made) and the
    /// mesh's CA bundle Secret, which the fake alone showed before.
    @Test func forcedUninstallRemovesCRDsAndTheCABundleForReal() async throws {
        let plane = try await ControlPlane.shared()
        let client = try plane.client()
        let mesh = uniqueName("crds"), ns = uniqueName("osm")
        let installed = try await osm(["install", "--enforce-single-mesh=false", "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "2m"],
                                      kubeconfig: plane.kubeconfig)
        #expect(installed.status == 0, "\(installed)")
        try await OSMCRDs.exclusive {
            try await VerifyIntegrationTests.crd(client, plural: "meshconfigs", group: "config.openservicemesh.io", kind: "MeshConfig", version: "v1alpha2")
            try await VerifyIntegrationTests.crd(client, plural: "egresses", group: "policy.openservicemesh.io", kind: "Egress", version: "v1alpha1")
            if try await !client.exists(.secrets, "osm-ca-bundle", namespace: ns) {
                _ = try await client.create(.secrets, ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "osm-ca-bundle"],
                                                       "data": ["ca.crt": "Y2E="]], namespace: ns)
            }
            let removed = try await osm(["uninstall", "mesh", "-f", "-a", "--mesh-name", mesh, "--osm-namespace", ns], kubeconfig: plane.kubeconfig)
            #expect(removed.status == 0, "\(removed)")
            #expect(removed.stdout.contains("Successfully deleted OSM CRD: meshconfigs.config.openservicemesh.io"), "\(removed)")
            #expect(removed.stdout.contains("Successfully deleted OSM CRD: egresses.policy.openservicemesh.io"), "\(removed)")
            #expect(await eventually(60) { try await !client.exists(.customResourceDefinitions, "meshconfigs.config.openservicemesh.io") })
            #expect(await eventually(60) { try await !client.exists(.customResourceDefinitions, "egresses.policy.openservicemesh.io") })
            #expect(try await !client.exists(.secrets, "osm-ca-bundle", namespace: ns))
        }
    }

    @Test func forcedUninstallDeletesTheNamespaceAndClusterWideResources() async throws {
        let plane = try await ControlPlane.shared()
        let client = try plane.client()
        let kc = plane.kubeconfig
        let mesh = uniqueName("gone"), ns = uniqueName("osm")
        let installed = try await osm(["install", "--enforce-single-mesh=false", "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "2m"], kubeconfig: kc)
        #expect(installed.status == 0, "\(installed)")
        // `-a` deletes OSM's CRDs, which VerifyIntegrationTests creates: not at the same time.
        let removed = try await OSMCRDs.exclusive {
            try await osm(["uninstall", "mesh", "-f", "--delete-namespace", "-a", "--mesh-name", mesh, "--osm-namespace", ns], kubeconfig: kc)
        }
        #expect(removed.status == 0, "\(removed)")
        let lines = removed.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.prefix(2) == ["OSM [mesh name: \(mesh)] in namespace [\(ns)] uninstalled", "OSM namespace [\(ns)] deleted successfully"][...], "\(removed)")
        #expect(lines.contains("Ignoring - did not find OSM CRD: egresses.policy.openservicemesh.io"))
        #expect(lines.contains("Ignoring - did not find OSM CA bundle secret osm-ca-bundle in namespace \(ns). Use --ca-bundle-secret-name and --osm-namespace to delete a specific mesh namespace's CA bundle secret if desired"))
        // The namespace controller finishes the deletion.
        #expect(await eventually(60) { try await !client.exists(.namespaces, ns) })
        #expect(try await !client.exists(.clusterRoles, mesh))
    }
}
