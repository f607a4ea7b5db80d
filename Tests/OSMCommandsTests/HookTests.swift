import Foundation
import KubeFake
import Testing

/// Chart hooks given with --osm-chart-path run as Helm runs them (upstream's own chart has a
/// pre-install and a post-delete Job).
@Suite(.timeLimit(.minutes(3))) struct HookTests {
    static func chartWithHooks(_ hooks: [(event: String, name: String)] = [("pre-install", "preinstall"), ("post-delete", "cleanup")]) throws -> URL {
        let chart = try InstallTests.chart()
        for (event, name) in hooks {
            try """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: {{ .Release.Name }}-\(name)
                  namespace: {{ .Release.Namespace }}
                  annotations:
                    helm.sh/hook: \(event)
                    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: \(name), image: example.invalid/\(name)}]
                """.write(to: chart.appendingPathComponent("templates/\(name)-hook.yaml"), atomically: true, encoding: .utf8)
        }
        return chart
    }

    func jobRuns(_ fake: FakeAPIServer, _ name: String) -> [String] {
        fake.requestLog.filter { $0.contains("/jobs") && ($0.hasPrefix("POST") || $0.hasPrefix("DELETE /apis/batch/v1/namespaces/osm-system/jobs/\(name)")) }
    }

    @Test func preInstallAndPostDeleteJobsRunAndAreCleanedUp() async throws {
        let chart = try Self.chartWithHooks()
        defer { try? FileManager.default.removeItem(at: chart) }
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let installed = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(installed.stdout == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n")
        // Created, waited for, deleted on success; the post-delete hook has not run.
        #expect(fake.requestLog.contains { $0.hasPrefix("POST /apis/batch/v1/namespaces/osm-system/jobs") })
        #expect(fake.object(group: "batch", resource: "jobs", namespace: "osm-system", name: "osm-preinstall") == nil)
        #expect(!fake.requestLog.contains { $0.contains("jobs") && $0.contains("cleanup") })
        let created = fake.requestLog.firstIndex { $0.hasPrefix("POST /apis/batch/v1/namespaces/osm-system/jobs") }!
        let firstObject = fake.requestLog.firstIndex { $0.hasPrefix("PATCH /apis/apps/v1/namespaces/osm-system/deployments") }!
        #expect(created < firstObject)

        let removed = await runOSM(["uninstall", "mesh", "-f"], cluster: fake)
        #expect(removed.stdout == "OSM [mesh name: osm] in namespace [osm-system] uninstalled\n")
        #expect(fake.requestLog.filter { $0.hasPrefix("POST /apis/batch/v1/namespaces/osm-system/jobs") }.count == 2)
        #expect(fake.object(group: "batch", resource: "jobs", namespace: "osm-system", name: "osm-cleanup") == nil)
    }

    /// Helm 3.2+ deletes `hook-succeeded` hooks only once every hook of the event has succeeded
    /// (Helm before 3.2 deleted each right after its own run): with two pre-install Jobs, both are
    /// created before either is deleted.
    @Test func succeededHooksAreDeletedAfterTheWholeEvent() async throws {
        let chart = try Self.chartWithHooks([("pre-install", "first"), ("pre-install", "second")])
        defer { try? FileManager.default.removeItem(at: chart) }
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        let installed = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(installed.stderr == "")
        let log = fake.requestLog
        let creates = log.indices.filter { log[$0].hasPrefix("POST /apis/batch/v1/namespaces/osm-system/jobs") }
        #expect(creates.count == 2)
        // The first Job's hook-succeeded delete: a DELETE of it after it was created. (Each Job's
        // before-hook-creation delete comes before its own create.)
        let firstCreated = log.indices.first { log[$0].hasPrefix("POST /apis/batch/v1/namespaces/osm-system/jobs") && log[$0].contains("osm-first") }
            ?? creates.first ?? 0
        let firstDeleted = log.indices.first { $0 > firstCreated && log[$0].hasPrefix("DELETE /apis/batch/v1/namespaces/osm-system/jobs/osm-first") }
        #expect(firstDeleted != nil)
        #expect((firstDeleted ?? -1) > (creates.max() ?? Int.max), "\(log.filter { $0.contains("/jobs") })")
        #expect(fake.object(group: "batch", resource: "jobs", namespace: "osm-system", name: "osm-first") == nil)
        #expect(fake.object(group: "batch", resource: "jobs", namespace: "osm-system", name: "osm-second") == nil)
    }

    @Test func failingPreInstallJobStopsTheInstall() async throws {
        let chart = try Self.chartWithHooks()
        defer { try? FileManager.default.removeItem(at: chart) }
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        fake.failingJobs = ["osm-preinstall"]
        let result = await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake)
        #expect(result.status == 1)
        // Helm's words (spec §2.1) first, then which Job and what its Failed condition says (issue 12).
        #expect(result.stderr == "Error: failed pre-install: job failed: BackoffLimitExceeded (Job osm-system/osm-preinstall: Job has reached the specified backoff limit)\n")
        // The Job is kept for its logs (no hook-failed policy); nothing of the release was applied.
        #expect(fake.object(group: "batch", resource: "jobs", namespace: "osm-system", name: "osm-preinstall") != nil)
        #expect(fake.object(group: "apps", resource: "deployments", namespace: "osm-system", name: "osm-controller") == nil)
    }

    @Test func upgradeRunsPreAndPostUpgradeJobsAroundTheApply() async throws {
        let chart = try Self.chartWithHooks([("pre-upgrade", "preupgrade"), ("post-upgrade", "postupgrade")])
        defer { try? FileManager.default.removeItem(at: chart) }
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        #expect(await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake).status == 0)
        // Install runs neither upgrade hook.
        #expect(!fake.requestLog.contains { $0.hasPrefix("POST /apis/batch/v1/namespaces/osm-system/jobs") })
        let before = fake.requestLog.count
        let upgraded = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart.path], cluster: fake)
        #expect(upgraded.stdout == "OSM successfully upgraded mesh [osm] in namespace [osm-system]\n")
        let log = Array(fake.requestLog[before...])
        let jobs = log.indices.filter { log[$0].hasPrefix("POST /apis/batch/v1/namespaces/osm-system/jobs") }
        let applies = log.indices.filter { log[$0].hasPrefix("PATCH /apis/apps/v1/namespaces/osm-system/deployments") }
        #expect(jobs.count == 2)
        // The pre-upgrade Job before the first apply, the post-upgrade Job after the last; both deleted on success.
        #expect(jobs.first! < applies.first! && jobs.last! > applies.last!)
        for name in ["osm-preupgrade", "osm-postupgrade"] {
            #expect(fake.object(group: "batch", resource: "jobs", namespace: "osm-system", name: name) == nil)
        }
    }

    @Test func aFailingPreUpgradeJobLeavesTheDeployedRevision() async throws {
        let chart = try Self.chartWithHooks([("pre-upgrade", "preupgrade")])
        defer { try? FileManager.default.removeItem(at: chart) }
        let fake = FakeAPIServer()
        fake.controllersActAtOnce()
        #expect(await runOSM(["install", "--osm-chart-path", chart.path], cluster: fake).status == 0)
        fake.failingJobs = ["osm-preupgrade"]
        let result = await runOSM(["mesh", "upgrade", "--osm-chart-path", chart.path], cluster: fake)
        #expect(result.status == 1)
        #expect(result.stderr == "Error: failed pre-upgrade: job failed: BackoffLimitExceeded (Job osm-system/osm-preupgrade: Job has reached the specified backoff limit)\n")
        // Revision 1 stays deployed; revision 2 is recorded as failed, as Helm records it.
        let statuses = fake.objects(resource: "secrets").compactMap { $0["metadata"]?["labels"]?["status"]?.stringValue }.sorted()
        #expect(statuses == ["deployed", "failed"])
    }
}
