import CCurl
import CCurlShim
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// shutdown(2)'s "both directions", spelled once: in the static-stdlib release build only files that
/// see curl's headers find the constant.
let shutdownBoth = Int32(SHUT_RDWR)

extension CurlTransport {
    /// Connects (TCP, proxy tunnel, TLS with this transport's material) and hands the connection over
    /// without sending anything: curl's connect-only mode. HTTP/1.1 is negotiated, as upgrades need it.
    public func connect(_ request: HTTPRequest) async throws -> any ByteConnection {
        try await BlockingPool.shared.run { try self.openConnection(request) }
    }

    private func openConnection(_ request: HTTPRequest) throws(TransportError) -> CurlConnection {
        if let problem = osm_curl_load_error() {
            throw TransportError("libcurl could not be loaded (install libcurl4): \(String(cString: problem))")
        }
        guard let handle = osm_curl_easy_init() else { throw TransportError("could not create a curl handle") }
        let connectTo = configureConnection(handle, url: request.url, clientCertificate: request.clientCertificate)
        defer { osm_curl_slist_free_all(connectTo) }
        osm_curl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
        osm_curl_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        osm_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        osm_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        if proxyURL != nil { osm_curl_setopt_long(handle, CURLOPT_HTTPPROXYTUNNEL, 1) }
        let code = osm_curl_easy_perform(handle)
        var socket: Int32 = -1
        if code == CURLE_OK { osm_curl_getinfo_socket(handle, &socket) }
        guard code == CURLE_OK, socket >= 0 else {
            osm_curl_easy_cleanup(handle)
            throw code == CURLE_OK
                ? TransportError("curl gave no socket for \(request.url)")
                : Self.describe(code, url: request.url, timeout: 0)
        }
        return CurlConnection(handle: handle, socket: socket, server: request.url)
    }
}

/// A connect-only curl handle read and written with `curl_easy_recv`/`curl_easy_send`, waiting in
/// poll() between. One lock (the one of `closed`) serialises calls into curl (and so into OpenSSL)
/// across threads.
// @unchecked Sendable, sound: the handle (a pointer, never Sendable) is only used with `closed` locked.
final class CurlConnection: ByteConnection, @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let socket: Int32
    private let server: String
    private let closed = Mutex(false)

    init(handle: UnsafeMutableRawPointer, socket: Int32, server: String) {
        self.handle = handle
        self.socket = socket
        self.server = server
        CurlLoops.connectionOpened()
    }

    /// The handle (and its TLS connection) is freed when the last user lets go, often a tunnel's
    /// reader thread just after `close`; the process waits for that before exit (`CurlLoops.closeAll`).
    deinit {
        osm_curl_easy_cleanup(handle)
        CurlLoops.connectionFreed()
    }

    func read(maxLength: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxLength)
        while true {
            var received = 0
            let outcome: CURLcode? = closed.withLock { closed in
                if closed { return nil }
                return buffer.withUnsafeMutableBytes {
                    osm_curl_easy_recv(handle, $0.baseAddress, maxLength, &received)
                }
            }
            guard let code = outcome else { return [] }
            switch code {
            case CURLE_OK:
                return received == 0 ? [] : Array(buffer[0..<received])
            case CURLE_AGAIN:
                wait(for: Int16(POLLIN))
            default:
                if closed.withLock({ $0 }) { return [] }
                throw TransportError(
                    "the connection to \(server) failed while reading: \(String(cString: osm_curl_easy_strerror(code)))",
                    kind: .connectionLost)
            }
        }
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            var sent = 0
            let outcome: CURLcode? = closed.withLock { closed in
                if closed { return nil }
                return bytes[offset...].withUnsafeBytes { osm_curl_easy_send(handle, $0.baseAddress, $0.count, &sent) }
            }
            guard let code = outcome else {
                throw TransportError("the connection to \(server) is closed", kind: .connectionLost)
            }
            switch code {
            case CURLE_OK: offset += sent
            case CURLE_AGAIN: wait(for: Int16(POLLOUT))
            default:
                throw TransportError(
                    "the connection to \(server) failed while writing: \(String(cString: osm_curl_easy_strerror(code)))",
                    kind: .connectionLost)
            }
        }
    }

    private func wait(for events: Int16) {
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        _ = poll(&descriptor, 1, 1000)
    }

    func close() {
        closed.withLock { closed in
            guard !closed else { return }
            closed = true
            shutdown(socket, shutdownBoth)
        }
    }
}
