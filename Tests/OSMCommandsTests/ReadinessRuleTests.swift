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
}
