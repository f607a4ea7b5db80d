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

/// `.Files`: Helm's `engine.files`, a map of path to `[]byte` (so range, len and index see the files)
/// with the methods Get, GetBytes, Glob, Lines, AsConfig and AsSecrets.
enum FilesMap {
    typealias File = (name: String, data: [UInt8])

    static let typeName = "engine.files"

    static func value(_ files: [File]) -> TemplateValue {
        .map(TemplateMap(named: typeName, valueType: .bytes, methods: { methods(files, $0) }) {
            var entries: [String: TemplateValue] = [:]
            entries.reserveCapacity(files.count)
            for f in files { entries[f.name] = bytes(f.data) }
            return entries
        })
    }

    static func bytes(_ data: [UInt8]) -> TemplateValue {
        .list(TemplateList(data.map { .uint(UInt64($0), .uint8) }, elementType: .uint8))
    }

    private static func lookup(_ files: [File], _ name: String) -> [UInt8]? { files.first { $0.name == name }?.data }

    private static func methods(_ files: [File], _ name: String) -> TemplateFunction? {
        switch name {
        case "Get":
            return TemplateFunction([.string]) { a in .string(String(decoding: lookup(files, a[0].stringValue!) ?? [], as: UTF8.self)) }
        case "GetBytes":
            return TemplateFunction([.string]) { a in bytes(lookup(files, a[0].stringValue!) ?? []) }
        case "Lines":
            return TemplateFunction([.string]) { a in
                // Current Helm drops one trailing newline first, and fails (an index out of range
                // in Go) on an empty file.
                guard let data = lookup(files, a[0].stringValue!) else { return .stringList([]) }
                guard let last = data.last else { throw FunctionError("runtime error: index out of range [-1]") }
                let body = last == UInt8(ascii: "\n") ? data.dropLast() : data[...]
                return .stringList(body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
                    String(decoding: $0, as: UTF8.self)
                })
            }
        case "Glob":
            return TemplateFunction([.string]) { a in
                let pattern = a[0].stringValue!
                return value(files.filter { GlobPattern.matches(pattern, $0.name) })
            }
        case "AsConfig":
            return TemplateFunction([]) { _ in .string(asConfig(files, secrets: false)) }
        case "AsSecrets":
            return TemplateFunction([]) { _ in .string(asConfig(files, secrets: true)) }
        default: return nil
        }
    }

    /// AsConfig/AsSecrets: YAML of base name → content (base64 for secrets).
    private static func asConfig(_ files: [File], secrets: Bool) -> String {
        var m = OrderedMap()
        for f in files {
            let base = GoPath.base(f.name)
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
