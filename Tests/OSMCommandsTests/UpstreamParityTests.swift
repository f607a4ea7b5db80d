import Foundation
import HelmEngine
import OSMChart
import OSMKit
import Testing
import ValueKit
import YAML

/// The built-in chart against upstream osm v1.2.4's own chart (`Upstream/osm-v1.2.4`, Apache-2.0, as
/// tagged upstream with its packaged Contour subchart), both rendered the way `osm install` renders,
/// for every value set of `HelmEngineTests/OSMChart/cases.txt`: the same objects, equal field by
/// field, apart from the differences docs/chart.md lists as kept on purpose (normalised away below, each
/// named). Any other difference fails with its object and field path.
@Suite(.timeLimit(.minutes(3))) struct UpstreamParityTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let upstreamChart = here.appendingPathComponent("Upstream/osm-v1.2.4").path
    /// Hook objects upstream's chart has and ours leaves to the CLI (docs/chart.md: differences kept).
    static let upstreamOnlyHooks: Set<String> = [
        "ClusterRole/osm-preinstall", "ClusterRoleBinding/osm-preinstall", "ServiceAccount/osm-preinstall", "Job/osm-preinstall",
        "ClusterRole/osm-cleanup", "ClusterRoleBinding/osm-cleanup", "ServiceAccount/osm-cleanup", "Job/osm-cleanup",
    ]

    /// (name, --set arguments) of each case; `contour` is left out (no Contour subchart here, docs/chart.md).
    static let cases: [(String, [String])] = {
        let text = (try? String(contentsOf: here.deletingLastPathComponent().appendingPathComponent("HelmEngineTests/OSMChart/cases.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] != "contour" else { return nil }
            let words = parts[1].split(separator: " ").map(String.init)
            return (parts[0], stride(from: 1, to: words.count, by: 2).map { words[$0] })
        }
    }()

    static func render(_ chart: Chart, _ sets: [String]) throws -> [String: Value] {
        let values = try HelmRenderer.userValues(valueFiles: [], sets: sets, stringSets: [])
        var options = RenderOptions()
        options.releaseName = "osm"
        options.namespace = "osm-system"
        let release = try HelmRenderer.render(chart: chart, userValues: values, options: options)
        var objects: [String: Value] = [:]
        for object in try YAML.decodeDocuments(release.templateOutput) where object != .null {
            objects["\(object["kind"]?.stringValue ?? "")/\(object["metadata"]?["name"]?.stringValue ?? "")"] = object
        }
        return objects
    }

    @Test func casesAreRead() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases.map(\.0))
    func everyRunRelevantFieldMatchesUpstream(_ name: String) throws {
        let sets = Self.cases.first { $0.0 == name }?.1 ?? []
        let oursResult = Result { try Self.render(try EmbeddedChart.load(), sets) }
        let upstreamResult = Result { try Self.render(try ChartLoader.loadDirectory(Self.upstreamChart), sets) }
        guard case .success(let ours) = oursResult, case .success(var upstream) = upstreamResult else {
            // Values upstream's schema refuses are refused here too.
            #expect((try? oursResult.get()) == nil && (try? upstreamResult.get()) == nil, "\(name): one chart renders, the other fails")
            return
        }
        let hooks = Set(upstream.keys).intersection(Self.upstreamOnlyHooks)
        #expect(hooks == Self.upstreamOnlyHooks, "\(name): \(hooks)")
        for key in hooks { upstream[key] = nil }
        #expect(Set(ours.keys) == Set(upstream.keys), "\(name): only ours \(Set(ours.keys).subtracting(upstream.keys).sorted()), only upstream \(Set(upstream.keys).subtracting(ours.keys).sorted())")
        for key in Set(ours.keys).intersection(upstream.keys).sorted() {
            let (a, b) = Self.normalise(ours: ours[key]!, upstream: upstream[key]!)
            let differences = Self.differences(a, b, path: "")
            #expect(differences.isEmpty, "\(name) \(key):\n\(differences.prefix(12).joined(separator: "\n"))")
        }
    }

    /// Takes out the differences docs/chart.md lists as kept on purpose.
    static func normalise(ours: Value, upstream: Value) -> (Value, Value) {
        var a = ours, b = upstream
        let kind = a["kind"]?.stringValue ?? "", name = a["metadata"]?["name"]?.stringValue ?? ""
        // Current Kubernetes serves only the GA versions of these kinds.
        let current = ["autoscaling/v2beta2": "autoscaling/v2", "policy/v1beta1": "policy/v1"]
        if let version = b["apiVersion"]?.stringValue, let now = current[version] { b = set(b, ["apiVersion"], .string(now)) }
        // Grafana's dashboards and grafana.ini are this project's own: the file names count, not the text.
        if kind == "ConfigMap", name.hasPrefix("osm-grafana-dashboard-definition") || name == "osm-grafana-config" {
            for side in [0, 1] {
                let object = side == 0 ? a : b
                guard let data = object["data"]?.mapValue else { continue }
                let blank = Value.map(data.mapValues { _ in .string("") })
                if side == 0 { a = set(a, ["data"], blank) } else { b = set(b, ["data"], blank) }
            }
        }
        // Configuration files written in this project's own layout and comments: the same settings.
        let yaml: (String) -> Value? = { (try? YAML.decodeMap($0)).map(Value.map) }
        let texts: [(configMap: String, key: String, parse: (String) -> Value?)] = [
            ("osm-prometheus-server-conf", "prometheus.yml", yaml), ("osm-grafana-datasources", "prometheus.yaml", yaml),
            ("osm-grafana-dashboards", "dashboards.yaml", yaml),
            ("fluentbit-configmap", "fluent-bit.conf", fluentBitSections), ("fluentbit-configmap", "parser.conf", fluentBitSections),
        ]
        for text in texts where kind == "ConfigMap" && text.configMap == name {
            for side in [0, 1] {
                let object = side == 0 ? a : b
                guard let raw = object["data"]?[text.key]?.stringValue, let parsed = text.parse(raw) else { continue }
                if side == 0 { a = set(a, ["data", text.key], parsed) } else { b = set(b, ["data", text.key], parsed) }
            }
        }
        // Prometheus reads ingresses from networking.k8s.io as well.
        if kind == "ClusterRole", name == "osm-prometheus", let rules = a["rules"]?.arrayValue {
            a = set(a, ["rules"], .array(rules.map { rule in
                guard let groups = rule["apiGroups"]?.arrayValue, groups.contains(.string("extensions")) else { return rule }
                return set(rule, ["apiGroups"], .array(groups.filter { $0 != .string("networking.k8s.io") }))
            }))
        }
        // Service ports: names on unnamed upstream ports, protocol TCP and targetPort = port spelt out.
        if kind == "Service", let ports = a["spec"]?["ports"]?.arrayValue, let theirs = b["spec"]?["ports"]?.arrayValue, ports.count == theirs.count {
            a = set(a, ["spec", "ports"], .array(zip(ports, theirs).map { mine, their in
                var port = mine
                if their["name"] == nil { port = set(port, ["name"], nil) }
                if their["protocol"] == nil, mine["protocol"] == .string("TCP") { port = set(port, ["protocol"], nil) }
                if their["targetPort"] == nil, mine["targetPort"] == mine["port"] { port = set(port, ["targetPort"], nil) }
                return port
            }))
        }
        // A ClusterRole without rules may say so with `rules: []`.
        if kind == "ClusterRole", a["rules"] == .array([]), b["rules"] == nil { a = set(a, ["rules"], nil) }
        return (a, b)
    }

    /// A fluent-bit configuration as its sections, each with its `key value` lines in order (comments,
    /// blank lines and spacing left out).
    static func fluentBitSections(_ text: String) -> Value? {
        var sections: [Value] = []
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty && !line.hasPrefix("#") {
            if line.hasPrefix("[") {
                sections.append(.array([.string(line)]))
            } else if case .array(var entries)? = sections.last {
                let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                entries.append(.string(parts.joined(separator: " ")))
                sections[sections.count - 1] = .array(entries)
            } else {
                return nil
            }
        }
        return .array(sections)
    }

    /// `value` with the field at `path` replaced (removed when nil).
    static func set(_ value: Value, _ path: [String], _ new: Value?) -> Value {
        guard let key = path.first, var map = value.mapValue else { return value }
        if path.count == 1 {
            map[key] = new
        } else {
            map[key] = set(map[key] ?? .map([:]), Array(path.dropFirst()), new)
        }
        return .map(map)
    }

    /// Each field path where the two differ, with both values.
    static func differences(_ a: Value?, _ b: Value?, path: String) -> [String] {
        switch (a, b) {
        case (.map(let x)?, .map(let y)?):
            return Set(x.keys).union(y.keys).sorted().flatMap { differences(x[$0], y[$0], path: path + "." + $0) }
        case (.array(let x)?, .array(let y)?) where x.count == y.count:
            return zip(x, y).enumerated().flatMap { differences($0.element.0, $0.element.1, path: path + "[\($0.offset)]") }
        default:
            if a == b { return [] }
            func show(_ v: Value?) -> String { v.map { String("\($0)".prefix(160)) } ?? "<absent>" }
            return ["  \(path): ours \(show(a)), upstream \(show(b))"]
        }
    }
}
