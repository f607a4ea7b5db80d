import EnvTest
import Foundation
import HelmEngine
import KubeClient
import Testing
import ValueKit

/// The real API server restarting in the middle of a command (`../shared/envtest/restart-apiserver`,
/// on a control plane of its own so the other suites are not disturbed), and two osm processes
/// writing one mesh at once.
@Suite(.serialized, .timeLimit(.minutes(15))) struct RestartTests {
    /// The osm binary started now, in the background.
    static func start(_ arguments: [String], _ plane: ControlPlane) -> Task<Run, any Error> {
        Task { try await osm(arguments, kubeconfig: plane.kubeconfig, limit: 240) }
    }

    static func record(_ client: KubernetesClient, mesh: String, namespace: String) async throws -> [ReleaseRecord] {
        try await client.list(.secrets, namespace: namespace, labelSelector: "name=\(mesh),owner=helm").map { try ReleaseRecord(secret: $0) }
    }

    @Test func installRidesOutAnAPIServerRestart() async throws {
        let plane = try await ControlPlane.restartable()
        let client = try plane.client()
        let mesh = uniqueName("restart"), ns = uniqueName("osm")
        let install = Self.start(["install", "--enforce-single-mesh=false", "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "3m"], plane)
        // Restarted once the install is under way (its record written), not at a fixed time: under load
        // the process may not have reached the server yet, and a first contact that is refused fails
        // at once by design (as kubectl's).
        #expect(await eventually(120) { try await !Self.record(client, mesh: mesh, namespace: ns).isEmpty })
        let restart = try await plane.restartAPIServer(down: 5)
        let run = try await install.value
        #expect(run.status == 0, "\(run)\nrestart: \(restart)")
        #expect(run.stdout.hasSuffix("OSM installed successfully in namespace [\(ns)] with mesh name [\(mesh)]\n"), "\(run)")
        let records = try await Self.record(client, mesh: mesh, namespace: ns)
        #expect(records.map(\.status) == [.deployed])
        #expect(try await client.exists(.deployments, "osm-controller", namespace: ns))
    }

    @Test func uninstallRidesOutAnAPIServerRestart() async throws {
        let plane = try await ControlPlane.restartable()
        let client = try plane.client()
        let mesh = uniqueName("restart"), ns = uniqueName("osm")
        let installed = try await osm(["install", "--enforce-single-mesh=false", "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "3m"],
                                      kubeconfig: plane.kubeconfig)
        #expect(installed.status == 0, "\(installed)")
        let uninstall = Self.start(["uninstall", "mesh", "-f", "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "3m"], plane)
        // Restarted once the uninstall holds the release (its lease annotation is on the record).
        #expect(await eventually(120) {
            let secrets = try await client.list(.secrets, namespace: ns, labelSelector: "name=\(mesh),owner=helm")
            return secrets.isEmpty
                || secrets.contains { $0.objectAnnotations["osm.openservicemesh.io/operation-holder"]?.hasSuffix(" osm uninstall") == true }
        })
        let restart = try await plane.restartAPIServer(down: 5)
        let run = try await uninstall.value
        #expect(run.status == 0, "\(run)\nrestart: \(restart)")
        #expect(try await Self.record(client, mesh: mesh, namespace: ns).isEmpty)
        #expect(try await !client.exists(.deployments, "osm-controller", namespace: ns))
        #expect(try await !client.exists(.clusterRoles, mesh))
    }

    /// Two installs of one mesh 50 ms apart: one installs, the other is refused and says why; the
    /// cluster holds what the record says (the winner's values only).
    @Test func ofTwoConcurrentInstallsExactlyOneWins() async throws {
        let plane = try await ControlPlane.restartable()
        let client = try plane.client()
        let mesh = uniqueName("twice"), ns = uniqueName("osm")
        let common = ["install", "--enforce-single-mesh=false", "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "3m"]
        let first = Self.start(common + ["--set", "osm.osmController.replicaCount=2"], plane)
        try await Task.sleep(nanoseconds: 50_000_000)
        let second = Self.start(common + ["--set", "osm.controllerLogLevel=debug"], plane)
        let runs = [try await first.value, try await second.value]
        let winners = runs.filter { $0.status == 0 }
        #expect(winners.count == 1, "\(runs)")
        guard let loser = runs.first(where: { $0.status != 0 }) else { return }
        #expect(loser.stderr.hasPrefix("Error: another operation on mesh \(mesh) is in progress since ")
                    || loser.stderr == "Error: cannot re-use a name that is still in use\n"
                    || loser.stderr.hasPrefix("Error: Mesh \(mesh) already exists in namespace \(ns)."), "\(loser)")
        #expect(loser.stderr.split(separator: "\n").count == 1, "\(loser)")
        let records = try await Self.record(client, mesh: mesh, namespace: ns)
        #expect(records.map(\.status) == [.deployed])
        let firstWon = runs[0].status == 0
        let osmValues = records.first?.config["osm"]
        #expect((osmValues?["osmController"]?["replicaCount"] != nil) == firstWon, "\(String(describing: osmValues))")
        #expect((osmValues?["controllerLogLevel"] != nil) == !firstWon, "\(String(describing: osmValues))")
        let controller = try await client.get(.deployments, name: "osm-controller", namespace: ns)
        #expect(controller["spec"]?["replicas"]?.integerValue == (firstWon ? 2 : 1))
    }
}
