import Foundation
@testable import HelmEngine
import Testing
import ValueKit

/// Helm CLI behaviour around the engine, with messages from the spec (§2.1) and Helm's sources.
struct HelmRendererTests {
    static let charts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Charts")

    /// Without a cluster, `.Capabilities` is Helm 4's default: its Kubernetes version and its
    /// version set, in Helm's order (Charts/capabilities-helm4-default.txt is what helm-template
    /// printed for Charts/capabilities-template.txt).
    @Test func defaultCapabilitiesAreHelms() throws {
        let template = try String(contentsOf: Self.charts.appendingPathComponent("capabilities-template.txt"), encoding: .utf8)
        let expected = try String(contentsOf: Self.charts.appendingPathComponent("capabilities-helm4-default.txt"), encoding: .utf8)
        let chart = try ChartLoader.loadFiles([
            ("Chart.yaml", Array("apiVersion: v2\nname: cap\nversion: 0.1.0\n".utf8)), ("templates/a.txt", Array(template.utf8)),
        ])
        let release = try HelmRenderer.render(chart: chart, userValues: OrderedMap(), options: RenderOptions())
        let out = release.files.first { $0.name == "cap/templates/a.txt" }?.content ?? ""
        #expect(out.trimmingCharacters(in: .newlines) == expected.trimmingCharacters(in: .newlines))
    }

    @Test func kubeVersionConstraintIsChecked() throws {
        let chart = try ChartLoader.load(path: Self.charts.appendingPathComponent("errors").path)
        var options = RenderOptions()
        options.kubeVersion = "v1.19.0"
        #expect(throws: ChartError("chart requires kubeVersion: >= 1.20.0-0 which is incompatible with Kubernetes v1.19.0")) {
            try HelmRenderer.render(chart: chart, userValues: OrderedMap(), options: options)
        }
    }

    @Test(arguments: [
        ("a", "failed parsing --set data: key \"a\" has no value"),
        ("a.b", "failed parsing --set data: key \"b\" has no value"),
        ("a[x]=1", "failed parsing --set data: error parsing index: strconv.Atoi: parsing \"x\": invalid syntax"),
        ("a[-1]=1", "failed parsing --set data: negative -1 index not allowed"),
        ("a={x,y", "failed parsing --set data: list must terminate with '}'"),
        ("a=1,,b=2", "failed parsing --set data: key \"\" has no value (cannot end with ,)"),
    ])
    func setSyntaxErrors(expression: String, message: String) {
        #expect(throws: ChartError(message)) { try HelmRenderer.userValues(sets: [expression]) }
    }

    @Test func setTypesValuesAsHelmDoes() throws {
        let v = try HelmRenderer.userValues(sets: ["a=1,b=true,c=null,d=007,e=0,f=-5,g=1.5,h=abc,i=TRUE,j[1]=x,k={p,q}"])
        #expect(v["a"] == .int(1))
        #expect(v["b"] == .bool(true))
        #expect(v["c"] == .null)
        #expect(v["d"] == .string("007"))
        #expect(v["e"] == .int(0))
        #expect(v["f"] == .int(-5))
        #expect(v["g"] == .string("1.5"))
        #expect(v["i"] == .bool(true))
        #expect(v["j"] == [nil, "x"])
        #expect(v["k"] == ["p", "q"])
    }

    @Test func manifestsComeInInstallOrderWithHooksApart() throws {
        let chart = try ChartLoader.load(path: Self.charts.appendingPathComponent("hooks").path)
        let release = try HelmRenderer.render(chart: chart, userValues: OrderedMap(), options: RenderOptions())
        // A comment-only document is kept as a manifest of no kind, sorted after the known kinds.
        #expect(release.manifests.map(\.kind) == ["Namespace", "ServiceAccount", "Deployment", ""])
        #expect(release.hooks.map(\.name) == ["release-name-preinstall"])
        #expect(release.hooks.first?.weight == -5)
        #expect(release.hooks.first?.events == ["pre-install"])
        #expect(release.hooks.first?.deletePolicies == ["before-hook-creation", "hook-succeeded"])
    }
}

/// values.schema.json violations, worded as gojsonschema (Helm 3) words them: `- field: description`
/// under the chart's name, every violation listed, subcharts validated against their section.
struct SchemaValidationTests {
    static let chart = HelmRendererTests.charts.appendingPathComponent("schema").path

    func render(_ sets: [String]) -> String {
        do {
            let chart = try ChartLoader.load(path: Self.chart)
            _ = try HelmRenderer.render(chart: chart, userValues: try HelmRenderer.userValues(sets: sets), options: RenderOptions())
            return "ok"
        } catch {
            return error.description
        }
    }

    @Test func validValuesRender() {
        #expect(render([]) == "ok")
    }

    @Test func everyViolationIsListed() {
        let message = render(["replicas=9,name=ABC,mode=c,tags={a,a},sub.port=-1"])
        #expect(message == """
            values don't meet the specifications of the schema(s) in the following chart(s):
            schema:
            - mode: mode must be one of the following: "a", "b"
            - name: Does not match pattern '^[a-z]+$'
            - replicas: Must be less than or equal to 5
            - tags: array items[0,1] must be unique
            sub:
            - port: Must be greater than 0

            """)
    }

    @Test func typesAndRequired() {
        let message = render(["replicas=abc,name=null"])
        #expect(message.contains("- (root): name is required\n"))
        #expect(message.contains("- replicas: Invalid type. Expected: integer, given: string\n"))
    }
}

struct SetLiteralTests {
    @Test func literalKeepsCommasAndTypesAsText() throws {
        let v = try HelmRenderer.userValues(literalSets: ["a.b=x,y=1,{z}", "n=007"])
        #expect(v["a"]?["b"] == .string("x,y=1,{z}"))
        #expect(v["n"] == .string("007"))
    }
}

/// Packaged subcharts are read only as far as their Chart.yaml until a condition needs them
/// (Charts/lazysub; its outputs equal real Helm's in ChartCorpusTests).
struct LazySubchartTests {
    static let chart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Charts/lazysub").path

    func render(_ sets: [String]) throws -> (Chart, [String: Chart]) {
        let chart = try ChartLoader.loadDirectory(Self.chart)
        let loaded = Dictionary(uniqueKeysWithValues: chart.dependencies.map { ($0.name, $0) })
        _ = try HelmRenderer.render(chart: chart, userValues: try HelmRenderer.userValues(valueFiles: [], sets: sets, stringSets: []),
                                    options: RenderOptions())
        return (chart, loaded)
    }

    @Test func aSubchartItsConditionLeavesOutIsNeverUnpacked() throws {
        let (chart, loaded) = try render([])
        #expect(chart.dependencies.isEmpty)
        // alpha: off by the parent's values, so its archive stays packed.
        #expect(loaded["alpha"]?.pending != nil)
        #expect(loaded["alpha"]?.templates.isEmpty == true)
        // beta: off only by its own defaults, which had to be read. (delta is used under its alias
        // dee, a copy; that its defaults were read shows in ChartCorpusTests' lazysub-defaults, where
        // they switch gamma off.)
        #expect(loaded["beta"]?.pending == nil)
        #expect(loaded["gamma"]?.pending == nil)
    }

    @Test func anEnabledSubchartIsUnpackedAndRendered() throws {
        let (chart, loaded) = try render(["alpha.enabled=true"])
        #expect(loaded["alpha"]?.pending == nil)
        #expect(chart.dependencies.map(\.name) == ["alpha"])
        #expect(chart.dependencies.first?.templates.map(\.name) == ["templates/cm.yaml"])
    }

    @Test func aBrokenArchiveIsReportedWhenItIsNeeded() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lazysub-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: Self.chart, toPath: folder.path)
        // Chart.yaml is intact (the first entry) but the archive is cut short after it.
        let archive = folder.appendingPathComponent("charts/beta-0.1.0.tgz")
        let bytes = try Data(contentsOf: archive)
        try bytes.prefix(bytes.count - 40).write(to: archive)
        let chart = try ChartLoader.loadDirectory(folder.path)
        #expect(throws: ChartError.self) {
            _ = try HelmRenderer.render(chart: chart, userValues: [:], options: RenderOptions())
        }
    }
}
