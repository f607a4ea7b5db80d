import Foundation
import GoTemplate
import Sprig
import ValueKit
import YAML

/// What a render needs besides the chart: release facts and the cluster's capabilities.
public struct RenderOptions: Sendable {
    public var releaseName = "release-name"
    public var namespace = "default"
    public var revision = 1
    public var isInstall = true
    public var isUpgrade = false
    /// The Kubernetes version templates see, and that `kubeVersion` constraints are checked against.
    public var kubeVersion = HelmRenderer.defaultKubeVersion
    public var apiVersions: [String] = HelmRenderer.defaultAPIVersions
    public var lookup: HelmFunctions.Lookup?
    public init() {}
}

/// The result of a render: every rendered template, and the manifests and hooks in Helm's install order.
public struct RenderedRelease: Sendable {
    /// Rendered templates by name (`chart/templates/x.yaml`), partials excluded, NOTES.txt included.
    public var files: [(name: String, content: String)]
    public var manifests: [Manifest]
    public var hooks: [Hook]
    public var notes: String
    public var crds: [(name: String, content: String)]

    /// `helm template`'s stream: manifests in install order, then hooks.
    public var templateOutput: String {
        manifest + hooks.map { Self.document($0.path, $0.content) }.joined()
    }

    /// The release's manifest as Helm records it: the non-hook documents with their sources.
    public var manifest: String { manifests.map { Self.document($0.path, $0.content) }.joined() }

    static func document(_ path: String, _ content: String) -> String { "---\n# Source: \(path)\n\(content)\n" }
}

public struct Manifest: Sendable {
    public var path: String
    public var content: String
    public var kind: String
    public var name: String
}

public struct Hook: Sendable {
    public var path: String
    public var content: String
    public var kind: String
    public var name: String
    public var events: [String]
    public var weight: Int
    public var deletePolicies: [String]
}

/// Helm's engine and its install-time pipeline around it: dependency conditions, value coalescing,
/// kubeVersion check, template rendering with Helm's built-in objects, manifest sorting.
public enum HelmRenderer {
    public static let helmVersion = "v3.11.1"
    /// Helm 4's default Kubernetes version for a render without a cluster (`helm template`).
    public static let defaultKubeVersion = "v1.36.0"
    /// Helm 4's default `.Capabilities.APIVersions` (chartutil's DefaultVersionSet: every group/version
    /// its client-go scheme knows), in the order Helm lists them.
    public static let defaultAPIVersions: [String] = [
        "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
        "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1",
        "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1",
        "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1", "autoscaling/v1",
        "autoscaling/v2", "batch/v1", "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1",
        "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1",
        "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1", "events.k8s.io/v1",
        "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1",
        "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
        "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1",
        "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1",
        "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1",
        "resource.k8s.io/v1", "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3",
        "scheduling.k8s.io/v1alpha2", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1",
        "storage.k8s.io/v1", "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1beta1",
        "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
    ]

    /// Values from `-f` files and the `--set` family, merged as Helm's CLI does.
    public static func userValues(
        valueFiles: [String] = [], jsonSets: [String] = [], sets: [String] = [], stringSets: [String] = [],
        fileSets: [String] = [],
        literalSets: [String] = []
    ) throws(ChartError) -> OrderedMap {
        var base = OrderedMap()
        for path in valueFiles {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ChartError("open \(path): no such file or directory")
            }
            do {
                base = Coalesce.merge(base, try YAML.decodeMap(String(decoding: data, as: UTF8.self)))
            } catch {
                throw ChartError("failed to parse \(path): \(error)")
            }
        }
        func apply(_ items: [String], _ mode: StrVals.Mode, _ what: String) throws(ChartError) {
            for item in items {
                do {
                    try StrVals.parse(item, into: &base, mode: mode)
                } catch {
                    throw ChartError("failed parsing \(what) data: \(error.description)")
                }
            }
        }
        try apply(jsonSets, .json, "--set-json")
        try apply(sets, .typed, "--set")
        try apply(stringSets, .string, "--set-string")
        try apply(
            fileSets,
            .file({ path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ChartError("open \(path): no such file or directory")
                }
                return String(decoding: data, as: UTF8.self)
            }), "--set-file")
        try apply(literalSets, .literal, "--set-literal")
        return base
    }

    /// Renders a chart for an install (or upgrade) with the given user values.
    public static func render(
        chart: Chart, userValues: OrderedMap, options: RenderOptions
    ) throws(ChartError) -> RenderedRelease {
        if !chart.metadata.kubeVersion.isEmpty {
            let compatible: Bool
            do {
                let constraint = try VersionConstraint(chart.metadata.kubeVersion)
                compatible = constraint.check(try SemanticVersion(options.kubeVersion))
            } catch {
                compatible = false
            }
            if !compatible {
                throw ChartError(
                    "chart requires kubeVersion: \(chart.metadata.kubeVersion) which is incompatible with Kubernetes \(options.kubeVersion)"
                )
            }
        }
        if chart.metadata.type == "library" { throw ChartError("library charts are not installable") }
        try Dependencies.processEnabled(chart, userValues, path: "")
        Dependencies.processImportValues(chart)
        let values = Coalesce.values(chart, userValues)
        let violations = try schemaViolations(chart, values)
        if !violations.isEmpty {
            throw ChartError(
                "values don't meet the specifications of the schema(s) in the following chart(s):\n" + violations)
        }
        let templates = collectTemplates(chart, values: values, options: options)
        let rendered = try renderTemplates(templates, options: options)
        var notes = ""
        var files: [(String, String)] = []
        for (name, content) in rendered {
            if name.hasSuffix("/NOTES.txt") {
                if name == chart.name + "/templates/NOTES.txt" { notes = content }
            }
            files.append((name, content))
        }
        let (manifests, hooks) = try ManifestSorter.sort(files.filter { !$0.0.hasSuffix("/NOTES.txt") })
        let crds = collectCRDs(chart)
        return RenderedRelease(files: files, manifests: manifests, hooks: hooks, notes: notes, crds: crds)
    }

    /// Helm's ValidateAgainstSchema: the chart's schema, then each subchart's against its section.
    static func schemaViolations(_ chart: Chart, _ values: OrderedMap) throws(ChartError) -> String {
        var out = ""
        if let schema = chart.schema {
            let lines = try SchemaValidator.validate(.map(values), schemaJSON: schema)
            if !lines.isEmpty { out += "\(chart.name):\n" + lines.map { $0 + "\n" }.joined() }
        }
        for sub in chart.dependencies {
            out += try schemaViolations(sub, values[sub.name]?.mapValue ?? OrderedMap())
        }
        return out
    }

    static func collectCRDs(_ chart: Chart) -> [(name: String, content: String)] {
        var out = chart.crds.map { (chart.chartPath + "/" + $0.name, String(decoding: $0.data, as: UTF8.self)) }
        for d in chart.dependencies { out += collectCRDs(d) }
        return out
    }

    struct Renderable {
        let text: String
        let data: TemplateMap
        let basePath: String
    }

    /// Helm's recAllTpls: every template of the chart tree with the data it renders with.
    static func collectTemplates(_ chart: Chart, values: OrderedMap, options: RenderOptions) -> [String: Renderable] {
        var out: [String: Renderable] = [:]
        let release = TemplateMap([
            "Name": .string(options.releaseName), "Namespace": .string(options.namespace),
            "IsUpgrade": .bool(options.isUpgrade), "IsInstall": .bool(options.isInstall),
            "Revision": .int(options.revision),
            "Service": .string("Helm"),
        ])
        let capabilities = TemplateValue.object(
            CapabilitiesObject(kubeVersion: options.kubeVersion, apiVersions: options.apiVersions))
        var top = CommonValues.map([:])
        if case .map(let converted) = TemplateValue(.map(values)) { top = CommonValues.map(converted.entries) }
        _ = walk(chart, values: .map(top), release: .map(release), capabilities: capabilities, isRoot: true, into: &out)
        return out
    }

    private static func walk(
        _ chart: Chart, values: TemplateValue, release: TemplateValue, capabilities: TemplateValue, isRoot: Bool,
        into out: inout [String: Renderable]
    ) -> TemplateMap {
        let subcharts = TemplateMap()
        let data = CommonValues.map([
            "Chart": ChartMetadataMap.value(
                chart.metadata, isRoot: isRoot, dependencies: chart.enabledDependencies ?? chart.metadata.dependencies),
            "Files": FilesMap.value(chart.files),
            "Release": release,
            "Capabilities": capabilities,
            "Values": values,
            "Subcharts": .map(subcharts),
        ])
        for child in chart.dependencies {
            // Helm 4 gives a subchart its section as common.Values (an empty one when there is none).
            var childValues = TemplateValue.map(CommonValues.map([:]))
            if case .map(let m) = values, case .map(let section)? = m.entries[child.name] {
                childValues = .map(CommonValues.map(section.entries))
            }
            subcharts.entries[child.name] = .map(
                walk(
                    child, values: childValues, release: release, capabilities: capabilities, isRoot: false, into: &out)
            )
        }
        let chartPath = chart.chartPath
        for (name, bytes) in chart.templates {
            if chart.metadata.type == "library" && !(GoPath.base(name).hasPrefix("_")) { continue }
            out[chartPath + "/" + name] = Renderable(
                text: String(decoding: bytes, as: UTF8.self), data: data, basePath: chartPath + "/templates")
        }
        return data
    }

    /// Helm's render: parse deepest paths first (so parents' defines win), then execute non-partials.
    static func renderTemplates(
        _ templates: [String: Renderable], options: RenderOptions
    ) throws(ChartError) -> [(String, String)] {
        let order = templates.keys.sorted { a, b in
            let da = a.filter { $0 == "/" }.count, db = b.filter { $0 == "/" }.count
            if da != db { return da > db }
            return goStringLess(b, a)
        }
        // Parsing, running and freeing the parsed trees happen on one large-stack thread: deeply
        // nested templates must render (as Go's growable stacks let them) or end in an error, and a
        // deep tree's recursive release must not overflow a small stack either.
        let lookup = options.lookup
        do {
            let out = try TemplateSet.withLargeStack {
                let set = TemplateSet(missingKey: .zero)
                HelmFunctions.install(into: set, lookup: lookup, helmErrorMarkers: true)
                let work = RenderWork(order: order, templates: templates, set: set)
                try work.parseAll()
                return try work.run()
            }
            return out.sorted { goStringLess($0.0, $1.0) }
        } catch let error as ChartError {
            throw error
        } catch let error as TemplateError {
            throw ChartError(cleanupExecError(error.description))
        } catch {
            throw ChartError("\(error)")
        }
    }

    // @unchecked Sendable, sound: used on the render thread only (a result is read after that thread is joined).
    private final class RenderWork: @unchecked Sendable {
        let order: [String]
        let templates: [String: Renderable]
        let set: TemplateSet
        init(order: [String], templates: [String: Renderable], set: TemplateSet) {
            self.order = order
            self.templates = templates
            self.set = set
        }

        func parseAll() throws {
            for name in order {
                do {
                    try set.parse(name: name, text: templates[name]!.text)
                } catch {
                    throw ChartError(HelmRenderer.cleanupParseError(name, error.description))
                }
            }
        }

        func run() throws -> [(String, String)] {
            var out: [(String, String)] = []
            for name in order {
                if GoPath.base(name).hasPrefix("_") { continue }
                let r = templates[name]!
                r.data.entries["Template"] = .map(
                    CommonValues.map(["Name": .string(name), "BasePath": .string(r.basePath)]))
                out.append((name, try set.execute(name: name, data: .map(r.data)).replacingNoValue()))
            }
            return out
        }
    }

    static func cleanupParseError(_ name: String, _ message: String) -> String {
        let tokens = message.components(separatedBy: ": ")
        if tokens.count == 1 { return "parse error in (\(name)): \(message)" }
        return "parse error at (\(tokens[1])): \(tokens[tokens.count - 1])"
    }

    /// Helm turns fail/required (marked messages) into `execution error at (FILE:LINE:COL): message`.
    static func cleanupExecError(_ message: String) -> String {
        let tokens = message.components(separatedBy: ": ")
        guard tokens.count >= 3 else { return message }
        if let start = message.range(of: HelmFunctions.errorStart),
            let end = message.range(of: HelmFunctions.errorEnd, options: .backwards),
            start.upperBound <= end.lowerBound
        {
            return "execution error at (\(tokens[1])): " + String(message[start.upperBound..<end.lowerBound])
        }
        return message
    }
}

/// Helm's dependency handling: aliases, then `condition` and `tags` deciding which subcharts stay,
/// then `import-values` lifting subchart values into the parent's defaults.
enum Dependencies {
    static func processImportValues(_ chart: Chart) {
        for d in chart.dependencies { processImportValues(d) }
        let declared = chart.metadata.dependencies
        guard !declared.isEmpty else { return }
        // Install and upgrade run this pass merging (ProcessDependenciesWithMerge): nulls stay for the
        // final coalescing to judge.
        let cvals = Coalesce.values(chart, OrderedMap(), merge: true)
        var imported = OrderedMap()
        for dep in declared {
            let depName = dep.alias.isEmpty ? dep.name : dep.alias
            for iv in dep.importValues {
                switch iv {
                case .map(let m):
                    guard let child = m["child"]?.stringValue, let parent = m["parent"]?.stringValue,
                        let table = table(cvals, depName + "." + child)
                    else { continue }
                    // Helm 3.11 replaced the accumulated imports here (dropping earlier ones); current
                    // Helm, and this renderer, accumulate them.
                    Coalesce.coalesceTables(&imported, pathToMap(parent, table), merge: true)
                case .string(let name):
                    guard let table = table(cvals, depName + ".exports." + name) else { continue }
                    Coalesce.coalesceTables(&imported, table, merge: true)
                default:
                    continue
                }
            }
        }
        var values = cvals
        Coalesce.coalesceTables(&values, imported, merge: true)
        chart.values = values
    }

    static func table(_ values: OrderedMap, _ path: String) -> OrderedMap? {
        var t = values
        for p in path.split(separator: ".") {
            guard case .map(let next)? = t[String(p)] else { return nil }
            t = next
        }
        return t
    }

    /// Helm's pathToMap: "a.b" + table → {a: {b: table}}; "." is the table itself.
    static func pathToMap(_ path: String, _ table: OrderedMap) -> OrderedMap {
        if path == "." { return table }
        var result = table
        for p in path.split(separator: ".").reversed() {
            var m = OrderedMap()
            m[String(p)] = .map(result)
            result = m
        }
        return result
    }

    static func processEnabled(_ chart: Chart, _ user: OrderedMap, path: String) throws(ChartError) {
        let declared = chart.metadata.dependencies
        guard !declared.isEmpty else {
            // Nothing here is judged by a condition: every subchart below is used as it is.
            try materializeAll(chart)
            return
        }
        // Helm pairs a declared dependency with a vendored chart of its name only when the chart's
        // version satisfies the declared range; an unpaired chart stays under its own name.
        func pairs(_ dep: ChartMetadata.Dependency, _ sub: Chart) -> Bool {
            sub.name == dep.name && isCompatible(range: dep.version, version: sub.metadata.version)
        }
        var kept: [Chart] = []
        for existing in chart.dependencies where !declared.contains(where: { pairs($0, existing) }) {
            kept.append(existing)
        }
        var effective: [(dep: ChartMetadata.Dependency, chart: Chart)] = []
        for dep in declared {
            guard let match = chart.dependencies.first(where: { pairs(dep, $0) }) else { continue }
            var sub = match
            if !dep.alias.isEmpty {
                sub = Chart(
                    metadata: match.metadata, values: match.values, schema: match.schema, templates: match.templates,
                    files: match.files, dependencies: match.dependencies)
                sub.pending = match.pending
                sub.metadata.raw["name"] = .string(dep.alias)
            }
            effective.append((dep, sub))
        }
        chart.dependencies = kept + effective.map(\.chart)
        for d in chart.dependencies { d.parent = chart }
        try materializeUnlessLeftOut(chart, declared: declared, effective: effective, user: user, path: path)
        let values = Coalesce.values(chart, user)
        var disabled = Set<String>()
        let tags = values["tags"]?.mapValue
        // Each declared dependency, under its alias, is judged by tags and condition; charts of a
        // disabled name go (also one that stayed unpaired under that name).
        var listed: [ChartMetadata.Dependency] = []
        for dep in declared {
            var renamed = dep
            if !dep.alias.isEmpty { renamed.raw["name"] = .string(dep.alias) }
            if !isEnabled(renamed, values: values, tags: tags, path: path) { disabled.insert(renamed.name) }
            listed.append(renamed)
        }
        chart.dependencies.removeAll { disabled.contains($0.name) }
        chart.enabledDependencies = listed.filter { !disabled.contains($0.name) }
        for sub in chart.dependencies {
            try sub.materialize()
            try processEnabled(sub, values, path: path + sub.name + ".")
        }
    }

    static func materializeAll(_ chart: Chart) throws(ChartError) {
        for sub in chart.dependencies {
            try sub.materialize()
            try materializeAll(sub)
        }
    }

    /// Unpacks every lazily read subchart (ChartLoader.lazyArchive) except those certain to be left
    /// out: its condition reads false (or, without a condition that resolves, its tags are off) from
    /// the values known without its own defaults. Its defaults could only matter under its own name
    /// (they never reach the parent's `tags` or another chart's values), so a condition that resolves
    /// without them resolves the same with them; one that points into them, or another dependency's
    /// condition that does, gets the chart unpacked and judged as before.
    static func materializeUnlessLeftOut(
        _ chart: Chart, declared: [ChartMetadata.Dependency],
        effective: [(dep: ChartMetadata.Dependency, chart: Chart)], user: OrderedMap, path: String
    ) throws(ChartError) {
        guard chart.dependencies.contains(where: { $0.pending != nil }) else { return }
        let known = Coalesce.values(chart, user)
        let tags = known["tags"]?.mapValue
        var leftOut = Set<ObjectIdentifier>()
        for (dep, sub) in effective where sub.pending != nil {
            var renamed = dep
            if !dep.alias.isEmpty { renamed.raw["name"] = .string(dep.alias) }
            let conditions = dep.condition.split(separator: ",").map { path + String($0).trimmingCharacters(in: " ") }
            let resolved = conditions.contains { key in
                if case .bool? = Coalesce.pathValue(known, key) { return true }
                return false
            }
            guard resolved || conditions.isEmpty, !isEnabled(renamed, values: known, tags: tags, path: path) else {
                continue
            }
            // Another dependency's condition that reads from under this chart's name needs its defaults.
            let prefix = path + renamed.name
            let readByOthers = declared.contains { other in
                other.condition.split(separator: ",").contains { part in
                    let key = path + String(part).trimmingCharacters(in: " ")
                    return key == prefix || key.hasPrefix(prefix + ".")
                } && !(other.name == dep.name && other.alias == dep.alias)
            }
            if !readByOthers { leftOut.insert(ObjectIdentifier(sub)) }
        }
        for sub in chart.dependencies where !leftOut.contains(ObjectIdentifier(sub)) { try sub.materialize() }
    }

    /// Helm's tags then condition rule for one dependency.
    static func isEnabled(_ dep: ChartMetadata.Dependency, values: OrderedMap, tags: OrderedMap?, path: String) -> Bool
    {
        var enabled = true
        if let tags, !dep.tags.isEmpty {
            var hasTrue = false, hasFalse = false
            for t in dep.tags {
                if case .bool(let b)? = tags[t] { if b { hasTrue = true } else { hasFalse = true } }
            }
            if !hasTrue && hasFalse { enabled = false }
        }
        if !dep.condition.isEmpty {
            for c in dep.condition.split(separator: ",") {
                let key = path + String(c).trimmingCharacters(in: " ")
                if case .bool(let b)? = Coalesce.pathValue(values, key) {
                    enabled = b
                    break
                }
            }
        }
        return enabled
    }

    /// Helm's IsCompatibleRange: false when either text does not parse.
    static func isCompatible(range: String, version: String) -> Bool {
        guard let constraint = try? VersionConstraint(range), let v = try? SemanticVersion(version) else {
            return false
        }
        return constraint.check(v)
    }
}
