import KubeClient
import ValueKit

/// `osm verify control-plane-health` (spec §2.14): the controller, injector and bootstrap pods are
/// ready, and each answers its liveness endpoint on port 9091, reached through port-forwarding.
public enum ControlPlaneHealth {
    /// App label, and the health path the app serves (upstream appends it after a `/`, hence `//`).
    static let apps: [(name: String, path: String)] = [
        ("osm-controller", "//health/alive"), ("osm-injector", "//healthz"), ("osm-bootstrap", "//healthz"),
    ]
    static let healthPort: UInt16 = 9091

    public static func verify(_ client: KubernetesClient, namespace: String) async -> Verification {
        var steps: [Verification] = []
        for app in apps { steps.append(await readiness(client, namespace: namespace, app: app.name)) }
        for app in apps { steps.append(await probes(client, namespace: namespace, app: app.name, path: app.path)) }
        return .group("Verify the health of OSM control plane", steps)
    }

    /// The app's pods, or the result that ends the check when there are none or they cannot be listed.
    static func pods(
        _ client: KubernetesClient, namespace: String, app: String, context: String
    ) async -> (pods: [Value], ended: Verification?) {
        do {
            let pods = try await client.list(.pods, namespace: namespace, labelSelector: "app=\(app)")
            if pods.isEmpty {
                return (
                    [],
                    Verification(
                        context: context, status: .failure, reason: "No pods found for app \(namespace)/\(app)")
                )
            }
            return (pods, nil)
        } catch {
            return (
                [],
                Verification(
                    context: context, status: .unknown,
                    reason: "Error fetching pods for app \(namespace)/\(app), err: \(error)")
            )
        }
    }

    static func readiness(_ client: KubernetesClient, namespace: String, app: String) async -> Verification {
        let context = "Verify readiness status of pod for app \(namespace)/\(app)"
        let (pods, ended) = await Self.pods(client, namespace: namespace, app: app, context: context)
        if let ended { return ended }
        var problems: [String] = []
        for pod in pods {
            let name =
                "\(pod.objectNamespace ?? namespace)/\(pod.objectName ?? "")"
            // Each condition that is not True says why; the first of scheduled/containers/initialized ends the pod's list.
            conditions: for condition in pod.conditions
            where condition["status"]?.stringValue != "True" {
                switch condition["type"]?.stringValue {
                case "PodScheduled": problems.append("\(name) not scheduled")
                case "ContainersReady": problems.append("\(name) containers not ready")
                case "Initialized": problems.append("\(name) init-containers pending completion")
                case "Ready": problems.append("\(name) not ready"); continue conditions
                default: continue conditions
                }
                break conditions
            }
        }
        if problems.isEmpty { return Verification(context: context, status: .success) }
        return Verification(
            context: context, status: .failure, reason: "Pod not ready: \(problems.joined(separator: ", "))")
    }

    static func probes(_ client: KubernetesClient, namespace: String, app: String, path: String) async -> Verification {
        let context = "Verify health probes of pod for app \(namespace)/\(app)"
        let (pods, ended) = await Self.pods(client, namespace: namespace, app: app, context: context)
        if let ended { return ended }
        var problems: [String] = []
        for pod in pods {
            let name = pod.objectName ?? "",
                ns = pod.objectNamespace ?? namespace
            do {
                let tunnel = try await client.portForward(pod: name, namespace: ns)
                defer { tunnel.close() }
                let answer = try await tunnel.httpGet(port: healthPort, path: path)
                if answer.status != 200 {
                    problems.append(
                        "HTTP probe failed for pod \(ns)/\(name): unexpected response code: \(answer.status)")
                }
            } catch {
                problems.append("HTTP probe failed for pod \(ns)/\(name): \(error)")
            }
        }
        if problems.isEmpty { return Verification(context: context, status: .success) }
        return Verification(
            context: context, status: .failure, reason: "Probe failure: \(problems.joined(separator: ", "))")
    }
}
