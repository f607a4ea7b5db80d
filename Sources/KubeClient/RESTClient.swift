import Foundation
import ValueKit

/// Sends requests to one API server: adds credentials, retries what is safe to retry, turns failed
/// answers into `KubeAPIError`, and logs each exchange (method, URL, status, time; never credentials or
/// bodies) when a logger is set.
public final class RESTClient: @unchecked Sendable {
    public struct RetryPolicy: Sendable {
        public var maxRetries = 4
        public var initialBackoff = 0.25
        public var maxBackoff = 4.0
        /// The longest `Retry-After` honoured; a larger one is cut to this.
        public var maxRetryAfter = 30.0
        public init() {}
    }

    public let config: ClientConfig
    let transport: any HTTPTransport
    let exec: ExecCredentialPlugin?
    public var retry = RetryPolicy()
    /// Seconds a single request (not a stream) may take when its caller sets no timeout; 0: no limit
    /// (kubectl's `--request-timeout`).
    public var requestTimeout: Double = 0
    /// Receives one line per exchange (`--verbose`).
    public var log: (@Sendable (String) -> Void)?
    /// Waits between retries; tests replace it to record the delays instead of sleeping.
    public var sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }

    public init(config: ClientConfig, transport: (any HTTPTransport)? = nil, variables: [String: String] = [:]) {
        self.config = config
        self.transport = transport ?? CurlTransport(tls: config.tls, proxyURL: config.proxyURL,
                                                    timeoutSeconds: config.requestTimeout, connectTimeoutSeconds: config.connectTimeout)
        if case .exec(let execConfig, let userName) = config.credentials {
            exec = ExecCredentialPlugin(config: execConfig, userName: userName, cluster: config, variables: variables)
        } else {
            exec = nil
        }
    }

    static let idempotent: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]

    /// One API call. Non-2xx answers throw `KubeAPIError`; failures to get an answer throw `TransportError`.
    public func send(_ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
                     contentType: String? = nil, accept: String = "application/json", timeout: Double = 0) async throws -> HTTPResponse {
        try await perform(method, path, query: query, body: body, contentType: contentType, accept: accept, timeout: timeout, onData: nil)
    }

    /// A call whose 2xx body is delivered piece by piece (watch, followed logs).
    public func stream(path: String, method: String = "GET", query: [(String, String)] = [], timeout: Double = 0,
                       onData: @escaping @Sendable ([UInt8]) -> Bool) async throws {
        _ = try await perform(method, path, query: query, body: nil, contentType: nil, accept: "application/json", timeout: timeout, onData: onData)
    }

    private func perform(_ method: String, _ path: String, query: [(String, String)], body: [UInt8]?, contentType: String?,
                         accept: String, timeout: Double, onData: (@Sendable ([UInt8]) -> Bool)?) async throws -> HTTPResponse {
        var attempt = 0
        var reauthenticated = false
        while true {
            var request = HTTPRequest(method: method, url: config.server + path + Self.encode(query), body: body)
            request.timeout = timeout > 0 || onData != nil ? timeout : requestTimeout
            request.headers.append(("Accept", accept))
            request.headers.append(("User-Agent", "osm/swift"))
            if let contentType { request.headers.append(("Content-Type", contentType)) }
            try addCredentials(&request)
            let started = Date()
            let response: HTTPResponse
            do {
                try Task.checkCancellation()
                response = onData == nil ? try await transport.send(request) : try await transport.stream(request, onData: onData!)
            } catch let error as TransportError {
                log?("\(method) \(request.url) failed after \(Self.milliseconds(since: started)) ms: \(error.description)")
                if error.kind == .connectionLost, Self.idempotent.contains(method), attempt < retry.maxRetries {
                    try await sleep(backoff(attempt))
                    attempt += 1
                    continue
                }
                throw error
            }
            log?("\(method) \(request.url) \(response.status) in \(Self.milliseconds(since: started)) ms")
            if (200..<300).contains(response.status) { return response }
            if response.status == 401, let exec, !reauthenticated {
                exec.invalidate()
                reauthenticated = true
                continue
            }
            let error = KubeAPIError.from(response, method: method)
            let retryable = response.status == 429 || ([500, 502, 503, 504].contains(response.status) && Self.idempotent.contains(method))
            if retryable, attempt < retry.maxRetries {
                let wait = error.retryAfterSeconds.map { min(Double($0), retry.maxRetryAfter) } ?? backoff(attempt)
                try await sleep(wait)
                attempt += 1
                continue
            }
            throw error
        }
    }

    /// What a protocol upgrade handshake found: the new connection, or the server's plain HTTP answer.
    public enum UpgradeOutcome<Upgraded: Sendable>: Sendable {
        case upgraded(Upgraded)
        case refused(HTTPResponse)
    }

    /// Opens a WebSocket to `path` offering `protocols` (GET with Upgrade, credentials as for any call).
    /// A server that answers without switching protocols gives its decoded error as `KubeAPIError`.
    public func upgrade(_ path: String, query: [(String, String)] = [], protocols: [String]) async throws -> WebSocketConnection {
        try await upgraded("GET", path + Self.encode(query)) { connection, request in
            try WebSocketConnection.handshake(connection, request: request, protocols: protocols)
        }
    }

    /// The SPDY/3.1 upgrade Kubernetes servers before 1.31 offer for streaming subresources (POST with
    /// `Upgrade: SPDY/3.1` and `X-Stream-Protocol-Version`); the connection then carries SPDY itself.
    public func upgradeSPDY(_ path: String, streamProtocol: String) async throws -> any ByteConnection {
        try await upgraded("POST", path) { connection, request in
            try SPDYUpgrade.handshake(connection, request: request, streamProtocol: streamProtocol)
        }
    }

    /// Connects with this client's credentials and runs `handshake` off the shared pool; a refusal
    /// becomes the API's error (after one re-run of an exec plugin on 401).
    func upgraded<T: Sendable>(_ method: String, _ pathAndQuery: String,
                               handshake: @escaping @Sendable (any ByteConnection, HTTPRequest) throws -> UpgradeOutcome<T>) async throws -> T {
        var reauthenticated = false
        while true {
            var request = HTTPRequest(method: method, url: config.server + pathAndQuery)
            request.headers.append(("User-Agent", "osm/swift"))
            try addCredentials(&request)
            let started = Date()
            let connection: any ByteConnection
            do {
                try Task.checkCancellation()
                connection = try await transport.connect(request)
            } catch let error as TransportError {
                log?("\(method) \(request.url) (upgrade) failed after \(Self.milliseconds(since: started)) ms: \(error.description)")
                throw error
            }
            let sent = request
            switch try await Self.blocking({ try handshake(connection, sent) }) {
            case .upgraded(let upgraded):
                log?("\(method) \(request.url) 101 in \(Self.milliseconds(since: started)) ms")
                return upgraded
            case .refused(let response):
                log?("\(method) \(request.url) \(response.status) in \(Self.milliseconds(since: started)) ms")
                if response.status == 401, let exec, !reauthenticated {
                    exec.invalidate()
                    reauthenticated = true
                    continue
                }
                throw KubeAPIError.from(response, method: method)
            }
        }
    }

    /// Runs blocking I/O off the cooperative thread pool.
    public static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    func backoff(_ attempt: Int) -> Double {
        min(retry.initialBackoff * Double(1 << min(attempt, 16)), retry.maxBackoff)
    }

    private func addCredentials(_ request: inout HTTPRequest) throws {
        switch config.credentials {
        case .none:
            break
        case .token(let token):
            request.headers.append(("Authorization", "Bearer " + token))
        case .tokenFile(let path):
            let bytes = try ClientConfig.readFile(path, "the token file")
            request.headers.append(("Authorization", "Bearer " + String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        case .basic(let username, let password):
            request.headers.append(("Authorization", "Basic " + Base64.encode(Array("\(username):\(password)".utf8))))
        case .exec:
            let credential = try exec!.credential()
            if let token = credential.token { request.headers.append(("Authorization", "Bearer " + token)) }
            if let pair = credential.clientCertificate { request.clientCertificate = pair }
        }
        if let user = config.impersonateUser { request.headers.append(("Impersonate-User", user)) }
        if let uid = config.impersonateUID { request.headers.append(("Impersonate-Uid", uid)) }
        for group in config.impersonateGroups { request.headers.append(("Impersonate-Group", group)) }
    }

    static func milliseconds(since start: Date) -> Int { Int((Date().timeIntervalSince(start) * 1000).rounded()) }

    /// `?a=b&c=d` escaped as Go's url.Values.Encode (client-go) does, or "" without parameters.
    static func encode(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        return "?" + query.map { GoSyntax.queryEscape($0.0) + "=" + GoSyntax.queryEscape($0.1) }.joined(separator: "&")
    }

    /// A path segment (namespace, name): unreserved characters kept, every other byte percent-encoded.
    static func escape(_ s: String) -> String { GoSyntax.percentEscape(s, spaceAsPlus: false) }
}
