import Foundation
import KubeFake
import OSMKit
import Testing
import ValueKit

/// `osm verify control-plane-health` against the fake API server: pod readiness from the pods'
/// conditions, liveness through port-forwarding to 9091 (the cases of upstream's TestControlPlane).
@Suite(.serialized, .timeLimit(.minutes(3))) struct VerifyTests {
    let rule = String(repeating: "-", count: 45) + "\n"

    func cluster(conditions: [String: [(String, String)]] = [:], apps: [String] = ["osm-controller", "osm-injector", "osm-bootstrap"]) throws -> FakeAPIServer {
        let fake = FakeAPIServer()
        try fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "osm-system"]])
        for app in apps {
            let pod = "\(app)-5d8f7"
            let own = conditions[app] ?? [("PodScheduled", "True"), ("Initialized", "True"), ("ContainersReady", "True"), ("Ready", "True")]
            try fake.seed(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(pod), "namespace": "osm-system", "labels": ["app": .string(app)]],
                           "status": ["phase": "Running", "conditions": .array(own.map { ["type": .string($0.0), "status": .string($0.1)] })]])
            // As OSM's components answer: Go's ServeMux, which redirects upstream's `//healthz` to `/healthz`.
            fake.setPort(namespace: "osm-system", pod: pod, port: 9091, .goServeMux { path in
                path == (app == "osm-controller" ? "/health/alive" : "/healthz") ? (200, Array("ok".utf8)) : (404, [])
            })
        }
        return fake
    }

    @Test func aHealthyControlPlaneIsOneLine() async throws {
        let fake = try cluster()
        let result = await runOSM(["verify", "control-plane-health"], cluster: fake)
        #expect(result.status == 0)
        #expect(result.stdout == rule + "[+] Context: Verify the health of OSM control plane\nStatus: Success\n\n" + rule)
        // Each app's liveness endpoint was reached through a port-forward to its pod.
        for app in ["osm-controller", "osm-injector", "osm-bootstrap"] {
            #expect(fake.requestLog.contains { $0.hasPrefix("GET /api/v1/namespaces/osm-system/pods/\(app)-5d8f7/portforward") })
        }
    }

    /// Fixed quirk: upstream reports Success when no step could run (the pods could not be listed).
    @Test func aClusterThatRefusesIsUnknownNotSuccess() async throws {
        let fake = try cluster()
        fake.authorize = { _, verb, _, resource, _ in !(verb == "list" && resource == "pods") }
        let result = await runOSM(["verify", "control-plane-health"], cluster: fake)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(rule + "[+] Context: Verify the health of OSM control plane\nStatus: Unknown\nReason: A verification step could not be completed\n"))
        #expect(result.stdout.contains("[++] Context: Verify readiness status of pod for app osm-system/osm-controller\nStatus: Unknown\nReason: Error fetching pods for app osm-system/osm-controller, err: pods is forbidden"))
    }

    @Test func unreadyPodsAndMissingAppsAreNamed() async throws {
        let fake = try cluster(conditions: ["osm-injector": [("PodScheduled", "True"), ("Initialized", "True"), ("ContainersReady", "False"), ("Ready", "False")]],
                               apps: ["osm-controller", "osm-injector"])
        let result = await runOSM(["verify", "control-plane-health"], cluster: fake)
        #expect(result.status == 0)
        let expected = rule
            + "[+] Context: Verify the health of OSM control plane\nStatus: Failure\nReason: A verification step failed\n"
            + "Suggestion: Please follow the suggestions listed in the failed steps below to resolve the issue\n\n"
            + "[++] Context: Verify readiness status of pod for app osm-system/osm-controller\nStatus: Success\n\n"
            + "[++] Context: Verify readiness status of pod for app osm-system/osm-injector\nStatus: Failure\n"
            + "Reason: Pod not ready: osm-system/osm-injector-5d8f7 containers not ready\n\n"
            + "[++] Context: Verify readiness status of pod for app osm-system/osm-bootstrap\nStatus: Failure\n"
            + "Reason: No pods found for app osm-system/osm-bootstrap\n\n"
            + "[++] Context: Verify health probes of pod for app osm-system/osm-controller\nStatus: Success\n\n"
            + "[++] Context: Verify health probes of pod for app osm-system/osm-injector\nStatus: Success\n\n"
            + "[++] Context: Verify health probes of pod for app osm-system/osm-bootstrap\nStatus: Failure\n"
            + "Reason: No pods found for app osm-system/osm-bootstrap\n\n"
            + rule
        #expect(result.stdout == expected)
    }

    @Test func failingProbesGiveTheirReason() async throws {
        let fake = try cluster()
        fake.setPort(namespace: "osm-system", pod: "osm-controller-5d8f7", port: 9091, .http { _ in (503, []) })
        fake.setPort(namespace: "osm-system", pod: "osm-bootstrap-5d8f7", port: 9091, .refused)
        let result = await runOSM(["verify", "control-plane-health"], cluster: fake)
        #expect(result.status == 0)
        #expect(result.stdout.contains("[++] Context: Verify health probes of pod for app osm-system/osm-controller\nStatus: Failure\n"
                                       + "Reason: Probe failure: HTTP probe failed for pod osm-system/osm-controller-5d8f7: unexpected response code: 503\n\n"))
        #expect(result.stdout.contains("Reason: Probe failure: HTTP probe failed for pod osm-system/osm-bootstrap-5d8f7: "
                                       + "an error occurred forwarding 9091 -> 9091: error forwarding port 9091 to pod "))
        #expect(result.stdout.contains("[++] Context: Verify health probes of pod for app osm-system/osm-injector\nStatus: Success\n\n"))
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test func statusColoursAreFatihColorsOnATerminal() {
        // fatih/color's green, red and yellow SGR codes around the status word.
        #expect(Verification(context: "c", status: .success).render(color: true) == "[+] Context: c\nStatus: \u{1B}[32mSuccess\u{1B}[0m\n\n")
        #expect(Verification(context: "c", status: .failure).render(color: true).contains("Status: \u{1B}[31mFailure\u{1B}[0m\n"))
        #expect(Verification(context: "c", status: .unknown).render(color: true).contains("Status: \u{1B}[33mUnknown\u{1B}[0m\n"))
    }
}
