import FoundationEssentials
import Glibc

/// A mutex with a condition variable (what Foundation's NSCondition offers), on POSIX threads, so
/// this module needs no more than FoundationEssentials.
// @unchecked Sendable, sound: its mutable state is only touched under its lock.
final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    /// Waits (the lock held) until signalled.
    func wait() { pthread_cond_wait(cond, mutex) }

    /// Waits (the lock held) until signalled or `deadline`; false once the deadline has passed.
    @discardableResult
    func wait(until deadline: Date) -> Bool {
        let seconds = deadline.timeIntervalSince1970
        guard seconds > 0 else { return false }
        var whole = seconds.rounded(.down)
        var nanoseconds = ((seconds - whole) * 1e9).rounded()
        if nanoseconds >= 1e9 {
            whole += 1
            nanoseconds -= 1e9
        }
        var limit = timespec(tv_sec: Int(min(whole, Double(Int.max / 2))), tv_nsec: Int(nanoseconds))
        return pthread_cond_timedwait(cond, mutex, &limit) == 0
    }

    func signal() { pthread_cond_signal(cond) }
    func broadcast() { pthread_cond_broadcast(cond) }
}
