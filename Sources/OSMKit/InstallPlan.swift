import HelmEngine
import OSMChart
import ValueKit

/// The install inputs the osm CLI collects, turned into a rendered release.
public struct InstallRequest: Sendable {
    public var chartPath: String
    public var meshName: String
    public var namespace: String
    public var enforceSingleMesh: Bool
    public var valueFiles: [String] = []
    public var sets: [String] = []
    public var stringSets: [String] = []
    public var fileSets: [String] = []
    public var jsonSets: [String] = []
    public var literalSets: [String] = []
    /// The Kubernetes version an `osm install --dry-run` renders for (its `--kube-version` default,
    /// kept from earlier releases of this tool; Helm's own default is newer).
    public static let dryRunKubeVersion = "v1.26.0"
    public var kubeVersion: String = InstallRequest.dryRunKubeVersion
    /// The API versions templates see (`.Capabilities.APIVersions`); Helm's defaults for a dry run.
    public var apiVersions: [String] = HelmRenderer.defaultAPIVersions
    /// Release revision and install/upgrade flags templates see.
    public var revision = 1
    public var isUpgrade = false

    public init(chartPath: String, meshName: String, namespace: String, enforceSingleMesh: Bool) {
        self.chartPath = chartPath
        self.meshName = meshName
        self.namespace = namespace
        self.enforceSingleMesh = enforceSingleMesh
    }
}

public struct InstallError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What an install works from: the chart, the user-supplied values (the release's `config`) and the render.
public struct InstallPlan: Sendable {
    public var chart: Chart
    public var values: OrderedMap
    public var rendered: RenderedRelease

    /// The Helm release record of this plan as revision `version` of release `name`.
    public func record(
        name: String, namespace: String, version: Int, status: ReleaseRecord.Status, description: String
    ) -> ReleaseRecord {
        ReleaseRecord.make(
            name: name, namespace: namespace, version: version, chart: chart, config: .map(values),
            manifest: rendered.manifest, hooks: rendered.hooks, notes: rendered.notes, status: status,
            description: description)
    }
}

public enum InstallPlanner {
    public static func render(_ request: InstallRequest) throws(InstallError) -> RenderedRelease {
        try plan(request).rendered
    }

    /// Loads the chart, builds the values as upstream does (the --set family, then mesh name and
    /// single-mesh setting forced on top) and renders it.
    public static func plan(_ request: InstallRequest) throws(InstallError) -> InstallPlan {
        let chart: Chart
        do {
            chart = request.chartPath.isEmpty ? try EmbeddedChart.load() : try ChartLoader.load(path: request.chartPath)
        } catch {
            throw InstallError("error loading chart for installation: \(error.description)")
        }
        var values: OrderedMap
        do {
            values = try HelmRenderer.userValues(
                valueFiles: request.valueFiles, jsonSets: request.jsonSets, sets: request.sets,
                stringSets: request.stringSets,
                fileSets: request.fileSets, literalSets: request.literalSets)
        } catch {
            // Upstream words --set failures as "invalid format for --set: …".
            var text = error.description
            if text.hasPrefix("failed parsing --set data: ") {
                text = "invalid format for --set: " + text.dropFirst("failed parsing --set data: ".count)
            }
            throw InstallError(text)
        }
        var osm = values["osm"]?.mapValue ?? OrderedMap()
        osm["meshName"] = .string(request.meshName)
        osm["enforceSingleMesh"] = .bool(request.enforceSingleMesh)
        values["osm"] = .map(osm)
        var options = RenderOptions()
        options.releaseName = request.meshName
        options.namespace = request.namespace
        options.kubeVersion = request.kubeVersion
        options.apiVersions = request.apiVersions
        options.revision = request.revision
        options.isUpgrade = request.isUpgrade
        options.isInstall = !request.isUpgrade
        do {
            return InstallPlan(
                chart: chart, values: values,
                rendered: try HelmRenderer.render(chart: chart, userValues: values, options: options))
        } catch {
            throw InstallError(error.description)
        }
    }
}
