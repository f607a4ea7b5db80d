import Foundation

/// At most `limit` holders at a time; others wait in arrival order. Used to cap how many HTTP/1.1
/// connections a transport opens to one server: each request in flight needs its own, and on a few
/// cores the TLS handshakes of many cost more than the waiting they would save.
// @unchecked Sendable, sound: its mutable state is only touched under its lock.
final class RequestSlots: @unchecked Sendable {
    let limit: Int
    private let lock = NSLock()
    private var used = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        let granted: Bool = lock.withLock {
            guard used < limit else { return false }
            used += 1
            return true
        }
        if granted { return }
        await withCheckedContinuation { continuation in
            let immediately: Bool = lock.withLock {
                // A slot may have been released between the check above and now.
                if used < limit {
                    used += 1
                    return true
                }
                waiting.append(continuation)
                return false
            }
            if immediately { continuation.resume() }
        }
    }

    /// Hands the slot to the next waiter, if any.
    func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiting.isEmpty {
                used -= 1
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }
}
