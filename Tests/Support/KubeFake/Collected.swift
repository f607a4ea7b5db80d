import Foundation

/// Strings gathered from callbacks on other threads (events, errors, opened URLs), for tests to read.
public final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    public init() {}
    public func add(_ item: String) { lock.withLock { storage.append(item) } }
    public var items: [String] { lock.withLock { storage } }
}

/// A clock that moves only when told: tests give it to RESTClient with a `sleep` that advances it.
public final class VirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0
    public init() {}
    public var now: Double { lock.withLock { seconds } }
    public func advance(_ by: Double) { lock.withLock { seconds += by } }
}
