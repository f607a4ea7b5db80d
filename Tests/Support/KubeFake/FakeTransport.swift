import Foundation
import KubeClient

/// The fake API server as an in-memory `HTTPTransport`: no sockets, same answers.
public struct FakeTransport: HTTPTransport {
    public let server: FakeAPIServer
    /// The identity a client certificate would have given (in memory there is no TLS).
    public var certificateUser: String?

    public init(server: FakeAPIServer, certificateUser: String? = nil) {
        self.server = server
        self.certificateUser = certificateUser
    }

    /// Like `send`, but a watch stays open: events are handed over as they happen until the watch's
    /// timeout, the reader's `false`, or cancellation.
    public func stream(_ request: HTTPRequest, onData: @escaping @Sendable ([UInt8]) -> Bool) async throws -> HTTPResponse {
        let (response, watch) = try await exchange(request)
        guard (200..<300).contains(response.status) else { return response }
        if !response.body.isEmpty, !onData(response.body) { return HTTPResponse(status: response.status, headers: response.headers) }
        while let watch, !watch.expired, !Task.isCancelled {
            let events = watch.next(wait: 0.05)
            if !events.isEmpty, !onData(events) { break }
            await Task.yield()
        }
        return HTTPResponse(status: response.status, headers: response.headers)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await exchange(request).response
    }

    private func exchange(_ request: HTTPRequest) async throws -> (response: HTTPResponse, watch: FakeWatch?) {
        var token: String?
        if let auth = request.header("Authorization"), auth.hasPrefix("Bearer ") { token = String(auth.dropFirst(7)) }
        let fake = FakeRequest(method: request.method, target: request.pathAndQuery, body: request.body ?? [],
                               contentType: request.header("Content-Type"), token: token, certificateUser: certificateUser)
        let response = server.handle(fake)
        if response.delay > 0 {
            if request.timeout > 0 && response.delay > request.timeout {
                try await Task.sleep(nanoseconds: UInt64(request.timeout * 1e9))
                throw TransportError("the server did not answer within \(request.timeout)s", kind: .timeout)
            }
            try await Task.sleep(nanoseconds: UInt64(response.delay * 1e9))
        }
        if response.drop { throw TransportError("the connection to the server was closed before it answered", kind: .connectionLost) }
        var headers = response.headers
        headers.append(("Content-Type", response.contentType))
        return (HTTPResponse(status: response.status, headers: headers, body: response.body), response.watch)
    }

    /// An in-memory connection whose other end the fake serves (WebSocket upgrades to port-forward).
    public func connect(_ request: HTTPRequest) async throws -> any ByteConnection {
        let (client, serverEnd) = PipeConnection.pair()
        let server = self.server, certificateUser = self.certificateUser
        let thread = Thread {
            let reader = ByteReader(serverEnd)
            guard let head = try? reader.read(through: [13, 10, 13, 10]) else { serverEnd.close(); return }
            let (requestLine, headers) = LoopbackTLSServer.parseHead(head.dropLast(4)[...])
            server.serveUpgrade(reader, requestLine: requestLine, headers: headers, certificateUser: certificateUser)
        }
        thread.start()
        return client
    }
}
