// Renders a chart directory the way `gotpl chart DIR --repeat N` does (load, parse, render every
// non-partial template N times, print the last result), for Benchmarks/template.sh.
import Foundation
import GoTemplate
import HelmEngine
import ValueKit
import YAML

/// `.Capabilities.APIVersions`: a set with a Has method.
final class APIVersions: TemplateObject, @unchecked Sendable {
    let versions: Set<String>
    init(_ versions: Set<String>) { self.versions = versions }
    var goType: GoType { GoType("main.apiVersions", .map) }
    func field(_ name: String) -> TemplateValue? { nil }
    func method(_ name: String) -> TemplateFunction? {
        guard name == "Has" else { return nil }
        return TemplateFunction([.string]) { [versions] a in .bool(versions.contains(a[0].stringValue ?? "")) }
    }
    var formatted: String { "map[" + versions.sorted().map { "\($0):true" }.joined(separator: " ") + "]" }
}

func render(chartDir: URL, release: String, namespace: String) throws -> String {
    let fm = FileManager.default
    let meta = try YAML.decodeMap(String(decoding: try Data(contentsOf: chartDir.appendingPathComponent("Chart.yaml")), as: UTF8.self))
    let chartName = meta["name"]?.stringValue ?? ""
    var chart: [String: TemplateValue] = [:]
    for (k, v) in meta.entries { chart[k.prefix(1).uppercased() + k.dropFirst()] = TemplateValue(v) }
    var values = OrderedMap()
    if let data = fm.contents(atPath: chartDir.appendingPathComponent("values.yaml").path) {
        values = try YAML.decodeMap(String(decoding: data, as: UTF8.self))
    }
    // Walk templates/ with plain path calls (URL resource lookups cost more than the walk itself).
    var templates: [(String, String)] = []
    func walk(_ rel: String) {
        let full = chartDir.path + "/" + rel
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: full, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            for child in (try? fm.contentsOfDirectory(atPath: full)) ?? [] { walk(rel + "/" + child) }
        } else if let data = fm.contents(atPath: full) {
            templates.append((rel, String(decoding: data, as: UTF8.self)))
        }
    }
    walk("templates")
    templates.sort { goStringLess($0.0, $1.0) }
    let set = TemplateSet(missingKey: .zero)
    HelmFunctions.install(into: set)
    for (rel, text) in templates { try set.parse(name: chartName + "/" + rel, text: text) }
    let caps = TemplateMap([
        "KubeVersion": .map(TemplateMap(["Version": .string("v1.26.0"), "Major": .string("1"), "Minor": .string("26"), "GitVersion": .string("v1.26.0")])),
        "APIVersions": .object(APIVersions(["v1", "apps/v1", "batch/v1", "policy/v1", "rbac.authorization.k8s.io/v1",
            "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1", "networking.k8s.io/v1", "autoscaling/v2"])),
        "HelmVersion": .map(TemplateMap(["Version": .string("v3.11.0")])),
    ])
    let valuesValue = TemplateValue(.map(values))
    var out = ""
    for (rel, _) in templates {
        let base = rel.split(separator: "/").last.map(String.init) ?? rel
        if base.hasPrefix("_") || base == "NOTES.txt" { continue }
        let name = chartName + "/" + rel
        let top = TemplateMap([
            "Values": valuesValue, "Chart": .map(TemplateMap(chart)),
            "Release": .map(TemplateMap(["Name": .string(release), "Namespace": .string(namespace), "Service": .string("Helm"),
                "IsInstall": .bool(true), "IsUpgrade": .bool(false), "Revision": .int(1)])),
            "Capabilities": .map(caps),
            "Template": .map(TemplateMap(["Name": .string(name), "BasePath": .string(chartName + "/templates")])),
        ])
        let text = try set.execute(name: name, data: .map(top)).replacingNoValue()
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) { continue }
        var end = bytes.count
        let array = Array(bytes)
        while end > 0 && array[end - 1] == 0x0A { end -= 1 }
        out += "---\n# Source: \(name)\n"
        out += String(decoding: array[0..<end], as: UTF8.self)
        out += "\n"
    }
    return out
}

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write("usage: template-bench CHARTDIR [REPEAT]\n".data(using: .utf8)!)
    exit(2)
}
let repeatCount = args.count > 2 ? Int(args[2]) ?? 1 : 1
do {
    var out = ""
    for _ in 0..<repeatCount {
        out = try render(chartDir: URL(fileURLWithPath: args[1]), release: "bench", namespace: "bench-system")
    }
    print(out, terminator: "")
} catch {
    FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
    exit(1)
}
