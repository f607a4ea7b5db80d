import Foundation
import HelmEngine
import KubeClient
import ValueKit

/// Marks a release record as being written by one live osm process, so that a second install,
/// upgrade or uninstall of the same mesh is refused while the first runs, and a record left
/// `pending-…` by a process that died can be taken over. The mark is three annotations on the
/// record's Secret (Helm ignores them): who holds it, since when, and when it was last renewed.
/// The holder renews every `renewInterval` seconds; one not renewed for `staleAfter` is gone.
public struct OperationLease: Sendable {
    static let holderKey = "osm.openservicemesh.io/operation-holder"
    static let startedKey = "osm.openservicemesh.io/operation-started"
    static let renewedKey = "osm.openservicemesh.io/operation-renewed"
    static let fieldManager = "osm-operation"

    public static let renewInterval = 5.0
    public static let staleAfter = 30.0

    /// This process's identity: host, process id and a random part (two processes never share one).
    public let holder: String
    public let operation: String
    public let started: Date

    public init(operation: String) {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        holder = "\(hostName)/\(getpid())/\(UInt32.random(in: 0...UInt32.max))"
        self.operation = operation
        started = Date()
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// The annotations that mark a record as held by this lease, renewed now.
    func annotations(now: Date = Date()) -> [String: String] {
        [Self.holderKey: description, Self.startedKey: Self.timestamp(started), Self.renewedKey: Self.timestamp(now)]
    }

    /// A record's Secret marked as held.
    func mark(_ secret: Value) -> Value {
        guard var object = secret.mapValue else { return secret }
        var metadata = object["metadata"]?.mapValue ?? OrderedMap()
        var annotations = metadata["annotations"]?.mapValue ?? OrderedMap()
        for (k, v) in self.annotations() { annotations[k] = .string(v) }
        metadata["annotations"] = .map(annotations)
        object["metadata"] = .map(metadata)
        return .map(object)
    }

    /// What a record's Secret says of the process writing it: nil when no live osm process holds it
    /// (not pending, never marked, or not renewed for `staleAfter`).
    public struct Holder: Sendable {
        public let description: String
        public let since: String
    }

    /// Install and upgrade hold a record while it is `pending-…`; an uninstall holds the latest
    /// record whatever its status.
    public static func liveHolder(of secret: Value, now: Date = Date()) -> Holder? {
        let status = secret.objectLabels["status"] ?? ""
        let annotations = secret["metadata"]?["annotations"]
        guard let holder = annotations?[holderKey]?.stringValue,
            let renewedText = annotations?[renewedKey]?.stringValue,
            let renewed = ISO8601DateFormatter().date(from: renewedText), now.timeIntervalSince(renewed) < staleAfter,
            status.hasPrefix("pending-") || holder.hasSuffix(" osm uninstall")
        else { return nil }
        return Holder(description: holder, since: annotations?[startedKey]?.stringValue ?? renewedText)
    }

    /// What `liveHolder` reports for this lease.
    public var description: String { holder + " " + operation }

    /// Marks an existing record as held (an uninstall's claim on the release).
    func hold(_ client: KubernetesClient, secretName: String, namespace: String) async throws {
        var annotations = OrderedMap()
        for (k, v) in self.annotations() { annotations[k] = .string(v) }
        let patch: Value = ["metadata": ["annotations": .map(annotations)]]
        _ = try await client.patch(
            .secrets, name: secretName, namespace: namespace, type: .merge,
            body: Array(try GoJSONEncoder.encode(patch).utf8))
    }

    /// The refusal a second writer gets.
    static func busy(mesh: String, _ holder: Holder) -> OSMError {
        OSMError("another operation on mesh \(mesh) is in progress since \(holder.since) (\(holder.description))")
    }

    /// Runs `body` while renewing the mark on `secretName`, and returns only once the renewal has
    /// stopped (nothing of it may still be running when the process exits).
    func whileHeld<T>(
        _ client: KubernetesClient, secretName: String, namespace: String, _ body: () async throws -> T
    ) async throws -> T {
        let renewal = keepRenewed(client, secretName: secretName, namespace: namespace)
        do {
            let result = try await body()
            renewal.cancel()
            await renewal.value
            return result
        } catch {
            renewal.cancel()
            await renewal.value
            throw error
        }
    }

    /// Renews the mark on `secretName` until cancelled (failed renewals are retried at the next turn).
    func keepRenewed(_ client: KubernetesClient, secretName: String, namespace: String) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(Self.renewInterval * 1e9))
                if Task.isCancelled { return }
                let patch: Value = ["metadata": ["annotations": [Self.renewedKey: .string(Self.timestamp(Date()))]]]
                guard let body = try? GoJSONEncoder.encode(patch) else { continue }
                _ = try? await client.patch(
                    .secrets, name: secretName, namespace: namespace, type: .merge, body: Array(body.utf8))
            }
        }
    }
}
