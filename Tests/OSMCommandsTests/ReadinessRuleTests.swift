@testable import OSMKit
import Testing
import ValueKit

/// Helm's Deployment readiness allowance (spec Appendix A.4): readyReplicas ≥ replicas − maxUnavailable.
@Suite(.timeLimit(.minutes(3))) struct ReadinessRuleTests {
    func deployment(_ replicas: Int64, strategy: Value? = nil) -> Value {
        var spec: OrderedMap = ["replicas": .int(replicas)]
        if let strategy { spec["strategy"] = strategy }
        return ["spec": .map(spec)]
    }

    @Test func defaultIsAQuarterRoundedDown() {
        #expect(MeshInstaller.maxUnavailable(deployment(1)) == 0)
        #expect(MeshInstaller.maxUnavailable(deployment(3)) == 0)
        #expect(MeshInstaller.maxUnavailable(deployment(4)) == 1)
        #expect(MeshInstaller.maxUnavailable(deployment(10)) == 2)
    }

    @Test func explicitSettings() {
        #expect(MeshInstaller.maxUnavailable(deployment(4, strategy: ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 2]])) == 2)
        #expect(MeshInstaller.maxUnavailable(deployment(4, strategy: ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "50%"]])) == 2)
        #expect(MeshInstaller.maxUnavailable(deployment(2, strategy: ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 5]])) == 2)
        #expect(MeshInstaller.maxUnavailable(deployment(4, strategy: ["type": "Recreate"])) == 0)
        #expect(MeshInstaller.maxUnavailable(deployment(0)) == 0)
    }

    // The tables of Helm's own pkg/kube/ready_test.go (Test_ReadyChecker_daemonSetReady and
    // Test_ReadyChecker_statefulSetReady), with its newDaemonSet/newStatefulSet objects.

    static func daemonSet(maxUnavailable: Int, ready: Int, desired: Int, updated: Int, inSync: Bool) -> Value {
        ["metadata": ["name": "foo", "generation": .int(inSync ? 1 : 2)],
         "spec": ["updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": .int(Int64(maxUnavailable))]]],
         "status": ["numberReady": .int(Int64(ready)), "desiredNumberScheduled": .int(Int64(desired)),
                    "updatedNumberScheduled": .int(Int64(updated)), "observedGeneration": 1]]
    }

    @Test(arguments: [
        (0, 1, 1, 1, true, true), (0, 0, 1, 1, true, false), (0, 0, 1, 0, true, false), (1, 1, 2, 2, true, true), (0, 1, 1, 1, false, false),
    ])
    func daemonSetAsHelmsTable(_ maxUnavailable: Int, _ ready: Int, _ desired: Int, _ updated: Int, _ inSync: Bool, _ want: Bool) {
        let ds = Self.daemonSet(maxUnavailable: maxUnavailable, ready: ready, desired: desired, updated: updated, inSync: inSync)
        #expect((ReadinessRules.daemonSet(ds, id: "default/foo") == nil) == want)
    }

    static func statefulSet(replicas: Int, partition: Int, ready: Int, updated: Int, inSync: Bool, updateRevision: String = "") -> Value {
        ["metadata": ["name": "foo", "generation": .int(inSync ? 1 : 2)],
         "spec": ["replicas": .int(Int64(replicas)),
                  "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["partition": .int(Int64(partition))]]],
         "status": ["updatedReplicas": .int(Int64(updated)), "readyReplicas": .int(Int64(ready)), "observedGeneration": 1,
                    "updateRevision": .string(updateRevision)]]
    }

    @Test(arguments: [
        (1, 0, 1, 1, true, "", true), (1, 0, 0, 1, true, "", false), (2, 1, 2, 1, true, "", true), (2, 1, 1, 0, true, "", false),
        (2, 1, 2, 2, true, "", true), (1, 2, 1, 1, true, "", true), (1, 0, 1, 1, false, "", false), (3, 2, 3, 3, true, "foo-bbbbbbb", true),
    ])
    func statefulSetAsHelmsTable(_ replicas: Int, _ partition: Int, _ ready: Int, _ updated: Int, _ inSync: Bool, _ revision: String, _ want: Bool) {
        let sts = Self.statefulSet(replicas: replicas, partition: partition, ready: ready, updated: updated, inSync: inSync, updateRevision: revision)
        #expect((ReadinessRules.statefulSet(sts, id: "default/foo") == nil) == want)
    }

    @Test func claimsCRDsAndAPIServices() {
        #expect(ReadinessRules.persistentVolumeClaim(["status": ["phase": "Bound"]], id: "a/p") == nil)
        #expect(ReadinessRules.persistentVolumeClaim(["status": ["phase": "Pending"]], id: "a/p") == "PersistentVolumeClaim is not bound: a/p")
        #expect(ReadinessRules.customResourceDefinition(["status": ["conditions": [["type": "Established", "status": "True"]]]], id: "c") == nil)
        // A naming conflict is not the wait's to fail (Helm lets it pass).
        #expect(ReadinessRules.customResourceDefinition(["status": ["conditions": [["type": "NamesAccepted", "status": "False"]]]], id: "c") == nil)
        #expect(ReadinessRules.customResourceDefinition(["status": ["conditions": []]], id: "c") == "CustomResourceDefinition is not established: c")
        #expect(ReadinessRules.apiService(["status": ["conditions": [["type": "Available", "status": "False"]]]], id: "v1.x") == "APIService is not available: v1.x")
    }
}
