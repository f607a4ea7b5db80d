/// The HTTP/1.1 upgrade to SPDY/3.1 that Kubernetes used for exec, attach and port-forward before
/// WebSockets (and still serves): POST with `Connection: Upgrade`, `Upgrade: SPDY/3.1` and the stream
/// protocol offered in `X-Stream-Protocol-Version`; after `101` the connection carries SPDY frames.
enum SPDYUpgrade {
    static func handshake(_ connection: any ByteConnection, request: HTTPRequest, streamProtocol: String) throws
        -> RESTClient.UpgradeOutcome<any ByteConnection> {
        var host = ""
        if let r = request.url.range(of: "://") { host = String(request.url[r.upperBound...].prefix { $0 != "/" }) }
        var head = "POST \(request.pathAndQuery) HTTP/1.1\r\nHost: \(host)\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
        head += "X-Stream-Protocol-Version: \(streamProtocol)\r\nContent-Length: 0\r\n"
        for (name, value) in request.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try connection.write(Array(head.utf8))
        let reader = ByteReader(connection)
        guard let responseHead = try reader.read(through: [13, 10, 13, 10], limit: 65536) else {
            throw TransportError("the server closed the connection during the SPDY upgrade", kind: .connectionLost)
        }
        let (status, headers) = WebSocketConnection.parseResponseHead(responseHead)
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        guard status == 101, header("upgrade")?.lowercased() == "spdy/3.1" else {
            let length = header("content-length").flatMap { Int($0) } ?? 0
            let body = length > 0 ? (try reader.read(exactly: min(length, 1 << 20)) ?? []) : []
            connection.close()
            return .refused(HTTPResponse(status: status == 101 ? 400 : status, headers: headers, body: body))
        }
        return .upgraded(ReaderConnection(reader))
    }
}

/// A connection whose first bytes were already read into a `ByteReader` (past a handshake): reads
/// drain those before reading on.
public final class ReaderConnection: ByteConnection, @unchecked Sendable {
    let reader: ByteReader
    public init(_ reader: ByteReader) { self.reader = reader }
    public func read(maxLength: Int) throws -> [UInt8] { try reader.readAvailable(maxLength: maxLength) }
    public func write(_ bytes: [UInt8]) throws { try reader.connection.write(bytes) }
    public func close() { reader.connection.close() }
}
