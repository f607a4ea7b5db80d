import Foundation
import Synchronization
import Testing

@testable import KubeClient

/// The owned pool blocking calls run on: never more threads than its limit, every job run, none on
/// the calling (cooperative) thread, and `finish` ends its threads.
@Suite(.timeLimit(.minutes(1))) struct BlockingPoolTests {
    final class Counter: Sendable {
        let state = Mutex((running: 0, most: 0, done: 0))
        func enter() { state.withLock { $0.running += 1; $0.most = max($0.most, $0.running) } }
        func leave() { state.withLock { $0.running -= 1; $0.done += 1 } }
    }

    @Test func runsEveryJobWithinItsLimitOffTheCallersThread() async throws {
        let pool = BlockingPool(limit: 4)
        let counter = Counter()
        let caller = pthread_self()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    try await pool.run {
                        counter.enter()
                        usleep(20_000)  // a blocking call
                        counter.leave()
                        return pthread_equal(pthread_self(), caller) == 0
                    }
                }
            }
            for try await offCaller in group { #expect(offCaller) }
        }
        let (_, most, done) = counter.state.withLock { $0 }
        #expect(done == 24)
        #expect(most <= 4 && most >= 2, "at most the limit at once, and more than one: \(most)")
        // Six rounds of four 20 ms calls: the pool ran them side by side, not one after another.
        pool.finish(waitingAtMost: 2)
    }

    @Test func finishEndsParkedThreadsAndLaterWorkStillRuns() async throws {
        let pool = BlockingPool(limit: 2)
        _ = try await pool.run { 1 }
        let started = Date()
        pool.finish(waitingAtMost: 2)
        #expect(Date().timeIntervalSince(started) < 1, "parked threads end at once")
        #expect(try await pool.run { 2 } == 2)
    }
}
