import CCurl
import CCurlShim
import Foundation

/// libcurl's multi interface driven by one thread: every transfer of a transport runs here, so
/// connections live in one cache and an HTTP/2 connection carries many requests at once (kubectl's
/// behaviour). The thread starts with the first transfer and ends after a second without any.
// @unchecked Sendable, sound: its mutable state is only touched under its lock.
final class CurlMulti: @unchecked Sendable {
    typealias Completion = @Sendable (CURLcode) -> Void

    private let lock = NSLock()
    /// Created on first use, so that making a transport does not load libcurl.
    private var multiHandle: OpaquePointer?
    private var multi: OpaquePointer? {
        lock.withLock {
            if multiHandle == nil { multiHandle = osm_curl_multi_new().map { OpaquePointer($0) } }
            return multiHandle
        }
    }
    private var incoming: [(handle: UnsafeMutableRawPointer, completion: Completion)] = []
    private var running = false

    init() {}

    deinit { if let multiHandle { osm_curl_multi_cleanup(UnsafeMutableRawPointer(multiHandle)) } }

    var isAvailable: Bool { multi != nil }

    /// Runs the prepared handle; `completion` gets curl's result on the loop thread.
    func submit(_ handle: UnsafeMutableRawPointer, completion: @escaping Completion) {
        let startThread: Bool = lock.withLock {
            incoming.append((handle, completion))
            defer { running = true }
            return !running
        }
        if startThread {
            guard let multi, CurlLoops.enter(ObjectIdentifier(self), multi) else {
                lock.withLock {
                    incoming.removeAll { $0.handle == handle }; running = false
                }
                completion(CURLE_ABORTED_BY_CALLBACK)
                return
            }
            // The thread's reference is given up before it reports that it left: when it is the last
            // one, `deinit` (curl_multi_cleanup, which closes TLS connections) runs before `closeAll`
            // lets the process exit, never during exit()'s OpenSSL clean-up.
            let id = ObjectIdentifier(self)
            let owner = Unmanaged.passRetained(self)
            let thread = Thread {
                do {
                    let multi = owner.takeRetainedValue()
                    multi.loop()
                }
                CurlLoops.leave(id)
            }
            thread.stackSize = 1 << 20
            thread.start()
        } else {
            osm_curl_multi_wakeup(UnsafeMutableRawPointer(multi))
        }
    }

    private func loop() {
        let multi = UnsafeMutableRawPointer(self.multi)
        var active: [UnsafeMutableRawPointer: Completion] = [:]
        var idleSince: Date?
        while true {
            let batch: [(handle: UnsafeMutableRawPointer, completion: Completion)] = lock.withLock {
                defer { incoming = [] }
                return incoming
            }
            if CurlLoops.isClosing {
                // The process is ending: nothing may run on this thread once exit() starts.
                for (_, completion) in batch { completion(CURLE_ABORTED_BY_CALLBACK) }
                for (handle, completion) in active {
                    osm_curl_multi_remove(multi, handle)
                    completion(CURLE_ABORTED_BY_CALLBACK)
                }
                lock.withLock { running = false }
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
                    let stop: Bool = lock.withLock {
                        if incoming.isEmpty { running = false }
                        return incoming.isEmpty
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
    private static let condition = Condition()
    /// Each running loop's multi handle (as an address, to be woken).
    nonisolated(unsafe) private static var loops: [ObjectIdentifier: UInt] = [:]
    nonisolated(unsafe) private static var closing = false
    /// Connect-only connections (port-forward tunnels) whose curl handle is not freed yet.
    nonisolated(unsafe) private static var liveConnections = 0

    static func connectionOpened() { condition.withLock { liveConnections += 1 } }

    static func connectionFreed() {
        condition.withLock {
            liveConnections -= 1
            condition.broadcast()
        }
    }

    static var isClosing: Bool { condition.withLock { closing } }

    /// Registers a loop about to start; false once the process is closing.
    static func enter(_ loop: ObjectIdentifier, _ multi: OpaquePointer) -> Bool {
        condition.withLock {
            if closing { return false }
            loops[loop] = UInt(bitPattern: UnsafeMutableRawPointer(multi))
            return true
        }
    }

    static func leave(_ loop: ObjectIdentifier) {
        condition.withLock {
            loops[loop] = nil
            condition.broadcast()
        }
    }

    /// Asks every loop to stop, wakes it, and waits until all have returned and every closed tunnel's
    /// connection has been freed by the thread that held it last (at most `seconds`).
    static func closeAll(waitingAtMost seconds: Double) {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        for address in loops.values { osm_curl_multi_wakeup(UnsafeMutableRawPointer(bitPattern: address)) }
        let deadline = Date().addingTimeInterval(seconds)
        while (!loops.isEmpty || liveConnections > 0) && condition.wait(until: deadline) {}
    }
}
