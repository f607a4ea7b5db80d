import Foundation
@testable import HelmEngine
import Testing
import ValueKit
import YAML

/// Release records against the two Secrets real Helm wrote (Releases/, from ../shared/fixtures:
/// `helm install mini minimesh-chart --set replicas=2`, then `helm upgrade … --set replicas=3`).
@Suite struct ReleaseRecordTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Releases")

    func fixture(_ revision: Int) throws -> Value {
        try YAML.decodeJSONCompatible(String(contentsOf: Self.folder.appendingPathComponent("helm-release-mini-v\(revision).yaml"), encoding: .utf8))
    }

    @Test func readsWhatHelmWrote() throws {
        let v1 = try ReleaseRecord(secret: fixture(1))
        let v2 = try ReleaseRecord(secret: fixture(2))
        #expect(v1.name == "mini" && v1.namespace == "mini-system")
        #expect(v1.version == 1 && v2.version == 2)
        #expect(v1.status == .superseded && v2.status == .deployed)
        #expect(v1.config["replicas"]?.integerValue == 2)
        #expect(v2.config["replicas"]?.integerValue == 3)
        #expect(v2.chartMetadata["name"] == "minimesh")
        #expect(v2.manifest.contains("kind: Deployment"))
        #expect(try v2.secretName == fixture(2)["metadata"]?["name"]?.stringValue)
    }

    @Test func writesTheSecretShapeHelmWrites() throws {
        let helm = try fixture(2)
        let record = try ReleaseRecord(secret: helm)
        let ours = try record.secret()
        #expect(ours["type"] == helm["type"])
        #expect(ours["metadata"]?["name"] == helm["metadata"]?["name"])
        #expect(ours["metadata"]?["namespace"] == helm["metadata"]?["namespace"])
        var ourLabels = ours["metadata"]?["labels"]?.mapValue
        var helmLabels = helm["metadata"]?["labels"]?.mapValue
        #expect(ourLabels?.keys.sorted() == helmLabels?.keys.sorted())
        ourLabels?["modifiedAt"] = nil
        helmLabels?["modifiedAt"] = nil
        #expect(ourLabels == helmLabels)
        // The payload survives a round trip unchanged, including fields we do not interpret.
        #expect(try ReleaseRecord(secret: ours).json == record.json)
    }

    @Test func newRecordsHaveHelmsFields() throws {
        let chart = try ChartLoader.load(path: Self.folder.appendingPathComponent("minimesh-chart").path)
        let record = ReleaseRecord.make(name: "mini", namespace: "mini-system", version: 1, chart: chart, config: ["replicas": 2],
                                        manifest: "---\n", status: .deployed, description: "Install complete")
        let helm = try ReleaseRecord(secret: fixture(1)).json
        #expect(record.json.mapValue?.keys.sorted() == helm.mapValue?.keys.sorted())
        let helmChartKeys = Set(helm["chart"]?.mapValue?.keys ?? []).subtracting(["modtime", "schemamodtime"])
        #expect(Set(record.json["chart"]?.mapValue?.keys ?? []) == helmChartKeys)
        #expect(record.json["chart"]?["metadata"] == helm["chart"]?["metadata"])
        #expect(record.json["chart"]?["values"] == helm["chart"]?["values"])
        let ourTemplates = record.json["chart"]?["templates"]?.arrayValue?.map { [$0["name"], $0["data"]] }
        let helmTemplates = helm["chart"]?["templates"]?.arrayValue?.map { [$0["name"], $0["data"]] }
        #expect(ourTemplates == helmTemplates)
        let secret = try record.secret()
        #expect(secret["metadata"]?["labels"]?["status"] == "deployed")
        #expect(try ReleaseRecord(secret: secret).json == record.json.jsonNumbers)
    }

    @Test func statusChangesUpdateInfo() throws {
        var record = try ReleaseRecord(secret: fixture(2))
        record.set(status: .superseded, description: "Superseded")
        #expect(record.status == .superseded)
        #expect(record.json["info"]?["description"] == "Superseded")
        #expect(try record.secret()["metadata"]?["labels"]?["status"] == "superseded")
    }

    @Test func brokenRecordsSayWhich() {
        let broken: Value = ["metadata": ["name": "sh.helm.release.v1.x.v1"], "data": ["release": "!!!"]]
        #expect(throws: ChartError("release record sh.helm.release.v1.x.v1: data.release is missing or not base64")) { try ReleaseRecord(secret: broken) }
    }
}

