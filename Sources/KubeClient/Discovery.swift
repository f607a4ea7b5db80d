import ValueKit

/// The server's version and resource lists, fetched once per run and shared by every lookup.
public actor Discovery {
    let rest: RESTClient
    private var groupVersions: [String: [ResourceRef]] = [:]
    private var preferred: [String: String]?
    private var version: Value?

    public init(rest: RESTClient) { self.rest = rest }

    /// `/version` (gitVersion, major, minor, …).
    public func serverVersion() async throws -> Value {
        if let version { return version }
        let fetched = try await getJSON("/version")
        version = fetched
        return fetched
    }

    /// Every group/version the server serves, with the preferred version of each group.
    public func apiVersions() async throws -> [String] {
        try await loadGroups()
        return preferred!.keys.sorted()
    }

    private func loadGroups() async throws {
        if preferred != nil { return }
        var found: [String: String] = [:]
        let core = try await getJSON("/api")
        for v in core["versions"]?.arrayValue ?? [] { if let s = v.stringValue { found[s] = s } }
        let groups = try await getJSON("/apis")
        for group in groups["groups"]?.arrayValue ?? [] {
            let pref = group["preferredVersion"]?["groupVersion"]?.stringValue
            for v in group["versions"]?.arrayValue ?? [] {
                if let gv = v["groupVersion"]?.stringValue { found[gv] = pref ?? gv }
            }
        }
        preferred = found
    }

    /// The resources of one group/version (`v1`, `apps/v1`); empty when the server does not serve it.
    public func resources(_ groupVersion: String) async throws -> [ResourceRef] {
        if let cached = groupVersions[groupVersion] { return cached }
        let path = groupVersion.contains("/") ? "/apis/\(groupVersion)" : "/api/\(groupVersion)"
        let list: Value
        do {
            list = try await getJSON(path)
        } catch let error as KubeAPIError where error.code == 404 {
            groupVersions[groupVersion] = []
            return []
        }
        let parts = groupVersion.split(separator: "/").map(String.init)
        let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
        let refs = (list["resources"]?.arrayValue ?? []).compactMap { r -> ResourceRef? in
            guard let name = r["name"]?.stringValue, !name.contains("/"), let kind = r["kind"]?.stringValue else {
                return nil
            }
            return ResourceRef(
                group: group, version: version, resource: name, kind: kind, namespaced: r["namespaced"] == .bool(true))
        }
        groupVersions[groupVersion] = refs
        return refs
    }

    /// The resource serving `kind` in `apiVersion`, as `kubectl apply` maps a manifest.
    public func resource(apiVersion: String, kind: String) async throws -> ResourceRef {
        if let match = try await resources(apiVersion).first(where: { $0.kind == kind }) { return match }
        throw KubeAPIError(
            code: 404, reason: .notFound,
            message: "no matches for kind \"\(kind)\" in version \"\(apiVersion)\"")
    }

    /// Whether the server serves `apiVersion` (a group/version) or `apiVersion/Kind`, as Helm's
    /// `.Capabilities.APIVersions.Has` asks.
    public func has(_ name: String) async throws -> Bool {
        try await loadGroups()
        if preferred![name] != nil { return true }
        let parts = name.split(separator: "/").map(String.init)
        guard parts.count >= 2 else { return false }
        let gv = parts.dropLast().joined(separator: "/")
        return try await resources(gv).contains { $0.kind == parts.last! }
    }

    /// Helm's `.Capabilities.APIVersions`: every served group/version and every `group/version/Kind`,
    /// the resource lists fetched concurrently.
    public func capabilityVersions() async throws -> Set<String> {
        let versions = try await apiVersions()
        var out = Set(versions)
        try await withThrowingTaskGroup(of: [ResourceRef].self) { group in
            for gv in versions where groupVersions[gv] == nil {
                group.addTask { [rest] in
                    let path = gv.contains("/") ? "/apis/\(gv)" : "/api/\(gv)"
                    guard let response = try? await rest.send("GET", path),
                        let list = try? GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self))
                    else { return [] }
                    let parts = gv.split(separator: "/").map(String.init)
                    let (g, v) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
                    return (list["resources"]?.arrayValue ?? []).compactMap { r in
                        guard let name = r["name"]?.stringValue, !name.contains("/"), let kind = r["kind"]?.stringValue
                        else { return nil }
                        return ResourceRef(
                            group: g, version: v, resource: name, kind: kind, namespaced: r["namespaced"] == .bool(true)
                        )
                    }
                }
            }
            for try await refs in group {
                if let first = refs.first { groupVersions[first.apiVersion] = refs }
            }
        }
        for gv in versions {
            for ref in groupVersions[gv] ?? [] { out.insert("\(gv)/\(ref.kind)") }
        }
        return out
    }

    /// Drops what was learnt, e.g. after CRDs were created.
    public func invalidate() {
        groupVersions = [:]
        preferred = nil
    }

    private func getJSON(_ path: String) async throws -> Value {
        let response = try await rest.send("GET", path)
        return try GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self))
    }
}
