import Foundation
import GoTemplate
import ValueKit
import YAML

/// `.Chart`: Helm 4 hands templates Chart.yaml's metadata as a map (its structToMap of
/// chart.Metadata): Go field names as keys, every field present, slices as `[]interface {}`
/// (empty, not nil, when absent), maintainers and dependencies as maps, plus `IsRoot`.
enum ChartMetadataMap {
    static let stringFields: [(key: String, field: String)] = [
        ("Name", "name"), ("Home", "home"), ("Version", "version"), ("Description", "description"), ("Icon", "icon"),
        ("APIVersion", "apiVersion"), ("Condition", "condition"), ("Tags", "tags"), ("AppVersion", "appVersion"),
        ("KubeVersion", "kubeVersion"), ("Type", "type"),
    ]

    static func value(
        _ metadata: ChartMetadata, isRoot: Bool, dependencies: [ChartMetadata.Dependency]
    ) -> TemplateValue {
        var entries: [String: TemplateValue] = ["IsRoot": .bool(isRoot)]
        for (key, field) in stringFields { entries[key] = .string(string(metadata.raw[field])) }
        entries["Deprecated"] = .bool(metadata.raw["deprecated"] == .bool(true))
        entries["Sources"] = list(metadata.raw["sources"]) { .string(string($0)) }
        entries["Keywords"] = list(metadata.raw["keywords"]) { .string(string($0)) }
        if let m = metadata.raw["annotations"]?.mapValue {
            var annotations: [String: TemplateValue] = [:]
            for (k, v) in m.entries { annotations[k] = .string(string(v)) }
            entries["Annotations"] = .map(TemplateMap(annotations, valueType: .string))
        } else {
            entries["Annotations"] = .null(.stringStringMap)
        }
        entries["Maintainers"] = list(metadata.raw["maintainers"]) { item in
            .map(
                TemplateMap([
                    "Name": .string(string(item["name"])), "Email": .string(string(item["email"])),
                    "URL": .string(string(item["url"])),
                ]))
        }
        // After dependency processing Helm keeps only the enabled ones, named by their aliases.
        entries["Dependencies"] = .list(
            TemplateList(
                dependencies.map { dependency in
                    let item = Value.map(dependency.raw)
                    return .map(
                        TemplateMap([
                            "Name": .string(string(item["name"])), "Version": .string(string(item["version"])),
                            "Repository": .string(string(item["repository"])),
                            "Condition": .string(string(item["condition"])),
                            "Tags": list(item["tags"]) { .string(string($0)) }, "Enabled": .bool(true),
                            "ImportValues": list(item["import-values"]) { TemplateValue($0) },
                            "Alias": .string(string(item["alias"])),
                        ]))
                }))
        return .map(TemplateMap(entries))
    }

    private static func string(_ value: Value?) -> String {
        switch value {
        case .string(let s)?: return s
        case nil, .null?: return ""
        case let other?: return GoFormat.value(TemplateValue(other))
        }
    }

    private static func list(_ value: Value?, _ element: (Value) -> TemplateValue) -> TemplateValue {
        .list(TemplateList((value?.arrayValue ?? []).map(element)))
    }
}

/// `.Files`: Helm's `engine.files`, a map of path to `[]byte` (so range, len and index see the files)
/// with the methods Get, GetBytes, Glob, Lines, AsConfig and AsSecrets.
enum FilesMap {
    typealias File = (name: String, data: [UInt8])

    static let typeName = "engine.files"

    static func value(_ files: [File]) -> TemplateValue {
        .map(
            TemplateMap(named: typeName, valueType: .bytes, methods: { methods(files, $0) }) {
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
            return TemplateFunction([.string]) { a in
                .string(String(decoding: lookup(files, a[0].stringValue!) ?? [], as: UTF8.self))
            }
        case "GetBytes":
            return TemplateFunction([.string]) { a in bytes(lookup(files, a[0].stringValue!) ?? []) }
        case "Lines":
            return TemplateFunction([.string]) { a in
                // Current Helm drops one trailing newline first, and fails (an index out of range
                // in Go) on an empty file.
                guard let data = lookup(files, a[0].stringValue!) else { return .stringList([]) }
                guard let last = data.last else { throw FunctionError("runtime error: index out of range [-1]") }
                let body = last == UInt8(ascii: "\n") ? data.dropLast() : data[...]
                return .stringList(
                    body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
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
        guard let text = try? YAML.encode(.map(m)) else { return "" }
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
// @unchecked Sendable, sound: immutable: its stored properties are constants.
final class CapabilitiesObject: TemplateObject, @unchecked Sendable {
    let kubeVersion: String
    let apiVersions: [String]
    init(kubeVersion: String, apiVersions: [String]) {
        self.kubeVersion = kubeVersion
        self.apiVersions = apiVersions
    }
    var goType: GoType { GoType("*common.Capabilities", .pointer) }
    var formatted: String { "&{\(kubeVersion) \(apiVersions.count) API versions}" }

    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "KubeVersion": return .object(KubeVersionObject(kubeVersion))
        case "APIVersions": return APIVersionSet.value(apiVersions)
        case "HelmVersion": return .object(HelmBuildInfo())
        default: return nil
        }
    }
}

/// `.Capabilities.HelmVersion`: the build of Helm 4 this renderer follows (Helm 4.2's library, as
/// the helm-template oracle reports it: no commit or tree state, built with Go 1.26, client-go 1.36).
// @unchecked Sendable, sound: immutable: its stored properties are constants.
final class HelmBuildInfo: TemplateObject, @unchecked Sendable {
    static let fields: [(String, String)] = [
        ("Version", "v4.2"), ("GitCommit", ""), ("GitTreeState", ""), ("GoVersion", "go1.26.6"),
        ("KubeClientVersion", "v1.36"),
    ]
    var goType: GoType { GoType("version.BuildInfo", .structure) }
    var formatted: String { "{" + Self.fields.map(\.1).joined(separator: " ") + "}" }
    func field(_ name: String) -> TemplateValue? { Self.fields.first { $0.0 == name }.map { .string($0.1) } }
}

// @unchecked Sendable, sound: immutable: its stored properties are constants.
final class KubeVersionObject: TemplateObject, @unchecked Sendable {
    let version: String
    init(_ version: String) { self.version = version }
    var goType: GoType { GoType("common.KubeVersion", .structure) }
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

/// `.Capabilities.APIVersions`: Helm's VersionSet, a []string with a Has method.
enum APIVersionSet {
    static func value(_ list: [String]) -> TemplateValue {
        let versions = Set(list)
        return .list(
            TemplateList(list.map { .string($0) }, elementType: .string, named: "common.VersionSet") { name in
                guard name == "Has" else { return nil }
                return TemplateFunction([.string]) { a in .bool(versions.contains(a[0].stringValue!)) }
            })
    }
}
