import Foundation
import ValueKit

/// A Helm release as its storage driver `secret` keeps it: the release JSON (kept whole, so fields
/// written by other Helm versions survive an update) inside a Secret named
/// `sh.helm.release.v1.<name>.v<version>`, gzip'd and base64'd, labelled name/owner/status/version.
public struct ReleaseRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case unknown, deployed, uninstalled, superseded, failed, uninstalling
        case pendingInstall = "pending-install", pendingUpgrade = "pending-upgrade", pendingRollback =
            "pending-rollback"
    }

    /// The release JSON as Helm writes it.
    public var json: Value

    public init(json: Value) { self.json = json }

    public var name: String { json["name"]?.stringValue ?? "" }
    public var namespace: String { json["namespace"]?.stringValue ?? "" }
    public var version: Int { json["version"]?.integerValue ?? 0 }
    public var status: Status { Status(rawValue: json["info"]?["status"]?.stringValue ?? "") ?? .unknown }
    public var manifest: String { json["manifest"]?.stringValue ?? "" }
    /// The values the user supplied (`--set`, `-f`), not the chart defaults.
    public var config: Value { json["config"] ?? .map(OrderedMap()) }
    public var chartMetadata: Value { json["chart"]?["metadata"] ?? .null }
    public var secretName: String { "sh.helm.release.v1.\(name).v\(version)" }

    /// Sets the status (and the description and last-deployed time Helm updates with it).
    public mutating func set(status: Status, description: String, at time: Date = Date()) {
        guard var map = json.mapValue else { return }
        var info = map["info"]?.mapValue ?? OrderedMap()
        info["status"] = .string(status.rawValue)
        info["description"] = .string(description)
        info["last_deployed"] = .string(Self.timestamp(time))
        map["info"] = .map(info)
        json = .map(map)
    }

    /// A first (or next) revision of a release of `chart`.
    public static func make(
        name: String, namespace: String, version: Int, chart: Chart, config: Value, manifest: String,
        hooks: [Hook] = [], notes: String = "", status: Status, description: String, at time: Date = Date()
    ) -> ReleaseRecord {
        let stamp = Value.string(timestamp(time))
        let info: Value = [
            "first_deployed": stamp, "last_deployed": stamp, "deleted": "", "description": .string(description),
            "status": .string(status.rawValue), "notes": .string(notes),
        ]
        var record: OrderedMap = [
            "name": .string(name), "info": info, "chart": chartJSON(chart), "config": config,
            "manifest": .string(manifest),
        ]
        if !hooks.isEmpty { record["hooks"] = .array(hooks.map(\.releaseJSON)) }
        record["version"] = .int(Int64(version))
        record["namespace"] = .string(namespace)
        record["apply_method"] = "ssa"
        return ReleaseRecord(json: .map(record))
    }

    static func chartJSON(_ chart: Chart) -> Value {
        func files(_ list: [(name: String, data: [UInt8])]) -> Value {
            .array(list.map { ["name": .string($0.name), "data": .string(Base64.encode($0.data))] })
        }
        var out: OrderedMap = [
            "metadata": .map(chart.metadata.raw), "lock": .null, "templates": files(chart.templates),
            "values": .map(chart.values),
        ]
        out["schema"] = chart.schema.map { .string(Base64.encode($0)) } ?? .null
        out["files"] = chart.files.isEmpty ? .null : files(chart.files)
        return .map(out)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    // MARK: The Secret

    /// The Secret that stores this record.
    public func secret(modifiedAt: Date = Date()) throws -> Value {
        let text = try GoJSONEncoder.encode(json, escapeHTML: true)
        let packed = Base64.encode(try ChartArchive.gzip(Array(text.utf8)))
        let labels: Value = [
            "modifiedAt": .string(String(Int(modifiedAt.timeIntervalSince1970))), "name": .string(name),
            "owner": "helm",
            "status": .string(status.rawValue), "version": .string(String(version)),
        ]
        return [
            "apiVersion": "v1", "kind": "Secret",
            "metadata": ["name": .string(secretName), "namespace": .string(namespace), "labels": labels],
            "type": "helm.sh/release.v1", "data": ["release": .string(Base64.encode(Array(packed.utf8)))],
        ]
    }

    /// Reads a record from its Secret (as the API returns it: `data` base64-encoded), gzip'd or not.
    public init(secret: Value) throws {
        let name = secret["metadata"]?["name"]?.stringValue ?? "?"
        func fail(_ why: String) -> ChartError { ChartError("release record \(name): \(why)") }
        guard let field = secret["data"]?["release"]?.stringValue, let outer = Base64.decode(field) else {
            throw fail("data.release is missing or not base64")
        }
        guard let inner = Base64.decode(String(decoding: outer, as: UTF8.self)) else {
            throw fail("the release is not base64")
        }
        var bytes = inner
        if bytes.starts(with: [0x1f, 0x8b, 0x08]) {
            do { bytes = try ChartArchive.gunzip(inner) } catch { throw fail(error.description) }
        }
        do {
            json = try GoJSONDecoder.decode(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw fail("the release JSON cannot be read: \(error)")
        }
    }
}

extension Hook {
    /// The hook as Helm's release JSON lists it.
    var releaseJSON: Value {
        [
            "name": .string(name), "kind": .string(kind), "path": .string(path), "manifest": .string(content),
            "events": .array(events.map { .string($0) }),
            "last_run": ["started_at": "", "completed_at": "", "phase": ""],
            "weight": .int(Int64(weight)), "delete_policies": .array(deletePolicies.map { .string($0) }),
        ]
    }
}
