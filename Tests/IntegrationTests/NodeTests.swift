import EnvTest
import Foundation
@testable import HelmEngine
import KubeClient
import Testing
import ValueKit

/// Rollouts and pod-facing commands on a cluster with a real node (`../shared/envtest/start-node`):
/// the kubelet starts containers, runs their exec readiness probes, restarts crashing ones and serves
/// logs and port-forwards. The control plane is played by `Charts/busybox-controller` (a busybox httpd
/// as osm-controller and osm-grafana), since OSM's own images cannot be pulled here.
@Suite(.serialized, .timeLimit(.minutes(10))) struct NodeTests {
    static let chart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Charts/busybox-controller").path

    static func records(_ client: KubernetesClient, mesh: String, namespace: String) async throws -> [ReleaseRecord.Status] {
        try await client.list(.secrets, namespace: namespace, labelSelector: "name=\(mesh),owner=helm")
            .map { try ReleaseRecord(secret: $0) }.sorted { $0.version < $1.version }.map(\.status)
    }

    /// A mesh of the busybox chart, installed and ready; its name and namespace.
    static func installed(_ plane: ControlPlane, _ sets: [String] = []) async throws -> (mesh: String, namespace: String) {
        let mesh = uniqueName("node"), ns = uniqueName("osm")
        let run = try await osm(["install", "--enforce-single-mesh=false", "--osm-chart-path", chart, "--mesh-name", mesh, "--osm-namespace", ns, "--timeout", "2m"] + sets,
                                kubeconfig: plane.kubeconfig)
        #expect(run.status == 0, "\(run)")
        return (mesh, ns)
    }

    func upgrade(_ plane: ControlPlane, _ mesh: (mesh: String, namespace: String), _ arguments: [String]) async throws -> (Run, Double) {
        let started = Date()
        let run = try await osm(["mesh", "upgrade", "--osm-chart-path", Self.chart, "--mesh-name", mesh.mesh, "--osm-namespace", mesh.namespace] + arguments,
                                kubeconfig: plane.kubeconfig)
        return (run, Date().timeIntervalSince(started))
    }

    /// The new pods sleep 6 s before they serve: the upgrade returns only after their probe passes,
    /// and by then the pod of the new template is Ready (the old pod was ready all along).
    @Test func upgradeReturnsWhenTheNewPodsAreReady() async throws {
        let plane = try await ControlPlane.withNode()
        let client = try plane.client()
        let mesh = try await Self.installed(plane)
        let (run, seconds) = try await upgrade(plane, mesh, ["--set", "osm.startDelay=6", "--timeout", "2m"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "OSM successfully upgraded mesh [\(mesh.mesh)] in namespace [\(mesh.namespace)]\n", "\(run)")
        #expect(seconds >= 6, "returned after \(seconds) s")
        let pods = try await client.list(.pods, namespace: mesh.namespace, labelSelector: "app=osm-controller")
        let newPods = pods.filter { ($0["spec"]?["containers"]?.arrayValue?.first?["args"]?.arrayValue?.first?.stringValue ?? "").hasPrefix("sleep 6;") }
        #expect(!newPods.isEmpty)
        for pod in newPods {
            let ready = (pod["status"]?["conditions"]?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
            #expect(ready, "\(pod["metadata"]?["name"]?.stringValue ?? "") not ready when the upgrade returned")
        }
        #expect(try await Self.records(client, mesh: mesh.mesh, namespace: mesh.namespace) == [.superseded, .deployed])
    }

    /// New pods whose readiness probe never passes, or that crash: the upgrade fails at `--timeout`,
    /// naming osm-controller and what its new pod is doing; the record says failed.
    @Test(arguments: [("osm.healthy=false", ["container osm-controller running but not ready)"]),
                      ("osm.crash=true", ["container osm-controller waiting: CrashLoopBackOff)", "container osm-controller terminated: Error, exit code 3)",
                                         "(last: Error, exit code 3))"])])
    func upgradeWhoseNewPodsNeverBecomeReadyFailsAtTheTimeout(_ setting: String, _ why: [String]) async throws {
        let plane = try await ControlPlane.withNode()
        let client = try plane.client()
        let mesh = try await Self.installed(plane)
        let (run, seconds) = try await upgrade(plane, mesh, ["--set", setting, "--timeout", "15s"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("Error: timed out waiting for the condition; not ready:\n  - Deployment is not ready: \(mesh.namespace)/osm-controller. 0 out of 1 expected pods are ready (pod osm-controller-"), "\(run)")
        #expect(why.contains { run.stderr.contains($0) }, "\(run)")
        #expect(seconds >= 15 && seconds < 45, "failed after \(seconds) s")
        #expect(try await Self.records(client, mesh: mesh.mesh, namespace: mesh.namespace) == [.deployed, .failed])
    }

    /// OSM's own chart: its images cannot be pulled on this node, and the install says so by name.
    @Test func installOfTheBuiltInChartNamesTheImagesThatCannotBePulled() async throws {
        let plane = try await ControlPlane.withNode()
        let run = try await osm(["install", "--enforce-single-mesh=false", "--mesh-name", uniqueName("pull"), "--osm-namespace", uniqueName("osm"),
                                 "--timeout", "20s"], kubeconfig: plane.kubeconfig)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("/osm-bootstrap. 0 out of 1 expected pods are ready (pod osm-bootstrap-"), "\(run)")
        #expect(run.stderr.contains(": container osm-bootstrap waiting: ErrImagePull)") || run.stderr.contains(": container osm-bootstrap waiting: ImagePullBackOff)"),
                "\(run)")
        #expect(run.stderr.contains("init container"), "osm-controller's init container is the one waiting: \(run)")
    }

    /// `osm dashboard` forwards a local port to the real Grafana pod until Ctrl-C.
    @Test func dashboardServesTheGrafanaPod() async throws {
        let plane = try await ControlPlane.withNode()
        let mesh = try await Self.installed(plane, ["--set", "osm.deployGrafana=true"])
        let port = try freePort()
        let body = Box("")
        let run = try await Spawn.run(osmBinary().path, ["dashboard", "-b=false", "-p", String(port), "--osm-namespace", mesh.namespace], environment: [
            "KUBECONFIG": plane.kubeconfig, "HOME": "/nonexistent-home", "OSM_NO_UPDATE_CHECK": "1", "PATH": "/usr/bin:/bin",
        ], limit: 60) {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let answer = try? await CurlTransport(timeoutSeconds: 5).send(HTTPRequest(url: "http://127.0.0.1:\(port)/")), answer.status == 200 {
                    body.value = String(decoding: answer.body, as: UTF8.self)
                    return
                }
                try? await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        #expect(body.value == "grafana stand-in of mesh \(mesh.mesh)\n", "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        #expect(run.signal == nil && run.status != nil, "dashboard did not end on Ctrl-C: \(run.stderr)")
        #expect(run.stdout.hasPrefix("[+] Starting Dashboard forwarding\n[+] Forwarding http://localhost:\(port) to Grafana; press Ctrl-C to stop\n"), "\(run.stdout)")
    }

    /// `osm proxy get` and `osm support bug-report` against a running pod whose "Envoy admin port" is a
    /// busybox httpd, and a controller whose log the real kubelet serves.
    @Test func proxyGetAndBugReportReachRealPods() async throws {
        let plane = try await ControlPlane.withNode()
        let client = try plane.client()
        let mesh = try await Self.installed(plane)
        let apps = uniqueName("apps")
        try await client.makeNamespace(apps, labels: ["openservicemesh.io/monitored-by": mesh.mesh])
        let script = "mkdir -p /www; echo \"dump of \(apps)\" > /www/config_dump; echo ready > /www/ready; exec /bin/busybox httpd -f -p 15000 -h /www"
        let probe: Value = ["exec": ["command": ["/bin/busybox", "wget", "-q", "-O-", "http://127.0.0.1:15000/ready"]], "periodSeconds": 1]
        let container: Value = ["name": "envoy", "image": "localhost/busybox:1", "imagePullPolicy": "Never",
                                "command": ["/bin/busybox", "sh", "-c", .string(script)], "readinessProbe": probe]
        let labels: Value = ["app": "bookstore", "osm-proxy-uuid": .string(UUID().uuidString.lowercased())]
        let pod: Value = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "bookstore", "namespace": .string(apps), "labels": labels],
                          "spec": ["terminationGracePeriodSeconds": 1, "containers": [container]]]
        _ = try await client.create(.pods, pod, namespace: apps)
        let ready = await eventually(60) {
            let pod = try await client.get(.pods, name: "bookstore", namespace: apps)
            return (pod["status"]?["conditions"]?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
        }
        #expect(ready)
        let proxy = try await osm(["proxy", "get", "config_dump", "bookstore", "-n", apps, "-p", String(try freePort())], kubeconfig: plane.kubeconfig, limit: 60)
        #expect(proxy.status == 0, "\(proxy)")
        #expect(proxy.stdout == "dump of \(apps)\n", "\(proxy)")

        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("\(uniqueName("report")).tar.gz").path
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let report = try await osm(["support", "bug-report", "--osm-namespace", mesh.namespace, "--app-namespaces", apps, "--app-pods", "\(apps)/bookstore", "-o", archive],
                                   kubeconfig: plane.kubeconfig, limit: 120)
        #expect(report.status == 0, "\(report)")
        var files: [String: String] = [:]
        for entry in try ChartArchive.untar(try ChartArchive.gunzip(Array(try Data(contentsOf: URL(fileURLWithPath: archive))))) {
            files[entry.path] = String(decoding: entry.bytes, as: UTF8.self)
        }
        func file(_ containing: String) -> String? { files.first { $0.key.contains(containing) }?.value }
        #expect(file("/pods/osm-controller-")?.isEmpty == false)
        #expect(files.contains { $0.key.contains("kubectl_logs_-n_\(mesh.namespace)_osm-controller-") && $0.value == "osm-controller serving\n" },
                "\(files.keys.sorted())")
        #expect(file("osm_proxy_get_config_dump_bookstore_-n_\(apps)") == "dump of \(apps)\n", "\(files.keys.sorted())")
    }
}

/// A TCP port on loopback that nothing listens on now.
func freePort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw EnvTestError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw EnvTestError("bind failed") }
    return UInt16(bigEndian: address.sin_port)
}
