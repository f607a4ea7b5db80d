import CLI
import Foundation
import KubeClient
import KubeFake
import OSMCommands

/// Runs osm in-process with captured streams, as a user would see it.
struct RunResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

func runOSM(_ args: [String], variables: [String: String] = ["HOME": "/nonexistent-home"], stdin: [String] = []) async -> RunResult {
    let out = BufferSink()
    let err = BufferSink()
    let status = await OSM.execute(
        args, OSMEnvironment(stdout: out, stderr: err, stdin: ScriptedInput(stdin), variables: variables))
    return RunResult(status: status, stdout: out.text, stderr: err.text)
}

/// A temporary file holding `text`, removed by the caller.
func temporaryFile(_ text: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("osm-test-\(UUID().uuidString).yaml")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
}

/// Runs osm in-process against an in-memory fake API server.
func runOSM(_ args: [String], cluster: FakeAPIServer) async -> RunResult {
    let out = BufferSink()
    let err = BufferSink()
    let status = await OSM.execute(args, fakeEnvironment(cluster, out, err))
    return RunResult(status: status, stdout: out.text, stderr: err.text)
}

/// Buffered streams and a client for the in-memory fake, without credentials.
func fakeEnvironment(_ cluster: FakeAPIServer, _ out: BufferSink, _ err: BufferSink,
                     openURL: (@Sendable (String) -> Void)? = nil) -> OSMEnvironment {
    OSMEnvironment(
        stdout: out, stderr: err, stdin: ScriptedInput([]), variables: ["HOME": "/nonexistent-home"],
        connect: { _, _ in
            var config = ClientConfig(server: "https://fake.invalid")
            config.credentials = .none
            return KubernetesClient(rest: RESTClient(config: config, transport: FakeTransport(server: cluster)))
        },
        openURL: openURL)
}
