import Foundation
import KubeClient
import ValueKit

/// Waiting for the cluster to change instead of sleeping a fixed interval: the resourceVersion of a
/// kind is taken before the objects are checked, and a watch from it returns at the first change
/// after the check (or after the interval, which stays the fallback, as does a plain sleep when the
/// server cannot watch). So a wait ends as soon as the API server reports what it waited for,
/// as `kubectl wait` does, instead of up to one poll interval later.
struct ChangeWatch: Sendable {
    let client: KubernetesClient
    let ref: ResourceRef
    let namespace: String?
    var fieldSelector: String?

    /// The collection's current resourceVersion (a list of at most one object), or nil.
    func version() async -> String? {
        var query: [(String, String)] = [("limit", "1")]
        if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
        guard let response = try? await client.rest.send("GET", ref.path(namespace: namespace), query: query),
            let list = try? GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self))
        else { return nil }
        return list["metadata"]?["resourceVersion"]?.stringValue
    }

    /// Returns at the first change after `version`, or after `seconds`; a failed watch sleeps instead.
    func next(after version: String?, seconds: Double) async throws {
        let started = Date()
        // The API's watch timeout counts whole seconds: a shorter wait is a plain sleep.
        if let version, seconds >= 1 {
            do {
                try await client.watch(
                    ref, namespace: namespace, fieldSelector: fieldSelector, resourceVersion: version,
                    timeoutSeconds: max(1, Int(seconds.rounded(.up)))
                ) { event in
                    event.type == "BOOKMARK"
                }
                try Task.checkCancellation()
                return
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // A server or proxy that cannot watch: fall back to the plain interval.
            }
        }
        let left = seconds - Date().timeIntervalSince(started)
        if left > 0 { try await Task.sleep(nanoseconds: UInt64(left * 1e9)) }
    }
}
