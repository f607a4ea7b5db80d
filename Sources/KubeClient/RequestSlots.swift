import Synchronization

/// At most `limit` holders at a time; others wait in arrival order. Used to cap how many HTTP/1.1
/// connections a transport opens to one server: each request in flight needs its own, and on a few
/// cores the TLS handshakes of many cost more than the waiting they would save.
final class RequestSlots: Sendable {
    let limit: Int
    private struct State {
        var used = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        let granted: Bool = state.withLock { state in
            guard state.used < limit else { return false }
            state.used += 1
            return true
        }
        if granted { return }
        await withCheckedContinuation { continuation in
            let immediately: Bool = state.withLock { state in
                // A slot may have been released between the check above and now.
                if state.used < limit {
                    state.used += 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if immediately { continuation.resume() }
        }
    }

    /// Hands the slot to the next waiter, if any.
    func release() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { state in
            if state.waiting.isEmpty {
                state.used -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
