import Sprig
import ValueKit
import YAML

/// A loaded chart: metadata, default values, schema, templates, other files, and subcharts.
// @unchecked Sendable, sound: loaded and prepared on one task before rendering, only read while templates run.
public final class Chart: @unchecked Sendable {
    public var metadata: ChartMetadata
    public var values: OrderedMap
    public var schema: [UInt8]?
    /// `templates/…` files by path inside the chart.
    public var templates: [(name: String, data: [UInt8])]
    /// Every other file (including `crds/…`), as `.Files` sees them.
    public var files: [(name: String, data: [UInt8])]
    public var dependencies: [Chart]
    public weak var parent: Chart?
    /// A packaged subchart read only as far as its Chart.yaml: the whole archive is unpacked by
    /// `materialize()` when the dependency is used, and never when its condition leaves it out.
    var pending: (archive: [UInt8], context: String)?
    /// Chart.yaml's dependencies as templates see them (`.Chart.Dependencies`) once Helm's
    /// processing ran: the enabled ones only, each under its alias.
    var enabledDependencies: [ChartMetadata.Dependency]?

    init(
        metadata: ChartMetadata, values: OrderedMap, schema: [UInt8]?, templates: [(String, [UInt8])],
        files: [(String, [UInt8])], dependencies: [Chart]
    ) {
        self.metadata = metadata
        self.values = values
        self.schema = schema
        self.templates = templates
        self.files = files
        self.dependencies = dependencies
        for d in dependencies { d.parent = self }
    }

    public var name: String { metadata.name }

    /// Loads the rest of a packaged subchart read lazily (a no-op for every other chart); its errors
    /// read as they would have at load time.
    func materialize() throws(ChartError) {
        guard let (archive, context) = pending else { return }
        pending = nil
        let full: Chart
        do {
            full = try ChartLoader.loadArchive(archive)
        } catch {
            throw ChartError("\(context): \(error.description)")
        }
        let name = metadata.raw["name"]
        metadata = full.metadata
        if let name { metadata.raw["name"] = name }
        values = full.values
        schema = full.schema
        templates = full.templates
        files = full.files
        dependencies = full.dependencies
        for d in dependencies { d.parent = self }
    }

    /// CRD files (`crds/`), which Helm installs as they are.
    public var crds: [(name: String, data: [UInt8])] { files.filter { $0.name.hasPrefix("crds/") } }

    /// The chart's path as Helm names templates: `parent/charts/child`.
    public var chartPath: String {
        guard let parent else { return name }
        return parent.chartPath + "/charts/" + name
    }
}

/// Chart.yaml, with the fields Helm knows (`.Chart` in templates uses Helm's capitalised names).
public struct ChartMetadata: Sendable {
    public var raw: OrderedMap

    public var name: String { raw["name"]?.stringValue ?? "" }
    public var version: String { raw["version"]?.stringValue ?? "" }
    public var apiVersion: String { raw["apiVersion"]?.stringValue ?? "" }
    public var appVersion: String { raw["appVersion"]?.stringValue ?? "" }
    public var kubeVersion: String { raw["kubeVersion"]?.stringValue ?? "" }
    public var type: String { raw["type"]?.stringValue ?? "" }
    public var condition: String { raw["condition"]?.stringValue ?? "" }
    public var dependencies: [Dependency] {
        (raw["dependencies"]?.arrayValue ?? []).compactMap { $0.mapValue.map(Dependency.init) }
    }

    /// One entry of `dependencies:`.
    public struct Dependency: Sendable {
        public var raw: OrderedMap
        public var name: String { raw["name"]?.stringValue ?? "" }
        public var alias: String { raw["alias"]?.stringValue ?? "" }
        public var version: String { raw["version"]?.stringValue ?? "" }
        public var condition: String { raw["condition"]?.stringValue ?? "" }
        public var tags: [String] { (raw["tags"]?.arrayValue ?? []).compactMap(\.stringValue) }
        public var importValues: [Value] { raw["import-values"]?.arrayValue ?? [] }
    }

    /// Helm's Metadata.Validate.
    func validate() throws(ChartError) {
        if apiVersion.isEmpty { throw ChartError("validation: chart.metadata.apiVersion is required") }
        if name.isEmpty { throw ChartError("validation: chart.metadata.name is required") }
        if name.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) || name == "."
            || name == ".."
        {
            throw ChartError("validation: chart.metadata.name \"\(name)\" is invalid")
        }
        if version.isEmpty { throw ChartError("validation: chart.metadata.version is required") }
        if (try? SemanticVersion(version)) == nil {
            throw ChartError("validation: chart.metadata.version \"\(version)\" is invalid")
        }
        if !["", "application", "library"].contains(type) {
            throw ChartError("validation: chart.metadata.type must be application or library")
        }
    }
}

/// A chart that cannot be loaded or rendered; the text follows Helm's.
public struct ChartError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
