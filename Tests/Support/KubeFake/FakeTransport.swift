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

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
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
        return HTTPResponse(status: response.status, headers: headers, body: response.body)
    }
}
