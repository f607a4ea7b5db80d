import Foundation
import Synchronization

/// A port-forwarding tunnel to one pod, the way kubectl (1.31+) opens it: a WebSocket to the pod's
/// `portforward` subresource with sub-protocol `SPDY/3.1+portforward.k8s.io`, carrying a SPDY session in
/// its binary messages (or, with older servers, SPDY straight on the upgraded connection). Each forwarded TCP connection is a pair of SPDY streams: one for data, one on
/// which the kubelet reports errors.
// @unchecked Sendable, sound: `streamTimeout` is set before the tunnel is shared (tests shorten it);
// the request counter is a Mutex.
public final class PortForwardTunnel: @unchecked Sendable {
    public static let subprotocol = "SPDY/3.1+portforward.k8s.io"
    /// The stream protocol inside the tunnel (negotiated in `X-Stream-Protocol-Version` for plain SPDY).
    public static let streamProtocol = "portforward.k8s.io"
    /// The Kubernetes release from which API servers accept this protocol by default.
    public static let minimumKubernetes = "1.31"

    public let pod: String
    public let namespace: String
    let session: SPDYSession
    private let nextRequestID = Mutex(0)
    /// Seconds to wait for the kubelet to accept each stream (kubectl: 30).
    public var streamTimeout = 30.0

    init(pod: String, namespace: String, connection: any ByteConnection) {
        self.pod = pod
        self.namespace = namespace
        session = SPDYSession(connection: connection, isClient: true)
        session.start(pingInterval: 10)
    }

    /// A new connection to `port` inside the pod.
    public func dial(port: UInt16) throws -> ForwardedConnection {
        let requestID = nextRequestID.withLock { next in
            defer { next += 1 }
            return next
        }
        func headers(_ type: String) -> [SPDYHeader] {
            [
                SPDYHeader("streamtype", type), SPDYHeader("port", String(port)),
                SPDYHeader("requestid", String(requestID)),
            ]
        }
        do {
            let errorStream = try session.openStream(headers: headers("error"))
            try errorStream.waitForReply(timeout: streamTimeout)
            // Nothing is ever sent on the error stream.
            errorStream.closeWrite()
            let dataStream = try session.openStream(headers: headers("data"))
            do {
                try dataStream.waitForReply(timeout: streamTimeout)
            } catch {
                errorStream.close()
                throw error
            }
            return ForwardedConnection(port: port, data: dataStream, error: errorStream)
        } catch let error as SPDYError {
            throw PortForwardError(
                "error creating forwarding stream for port \(port) of pod \(namespace)/\(pod): \(error.description)")
        }
    }

    public var isClosed: Bool { session.isClosed }

    /// Why the tunnel ended, if it ended by itself.
    public var failure: String? { session.failure }

    public func close() { session.close() }
}

/// One TCP connection inside the pod, reached through a `PortForwardTunnel`.
// @unchecked Sendable, sound: its mutable state is only touched under its lock.
public final class ForwardedConnection: ByteConnection, @unchecked Sendable {
    public let port: UInt16
    let data: SPDYStream
    let error: SPDYStream
    private let errorDone = Condition()
    private var errorText: String?
    private var errorFinished = false

    init(port: UInt16, data: SPDYStream, error: SPDYStream) {
        self.port = port
        self.data = data
        self.error = error
        OwnedThread.start("osm-forward-errors") { [self] in
            let bytes = (try? error.readAll()) ?? []
            errorDone.withLock {
                if !bytes.isEmpty { errorText = String(decoding: bytes, as: UTF8.self) }
                errorFinished = true
                errorDone.broadcast()
            }
        }
    }

    public func read(maxLength: Int) throws -> [UInt8] { try data.read(maxLength: maxLength) }
    public func write(_ bytes: [UInt8]) throws { try data.write(bytes) }
    /// Tells the pod side no more bytes will come (the data stream's FIN).
    public func closeWrite() { data.closeWrite() }

    public func close() {
        data.close()
        error.close()
    }

    /// What the kubelet reported for this connection (e.g. nothing listening on the port), waiting up
    /// to `timeout` seconds for its error stream to end; nil when it reported nothing.
    public func remoteError(timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        errorDone.lock()
        defer { errorDone.unlock() }
        while !errorFinished && errorText == nil {
            if !errorDone.wait(until: deadline) { break }
        }
        return errorText
    }
}

extension PortForwardTunnel {
    /// `GET http://localhost:<port><path>` inside the pod over a new forwarded connection (no local
    /// port involved), following redirects as Go's client does (at most 10) as long as they stay on
    /// this port: OSM's components serve through Go's ServeMux, which answers a path that is not
    /// clean (upstream asks for `//healthz`) with a 301 to the clean one.
    public func httpGet(port: UInt16, path: String) async throws -> HTTPResponse {
        var target = path
        for _ in 0..<10 {
            let response = try await httpGetOnce(port: port, path: target)
            guard [301, 302, 303, 307, 308].contains(response.status),
                let location = response.headers.first(where: { $0.name.lowercased() == "location" })?.value,
                let next = Self.redirectTarget(location, port: port)
            else { return response }
            target = next
        }
        throw PortForwardError("GET http://localhost:\(port)\(path): stopped after 10 redirects")
    }

    /// The path a redirect leads to when it stays on the forwarded port; nil for another host.
    static func redirectTarget(_ location: String, port: UInt16) -> String? {
        if location.hasPrefix("/") && !location.hasPrefix("//") { return location }
        for origin in ["http://localhost:\(port)", "http://127.0.0.1:\(port)"] where location.hasPrefix(origin) {
            let rest = location.dropFirst(origin.count)
            if rest.isEmpty { return "/" }
            if rest.hasPrefix("/") { return String(rest) }
        }
        return nil
    }

    /// One GET over a new forwarded connection; when it fails, the kubelet's own reason is the error.
    func httpGetOnce(port: UInt16, path: String) async throws -> HTTPResponse {
        // Waiting for the kubelet's stream replies may take up to `streamTimeout`: a thread of its own.
        try await OwnedThread.run("osm-forward-get") { [self] in
            let connection = try dial(port: port)
            defer { connection.close() }
            do {
                return try ForwardedHTTP.get(connection, path: path, host: "localhost:\(port)")
            } catch {
                if let reason = connection.remoteError(timeout: 2) {
                    throw PortForwardError("an error occurred forwarding \(port) -> \(port): \(reason)")
                }
                throw error
            }
        }
    }
}

public struct PortForwardError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension KubernetesClient {
    /// Opens a port-forwarding tunnel to a pod the way kubectl does: a WebSocket carrying SPDY
    /// (Kubernetes 1.31 and later), falling back to the plain SPDY upgrade older servers offer. A missing
    /// pod or missing permission is the API's own error; a server refusing both upgrades says so.
    public func portForward(pod: String, namespace: String) async throws -> PortForwardTunnel {
        let path = ResourceRef.pods.path(namespace: namespace, name: pod, subresource: "portforward")
        let websocketRefusal: String
        do {
            let websocket = try await rest.upgrade(path, protocols: [PortForwardTunnel.subprotocol])
            if websocket.subprotocol == PortForwardTunnel.subprotocol {
                return PortForwardTunnel(pod: pod, namespace: namespace, connection: websocket)
            }
            websocket.close()
            websocketRefusal = "the server did not agree to the sub-protocol \(PortForwardTunnel.subprotocol)"
        } catch let error as KubeAPIError where !Self.isProblemWithRequest(error) {
            // Whatever else the WebSocket attempt got (older servers answer it in several ways), the SPDY
            // attempt tells: it fails the same way when the pod itself is the problem.
            websocketRefusal = "HTTP \(error.code): \(error.message)"
        }
        do {
            let connection = try await rest.upgradeSPDY(path, streamProtocol: PortForwardTunnel.streamProtocol)
            return PortForwardTunnel(pod: pod, namespace: namespace, connection: connection)
        } catch let error as KubeAPIError where Self.isUpgradeRefusal(error) {
            throw PortForwardError(
                "the API server refused to upgrade the port-forward request, both to a WebSocket ("
                    + websocketRefusal
                    + ") and to SPDY/3.1 (HTTP \(error.code): \(error.message)); port forwarding over WebSockets needs "
                    + "Kubernetes \(PortForwardTunnel.minimumKubernetes) or later (feature PortForwardWebsockets)")
        }
    }

    /// A missing pod, missing permission, or an overloaded or failing server: no other protocol helps.
    static func isProblemWithRequest(_ error: KubeAPIError) -> Bool {
        [.notFound, .forbidden, .unauthorized, .tooManyRequests, .serviceUnavailable, .internalError].contains(
            error.reason)
    }

    /// Errors that mean "not this protocol" rather than a problem with the pod or the credentials.
    static func isUpgradeRefusal(_ error: KubeAPIError) -> Bool {
        if isProblemWithRequest(error) { return false }
        if error.reason == .badRequest {
            let message = error.message.lowercased()
            return message.contains("upgrade") || message.contains("protocol")
        }
        return true
    }
}
