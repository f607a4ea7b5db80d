/// One HTTP exchange, as the Kubernetes client's policy layers see it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// A client certificate and key for this request only (exec plugins can return them).
    public var clientCertificate: (certificate: [UInt8], key: [UInt8])?
    /// Seconds before this request is abandoned; 0 uses the transport's default.
    public var timeout: Double = 0

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The path and query of the URL, e.g. `/api/v1/namespaces?limit=2`.
    public var pathAndQuery: String {
        var rest = Substring(url)
        if let r = rest.range(of: "://") { rest = rest[r.upperBound...] }
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...])
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// The one small protocol every cluster request goes through; fakes implement it in memory.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
    /// Delivers the body in pieces as they arrive (watches, followed logs); `onData` returns false to stop.
    /// The returned response has the status and headers, and an empty body on success.
    func stream(_ request: HTTPRequest, onData: @escaping @Sendable ([UInt8]) -> Bool) async throws -> HTTPResponse
    /// A raw connection (TCP and TLS set up, nothing sent) to the request's server, for protocols that
    /// leave HTTP behind (WebSocket upgrades); the caller writes the request itself.
    func connect(_ request: HTTPRequest) async throws -> any ByteConnection
}

extension HTTPTransport {
    public func stream(
        _ request: HTTPRequest, onData: @escaping @Sendable ([UInt8]) -> Bool
    ) async throws -> HTTPResponse {
        var response = try await send(request)
        if (200..<300).contains(response.status) {
            _ = onData(response.body)
            response.body = []
        }
        return response
    }

    public func connect(_ request: HTTPRequest) async throws -> any ByteConnection {
        throw TransportError("this transport cannot open raw connections")
    }
}

/// A request that never got an HTTP answer.
public struct TransportError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case connectionRefused, dnsFailure, timeout, tlsVerification, tlsHandshake, clientCertificate
        /// The connection closed or reset before a whole answer arrived; safe to retry idempotent requests.
        case connectionLost
        case cancelled
        case other
    }

    public let kind: Kind
    public let description: String

    public init(_ description: String, kind: Kind = .other) {
        self.description = description
        self.kind = kind
    }
}
