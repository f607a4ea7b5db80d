import Foundation

/// Strings gathered from callbacks on other threads (events, errors, opened URLs), for tests to read.
public final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    public init() {}
    public func add(_ item: String) { lock.withLock { storage.append(item) } }
    public var items: [String] { lock.withLock { storage } }
}
