import Foundation
@testable import KubeClient
import KubeFake
import Testing
import ValueKit

#if canImport(Glibc)
import Glibc
#endif

/// The wire pieces of port-forwarding, checked against values other implementations produce.
@Suite(.timeLimit(.minutes(3))) struct PortForwardWireTests {
    @Test func dictionaryIsSPDY3s() {
        // Length and Adler-32 (the DICTID every SPDY/3 peer puts in its zlib header) of the spec's dictionary.
        let bytes = SPDYFramer.headerDictionary
        #expect(bytes.count == 1423)
        #expect(Hashes.adler32(bytes) == 0xE3C6_A7C2)
    }

    @Test func decodesAHeaderBlockAnotherImplementationCompressed() throws {
        // A SYN_STREAM written by node-spdy (its test suite's vector): stream 1, ":method: GET", ":path: /".
        let hex = "800300010000002c0000000100000000000078f9e3c6a7c202e50e507ab442a45a77d7105006b32a4804974d8cfa00000000ffff"
        let bytes = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
        let (client, server) = PipeConnection.pair()
        try client.write(bytes)
        let frame = try SPDYFramer().readFrame(from: ByteReader(server))
        #expect(frame == .synStream(stream: 1, flags: 0, headers: [SPDYHeader(":method", "GET"), SPDYHeader(":path", "/")]))
    }

    @Test func headerBlocksShareOneCompressionContextPerDirection() throws {
        let writer = SPDYFramer(), readerFramer = SPDYFramer()
        let (a, b) = PipeConnection.pair()
        let frames: [SPDYFrame] = [
            .synStream(stream: 1, flags: 0, headers: [SPDYHeader("streamtype", "error"), SPDYHeader("port", "15000"), SPDYHeader("requestid", "0")]),
            .synStream(stream: 3, flags: SPDYFrame.flagFin, headers: [SPDYHeader("streamtype", "data"), SPDYHeader("port", "15000"), SPDYHeader("requestid", "0")]),
            .data(stream: 3, fin: true, payload: Array("hello".utf8)),
            .synReply(stream: 2, fin: false, headers: []),
            .rstStream(stream: 5, status: SPDYFrame.statusCancel),
            .ping(id: 7), .goAway(lastGoodStream: 4, status: 0), .windowUpdate(stream: 0, delta: 65536),
        ]
        for frame in frames { try a.write(writer.encode(frame)) }
        let reader = ByteReader(b)
        for frame in frames { #expect(try readerFramer.readFrame(from: reader) == frame) }
    }

    @Test func webSocketAcceptValueIsRFC6455s() {
        // The worked example of RFC 6455 §1.3.
        #expect(WebSocketConnection.acceptValue(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }
}

/// Port-forwarding end to end: libcurl connect-only → TLS → WebSocket → SPDY → the fake kubelet.
@Suite(.serialized, .timeLimit(.minutes(3))) struct PortForwardTests {
    let cluster: TestCluster
    init() throws {
        cluster = try TestCluster()
        try cluster.fake.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bookstore"]])
        for (name, phase) in [("app", "Running"), ("pending", "Pending")] {
            try cluster.fake.seed(["apiVersion": "v1", "kind": "Pod",
                                   "metadata": ["name": .string(name), "namespace": "bookstore"],
                                   "status": ["phase": .string(phase)]])
        }
        cluster.fake.setPort(namespace: "bookstore", pod: "app", port: 7000, .echo)
        cluster.fake.setPort(namespace: "bookstore", pod: "app", port: 15000, .http { path in
            switch path {
            case "/ready": return (200, Array("LIVE\n".utf8))
            case "/config_dump": return (200, Self.largeDump)
            default: return (404, Array("invalid path: \(path)\n".utf8))
            }
        })
    }

    func certificateClient() throws -> KubernetesClient {
        try cluster.client(try cluster.kubeconfig(user: "    client-certificate-data: \(TestTLS.base64("admin.crt"))\n    client-key-data: \(TestTLS.base64("admin-rsa.key"))"))
    }

    @Test func bytesGoBothWaysOnConcurrentConnections() async throws {
        let tunnel = try await certificateClient().portForward(pod: "app", namespace: "bookstore")
        defer { tunnel.close() }
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<6 {
                group.addTask {
                    let payload = (0..<(40_000 + i * 7_919)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }
                    let connection = try tunnel.dial(port: 7000)
                    defer { connection.close() }
                    try connection.write(payload)
                    connection.closeWrite()
                    var echoed: [UInt8] = []
                    while true {
                        let more = try connection.read(maxLength: 8192)
                        if more.isEmpty { break }
                        echoed += more
                    }
                    return echoed == payload && connection.remoteError(timeout: 2) == nil
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 6))
        #expect(cluster.fake.requestLog.contains { $0.hasPrefix("GET /api/v1/namespaces/bookstore/pods/app/portforward (admin)") })
    }

    @Test func theErrorStreamReportsAPortNobodyListensOn() async throws {
        let tunnel = try await certificateClient().portForward(pod: "app", namespace: "bookstore")
        defer { tunnel.close() }
        let connection = try tunnel.dial(port: 9999)
        #expect(try connection.read(maxLength: 100).isEmpty)
        let message = try #require(connection.remoteError(timeout: 5))
        let uid = try #require(cluster.fake.object(resource: "pods", namespace: "bookstore", name: "app")?["metadata"]?["uid"]?.stringValue)
        #expect(message.contains("error forwarding port 9999 to pod \(uid)"))
        #expect(message.contains("connect: connection refused"))
    }

    @Test func httpThroughTheTunnel() async throws {
        let path = try cluster.kubeconfig(user: "    token: t0ken")
        let tunnel = try await cluster.client(path).portForward(pod: "app", namespace: "bookstore")
        defer { tunnel.close() }
        let ready = try ForwardedHTTP.get(try tunnel.dial(port: 15000), path: "ready", host: "localhost:15000")
        #expect(ready.status == 200)
        #expect(String(decoding: ready.body, as: UTF8.self) == "LIVE\n")
        let missing = try ForwardedHTTP.get(try tunnel.dial(port: 15000), path: "/nope?x=1", host: "localhost:15000")
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self) == "invalid path: /nope?x=1\n")
        #expect(cluster.fake.requestLog.contains { $0.hasSuffix("pods/app/portforward (token-user)") })
    }

    /// About 6 MB, as a big mesh's Envoy config_dump can be.
    static let largeDump: [UInt8] = (0..<6_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) }

    @Test func aLargeAnswerArrivesWhole() async throws {
        let tunnel = try await certificateClient().portForward(pod: "app", namespace: "bookstore")
        defer { tunnel.close() }
        let dump = try await tunnel.httpGet(port: 15000, path: "/config_dump")
        #expect(dump.status == 200)
        #expect(dump.body.count == Self.largeDump.count)
        #expect(dump.body == Self.largeDump)
    }

    @Test func serversBefore131AreReachedThroughTheSPDYUpgrade() async throws {
        cluster.fake.refusesWebSocketPortForward = true
        let tunnel = try await certificateClient().portForward(pod: "app", namespace: "bookstore")
        defer { tunnel.close() }
        let ready = try await tunnel.httpGet(port: 15000, path: "/ready")
        #expect(String(decoding: ready.body, as: UTF8.self) == "LIVE\n")
        let refusedConnection = try tunnel.dial(port: 9999)
        #expect(try refusedConnection.read(maxLength: 10).isEmpty)
        #expect(refusedConnection.remoteError(timeout: 5)?.contains("connect: connection refused") == true)
        // kubectl's order: the WebSocket first, then the SPDY upgrade.
        let upgrades = cluster.fake.requestLog.filter { $0.contains("/pods/app/portforward") }
        #expect(upgrades.count == 2)
        #expect(upgrades.first?.hasPrefix("GET ") == true && upgrades.last?.hasPrefix("POST ") == true)
    }

    @Test func aServerRefusingBothUpgradesIsNamedWithTheVersionNeeded() async throws {
        cluster.fake.refusesWebSocketPortForward = true
        cluster.fake.refusesSPDYPortForward = true
        await #expect {
            _ = try await certificateClient().portForward(pod: "app", namespace: "bookstore")
        } throws: { error in
            let text = "\(error)"
            return error is PortForwardError && text.contains("both to a WebSocket (HTTP 400: Upgrade request required)")
                && text.contains("and to SPDY/3.1 (HTTP 400: unable to upgrade") && text.contains("Kubernetes 1.31 or later")
        }
    }

    @Test func apiErrorsStayTheAPIsOwn() async throws {
        let client = try certificateClient()
        await #expect { _ = try await client.portForward(pod: "nope", namespace: "bookstore") } throws: { error in
            (error as? KubeAPIError).map { $0.reason == .notFound && $0.message == "pods \"nope\" not found" } == true
        }
        // The message a real API server gave for a pod without a node (../shared/fixtures/apiserver/62).
        await #expect { _ = try await client.portForward(pod: "pending", namespace: "bookstore") } throws: { error in
            (error as? KubeAPIError).map { $0.reason == .badRequest && $0.message == "pod pending does not have a host assigned" } == true
        }
        let bad = try cluster.client(try cluster.kubeconfig(user: "    token: wrong", name: "bad"))
        await #expect { _ = try await bad.portForward(pod: "app", namespace: "bookstore") } throws: { error in
            (error as? KubeAPIError)?.reason == .unauthorized
        }
    }

    /// After `stop`, nothing keeps the tunnel's session (and so its curl connection and TLS state)
    /// alive: the process's exit waits for exactly that (`CurlLoops.closeAll`), so a cycle would
    /// delay every exit and a late free would race exit()'s OpenSSL clean-up.
    @Test func aStoppedForwarderFreesItsConnection() async throws {
        weak var session: SPDYSession?
        do {
            let tunnel = try await certificateClient().portForward(pod: "app", namespace: "bookstore")
            session = tunnel.session
            let forwarder = LocalPortForwarder(tunnel: tunnel, localPort: 0, remotePort: 7000) { _ in }
            try forwarder.start()
            #expect(try Self.roundTrip(port: forwarder.boundPort, Array("x".utf8)) == Array("x".utf8))
            forwarder.stop()
        }
        for _ in 0..<150 where session != nil { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(session == nil)
    }

    @Test func aLocalListenerForwardsSocketConnections() async throws {
        let tunnel = try await certificateClient().portForward(pod: "app", namespace: "bookstore")
        let errors = Collected()
        let forwarder = LocalPortForwarder(tunnel: tunnel, localPort: 0, remotePort: 7000) { errors.add($0) }
        try forwarder.start()
        defer { forwarder.stop() }
        let port = forwarder.boundPort
        #expect(port != 0)
        for _ in 0..<3 {
            #expect(try Self.roundTrip(port: port, Array("ping through the tunnel".utf8)) == Array("ping through the tunnel".utf8))
        }
        // A second listener on the same port fails as kubectl's does: the port is taken.
        let busy = LocalPortForwarder(tunnel: tunnel, localPort: port, remotePort: 7000) { _ in }
        #expect { try busy.start() } throws: { "\($0)".contains("unable to listen on port \(port)") && "\($0)".contains("address already in use") }
        #expect(errors.items.isEmpty)
    }

    @Test func aLocalListenerReportsTheErrorStream() async throws {
        let tunnel = try await certificateClient().portForward(pod: "app", namespace: "bookstore")
        let errors = Collected()
        let forwarder = LocalPortForwarder(tunnel: tunnel, localPort: 0, remotePort: 9999) { errors.add($0) }
        try forwarder.start()
        defer { forwarder.stop() }
        let port = forwarder.boundPort
        #expect(try Self.roundTrip(port: port, Array("x".utf8)).isEmpty)
        for _ in 0..<50 where errors.items.isEmpty { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(errors.items.first?.hasPrefix("an error occurred forwarding \(port) -> 9999: error forwarding port 9999 to pod") == true)
    }

    @Test func requestsAndTunnelsGoThroughTheKubeconfigsProxyURL() async throws {
        let proxy = try ConnectProxy()
        defer { proxy.stop() }
        let cluster = "    server: \(self.cluster.tls.url)\n    certificate-authority-data: \(TestTLS.base64("ca.crt"))\n    proxy-url: \(proxy.url)"
        let client = try self.cluster.client(try self.cluster.kubeconfig(user: "    token: t0ken", cluster: cluster, name: "proxied"))
        _ = try await client.get(.namespaces, name: "bookstore")
        let tunnel = try await client.portForward(pod: "app", namespace: "bookstore")
        defer { tunnel.close() }
        let ready = try await tunnel.httpGet(port: 15000, path: "/ready")
        #expect(String(decoding: ready.body, as: UTF8.self) == "LIVE\n")
        // Both the API request's connection and the tunnel's went through the proxy.
        let target = "127.0.0.1:\(self.cluster.tls.port)"
        #expect(proxy.targets.count >= 2)
        #expect(proxy.targets.allSatisfy { $0 == target })
    }

    @Test func inMemoryTransportForwardsToo() async throws {
        let client = KubernetesClient(rest: RESTClient(config: ClientConfig(server: "https://fake"), transport: FakeTransport(server: cluster.fake, certificateUser: "admin")))
        let tunnel = try await client.portForward(pod: "app", namespace: "bookstore")
        defer { tunnel.close() }
        let ready = try ForwardedHTTP.get(try tunnel.dial(port: 15000), path: "/ready", host: "localhost:15000")
        #expect(String(decoding: ready.body, as: UTF8.self) == "LIVE\n")
    }

    // MARK: Helpers

    /// Connects to 127.0.0.1:port, sends `bytes`, half-closes, and returns everything read back.
    static func roundTrip(port: UInt16, _ bytes: [UInt8]) throws -> [UInt8] {
        guard let fd = LoopbackTLSServer.connectToLoopback(port: port) else { throw PortForwardError("connect failed") }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        shutdown(fd, Int32(SHUT_WR))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }
}

/// Protocol corners a real API server or kubelet may produce and the fake does not.
@Suite(.timeLimit(.minutes(3))) struct TunnelProtocolTests {
    /// A frame as a server writes it (unmasked).
    func frame(_ opcode: UInt8, fin: Bool, _ payload: [UInt8]) -> [UInt8] {
        precondition(payload.count < 126)
        return [(fin ? 0x80 : 0) | opcode, UInt8(payload.count)] + payload
    }

    @Test func fragmentedMessagesInterleavedWithPingsReadAsOneStream() throws {
        let (client, server) = PipeConnection.pair()
        let websocket = WebSocketConnection(reader: ByteReader(client), role: .client, subprotocol: PortForwardTunnel.subprotocol)
        try server.write(frame(2, fin: false, Array("hello ".utf8)) + frame(9, fin: true, Array("p1".utf8))
                         + frame(0, fin: true, Array("world".utf8)) + frame(8, fin: true, [0x03, 0xE8]))
        var text: [UInt8] = []
        while true {
            let more = try websocket.read(maxLength: 3)
            if more.isEmpty { break }
            text += more
        }
        #expect(String(decoding: text, as: UTF8.self) == "hello world")
        // The client answered the ping with a masked pong carrying the same bytes, then echoed the close.
        let reader = ByteReader(server)
        let pong = try #require(try reader.read(exactly: 8))
        #expect(pong[0] == 0x8A && pong[1] == 0x80 | 2)
        let mask = Array(pong[2..<6])
        #expect([pong[6] ^ mask[0], pong[7] ^ mask[1]] == Array("p1".utf8))
        let close = try #require(try reader.read(exactly: 2))
        #expect(close[0] == 0x88)
    }

    @Test func aTextMessageIsAProtocolError() throws {
        let (client, server) = PipeConnection.pair()
        let websocket = WebSocketConnection(reader: ByteReader(client), role: .client, subprotocol: nil)
        try server.write(frame(1, fin: true, Array("{}".utf8)))
        #expect(throws: TransportError.self) { _ = try websocket.read(maxLength: 10) }
    }

    @Test func settingsWindowUpdatesAndServerPingsAreHandled() throws {
        let (client, server) = PipeConnection.pair()
        let session = SPDYSession(connection: client, isClient: true)
        session.start()
        defer { session.close() }
        let framer = SPDYFramer()
        let stream = try session.openStream(headers: [SPDYHeader("streamtype", "data"), SPDYHeader("port", "80"), SPDYHeader("requestid", "0")])
        // The server: SETTINGS and WINDOW_UPDATE (ignored), a PING of its own (echoed), the reply, data with FIN.
        for frame: SPDYFrame in [.settings(entries: 0), .windowUpdate(stream: 0, delta: 65536), .ping(id: 2),
                                 .synReply(stream: stream.id, fin: false, headers: []), .data(stream: stream.id, fin: true, payload: Array("ok".utf8))] {
            try server.write(framer.encode(frame))
        }
        try stream.waitForReply(timeout: 5)
        #expect(try stream.readAll() == Array("ok".utf8))
        let serverReader = ByteReader(server), serverFramer = SPDYFramer()
        #expect(try serverFramer.readFrame(from: serverReader) == .synStream(stream: 1, flags: 0, headers: stream.headers))
        #expect(try serverFramer.readFrame(from: serverReader) == .ping(id: 2))
    }

    @Test func aStreamTheServerResetsFailsItsReader() throws {
        let (client, server) = PipeConnection.pair()
        let session = SPDYSession(connection: client, isClient: true)
        session.start()
        defer { session.close() }
        let stream = try session.openStream(headers: [SPDYHeader("streamtype", "error")])
        try server.write(SPDYFramer().encode(.rstStream(stream: stream.id, status: SPDYFrame.statusRefusedStream)))
        #expect(throws: SPDYError.self) { try stream.waitForReply(timeout: 5) }
    }
}

/// Which redirects the tunnel's HTTP client follows (issue 18): those that stay on the forwarded port.
@Suite(.timeLimit(.minutes(3))) struct TunnelRedirectTests {
    @Test(arguments: [
        ("/healthz", "/healthz"), ("/health/alive?x=1", "/health/alive?x=1"),
        ("http://localhost:9091/healthz", "/healthz"), ("http://127.0.0.1:9091", "/"),
        ("//elsewhere.example/healthz", nil), ("http://localhost:9092/healthz", nil), ("https://example.com/", nil), ("healthz", nil),
    ] as [(String, String?)])
    func sameOriginOnly(_ location: String, _ expected: String?) {
        #expect(PortForwardTunnel.redirectTarget(location, port: 9091) == expected)
    }
}
