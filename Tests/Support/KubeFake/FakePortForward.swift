import Foundation
import KubeClient
import ValueKit

/// What a pod's port does when a port-forward connection reaches it.
public enum FakePortBehaviour: Sendable {
    /// Sends back every byte it receives, until the client finishes.
    case echo
    /// An HTTP/1.1 server answering each GET path with a status and body.
    case http(@Sendable (_ path: String) -> (status: Int, body: [UInt8]))
    /// Nothing listens: the kubelet reports the failure on the error stream.
    case refused
    /// An HTTP server built on Go's `http.ServeMux`, as OSM's components are: a path that is not clean
    /// (`//healthz`, `/a/../b`) gets `301 Moved Permanently` to the cleaned path; clean paths go to `answer`.
    case goServeMux(@Sendable (_ path: String) -> (status: Int, body: [UInt8]))

    /// Go's path.Clean as ServeMux applies it (a trailing slash is kept).
    static func cleanPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        var clean = "/" + parts.joined(separator: "/")
        if path.hasSuffix("/") && clean != "/" { clean += "/" }
        return clean
    }
}

extension FakeAPIServer {
    /// How `port` behaves in every pod not given its own behaviour with `setPort`.
    public func setPortInEveryPod(_ port: UInt16, _ behaviour: FakePortBehaviour) {
        lock.withLock { defaultPorts[port] = behaviour }
    }

    /// How `port` of a pod behaves behind port-forwarding (unset ports refuse connections).
    public func setPort(namespace: String, pod: String, port: UInt16, _ behaviour: FakePortBehaviour) {
        lock.withLock { ports["\(namespace)/\(pod):\(port)"] = behaviour }
    }

    func portBehaviour(namespace: String, pod: String, port: UInt16) -> FakePortBehaviour {
        lock.withLock { ports["\(namespace)/\(pod):\(port)"] ?? defaultPorts[port] ?? .refused }
    }

    /// Serves one raw connection whose request head was read: a WebSocket upgrade to a pod's
    /// `portforward` subresource is admitted like any request (authentication, authorization, faults,
    /// the pod's state), then answered 101 and served as the kubelet would; anything else gets its
    /// ordinary answer and the connection closes.
    public func serveUpgrade(_ reader: ByteReader, requestLine: [String], headers: [String: String], certificateUser: String?) {
        let connection = reader.connection
        defer { connection.close() }
        var token: String?
        if let auth = headers["authorization"], auth.hasPrefix("Bearer ") { token = String(auth.dropFirst(7)) }
        var request = FakeRequest(method: requestLine[0], target: requestLine.count > 1 ? requestLine[1] : "/", token: token,
                                  certificateUser: certificateUser)
        request.upgrade = headers["upgrade"]
        let offered = (headers["sec-websocket-protocol"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var response = handle(request)
        let websocket = request.upgrade?.lowercased() == "websocket"
        if response.status == 101 && websocket && !offered.contains(PortForwardTunnel.subprotocol) {
            response = FakeResponse(status: 400, contentType: "text/plain; charset=utf-8",
                                    body: Array("unable to upgrade: no supported sub-protocol was requested".utf8))
        }
        let parts = request.path.split(separator: "/").map(String.init)  // api v1 namespaces NS pods POD portforward
        if response.status == 101, !websocket {
            // SPDY/3.1 straight on the connection, as servers before 1.31 (and still today) offer it.
            let answer = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: \(PortForwardTunnel.streamProtocol)\r\n\r\n"
            guard (try? connection.write(Array(answer.utf8))) != nil else { return }
            FakeKubelet(server: self, namespace: parts[3], pod: parts[5]).serve(ReaderConnection(reader))
            return
        }
        guard response.status == 101, let key = headers["sec-websocket-key"] else {
            var text = "HTTP/1.1 \(response.status) \(LoopbackTLSServer.reasonPhrase(response.status))\r\n"
            text += "Content-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
            try? connection.write(Array(text.utf8) + response.body)
            return
        }
        let answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(WebSocketConnection.acceptValue(for: key))\r\n"
            + "Sec-WebSocket-Protocol: \(PortForwardTunnel.subprotocol)\r\n\r\n"
        guard (try? connection.write(Array(answer.utf8))) != nil else { return }
        let kubelet = FakeKubelet(server: self, namespace: parts[3], pod: parts[5])
        kubelet.serve(WebSocketConnection(reader: reader, role: .server, subprotocol: PortForwardTunnel.subprotocol))
    }
}

/// The kubelet's side of a port-forward session: pairs each request's error and data streams, then
/// connects the data stream to the pod port's behaviour.
final class FakeKubelet: @unchecked Sendable {
    let server: FakeAPIServer
    let namespace: String
    let pod: String
    private let lock = NSLock()
    private var halves: [String: (error: SPDYStream?, data: SPDYStream?)] = [:]

    init(server: FakeAPIServer, namespace: String, pod: String) {
        self.server = server
        self.namespace = namespace
        self.pod = pod
    }

    /// Blocks until the client ends the session (on a WebSocket, or SPDY straight on the connection).
    func serve(_ connection: any ByteConnection) {
        let ended = DispatchSemaphore(value: 0)
        let session = SPDYSession(connection: CloseSignalling(connection, onClose: { ended.signal() }), isClient: false) { [self] stream in
            accept(stream)
        }
        session.start()
        ended.wait()
    }

    private func accept(_ stream: SPDYStream) {
        try? stream.sendReply()
        guard let requestID = stream.header("requestid"), let type = stream.header("streamtype"),
              let port = stream.header("port").flatMap({ UInt16($0) }) else {
            stream.close()
            return
        }
        let pair: (error: SPDYStream, data: SPDYStream)? = lock.withLock {
            var entry = halves[requestID] ?? (nil, nil)
            if type == "error" { entry.error = stream } else { entry.data = stream }
            if let error = entry.error, let data = entry.data {
                halves[requestID] = nil
                return (error, data)
            }
            halves[requestID] = entry
            return nil
        }
        guard let pair else { return }
        let thread = Thread { [self] in forward(port: port, error: pair.error, data: pair.data) }
        thread.start()
    }

    private func forward(port: UInt16, error: SPDYStream, data: SPDYStream) {
        let behaviour = server.portBehaviour(namespace: namespace, pod: pod, port: port)
        switch behaviour {
        case .refused:
            let uid = server.object(resource: "pods", namespace: namespace, name: pod)?["metadata"]?["uid"]?.stringValue ?? ""
            let message = "error forwarding port \(port) to pod \(uid), uid : failed to execute portforward in network namespace "
                + "\"/var/run/netns/cni-\(uid)\": failed to connect to localhost:\(port) inside namespace \"\(uid)\", "
                + "IPv4: dial tcp4 127.0.0.1:\(port): connect: connection refused IPv6 dial tcp6 [::1]:\(port): connect: connection refused "
            try? error.write(Array(message.utf8))
            data.closeWrite()
        case .echo:
            while let bytes = try? data.read(maxLength: 65536), !bytes.isEmpty {
                if (try? data.write(bytes)) == nil { break }
            }
            data.closeWrite()
        case .http(let answer), .goServeMux(let answer):
            let reader = ByteReader(data)
            if let head = try? reader.read(through: [13, 10, 13, 10]) {
                let words = String(decoding: head, as: UTF8.self).split(separator: " ", maxSplits: 2)
                let path = words.count > 1 ? String(words[1]) : "/"
                var status: Int, body: [UInt8], extra = ""
                if case .goServeMux = behaviour, FakePortBehaviour.cleanPath(path) != path {
                    let clean = FakePortBehaviour.cleanPath(path)
                    (status, body, extra) = (301, Array("<a href=\"\(clean)\">Moved Permanently</a>.\n\n".utf8), "Location: \(clean)\r\n")
                } else {
                    (status, body) = answer(path)
                }
                let text = "HTTP/1.1 \(status) \(LoopbackTLSServer.reasonPhrase(status))\r\n\(extra)Content-Type: text/plain; charset=UTF-8\r\n"
                    + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
                try? data.write(Array(text.utf8) + body)
            }
            data.closeWrite()
        }
        error.closeWrite()
    }
}

/// Passes everything through and reports when the connection is closed (by either side).
final class CloseSignalling: ByteConnection, @unchecked Sendable {
    let inner: any ByteConnection
    let onClose: @Sendable () -> Void
    private let lock = NSLock()
    private var signalled = false

    init(_ inner: any ByteConnection, onClose: @escaping @Sendable () -> Void) {
        self.inner = inner
        self.onClose = onClose
    }

    func read(maxLength: Int) throws -> [UInt8] {
        let bytes = try inner.read(maxLength: maxLength)
        if bytes.isEmpty { signal() }
        return bytes
    }

    func write(_ bytes: [UInt8]) throws { try inner.write(bytes) }

    func close() {
        inner.close()
        signal()
    }

    private func signal() {
        let first = lock.withLock { () -> Bool in
            defer { signalled = true }
            return !signalled
        }
        if first { onClose() }
    }
}

/// Two connected in-memory ends: what one writes, the other reads.
public final class PipeConnection: ByteConnection, @unchecked Sendable {
    private final class Buffer: @unchecked Sendable {
        let condition = NSCondition()
        var bytes: [UInt8] = []
        var closed = false
    }

    private let incoming: Buffer
    private let outgoing: Buffer

    private init(incoming: Buffer, outgoing: Buffer) {
        self.incoming = incoming
        self.outgoing = outgoing
    }

    public static func pair() -> (PipeConnection, PipeConnection) {
        let a = Buffer(), b = Buffer()
        return (PipeConnection(incoming: a, outgoing: b), PipeConnection(incoming: b, outgoing: a))
    }

    public func read(maxLength: Int) throws -> [UInt8] {
        incoming.condition.lock()
        defer { incoming.condition.unlock() }
        while incoming.bytes.isEmpty && !incoming.closed { incoming.condition.wait() }
        let count = min(maxLength, incoming.bytes.count)
        let out = Array(incoming.bytes[0..<count])
        incoming.bytes.removeFirst(count)
        return out
    }

    public func write(_ bytes: [UInt8]) throws {
        outgoing.condition.lock()
        defer { outgoing.condition.unlock() }
        if outgoing.closed { throw TransportError("the in-memory connection is closed", kind: .connectionLost) }
        outgoing.bytes += bytes
        outgoing.condition.broadcast()
    }

    public func close() {
        for buffer in [incoming, outgoing] {
            buffer.condition.lock()
            buffer.closed = true
            buffer.condition.broadcast()
            buffer.condition.unlock()
        }
    }
}
