import Foundation
import ValueKit

/// A watch that stays open, as kube-apiserver's does: after the initial events, each change to a
/// matching object is delivered as it happens, until `timeoutSeconds` passes or the client goes away.
public final class FakeWatch: @unchecked Sendable {
    unowned let server: FakeAPIServer
    let prefix: String
    let labelSelector: LabelSelector
    let fields: [(String, Bool, String)]
    /// When the server ends the watch; nil: only when the client leaves.
    public let deadline: Date?
    private var lastSeen: Int

    init(server: FakeAPIServer, prefix: String, labelSelector: LabelSelector, fields: [(String, Bool, String)], since: Int, deadline: Date?) {
        self.server = server
        self.prefix = prefix
        self.labelSelector = labelSelector
        self.fields = fields
        self.lastSeen = since
        self.deadline = deadline
    }

    public var expired: Bool { deadline.map { Date() >= $0 } ?? false }

    /// The next events as JSON lines, waiting up to `wait` seconds for one; empty when none came.
    public func next(wait: Double) -> [UInt8] {
        let until = Date().addingTimeInterval(min(wait, deadline.map { max(0, $0.timeIntervalSinceNow) } ?? wait))
        while true {
            let lines: [String] = server.lock.withLock {
                var out: [String] = []
                for event in server.events where event.rv > lastSeen {
                    lastSeen = event.rv
                    guard event.key.hasPrefix(prefix), matches(event.object) else { continue }
                    out.append((try? GoJSONEncoder.encode(["type": .string(event.type), "object": event.object])) ?? "")
                }
                return out
            }
            if !lines.isEmpty { return Array(lines.map { $0 + "\n" }.joined().utf8) }
            if !server.waitForEvents(until: until) { return [] }
        }
    }

    private func matches(_ object: Value) -> Bool {
        var labels: [String: String] = [:]
        for (k, v) in object["metadata"]?["labels"]?.mapValue?.entries ?? [] { labels[k] = v.stringValue ?? "" }
        return labelSelector.matches(labels) && fields.allSatisfy { field, equal, value in (server.fieldValue(object, field) == value) == equal }
    }
}

extension FakeAPIServer {
    /// Wakes watches after a change; called with the store's lock released.
    func announceEvents() {
        eventSignal.lock()
        eventGeneration += 1
        eventSignal.broadcast()
        eventSignal.unlock()
    }

    /// Waits for the next change or `until`; false when the time ran out.
    func waitForEvents(until: Date) -> Bool {
        eventSignal.lock()
        defer { eventSignal.unlock() }
        let generation = eventGeneration
        while eventGeneration == generation {
            if !eventSignal.wait(until: until) { return false }
        }
        return true
    }
}
