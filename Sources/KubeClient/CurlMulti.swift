import CCurl
import CCurlShim
import Foundation
import Synchronization

/// libcurl's multi interface driven by one thread: every transfer of a transport runs here, so
/// connections live in one cache and an HTTP/2 connection carries many requests at once (kubectl's
/// behaviour). The thread starts with the first transfer and ends after a second without any.
final class CurlMulti: Sendable {
    typealias Completion = @Sendable (CURLcode) -> Void

    /// Handles are kept by address (the loop thread turns them back into pointers).
    private struct State {
        /// The multi handle's address, created on first use so that making a transport does not load libcurl.
        var multiHandle: UInt?
        var incoming: [(handle: UInt, completion: Completion)] = []
        var running = false
    }
    private let state = Mutex(State())

    private var multi: OpaquePointer? {
        let address: UInt? = state.withLock { state in
            if state.multiHandle == nil { state.multiHandle = osm_curl_multi_new().map { UInt(bitPattern: $0) } }
            return state.multiHandle
        }
        return address.flatMap { OpaquePointer(bitPattern: $0) }
    }

    init() {}

    deinit {
        if let address = state.withLock({ $0.multiHandle }) {
            osm_curl_multi_cleanup(UnsafeMutableRawPointer(bitPattern: address))
        }
    }

    var isAvailable: Bool { multi != nil }

    /// Runs the prepared handle; `completion` gets curl's result on the loop thread.
    func submit(_ handle: UnsafeMutableRawPointer, completion: @escaping Completion) {
        let address = UInt(bitPattern: handle)
        let startThread: Bool = state.withLock { state in
            state.incoming.append((address, completion))
            defer { state.running = true }
            return !state.running
        }
        if startThread {
            guard let multi, let token = CurlLoops.enter(multi) else {
                state.withLock { state in
                    state.incoming.removeAll { $0.handle == address }
                    state.running = false
                }
                completion(CURLE_ABORTED_BY_CALLBACK)
                return
            }
            // The thread's reference is given up before it reports that it left: when it is the last
            // one, `deinit` (curl_multi_cleanup, which closes TLS connections) runs before `closeAll`
            // lets the process exit, never during exit()'s OpenSSL clean-up. The handle is withdrawn
            // from `closeAll`'s wake-ups before that, so it is never woken once freed.
            let owner = Unmanaged.passRetained(self)
            OwnedThread.start("osm-curl-loop", stackSize: 1 << 20) {
                do {
                    let multi = owner.takeRetainedValue()
                    multi.loop()
                    CurlLoops.withdraw(token)
                }
                CurlLoops.leave()
            }
        } else {
            osm_curl_multi_wakeup(UnsafeMutableRawPointer(multi))
        }
    }

    private func loop() {
        let multi = UnsafeMutableRawPointer(self.multi)
        var active: [UnsafeMutableRawPointer: Completion] = [:]
        var idleSince: Date?
        while true {
            let batch: [(handle: UnsafeMutableRawPointer, completion: Completion)] = state.withLock { state in
                defer { state.incoming = [] }
                return state.incoming
            }.map { (UnsafeMutableRawPointer(bitPattern: $0.handle)!, $0.completion) }
            if CurlLoops.isClosing {
                // The process is ending: nothing may run on this thread once exit() starts.
                for (_, completion) in batch { completion(CURLE_ABORTED_BY_CALLBACK) }
                for (handle, completion) in active {
                    osm_curl_multi_remove(multi, handle)
                    completion(CURLE_ABORTED_BY_CALLBACK)
                }
                state.withLock { $0.running = false }
                return
            }
            for (handle, completion) in batch {
                if osm_curl_multi_add(multi, handle) == CURLM_OK {
                    active[handle] = completion
                } else {
                    completion(CURLE_FAILED_INIT)
                }
            }
            var stillRunning: Int32 = 0
            osm_curl_multi_perform(multi, &stillRunning)
            var finished: UnsafeMutableRawPointer?
            var result = CURLE_OK
            while osm_curl_multi_next_done(multi, &finished, &result) != 0 {
                guard let handle = finished else { continue }
                osm_curl_multi_remove(multi, handle)
                active.removeValue(forKey: handle)?(result)
            }
            if active.isEmpty {
                let now = Date()
                if let since = idleSince, now.timeIntervalSince(since) > 1 {
                    // Stop unless a transfer arrived meanwhile; a later submit starts a new thread.
                    let stop: Bool = state.withLock { state in
                        if state.incoming.isEmpty { state.running = false }
                        return state.incoming.isEmpty
                    }
                    if stop { return }
                }
                if idleSince == nil { idleSince = now }
            } else {
                idleSince = nil
            }
            osm_curl_multi_poll(multi, active.isEmpty ? 250 : 100)
        }
    }
}

/// Every running multi loop, so that the process can end them before it exits (`CurlTransport.finishBackgroundWork`).
enum CurlLoops {
    private struct State {
        /// The multi handle of each running loop (as an address, to be woken), by the loop's token.
        var handles: [Int: UInt] = [:]
        var nextToken = 0
        /// Loop threads that have not left yet (a loop withdraws its handle before it ends).
        var loops = 0
        var closing = false
        /// Connect-only connections (port-forward tunnels) whose curl handle is not freed yet.
        var liveConnections = 0
        var done: Bool { loops == 0 && liveConnections == 0 }
    }
    private static let state = Mutex(State())
    /// Broadcast (with its lock held) after a loop left or a connection was freed, for `closeAll`.
    private static let changed = Condition()

    private static func announceChange() { changed.withLock { changed.broadcast() } }

    static func connectionOpened() { state.withLock { $0.liveConnections += 1 } }

    static func connectionFreed() {
        state.withLock { $0.liveConnections -= 1 }
        announceChange()
    }

    static var isClosing: Bool { state.withLock { $0.closing } }

    /// Registers a loop about to start, returning its token; nil once the process is closing.
    static func enter(_ multi: OpaquePointer) -> Int? {
        let address = UInt(bitPattern: UnsafeMutableRawPointer(multi))
        return state.withLock { state in
            if state.closing { return nil }
            state.nextToken += 1
            state.handles[state.nextToken] = address
            state.loops += 1
            return state.nextToken
        }
    }

    /// The loop stopped polling its handle: `closeAll` no longer wakes it (it may be freed next).
    static func withdraw(_ token: Int) {
        state.withLock { _ = $0.handles.removeValue(forKey: token) }
    }

    /// The loop's thread has let go of everything it held.
    static func leave() {
        state.withLock { $0.loops -= 1 }
        announceChange()
    }

    /// Asks every loop to stop, wakes it, and waits until all have returned and every closed tunnel's
    /// connection has been freed by the thread that held it last (at most `seconds`).
    static func closeAll(waitingAtMost seconds: Double) {
        // Woken with the lock held: a loop withdraws its handle under this lock before it is freed.
        state.withLock { state in
            state.closing = true
            for address in state.handles.values { osm_curl_multi_wakeup(UnsafeMutableRawPointer(bitPattern: address)) }
        }
        let deadline = Date().addingTimeInterval(seconds)
        // A change announced between the check and the wait cannot be lost: announcing takes the lock
        // this holds until the wait releases it.
        changed.lock()
        defer { changed.unlock() }
        while !state.withLock({ $0.done }) && changed.wait(until: deadline) {}
    }
}
