import EnvTest
import Glibc
import Foundation
import KubeClient
import Testing
import ValueKit

/// Shell completion of names from a real API server: the `__complete` protocol answers with the
/// cluster's meshes and namespaces, the bash script hands them to the shell, and a server that does
/// not answer costs at most the 2 s completion deadline and prints nothing but the directive.
@Suite(.timeLimit(.minutes(5))) struct CompletionIntegrationTests {
    /// A Deployment labelled as upstream's controller is (what `osm mesh list` finds).
    static func controller(mesh: String, namespace: String) -> Value {
        let labels: Value = ["app": "osm-controller", "meshName": .string(mesh), "app.kubernetes.io/version": "v1.2.4"]
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "osm-controller", "namespace": .string(namespace), "labels": labels],
            "spec": [
                "replicas": 0, "selector": ["matchLabels": ["app": "osm-controller"]],
                "template": [
                    "metadata": ["labels": ["app": "osm-controller"]],
                    "spec": ["containers": [["name": "osm-controller", "image": "example.invalid/osm-controller:v1.2.4"]]],
                ],
            ],
        ]
    }

    @Test func namesComeFromTheCluster() async throws {
        let plane = try await ControlPlane.shared()
        let client = try plane.client()
        let mesh = uniqueName("compl"), system = uniqueName("compl-system")
        let member = uniqueName("member"), free = uniqueName("free")
        try await client.makeNamespace(system)
        try await client.makeNamespace(member, labels: ["openservicemesh.io/monitored-by": mesh])
        try await client.makeNamespace(free)
        _ = try await client.create(.deployments, Self.controller(mesh: mesh, namespace: system), namespace: system)

        let remove = try await osm(["__complete", "namespace", "remove", ""], kubeconfig: plane.kubeconfig)
        #expect(remove.status == 0)
        #expect(remove.stdout.contains("\(member)\tin mesh \(mesh)\n"), "\(remove)")
        #expect(!remove.stdout.contains(free), "\(remove)")
        #expect(remove.stdout.hasSuffix("\n:4\n"), "\(remove)")
        // One namespace is all `remove` takes.
        let second = try await osm(["__complete", "namespace", "remove", member, ""], kubeconfig: plane.kubeconfig)
        #expect(second.stdout == ":4\n", "\(second)")

        let add = try await osm(["__completeNoDesc", "ns", "add", free, String(free.prefix(5))], kubeconfig: plane.kubeconfig)
        #expect(!add.stdout.contains(member) && !add.stdout.contains("\(free)\n"), "typed names are not offered again: \(add)")
        // `add` offers the namespaces no mesh has yet.
        let addFirst = try await osm(["__completeNoDesc", "ns", "add", ""], kubeconfig: plane.kubeconfig)
        let offered = addFirst.stdout.split(separator: "\n")
        #expect(offered.contains(Substring(free)) && offered.contains(Substring(system)), "\(addFirst)")
        #expect(!offered.contains(Substring(member)), "\(addFirst)")

        let meshName = try await osm(["__complete", "mesh", "upgrade", "--mesh-name", ""], kubeconfig: plane.kubeconfig)
        #expect(meshName.stdout.contains("\(mesh)\tmesh in namespace \(system), version v1.2.4\n"), "\(meshName)")
        #expect(meshName.stdout.hasSuffix(":4\n"))
        let equals = try await osm(["__complete", "uninstall", "mesh", "--mesh-name=\(mesh.prefix(7))"], kubeconfig: plane.kubeconfig)
        #expect(equals.stdout.contains("\(mesh)\t"), "\(equals)")
        let namespaceFlag = try await osm(["__complete", "mesh", "list", "--osm-namespace", system], kubeconfig: plane.kubeconfig)
        #expect(namespaceFlag.stdout == "\(system)\tcontrol plane of mesh \(mesh)\n:4\n", "\(namespaceFlag)")
        // proxy get: Envoy's admin queries, then the pods of the namespace given with -n; metrics
        // --namespace: the namespaces of meshes, after the ones already listed.
        _ = try await client.create(.pods, [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "bookbuyer-1", "namespace": .string(member)],
            "spec": ["containers": [["name": "app", "image": "example.invalid/app:1"]]],
        ], namespace: member)
        let pods = try await osm(["__complete", "proxy", "get", "-n", member, "config_dump", ""], kubeconfig: plane.kubeconfig)
        // Described by its phase (Pending until something runs it; another suite may play the kubelet).
        #expect(pods.stdout.hasPrefix("bookbuyer-1\t") && pods.stdout.hasSuffix("\n:4\n")
                && pods.stdout.split(separator: "\n").count == 2, "\(pods)")
        let queries = try await osm(["__completeNoDesc", "proxy", "get", "-n", member, "con"], kubeconfig: plane.kubeconfig)
        #expect(queries.stdout == "config_dump\n:4\n", "\(queries)")
        let listed = try await osm(["__completeNoDesc", "metrics", "enable", "--namespace", "x,\(member.prefix(8))"],
                                   kubeconfig: plane.kubeconfig)
        #expect(listed.stdout == "x,\(member)\n:4\n", "\(listed)")
        // A new install's name is the user's to choose: no values, files as cobra falls back to.
        let install = try await osm(["__complete", "install", "--mesh-name", ""], kubeconfig: plane.kubeconfig)
        #expect(install.stdout == ":0\n", "\(install)")

        // The bash script, as bash runs it on <TAB>, with the binary on PATH.
        let script = try await osm(["completion", "bash"], kubeconfig: plane.kubeconfig).stdout
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("osm-completion-\(mesh).bash")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let probe = """
            source '\(file.path)'
            COMP_LINE='osm namespace remove \(member.prefix(7))'; COMP_POINT=${#COMP_LINE}
            COMP_WORDS=(osm namespace remove \(member.prefix(7))); COMP_CWORD=3
            __osm_complete; printf '%s\\n' "${COMPREPLY[@]}"
            """
        let bash = try await Spawn.run("/bin/bash", ["-c", probe], environment: [
            "KUBECONFIG": plane.kubeconfig, "HOME": "/nonexistent-home", "OSM_NO_UPDATE_CHECK": "1",
            "PATH": osmBinary().deletingLastPathComponent().path + ":/usr/bin:/bin",
        ], stdin: "", limit: 60)
        #expect(bash.stdout == "\(member)\n", "\(bash.stdout)\(bash.stderr)")
    }

    @Test func anUnansweringServerCostsTheDeadlineAndPrintsNoError() async throws {
        // A listening socket that never answers: connections succeed, requests hang.
        let silent = try SilentServer()
        defer { silent.close() }
        func kubeconfig(port: UInt16) throws -> URL {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("silent-\(uniqueName("kc")).yaml")
            try """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:\(port)", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: not-a-secret}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                """.write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        let silentConfig = try kubeconfig(port: silent.port)
        defer { try? FileManager.default.removeItem(at: silentConfig) }
        // The same command against a port nobody listens on fails at once: what the run costs besides
        // the wait (process start, loading libcurl), on this machine under its present load.
        let closed = try SilentServer()
        let closedConfig = try kubeconfig(port: closed.port)
        closed.close()
        defer { try? FileManager.default.removeItem(at: closedConfig) }
        var started = Date()
        let refused = try await osm(["__complete", "namespace", "remove", ""], kubeconfig: closedConfig.path, limit: 30)
        let baseline = Date().timeIntervalSince(started)
        #expect(refused.stdout == ":4\n", "\(refused)")

        started = Date()
        let run = try await osm(["__complete", "namespace", "remove", ""], kubeconfig: silentConfig.path, limit: 30)
        let took = Date().timeIntervalSince(started)
        #expect(run.status == 0)
        #expect(run.stdout == ":4\n", "\(run)")
        #expect(run.stderr == "Completion ended with directive: ShellCompDirectiveNoFileComp\n", "\(run)")
        #expect(took - baseline < 3, "took \(took) s, a refused connection \(baseline) s")
        #expect(!run.stderr.contains("not-a-secret") && !run.stdout.contains("not-a-secret"))
    }
}

/// A loopback TCP socket that listens and never accepts: the kernel completes connections, nobody
/// answers (what a hung API server or a black-holed proxy looks like to a client).
final class SilentServer {
    let port: UInt16
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw CocoaError(.fileWriteUnknown) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() { _ = Glibc.close(descriptor) }
}
