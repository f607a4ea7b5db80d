import CCurl
import CCurlShim
import Dispatch
import Foundation
import Synchronization
import ValueKit

/// HTTP over libcurl. TLS material is handed to curl as memory blobs, never as files.
/// Requests run on pooled handles, one thread each, reusing their kept-alive connections; once the
/// server has answered over HTTP/2 (API servers do), they run on libcurl's multi interface instead,
/// multiplexed on one connection.
public final class CurlTransport: HTTPTransport, Sendable {
    public struct TLS: Sendable {
        public var certificateAuthorityPEM: [UInt8]?
        public var clientCertificatePEM: [UInt8]?
        public var clientKeyPEM: [UInt8]?
        public var insecureSkipVerify = false
        /// The name to verify the server certificate against (and send as SNI) instead of the URL's host.
        public var serverName: String?
        public init() {}
    }

    public let tls: TLS
    public let proxyURL: String?
    /// Seconds before a request is abandoned; 0 waits forever.
    public let timeoutSeconds: Double
    public let connectTimeoutSeconds: Double
    /// The handles and what the transport has learnt of the server.
    private struct State {
        /// Handles of finished requests (their addresses), kept with their connections for the next ones.
        var idle: [UInt] = []
        /// Set once an answer came over HTTP/2.
        var serverSpeaksHTTP2 = false
        /// TLS sessions and DNS answers shared by this transport's handles: a second connection to
        /// the same server resumes the TLS session instead of a full handshake.
        var shareHandle: UnsafeMutableRawPointer?
        var shareCreated = false
    }
    private let state = Mutex(State())
    /// Drives requests once the server is known to speak HTTP/2: its cache holds one connection, and
    /// concurrent requests are multiplexed on it.
    private let multi = CurlMulti()
    /// HTTP/1.1 requests in flight at once (each needs its own connection and TLS handshake).
    private let http1Slots: RequestSlots

    /// The share handle, created on first use (creating it loads libcurl).
    private var share: UnsafeMutableRawPointer? {
        state.withLock { state in
            if !state.shareCreated {
                state.shareHandle = osm_curl_share_new()
                state.shareCreated = true
            }
            return state.shareHandle
        }
    }

    public init(
        tls: TLS = TLS(), proxyURL: String? = nil, timeoutSeconds: Double = 0, connectTimeoutSeconds: Double = 30
    ) {
        self.tls = tls
        self.proxyURL = proxyURL
        self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.http1Slots = RequestSlots(limit: 4)
        Self.preload()
    }

    /// Starts loading libcurl and its ~30 libraries (milliseconds) in the background, so that the
    /// first request finds it loaded; callers that know early they will reach a cluster call it first.
    public static func preload() {
        osm_curl_preload()
    }

    /// Ends what libcurl runs on threads of its own: waits for an early load to finish and stops the
    /// transfer loops (aborting transfers nobody waits for any more). The process calls it once,
    /// right before `exit`, whose clean-up (OpenSSL's atexit handler among it) must not meet a
    /// thread still inside libcurl.
    public static func finishBackgroundWork() {
        osm_curl_preload_finish()
        // One 2 s allowance for both waits.
        let deadline = Date().addingTimeInterval(2)
        CurlLoops.closeAll(waitingAtMost: 2)
        BlockingPool.shared.finish(waitingAtMost: max(0, deadline.timeIntervalSinceNow))
    }

    deinit {
        state.withLock { state in
            for address in state.idle { osm_curl_easy_cleanup(UnsafeMutableRawPointer(bitPattern: address)) }
            if let shareHandle = state.shareHandle { osm_curl_share_cleanup(shareHandle) }
        }
    }

    /// libcurl's version line, e.g. `libcurl/7.88.1 OpenSSL/3.0.11 …`.
    public static var versionDescription: String { String(cString: osm_curl_version()) }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await run(request, onData: nil)
    }

    public func stream(
        _ request: HTTPRequest, onData: @escaping @Sendable ([UInt8]) -> Bool
    ) async throws -> HTTPResponse {
        try await run(request, onData: onData)
    }

    private func run(_ request: HTTPRequest, onData: (@Sendable ([UInt8]) -> Bool)?) async throws -> HTTPResponse {
        // Over HTTP/1.1 each request in flight holds a connection of its own: cap them (streams such as
        // watches and followed logs, which may last, do not count).
        let multiplexed = state.withLock { $0.serverSpeaksHTTP2 }
        let limited = onData == nil && !multiplexed
        if limited { await http1Slots.acquire() }
        defer { if limited { http1Slots.release() } }
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let transfer: Transfer
                do {
                    transfer = try prepare(request, onData: onData, cancelled: cancelled)
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let complete: @Sendable (CURLcode) -> Void = { code in
                    continuation.resume(with: Result { try self.finish(transfer, code) })
                }
                if multiplexed {
                    multi.submit(transfer.handle, completion: complete)
                } else if onData == nil {
                    // HTTP/1.1 (or not yet known): a pooled handle with its kept-alive connection, run
                    // to its end by curl on a thread of the blocking pool (never the cooperative pool's).
                    BlockingPool.shared.submit { complete(osm_curl_easy_perform(transfer.handle)) }
                } else {
                    // Streams (watches, followed logs) may last: a thread of their own.
                    OwnedThread.start("osm-stream") { complete(osm_curl_easy_perform(transfer.handle)) }
                }
            }
        } onCancel: {
            cancelled.set()
        }
    }

    /// A request set up on a handle, with what must live until it completes.
    // @unchecked Sendable, sound: handed from the calling task to the thread running it and back, never used by both at once.
    private final class Transfer: @unchecked Sendable {
        let handle: UnsafeMutableRawPointer
        let exchange: Unmanaged<Exchange>
        var headerList: UnsafeMutablePointer<curl_slist>?
        var connectTo: UnsafeMutablePointer<curl_slist>?
        let url: String
        let timeout: Double

        init(handle: UnsafeMutableRawPointer, exchange: Exchange, url: String, timeout: Double) {
            self.handle = handle
            self.exchange = Unmanaged.passRetained(exchange)
            self.url = url
            self.timeout = timeout
        }
    }

    /// Set from another thread when the caller's task is cancelled (Ctrl-C); curl's progress callback aborts.
    final class CancelFlag: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    /// Collects what curl's callbacks deliver.
    private final class Exchange {
        var body: [UInt8] = []
        var headerLines: [String] = []
        var onData: (([UInt8]) -> Bool)?
        var stoppedByReader = false
        var status = 0
        let cancelled: CancelFlag
        init(cancelled: CancelFlag) { self.cancelled = cancelled }
    }

    private func checkOut() -> UnsafeMutableRawPointer? {
        if let address = state.withLock({ $0.idle.popLast() }),
            let handle = UnsafeMutableRawPointer(bitPattern: address)
        {
            osm_curl_easy_reset(handle)
            return handle
        }
        return osm_curl_easy_init()
    }

    private func checkIn(_ handle: UnsafeMutableRawPointer) {
        let address = UInt(bitPattern: handle)
        let kept: Bool = state.withLock { state in
            guard state.idle.count < 32 else { return false }
            state.idle.append(address)
            return true
        }
        if !kept { osm_curl_easy_cleanup(handle) }
    }

    private func prepare(
        _ request: HTTPRequest, onData: (([UInt8]) -> Bool)?, cancelled: CancelFlag
    ) throws(TransportError) -> Transfer {
        if let problem = osm_curl_load_error() {
            throw TransportError("libcurl could not be loaded (install libcurl4): \(String(cString: problem))")
        }
        guard multi.isAvailable, let handle = checkOut() else { throw TransportError("could not create a curl handle") }
        let exchange = Exchange(cancelled: cancelled)
        exchange.onData = onData
        let timeout = request.timeout > 0 ? request.timeout : timeoutSeconds
        let transfer = Transfer(handle: handle, exchange: exchange, url: request.url, timeout: timeout)
        let context = transfer.exchange

        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers { headerList = osm_curl_slist_append(headerList, "\(name): \(value)") }
        // curl adds "Expect: 100-continue" to larger bodies; API servers do not need the extra round trip.
        headerList = osm_curl_slist_append(headerList, "Expect:")
        transfer.headerList = headerList

        transfer.connectTo = configureConnection(handle, url: request.url, clientCertificate: request.clientCertificate)
        // Wait for a connection being set up to the same server rather than opening another: with
        // HTTP/2 it will carry this request too.
        osm_curl_setopt_long(handle, CURLOPT_PIPEWAIT, 1)
        osm_curl_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        osm_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        osm_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        if request.method == "HEAD" { osm_curl_setopt_long(handle, CURLOPT_NOBODY, 1) }
        if let body = request.body {
            osm_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBytes { raw in
                _ = osm_curl_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            }
        }
        osm_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        if timeout > 0 { osm_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000)) }
        osm_curl_setopt_write_function(handle) { data, size, count, user in
            guard let data, let user else { return 0 }
            let exchange = Unmanaged<Exchange>.fromOpaque(user).takeUnretainedValue()
            if exchange.cancelled.isSet { return 0 }
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            if let onData = exchange.onData, (200..<300).contains(exchange.status) {
                if !onData(Array(bytes)) { exchange.stoppedByReader = true; return 0 }
            } else {
                exchange.body.append(contentsOf: bytes)
            }
            return size * count
        }
        osm_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
        osm_curl_setopt_header_function(handle) { data, size, count, user in
            guard let data, let user else { return 0 }
            let exchange = Unmanaged<Exchange>.fromOpaque(user).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                let parts = line.split(separator: " ")
                exchange.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            }
            exchange.headerLines.append(line)
            return size * count
        }
        osm_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())
        osm_curl_setopt_progress(handle, context.toOpaque()) { user in
            guard let user else { return 0 }
            return Unmanaged<Exchange>.fromOpaque(user).takeUnretainedValue().cancelled.isSet ? 1 : 0
        }

        return transfer
    }

    /// Turns a completed transfer into the response or the error, and returns its handle to the pool.
    private func finish(_ transfer: Transfer, _ code: CURLcode) throws(TransportError) -> HTTPResponse {
        let exchange = transfer.exchange.takeUnretainedValue()
        var status = 0, version = 0
        osm_curl_getinfo_long(transfer.handle, CURLINFO_RESPONSE_CODE, &status)
        osm_curl_getinfo_long(transfer.handle, CURLINFO_HTTP_VERSION, &version)
        if code == CURLE_OK && version == Int(CURL_HTTP_VERSION_2_0) { state.withLock { $0.serverSpeaksHTTP2 = true } }
        osm_curl_slist_free_all(transfer.headerList)
        osm_curl_slist_free_all(transfer.connectTo)
        checkIn(transfer.handle)
        defer { transfer.exchange.release() }
        if code != CURLE_OK && !(exchange.stoppedByReader && code == CURLE_WRITE_ERROR) {
            if exchange.cancelled.isSet { throw TransportError("request cancelled", kind: .cancelled) }
            throw Self.describe(code, url: transfer.url, timeout: transfer.timeout)
        }
        return HTTPResponse(status: status, headers: Self.parseHeaders(exchange.headerLines), body: exchange.body)
    }

    /// The options every handle of this transport shares: URL (with `tls-server-name` mapping), TLS
    /// material, proxy, connect timeout. Returns the CONNECT_TO list, to free after the transfer.
    func configureConnection(
        _ handle: UnsafeMutableRawPointer, url requestURL: String,
        clientCertificate: (certificate: [UInt8], key: [UInt8])?
    ) -> UnsafeMutablePointer<curl_slist>? {
        var url = requestURL
        var connectTo: UnsafeMutablePointer<curl_slist>?
        if let name = tls.serverName, let (host, port) = Self.hostAndPort(url) {
            // Verify against (and send SNI for) the configured name while connecting to the URL's host.
            url = url.replacingOccurrences(of: "://" + host, with: "://" + name)
            connectTo = osm_curl_slist_append(connectTo, "\(name):\(port):\(host):\(port)")
            osm_curl_setopt_pointer(handle, CURLOPT_CONNECT_TO, UnsafeMutableRawPointer(connectTo))
        }
        if let share { osm_curl_setopt_share(handle, share) }
        osm_curl_setopt_string(handle, CURLOPT_URL, url)
        osm_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        if connectTimeoutSeconds > 0 {
            osm_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeoutSeconds * 1000))
        }
        if let proxyURL {
            osm_curl_setopt_string(handle, CURLOPT_PROXY, proxyURL)
        } else {
            osm_curl_setopt_string(handle, CURLOPT_NOPROXY, "*")
        }
        if let ca = tls.certificateAuthorityPEM {
            ca.withUnsafeBytes { _ = osm_curl_setopt_blob(handle, CURLOPT_CAINFO_BLOB, $0.baseAddress, $0.count) }
        }
        let clientCert =
            clientCertificate ?? tls.clientCertificatePEM.flatMap { cert in tls.clientKeyPEM.map { (cert, $0) } }
        if let (cert, key) = clientCert {
            cert.withUnsafeBytes { _ = osm_curl_setopt_blob(handle, CURLOPT_SSLCERT_BLOB, $0.baseAddress, $0.count) }
            osm_curl_setopt_string(handle, CURLOPT_SSLCERTTYPE, "PEM")
            key.withUnsafeBytes { _ = osm_curl_setopt_blob(handle, CURLOPT_SSLKEY_BLOB, $0.baseAddress, $0.count) }
            osm_curl_setopt_string(handle, CURLOPT_SSLKEYTYPE, "PEM")
        }
        if tls.insecureSkipVerify {
            osm_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
            osm_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
        }
        return connectTo
    }
}
