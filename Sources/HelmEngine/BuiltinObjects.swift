import Foundation
import GoTemplate
import ValueKit
import YAML

/// `.Chart`: Chart.yaml as *chart.Metadata with Helm's capitalised field names (and IsRoot).
final class ChartObject: TemplateObject, @unchecked Sendable {
    let metadata: ChartMetadata
    let isRoot: Bool
    init(_ metadata: ChartMetadata, isRoot: Bool) {
        self.metadata = metadata
        self.isRoot = isRoot
    }
    var goType: GoType { GoType("struct { chart.Metadata; IsRoot bool }", .structure) }

    static let stringFields: [String: String] = [
        "Name": "name", "Home": "home", "Version": "version", "Description": "description", "Icon": "icon",
        "APIVersion": "apiVersion", "Condition": "condition", "Tags": "tags", "AppVersion": "appVersion",
        "KubeVersion": "kubeVersion", "Type": "type",
    ]

    func field(_ name: String) -> TemplateValue? {
        if name == "IsRoot" { return .bool(isRoot) }
        if let key = Self.stringFields[name] {
            switch metadata.raw[key] {
            case .string(let s)?: return .string(s)
            case nil, .null?: return .string("")
            case let other?: return .string(GoFormat.value(TemplateValue(other)))
            }
        }
        switch name {
        case "Deprecated": return .bool(metadata.raw["deprecated"] == .bool(true))
        case "Sources", "Keywords":
            let items = metadata.raw[name.lowercased()]?.arrayValue ?? []
            return items.isEmpty ? .null(.stringSlice) : .stringList(items.map { $0.stringValue ?? GoFormat.value(TemplateValue($0)) })
        case "Annotations":
            guard let m = metadata.raw["annotations"]?.mapValue else { return .null(.stringStringMap) }
            var entries: [String: TemplateValue] = [:]
            for (k, v) in m.entries { entries[k] = .string(v.stringValue ?? GoFormat.value(TemplateValue(v))) }
            return .map(TemplateMap(entries, valueType: .string))
        case "Maintainers", "Dependencies":
            let items = metadata.raw[name.lowercased()]?.arrayValue ?? []
            return .list(TemplateList(items.map { TemplateValue($0) }, elementType: GoType(name == "Maintainers" ? "*chart.Maintainer" : "*chart.Dependency", .pointer)))
        default: return nil
        }
    }

    var formatted: String {
        "{{" + [Self.stringFields["Name"]!, "home"].map { metadata.raw[$0]?.stringValue ?? "" }.joined(separator: " ") + " …} \(isRoot)}"
    }
}

/// `.Files`: the chart's non-template files with Get, GetBytes, Glob, Lines, AsConfig, AsSecrets.
final class FilesObject: TemplateObject, @unchecked Sendable {
    let files: [(name: String, data: [UInt8])]
    init(_ files: [(name: String, data: [UInt8])]) { self.files = files }
    var goType: GoType { GoType("engine.files", .map) }
    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "AsConfig": return .string(asConfig(secrets: false))
        case "AsSecrets": return .string(asConfig(secrets: true))
        default: return nil
        }
    }
    var formatted: String { "map[" + files.map { "\($0.name):\($0.data)" }.joined(separator: " ") + "]" }

    func lookup(_ name: String) -> [UInt8]? { files.first { $0.name == name }?.data }

    func method(_ name: String) -> TemplateFunction? {
        switch name {
        case "Get":
            return TemplateFunction([.string]) { [self] a in .string(String(decoding: lookup(a[0].stringValue!) ?? [], as: UTF8.self)) }
        case "GetBytes":
            return TemplateFunction([.string]) { [self] a in
                .list(TemplateList((lookup(a[0].stringValue!) ?? []).map { .uint(UInt64($0), .uint8) }, elementType: .uint8))
            }
        case "Lines":
            return TemplateFunction([.string]) { [self] a in
                guard let data = lookup(a[0].stringValue!) else { return .null(.stringSlice) }
                return .stringList(String(decoding: data, as: UTF8.self).components(separatedBy: "\n"))
            }
        case "Glob":
            return TemplateFunction([.string]) { [self] a in
                let pattern = a[0].stringValue!
                return .object(FilesObject(files.filter { GlobPattern.matches(pattern, $0.name) }))
            }
        default: return nil
        }
    }

    /// AsConfig/AsSecrets: YAML of base name → content (base64 for secrets).
    func asConfig(secrets: Bool) -> String {
        var m = OrderedMap()
        for f in files {
            let base = (f.name as NSString).lastPathComponent
            m[base] = .string(secrets ? Base64.encode(f.data) : String(decoding: f.data, as: UTF8.self))
        }
        guard !m.isEmpty, let text = try? YAML.encode(.map(m)) else { return "" }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}

/// gobwas/glob with `/` as separator: `*` stays within a path segment, `**` crosses them.
enum GlobPattern {
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern), n = Array(name)
        func m(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == n.count }
            if p[i] == "*" {
                let super_ = i + 1 < p.count && p[i + 1] == "*"
                let next = super_ ? i + 2 : i + 1
                var k = j
                while true {
                    if m(next, k) { return true }
                    if k == n.count || (!super_ && n[k] == "/") { return false }
                    k += 1
                }
            }
            if p[i] == "?" { return j < n.count && n[j] != "/" && m(i + 1, j + 1) }
            if p[i] == "{", let close = p[i...].firstIndex(of: "}") {
                let options = String(p[(i + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
                let rest = String(p[(close + 1)...])
                return options.contains { matches(String($0) + rest, String(n[j...])) }
            }
            return j < n.count && n[j] == p[i] && m(i + 1, j + 1)
        }
        return m(0, 0)
    }
}

/// `.Capabilities`: Kubernetes version, API versions (with Has) and Helm version.
final class CapabilitiesObject: TemplateObject, @unchecked Sendable {
    let kubeVersion: String
    let apiVersions: Set<String>
    init(kubeVersion: String, apiVersions: Set<String>) {
        self.kubeVersion = kubeVersion
        self.apiVersions = apiVersions
    }
    var goType: GoType { GoType("*chartutil.Capabilities", .pointer) }
    var formatted: String { "&{\(kubeVersion) \(apiVersions.count) API versions}" }

    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "KubeVersion": return .object(KubeVersionObject(kubeVersion))
        case "APIVersions": return .object(APIVersionSet(apiVersions))
        case "HelmVersion":
            return .map(TemplateMap([
                "Version": .string(HelmRenderer.helmVersion), "GitCommit": .string(""), "GitTreeState": .string("clean"),
                "GoVersion": .string("go1.19"),
            ]))
        default: return nil
        }
    }
}

final class KubeVersionObject: TemplateObject, @unchecked Sendable {
    let version: String
    init(_ version: String) { self.version = version }
    var goType: GoType { GoType("chartutil.KubeVersion", .structure) }
    var formatted: String { version }
    func field(_ name: String) -> TemplateValue? {
        let numbers = version.hasPrefix("v") ? String(version.dropFirst()) : version
        let parts = numbers.split(separator: ".")
        switch name {
        case "Version", "GitVersion", "String": return .string(version)
        case "Major": return .string(parts.first.map(String.init) ?? "")
        case "Minor": return .string(parts.count > 1 ? String(parts[1]) : "")
        default: return nil
        }
    }
}

final class APIVersionSet: TemplateObject, @unchecked Sendable {
    let versions: Set<String>
    init(_ versions: Set<String>) { self.versions = versions }
    var goType: GoType { GoType("chartutil.VersionSet", .slice) }
    var formatted: String { "[" + versions.sorted().joined(separator: " ") + "]" }
    func field(_ name: String) -> TemplateValue? { nil }
    func method(_ name: String) -> TemplateFunction? {
        guard name == "Has" else { return nil }
        return TemplateFunction([.string]) { [versions] a in .bool(versions.contains(a[0].stringValue!)) }
    }
}
