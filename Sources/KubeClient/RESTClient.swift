import Foundation
import Synchronization
import ValueKit

/// Sends requests to one API server: adds credentials, retries what is safe to retry, turns failed
/// answers into `KubeAPIError`, and logs each exchange (method, URL, status, time; never credentials or
/// bodies) when a logger is set.
// @unchecked Sendable, sound: its mutable state is only touched under its lock.
public final class RESTClient: @unchecked Sendable {
    /// How failed calls are retried: with capped exponential backoff and jitter, for as long as the
    /// call's deadline allows.
    public struct RetryPolicy: Sendable {
        public var initialBackoff = 0.25
        public var maxBackoff = 4.0
        /// The longest `Retry-After` honoured; a larger one is cut to this.
        public var maxRetryAfter = 30.0
        /// Each wait is spread by up to this share either way, so clients that failed together do
        /// not all come back at the same moment.
        public var jitter = 0.2
        /// How long a call keeps retrying when the command set no deadline and no request timeout.
        public var defaultWindow = 60.0
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
    /// Seconds on a monotonic clock; tests replace it together with `sleep`.
    public var clock: @Sendable () -> Double = RESTClient.monotonicSeconds
    /// When the command must be done (a `clock` reading): calls retry until then. Nil: each call
    /// retries for `requestTimeout` when that is set, else for `retry.defaultWindow`.
    public var deadline: Double?
    /// What the deadline is called in the final error (`--timeout 5m0s`).
    public var deadlineName = ""
    /// Whether the server has answered this process at least once. A server that refuses or drops
    /// the very first connection is a wrong address or a dead cluster (fail at once, as kubectl
    /// does); one that answered before and then refuses is restarting (retry).
    private let serverAnswered = Mutex(false)

    public init(config: ClientConfig, transport: (any HTTPTransport)? = nil, variables: [String: String] = [:]) {
        self.config = config
        self.transport =
            transport
            ?? CurlTransport(
                tls: config.tls, proxyURL: config.proxyURL,
                timeoutSeconds: config.requestTimeout, connectTimeoutSeconds: config.connectTimeout)
        if case .exec(let execConfig, let userName) = config.credentials {
            exec = ExecCredentialPlugin(config: execConfig, userName: userName, cluster: config, variables: variables)
        } else {
            exec = nil
        }
    }

    /// Methods whose repetition does what one call does: reads, deletes (a second delete of the
    /// same object finds it gone), PUT (guarded by the object's resourceVersion) and PATCH (the same
    /// body, server-side apply included). A POST may create twice, so it is checked, not repeated.
    static let repeatable: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"]

    /// Sets the deadline `seconds` from now (0: none), named as the flag that set it.
    public func setDeadline(seconds: Double, name: String) {
        deadline = seconds > 0 ? clock() + seconds : nil
        deadlineName = name
    }

    /// One API call. Non-2xx answers throw `KubeAPIError`; failures to get an answer throw `TransportError`.
    public func send(
        _ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String? = nil, accept: String = "application/json", timeout: Double = 0
    ) async throws -> HTTPResponse {
        try await perform(
            method, path, query: query, body: body, contentType: contentType, accept: accept, timeout: timeout,
            onData: nil)
    }

    /// A call whose 2xx body is delivered piece by piece (watch, followed logs).
    public func stream(
        path: String, method: String = "GET", query: [(String, String)] = [], timeout: Double = 0,
        onData: @escaping @Sendable ([UInt8]) -> Bool
    ) async throws {
        _ = try await perform(
            method, path, query: query, body: nil, contentType: nil, accept: "application/json", timeout: timeout,
            onData: onData)
    }

    private func perform(
        _ method: String, _ path: String, query: [(String, String)], body: [UInt8]?, contentType: String?,
        accept: String, timeout: Double, onData: (@Sendable ([UInt8]) -> Bool)?
    ) async throws -> HTTPResponse {
        var retries = RetryState(
            started: clock(),
            giveUpAt: deadline ?? clock() + (requestTimeout > 0 ? requestTimeout : retry.defaultWindow))
        var reauthenticated = false
        while true {
            var request = HTTPRequest(method: method, url: config.server + path + Self.encode(query), body: body)
            request.timeout = timeout > 0 || onData != nil ? timeout : requestTimeout
            request.headers.append(("Accept", accept))
            request.headers.append(("User-Agent", "osm/swift"))
            if let contentType { request.headers.append(("Content-Type", contentType)) }
            try await addCredentials(&request)
            let started = Date()
            let response: HTTPResponse
            do {
                try Task.checkCancellation()
                response =
                    onData == nil
                    ? try await transport.send(request) : try await transport.stream(request, onData: onData!)
            } catch let error as TransportError {
                log?(
                    "\(method) \(request.url) failed after \(Self.milliseconds(since: started)) ms: \(error.description)"
                )
                // Refused and failed handshakes never reached the server: any call may go again. A call
                // cut off may have been carried out: repeatable ones go again, a create is checked first.
                var retryable: Bool
                switch error.kind {
                case .connectionRefused, .tlsHandshake: retryable = true
                case .connectionLost, .timeout:
                    retryable = onData == nil && (Self.repeatable.contains(method) || method == "POST")
                    if method == "POST" { retries.createMayHaveHappened = true }
                default: retryable = false
                }
                if !serverAnswered.withLock({ $0 }) { retryable = false }
                if retryable, try await wait(&retries, backoff(retries.attempts), cause: error.description) { continue }
                throw retries.attempts > 0
                    ? TransportError(error.description + retries.summary(deadlineName, clock()), kind: error.kind)
                    : error
            }
            log?("\(method) \(request.url) \(response.status) in \(Self.milliseconds(since: started)) ms")
            serverAnswered.withLock { $0 = true }
            if (200..<300).contains(response.status) { return response }
            if response.status == 401, let exec, !reauthenticated {
                exec.invalidate()
                reauthenticated = true
                continue
            }
            // A repeated delete that finds the object gone: the first one removed it.
            if method == "DELETE", response.status == 404, retries.attempts > 0 { return response }
            // A repeated create that finds the object: ours when it holds what was sent.
            if method == "POST", response.status == 409, retries.createMayHaveHappened, let body,
                let created = try? await existingCopy(of: body, at: path, accept: accept)
            {
                log?("\(method) \(request.url): the object exists with what was sent; the first attempt created it")
                return created
            }
            var error = KubeAPIError.from(response, method: method)
            let retryable =
                response.status == 429
                || ([500, 502, 503, 504].contains(response.status)
                    && (Self.repeatable.contains(method) || method == "POST"))
            if method == "POST", response.status != 429, response.status != 503 { retries.createMayHaveHappened = true }
            if retryable {
                let wait =
                    error.retryAfterSeconds.map { min(Double($0), retry.maxRetryAfter) } ?? backoff(retries.attempts)
                if try await self.wait(
                    &retries, wait, exact: error.retryAfterSeconds != nil, cause: "\(response.status) \(error.message)")
                {
                    continue
                }
                if retries.attempts > 0 { error.message += retries.summary(deadlineName, clock()) }
            }
            throw error
        }
    }

    /// Retries of one call so far.
    struct RetryState {
        let started: Double
        let giveUpAt: Double
        var attempts = 0
        /// A create was sent and its answer lost (or a server error came back): it may have happened.
        var createMayHaveHappened = false

        func summary(_ deadlineName: String, _ now: Double) -> String {
            let spent = GoDuration(nanoseconds: Int64((now - started).rounded() * 1e9))
            let limit = deadlineName.isEmpty ? "" : " (\(deadlineName))"
            return
                " (gave up after \(attempts + 1) attempts in \(spent): the deadline\(limit) leaves no time for another)"
        }
    }

    /// Sleeps before a retry when the deadline leaves time for it; false when it does not.
    private func wait(
        _ retries: inout RetryState, _ seconds: Double, exact: Bool = false, cause: String
    ) async throws -> Bool {
        var pause = seconds
        if !exact, retry.jitter > 0 { pause *= 1 + Double.random(in: -retry.jitter...retry.jitter) }
        guard clock() + pause < retries.giveUpAt else { return false }
        retries.attempts += 1
        log?("retrying in \(GoDuration(nanoseconds: Int64(pause * 1e9))) (attempt \(retries.attempts + 1)): \(cause)")
        try await sleep(pause)
        return true
    }

    /// The object a create named, when the server holds it with every field the create sent.
    private func existingCopy(of body: [UInt8], at path: String, accept: String) async throws -> HTTPResponse? {
        let sent = try GoJSONDecoder.decode(String(decoding: body, as: UTF8.self))
        guard let name = sent.objectName, !name.isEmpty else { return nil }
        guard let response = try? await send("GET", path + "/" + Self.escape(name), accept: accept) else { return nil }
        let found = try GoJSONDecoder.decode(String(decoding: response.body, as: UTF8.self))
        return Self.holds(found, sent) ? HTTPResponse(status: 201, headers: response.headers, body: response.body) : nil
    }

    /// Whether `found` carries every field of `sent` (metadata: its name, labels and annotations).
    static func holds(_ found: Value, _ sent: Value) -> Bool {
        guard let sentMap = sent.mapValue else { return found == sent }
        for key in sentMap.keys {
            if key == "metadata" {
                for part in ["name", "namespace", "labels", "annotations"] {
                    guard let want = sent["metadata"]?[part] else { continue }
                    guard let have = found["metadata"]?[part] else { return false }
                    if part == "labels" || part == "annotations" {
                        for (k, v) in want.mapValue?.entries ?? [] where have[k] != v { return false }
                    } else if have != want {
                        return false
                    }
                }
            } else if key != "status", found[key] != sentMap[key] {
                return false
            }
        }
        return true
    }

    /// What a protocol upgrade handshake found: the new connection, or the server's plain HTTP answer.
    public enum UpgradeOutcome<Upgraded: Sendable>: Sendable {
        case upgraded(Upgraded)
        case refused(HTTPResponse)
    }

    /// Opens a WebSocket to `path` offering `protocols` (GET with Upgrade, credentials as for any call).
    /// A server that answers without switching protocols gives its decoded error as `KubeAPIError`.
    public func upgrade(
        _ path: String, query: [(String, String)] = [], protocols: [String]
    ) async throws -> WebSocketConnection {
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
    func upgraded<T: Sendable>(
        _ method: String, _ pathAndQuery: String,
        handshake: @escaping @Sendable (any ByteConnection, HTTPRequest) throws -> UpgradeOutcome<T>
    ) async throws -> T {
        var reauthenticated = false
        while true {
            var request = HTTPRequest(method: method, url: config.server + pathAndQuery)
            request.headers.append(("User-Agent", "osm/swift"))
            try await addCredentials(&request)
            let started = Date()
            let connection: any ByteConnection
            do {
                try Task.checkCancellation()
                connection = try await transport.connect(request)
            } catch let error as TransportError {
                log?(
                    "\(method) \(request.url) (upgrade) failed after \(Self.milliseconds(since: started)) ms: \(error.description)"
                )
                throw error
            }
            let sent = request
            switch try await BlockingPool.shared.run({ try handshake(connection, sent) }) {
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

    func backoff(_ attempt: Int) -> Double {
        min(retry.initialBackoff * Double(1 << min(attempt, 16)), retry.maxBackoff)
    }

    public static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private func addCredentials(_ request: inout HTTPRequest) async throws {
        switch config.credentials {
        case .none:
            break
        case .token(let token):
            request.headers.append(("Authorization", "Bearer " + token))
        case .tokenFile(let path):
            let bytes = try ClientConfig.readFile(path, "the token file")
            request.headers.append(
                (
                    "Authorization",
                    "Bearer " + String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                ))
        case .basic(let username, let password):
            request.headers.append(("Authorization", "Basic " + Base64.encode(Array("\(username):\(password)".utf8))))
        case .exec:
            let credential = try await exec!.credential()
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
