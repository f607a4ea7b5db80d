/// The HTTP/1.1 upgrade to SPDY/3.1 that Kubernetes used for exec, attach and port-forward before
/// WebSockets (and still serves): POST with `Connection: Upgrade`, `Upgrade: SPDY/3.1` and the stream
/// protocol offered in `X-Stream-Protocol-Version`; after `101` the connection carries SPDY frames.
enum SPDYUpgrade {
    static func handshake(
        _ connection: any ByteConnection, request: HTTPRequest, streamProtocol: String
    ) throws
        -> RESTClient.UpgradeOutcome<any ByteConnection>
    {
        let headers = [
            ("Connection", "Upgrade"), ("Upgrade", "SPDY/3.1"), ("X-Stream-Protocol-Version", streamProtocol),
            ("Content-Length", "0"),
        ]
        let answer = try RawHTTP.exchange(
            connection, method: "POST", request: request, headers: headers, what: "SPDY upgrade")
        guard answer.status == 101, answer.header("upgrade")?.lowercased() == "spdy/3.1" else {
            // A 101 to something else is no upgrade either.
            return .refused(try answer.refusal(status: answer.status == 101 ? 400 : nil))
        }
        return .upgraded(ReaderConnection(answer.reader))
    }
}

/// A connection whose first bytes were already read into a `ByteReader` (past a handshake): reads
/// drain those before reading on.
// @unchecked Sendable, sound: read by one thread at a time (the tunnel's reader).
public final class ReaderConnection: ByteConnection, @unchecked Sendable {
    let reader: ByteReader
    public init(_ reader: ByteReader) { self.reader = reader }
    public func read(maxLength: Int) throws -> [UInt8] { try reader.readAvailable(maxLength: maxLength) }
    public func write(_ bytes: [UInt8]) throws { try reader.connection.write(bytes) }
    public func close() { reader.connection.close() }
}
