import Foundation

/// Where osm runs calls that block a thread: libcurl's easy transfers over HTTP/1.1 and the blocking
/// TLS connect of an upgraded connection. Swift's cooperative pool has one thread per core, shared by
/// all async code; a call blocking there would stall unrelated tasks (and, with as many blocked
/// calls as cores, every task). These calls run on this pool's threads instead: at most `limit`,
/// started when work arrives and no thread is free, parked when idle, ended after 30 s unused or by
/// `finish` at the end of the process. Work that lasts (a watch, a tunnel's reader) gets a thread of
/// its own (`OwnedThread`) so that it never holds a pool thread.
final class BlockingPool: Sendable {
    static let shared = BlockingPool(limit: 16)

    private let limit: Int
    private let condition = Condition()
    private let state = UnsafeState()

    /// What the pool's threads share, touched only with `condition` held.
    // @unchecked Sendable, sound: only read and written while the pool's condition is locked.
    private final class UnsafeState: @unchecked Sendable {
        var queue: [@Sendable () -> Void] = []
        var next = 0
        var threads = 0
        var idle = 0
        var closing = false
    }

    init(limit: Int) { self.limit = limit }

    /// Runs `work` on a pool thread and returns its result to the calling task.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Queues `job` for a pool thread: a parked one is woken, else a new one started while fewer than
    /// `limit` run (else the first to finish its call takes it).
    func submit(_ job: @escaping @Sendable () -> Void) {
        let start: Bool = condition.withLock {
            state.queue.append(job)
            // A parked thread takes it unless the parked ones already have as many jobs waiting
            // (a woken thread counts as parked until it runs again).
            if state.idle >= state.queue.count - state.next {
                condition.signal()
                return false
            }
            if state.idle > 0 { condition.signal() }
            guard state.threads < limit else { return false }
            state.threads += 1
            return true
        }
        if start { OwnedThread.start("osm-blocking") { [self] in work() } }
    }

    private func work() {
        condition.lock()
        while true {
            if state.next < state.queue.count {
                let job = state.queue[state.next]
                state.next += 1
                if state.next == state.queue.count {
                    state.queue.removeAll(keepingCapacity: true)
                    state.next = 0
                }
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            if state.closing { break }
            state.idle += 1
            let woken = condition.wait(until: Date().addingTimeInterval(30))
            state.idle -= 1
            if !woken && state.next >= state.queue.count { break }
        }
        state.threads -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the pool's threads at the end of the process: parked ones at once, busy ones when their
    /// call returns (waiting at most `seconds`). Work queued afterwards still runs.
    func finish(waitingAtMost seconds: Double) {
        condition.lock()
        defer { condition.unlock() }
        state.closing = true
        condition.broadcast()
        let deadline = Date().addingTimeInterval(seconds)
        while state.threads > 0 && condition.wait(until: deadline) {}
    }
}

/// A thread osm starts for work that lasts and owns it until that work ends: the curl multi loop of
/// an HTTP/2 connection pool, a streamed transfer, a tunnel's reader and pinger, a local listener
/// and its connections, a pool thread. The one place KubeClient makes threads, each named `osm-…` (visible
/// in `top -H` and debuggers).
enum OwnedThread {
    /// Runs `work` on a thread of its own and returns its result to the calling task (blocking work
    /// that may last, which must not hold one of the blocking pool's few threads).
    static func run<T: Sendable>(_ name: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            start(name) { continuation.resume(with: Result { try work() }) }
        }
    }

    static func start(_ name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }
}
