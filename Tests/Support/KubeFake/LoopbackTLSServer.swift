import CTLSServer
import Foundation
import KubeClient
import ValueKit

#if canImport(Glibc)
import Glibc
#endif

/// The fake API server on a loopback port over TLS (HTTP/1.1 with keep-alive), so the curl transport,
/// certificate checks, client-certificate and token authentication run for real.
public final class LoopbackTLSServer: @unchecked Sendable {
    public let port: UInt16
    public let server: FakeAPIServer
    private let listener: Int32
    private let context: OpaquePointer
    private let lock = NSLock()
    private var stopped = false
    private var openSockets = Set<Int32>()
    private var accepted = 0

    /// TCP connections accepted so far.
    public var connectionsAccepted: Int { lock.withLock { accepted } }

    public var url: String { "https://127.0.0.1:\(port)" }

    /// `clientCA` enables client-certificate authentication against that CA.
    public init(server: FakeAPIServer, certificatePEM: String, keyPEM: String, clientCAPEM: String?) throws {
        self.server = server
        // A client that hangs up mid-answer must not kill the process hosting the fake.
        signal(SIGPIPE, SIG_IGN)
        guard let context = osm_tls_context_new(certificatePEM, keyPEM, clientCAPEM) else {
            throw TransportError("cannot load the fake server's certificate")
        }
        self.context = context
        (listener, port) = try Self.listenOnLoopback(backlog: 64)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// A listening TCP socket on 127.0.0.1 with a port the system picks.
    public static func listenOnLoopback(backlog: Int32) throws -> (socket: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, backlog) == 0 else {
            close(fd)
            throw TransportError("cannot listen on loopback")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// A loopback port nothing listens on right now (bound, read and released).
    public static func freeLoopbackPort() throws -> UInt16 {
        let (fd, port) = try listenOnLoopback(backlog: 1)
        close(fd)
        return port
    }

    /// A TCP connection to 127.0.0.1:port, or nil when nothing accepts there.
    public static func connectToLoopback(port: UInt16) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected == 0 { return fd }
        close(fd)
        return nil
    }

    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        let sockets = openSockets
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for s in sockets { shutdown(s, Int32(SHUT_RDWR)) }
    }

    /// Accepts connections on `listener` until `stopped()` says so after a failed accept (the listener
    /// was closed), handing each to `handle`.
    static func acceptConnections(on listener: Int32, stopped: () -> Bool, handle: (Int32) -> Void) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if stopped() { return }
                continue
            }
            handle(client)
        }
    }

    private func acceptLoop() {
        Self.acceptConnections(on: listener, stopped: { lock.withLock { stopped } }) { client in
            // Go's servers (kube-apiserver) disable Nagle; without this, small TLS records after the
            // handshake wait for a delayed ACK (~40 ms) on every new connection.
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            lock.withLock {
                _ = openSockets.insert(client)
                accepted += 1
            }
            let thread = Thread { [self] in
                serve(client)
                lock.withLock { _ = openSockets.remove(client) }
                close(client)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        guard let connection = osm_tls_accept(context, fd) else { return }
        var aborted = false
        var handedOver = false
        defer { if !aborted && !handedOver { osm_tls_close(connection) } }
        var nameBuffer = [CChar](repeating: 0, count: 256)
        let certificateUser = osm_tls_peer_common_name(connection, &nameBuffer, nameBuffer.count) > 0
            ? String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        var buffered: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        func fill() -> Bool {
            let n = osm_tls_read(connection, &chunk, chunk.count)
            if n <= 0 { return false }
            buffered.append(contentsOf: chunk[0..<n])
            return true
        }
        while true {
            // Headers.
            var headerEnd: Int?
            while headerEnd == nil {
                if let i = buffered.index(ofBytes: [13, 10, 13, 10]) { headerEnd = i; break }
                if !fill() { return }
            }
            let (requestLine, headers) = Self.parseHead(buffered[..<headerEnd!])
            buffered.removeSubrange(..<(headerEnd! + 4))
            guard requestLine.count >= 2 else { return }
            if headers["upgrade"] != nil {
                // The rest of this connection is no longer HTTP: hand it to the port-forward side.
                handedOver = true
                let raw = TLSServerConnection(connection, socket: fd)
                server.serveUpgrade(ByteReader(raw, alreadyRead: buffered), requestLine: requestLine, headers: headers,
                                    certificateUser: certificateUser)
                raw.release()
                return
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffered.count < length { if !fill() { return } }
            let body = Array(buffered[..<length])
            buffered.removeSubrange(..<length)
            var token: String?
            if let auth = headers["authorization"], auth.hasPrefix("Bearer ") { token = String(auth.dropFirst(7)) }
            let request = FakeRequest(method: String(requestLine[0]), target: String(requestLine[1]), body: body,
                                      contentType: headers["content-type"], token: token, certificateUser: certificateUser)
            let response = server.handle(request)
            if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
            if response.drop {
                // Reset the TCP connection mid-exchange, as a crashed proxy or server would.
                shutdown(fd, Int32(SHUT_RDWR))
                osm_tls_abort(connection)
                aborted = true
                return
            }
            if let watch = response.watch {
                // A watch stays open: chunked, events written as they happen, until its timeout or the
                // client hangs up; then the connection closes.
                var head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                head += Self.chunk(response.body)
                guard Self.write(connection, Array(head.utf8)) else { return }
                while !watch.expired {
                    let events = watch.next(wait: 0.2)
                    if !events.isEmpty {
                        guard Self.write(connection, Array(Self.chunk(events).utf8)) else { return }
                    } else if Self.peerHungUp(fd) {
                        return
                    }
                }
                _ = Self.write(connection, Array("0\r\n\r\n".utf8))
                return
            }
            var text = "HTTP/1.1 \(response.status) \(Self.reasonPhrase(response.status))\r\n"
            text += "Content-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\n"
            for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
            text += "\r\n"
            guard Self.write(connection, Array(text.utf8) + response.body) else { return }
            if headers["connection"]?.lowercased() == "close" { return }
        }
    }

    /// One HTTP/1.1 chunk (empty data gives nothing: an empty chunk would end the body).
    static func chunk(_ data: [UInt8]) -> String {
        data.isEmpty ? "" : String(data.count, radix: 16) + "\r\n" + String(decoding: data, as: UTF8.self) + "\r\n"
    }

    static func write(_ connection: OpaquePointer, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { osm_tls_write(connection, $0.baseAddress, $0.count) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Whether the client closed its side (it sends nothing while a response streams).
    static func peerHungUp(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// An accepted TLS connection as a `ByteConnection`: one lock keeps OpenSSL calls from overlapping;
    /// reads wait in poll() without it, so writes from other threads go on meanwhile.
    final class TLSServerConnection: ByteConnection, @unchecked Sendable {
        private let lock = NSLock()
        private var connection: OpaquePointer?
        private let socket: Int32

        init(_ connection: OpaquePointer, socket: Int32) {
            self.connection = connection
            self.socket = socket
        }

        func read(maxLength: Int) throws -> [UInt8] {
            var buffer = [UInt8](repeating: 0, count: maxLength)
            while true {
                lock.lock()
                guard let connection else { lock.unlock(); return [] }
                if osm_tls_pending(connection) > 0 {
                    let n = osm_tls_read(connection, &buffer, maxLength)
                    lock.unlock()
                    return n > 0 ? Array(buffer[0..<n]) : []
                }
                lock.unlock()
                var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 200) > 0 else { continue }
                lock.lock()
                guard let current = self.connection else { lock.unlock(); return [] }
                let n = osm_tls_read(current, &buffer, maxLength)
                lock.unlock()
                return n > 0 ? Array(buffer[0..<n]) : []
            }
        }

        func write(_ bytes: [UInt8]) throws {
            lock.lock()
            defer { lock.unlock() }
            guard let connection else { throw TransportError("connection closed", kind: .connectionLost) }
            guard LoopbackTLSServer.write(connection, bytes) else { throw TransportError("connection lost", kind: .connectionLost) }
        }

        func close() { shutdown(socket, Int32(SHUT_RDWR)) }

        /// Frees the TLS state once; later calls see a closed connection.
        func release() {
            lock.withLock {
                if let connection { osm_tls_abort(connection) }
                connection = nil
            }
        }
    }

    /// The request line's words and the headers (names lower-cased), split on bytes.
    static func parseHead(_ head: ArraySlice<UInt8>) -> ([String], [String: String]) {
        var lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 13 ? line.dropLast() : line
        }
        let requestLine = lines.removeFirst().split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: 58) else { continue }
            var value = line[(colon + 1)...]
            while value.first == 32 || value.first == 9 { value = value.dropFirst() }
            while value.last == 32 || value.last == 9 { value = value.dropLast() }
            headers[String(decoding: line[..<colon], as: UTF8.self).lowercased()] = String(decoding: value, as: UTF8.self)
        }
        return (requestLine, headers)
    }

    static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
