import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Listens on a local port (127.0.0.1 and ::1, as kubectl does) and carries each accepted connection
/// through a `PortForwardTunnel` to a port of the pod, until stopped.
public final class LocalPortForwarder: Sendable {
    /// The port asked for; 0 lets the system choose one (kubectl's `:0`), which `boundPort` then names.
    public let localPort: UInt16
    public let remotePort: UInt16
    let tunnel: PortForwardTunnel
    /// Errors of single connections (the kubelet's error stream, a failed stream set-up).
    let onError: @Sendable (String) -> Void
    private struct State {
        var listeners: [Int32] = []
        var stopped = false
        var chosenPort: UInt16 = 0
    }
    private let state = Mutex(State())

    /// The port listened on, once `start` succeeded (the chosen one when `localPort` is 0).
    public var boundPort: UInt16 { state.withLock { $0.chosenPort == 0 ? localPort : $0.chosenPort } }

    public init(
        tunnel: PortForwardTunnel, localPort: UInt16, remotePort: UInt16, onError: @escaping @Sendable (String) -> Void
    ) {
        self.tunnel = tunnel
        self.localPort = localPort
        self.remotePort = remotePort
        self.onError = onError
    }

    /// Binds the local addresses and starts accepting. Fails when neither address could be bound.
    public func start() throws {
        var problems: [String] = []
        var port = localPort
        for (family, address) in [(AF_INET, "127.0.0.1"), (AF_INET6, "::1")] {
            do {
                // With port 0 the first address gets a port from the system and the second the same one.
                let fd = try Self.listen(family: family, address: address, port: port)
                if port == 0 { port = Self.localPort(of: fd) }
                state.withLock { state in
                    state.listeners.append(fd)
                    state.chosenPort = port
                }
                OwnedThread.start("osm-forward-accept") { [self] in acceptLoop(fd) }
            } catch {
                problems.append("\(error)")
            }
        }
        if problems.count == 2 {
            throw PortForwardError("unable to listen on port \(localPort): \(problems.joined(separator: "; "))")
        }
    }

    /// Why the tunnel underneath ended by itself (pod gone, connection lost); nil while it is up or after `stop`.
    public var tunnelFailure: String? { tunnel.isClosed ? tunnel.failure : nil }

    /// Closes the listeners and the tunnel; connections in progress end.
    public func stop() {
        let fds: [Int32] = state.withLock { state in
            defer {
                state.stopped = true
                state.listeners = []
            }
            return state.stopped ? [] : state.listeners
        }
        for fd in fds {
            shutdown(fd, shutdownBoth)
            Glibc.close(fd)
        }
        tunnel.close()
    }

    /// The port a bound socket listens on.
    static func localPort(of fd: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok =
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            } == 0
        guard ok else { return 0 }
        if Int32(storage.ss_family) == AF_INET {
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
        }
    }

    static func listen(family: Int32, address: String, port: UInt16) throws -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PortForwardError("listen \(address):\(port): \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var result: Int32
        if family == AF_INET {
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            inet_pton(AF_INET, address, &sin.sin_addr)
            result = withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } else {
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &yes, socklen_t(MemoryLayout<Int32>.size))
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            inet_pton(AF_INET6, address, &sin6.sin6_addr)
            result = withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        if result == 0 { result = Glibc.listen(fd, 128) }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            let shown = family == AF_INET6 ? "[\(address)]" : address
            throw PortForwardError(
                "listen \(family == AF_INET ? "tcp4" : "tcp6") \(shown):\(port): bind: \(reason.lowercased())")
        }
        return fd
    }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if state.withLock({ $0.stopped }) || tunnel.isClosed { return }
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            OwnedThread.start("osm-forward-down") { [self] in handle(client) }
        }
    }

    /// Copies bytes both ways until the pod side finishes, then reports what the kubelet said, if anything.
    private func handle(_ client: Int32) {
        defer { Glibc.close(client) }
        let remote: ForwardedConnection
        do {
            remote = try tunnel.dial(port: remotePort)
        } catch {
            onError("\(error)")
            return
        }
        let upstreamDone = DispatchSemaphore(value: 0)
        OwnedThread.start("osm-forward-up") {
            defer { upstreamDone.signal() }
            var buffer = [UInt8](repeating: 0, count: 32768)
            while true {
                let n = recv(client, &buffer, buffer.count, 0)
                if n <= 0 { break }
                do { try remote.write(Array(buffer[0..<n])) } catch { break }
            }
            remote.closeWrite()
        }
        while let bytes = try? remote.read(maxLength: 32768), !bytes.isEmpty {
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                offset += n
            }
            if offset < bytes.count { break }
        }
        shutdown(client, shutdownBoth)
        upstreamDone.wait()
        if let message = remote.remoteError(timeout: 1) {
            onError("an error occurred forwarding \(boundPort) -> \(remotePort): \(message)")
        }
        remote.close()
    }
}
