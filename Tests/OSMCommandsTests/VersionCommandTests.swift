import CLI
import KubeClient
import KubeFake
import OSMCommands
import OSMKit
import Testing
import ValueKit

/// `osm version` against the fake API server (spec §2.10 and its TestGetMeshVersion /
/// TestOutputPrettyVersionInfo / TestOutputLatestReleaseVersion cases).
@Suite(.timeLimit(.minutes(3))) struct MeshVersionCommandTests {
    let cliLine = "CLI Version: version.Info{Version:\"dev\", GitCommit:\"\", BuildDate:\"\"}\n"

    func run(_ args: [String], _ fake: FakeAPIServer, latest: String? = nil) async -> RunResult {
        let out = BufferSink()
        let err = BufferSink()
        let environment = OSMEnvironment(
            stdout: out, stderr: err, stdin: ScriptedInput([]), variables: ["HOME": "/nonexistent-home"],
            connect: { _, _ in
                KubernetesClient(rest: RESTClient(config: ClientConfig(server: "https://fake.invalid"), transport: FakeTransport(server: fake)))
            },
            latestRelease: { latest })
        let status = await OSM.execute(args, environment)
        return RunResult(status: status, stdout: out.text, stderr: err.text)
    }

    /// A mesh `instance` whose controller runs in `ns`; `answer` is its /version body (nil: no pod).
    func addMesh(_ fake: FakeAPIServer, ns: String, mesh: String, instance: String, answer: String?) throws {
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]])
        try fake.seed(["apiVersion": "apps/v1", "kind": "Deployment",
                       "metadata": ["name": "osm-controller", "namespace": .string(ns), "labels": ["app": "osm-controller", "meshName": .string(mesh)]]])
        guard let answer else { return }
        try fake.seed(["apiVersion": "v1", "kind": "Pod",
                       "metadata": ["name": "osm-controller-1", "namespace": .string(ns),
                                    "labels": ["app": "osm-controller", "app.kubernetes.io/instance": .string(instance)]]])
        fake.setProxyAnswer(namespace: ns, pod: "osm-controller-1", port: 9091, path: "version", body: answer)
    }

    @Test func noControlPlane() async throws {
        let result = await run(["version"], FakeAPIServer())
        #expect(result.status == 0)
        #expect(result.stdout == cliLine + "Unable to find OSM control plane in the cluster\n")
    }

    @Test func tableOfMeshVersions() async throws {
        let fake = FakeAPIServer()
        try addMesh(fake, ns: "osm-system", mesh: "osm", instance: "osm",
                    answer: #"{"version":"v1.2.4","git_commit":"5e1a2b3","build_date":"2023-05-01-10:00"}"#)
        try addMesh(fake, ns: "test", mesh: "test", instance: "test", answer: #"{"version":"v0.0.0","git_commit":"xxxxxxx","build_date":"0000-00-00-00:00"}"#)
        try addMesh(fake, ns: "empty", mesh: "none", instance: "", answer: nil)
        let result = await run(["version"], fake)
        #expect(result.status == 0)
        #expect(result.stdout == cliLine + TabWriter.format(
            "\nMESH NAME\tMESH NAMESPACE\tVERSION\tGIT COMMIT\tBUILD DATE\nosm\tosm-system\tv1.2.4\t5e1a2b3\t2023-05-01-10:00\ntest\ttest\tv0.0.0\txxxxxxx\t0000-00-00-00:00\n"))
        #expect(result.stdout.contains("MESH NAME   MESH NAMESPACE   VERSION   GIT COMMIT   BUILD DATE\n"))
    }

    @Test func failuresAreCollectedAndTheTableStillPrinted() async throws {
        let fake = FakeAPIServer()
        try addMesh(fake, ns: "a", mesh: "a", instance: "a", answer: "")
        try addMesh(fake, ns: "b", mesh: "b", instance: "b", answer: "not json")
        let result = await run(["version"], fake)
        #expect(result.status == 1)
        #expect(result.stdout == cliLine + "\nMESH NAME   MESH NAMESPACE   VERSION   GIT COMMIT   BUILD DATE\n")
        #expect(result.stderr.hasPrefix("""
            Error: 2 errors occurred:
            \t* Failed to get mesh version for mesh a in namespace a: Empty response received from pod [osm-controller-1] in namespace [a]: %!w(<nil>)
            \t* Failed to get mesh version for mesh b in namespace b: Error unmarshalling retrieved mesh version from pod [osm-controller-1] in namespace [b]: 
            """))
        #expect(result.stderr.hasSuffix("\n\n"))
    }

    /// Ctrl-C while a mesh's version is being read: one `Error:` line (found by the fault sweep, where
    /// the interrupted request came back as a one-item multierror list over three lines).
    @Test func interruptedReadIsOneLine() async throws {
        let fake = FakeAPIServer()
        try addMesh(fake, ns: "osm-system", mesh: "osm", instance: "osm", answer: #"{"version":"v1.2.4"}"#)
        fake.inject(Fault(pathPrefix: "/api/v1/namespaces/osm-system/pods/osm-controller-1:9091/proxy", .delay(5)))
        let command = Task { await run(["version"], fake) }
        // Cancelled once the version read is under way (the fake holds it back 5 s).
        for _ in 0..<600 where !fake.requestLog.contains(where: { $0.contains("osm-controller-1:9091/proxy") }) {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        try await Task.sleep(nanoseconds: 50_000_000)
        command.cancel()
        let result = await command.value
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: Failed to get mesh version for mesh osm in namespace osm-system: "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func unreachablePodProxyIsReported() async throws {
        let fake = FakeAPIServer()
        try addMesh(fake, ns: "osm-system", mesh: "osm", instance: "osm", answer: nil)
        try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "osm-system", "labels": ["app": "osm-controller"]]])
        let result = await run(["version"], fake)
        #expect(result.stderr == "Error: 1 error occurred:\n\t* Failed to get mesh version for mesh osm in namespace osm-system: Error retrieving mesh version from pod [p] in namespace [osm-system]: address not allowed\n\n")
    }

    @Test func latestReleaseNotice() async throws {
        #expect(LatestRelease.notice(current: "v1.21.4", latest: "v1.21.5")
                == "\nOSM v1.21.5 is now available. Please see https://github.com/openservicemesh/osm/releases/latest.\nWARNING: upgrading could introduce breaking changes. Please review the release notes.\n\n")
        #expect(LatestRelease.notice(current: "v1.21.5", latest: "v1.21.5") == nil)
        #expect(LatestRelease.notice(current: "v1.0.0.0", latest: "v1.2.0") == nil)
        #expect(LatestRelease.notice(current: "v1.0.0", latest: "1.0.0.0") == nil)
        #expect(LatestRelease.notice(current: "v1.2.0-rc.1", latest: "v1.2.0") != nil)
    }

    @Test func devBuildWithANewerReleaseStillSucceeds() async throws {
        let result = await run(["version"], FakeAPIServer(), latest: "v9.9.9")
        #expect(result.status == 0)
        #expect(result.stderr == "")
    }

    @Test func jsonOutput() async throws {
        let fake = FakeAPIServer()
        try addMesh(fake, ns: "osm-system", mesh: "osm", instance: "osm",
                    answer: #"{"version":"v1.2.4","git_commit":"abc","build_date":"d"}"#)
        let result = await run(["version", "-o", "json"], fake)
        let json = try GoJSONDecoder.decode(result.stdout)
        #expect(json["meshes"]?.arrayValue?.first?["version"] == "v1.2.4")
        #expect(json["meshes"]?.arrayValue?.first?["namespace"] == "osm-system")
        #expect(json["cli"]?["version"] == "dev")
    }
}
