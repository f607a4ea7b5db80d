import EnvTest
import Foundation
@testable import HelmEngine
import KubeClient
import Testing
import ValueKit

/// `osm mesh upgrade --dry-run=server` on the real API server: the diff names what would change, and
/// nothing changes (the Deployment's generation, the release history).
@Suite(.timeLimit(.minutes(10))) struct UpgradePreviewTests {
    @Test func previewShowsTheChangeAndWritesNothing() async throws {
        let plane = try await ControlPlane.shared()
        let client = try plane.client()
        let mesh = uniqueName("preview"), ns = uniqueName("osm")
        let installed = await osmInProcess(
            ["install", "--enforce-single-mesh=false", "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "3m"],
            kubeconfig: plane.kubeconfig)
        #expect(installed.status == 0, "\(installed)")
        let before = try await client.get(.deployments, name: "osm-controller", namespace: ns)
        let records = try await client.list(.secrets, namespace: ns, labelSelector: "name=\(mesh),owner=helm").count

        let run = await osmInProcess(
            ["mesh", "upgrade", "--dry-run=server", "--set", "osm.controllerLogLevel=debug", "--mesh-name", mesh,
             "--osm-namespace", ns], kubeconfig: plane.kubeconfig)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("--- Deployment \(ns)/osm-controller (live)\n+++ Deployment \(ns)/osm-controller (upgraded)\n@@ "),
                "\(run.stdout)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("-") && $0.hasSuffix("- info") }, "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("+") && $0.hasSuffix("- debug") }, "\(run.stdout)")
        #expect(!run.stdout.contains("managedFields") && !run.stdout.contains("resourceVersion"))
        // The log level reaches the three Deployments' --verbosity and the preset MeshConfig's osmLogLevel.
        #expect(run.stdout.contains("--- ConfigMap \(ns)/preset-mesh-config (live)\n"))
        #expect(run.stdout.hasSuffix("(server dry run, nothing written): 4 object(s) would change, 0 would be created, 0 would be deleted\n"),
                "\(run.stdout)")

        let after = try await client.get(.deployments, name: "osm-controller", namespace: ns)
        #expect(after["metadata"]?["generation"] == before["metadata"]?["generation"])
        #expect(after["metadata"]?["resourceVersion"] == before["metadata"]?["resourceVersion"])
        #expect(try await client.list(.secrets, namespace: ns, labelSelector: "name=\(mesh),owner=helm").count == records)
    }
}
