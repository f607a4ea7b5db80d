import CCurl
import CCurlShim
import Foundation

/// libcurl's multi interface driven by one thread: every transfer of a transport runs here, so
/// connections live in one cache and an HTTP/2 connection carries many requests at once (kubectl's
/// behaviour). The thread starts with the first transfer and ends after a second without any.
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
            let thread = Thread { [self] in loop() }
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
