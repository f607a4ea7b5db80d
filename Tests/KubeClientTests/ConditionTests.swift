import Dispatch
import Foundation
@testable import KubeClient
import Testing

/// The pthread condition that replaced NSCondition: a wait with a deadline nobody signals ends
/// reporting the deadline; a broadcast wakes a waiter, which sees what was changed under the lock.
@Suite(.timeLimit(.minutes(3))) struct ConditionTests {
    @Test func unsignalledWaitEndsAtItsDeadline() {
        let condition = Condition()
        condition.lock()
        let signalled = condition.wait(until: Date().addingTimeInterval(0.05))
        condition.unlock()
        #expect(!signalled)
        // A deadline already past does not wait at all.
        condition.lock()
        #expect(!condition.wait(until: Date(timeIntervalSince1970: 0)))
        condition.unlock()
    }

    @Test func broadcastWakesAWaiter() {
        final class Flag: @unchecked Sendable { var set = false }
        let condition = Condition()
        let flag = Flag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.02) {
            condition.withLock {
                flag.set = true
                condition.broadcast()
            }
        }
        let deadline = Date().addingTimeInterval(30)
        condition.lock()
        while !flag.set && condition.wait(until: deadline) {}
        let seen = flag.set
        condition.unlock()
        #expect(seen)
    }
}
