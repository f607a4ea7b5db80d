import Foundation
import KubeClient

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP forward proxy that only tunnels (`CONNECT host:port`), as corporate proxies in front of API
/// servers do: it opens the TCP connection, answers 200, then copies bytes both ways. It records the
/// targets asked for, so tests see that traffic really went through it.
public final class ConnectProxy: @unchecked Sendable {
    public let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var seen: [String] = []
    private var stopped = false

    public var url: String { "http://127.0.0.1:\(port)" }
    /// `host:port` of every CONNECT so far.
    public var targets: [String] { lock.withLock { seen } }

    public init() throws {
        (listener, port) = try LoopbackTLSServer.listenOnLoopback(backlog: 16)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        LoopbackTLSServer.acceptConnections(on: listener, stopped: { lock.withLock { stopped } }) { client in
            Thread { [self] in serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.reversed().starts(with: [10, 13, 10, 13]) {
            guard recv(client, &byte, 1, 0) == 1 else { return }
            head.append(byte)
        }
        let words = String(decoding: head, as: UTF8.self).split(separator: " ")
        func answer(_ text: String) { _ = send(client, text, text.utf8.count, Int32(MSG_NOSIGNAL)) }
        guard words.count >= 2, words[0] == "CONNECT" else {
            answer("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        }
        let target = String(words[1])
        lock.withLock { seen.append(target) }
        guard let portText = target.split(separator: ":").last, let targetPort = UInt16(portText),
              let upstream = LoopbackTLSServer.connectToLoopback(port: targetPort) else {
            answer("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        }
        defer { close(upstream) }
        answer("HTTP/1.1 200 Connection established\r\n\r\n")
        let done = DispatchSemaphore(value: 0)
        Thread {
            Self.copy(from: upstream, to: client)
            done.signal()
        }.start()
        Self.copy(from: client, to: upstream)
        done.wait()
    }

    /// Copies until the source ends, then ends the destination's writing side.
    private static func copy(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 32768)
        while true {
            let n = recv(source, &buffer, buffer.count, 0)
            if n <= 0 { break }
            var offset = 0
            while offset < n {
                let sent = buffer[offset..<n].withUnsafeBytes { send(destination, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { break }
                offset += sent
            }
            if offset < n { break }
        }
        shutdown(destination, Int32(SHUT_WR))
        shutdown(source, Int32(SHUT_RD))
    }
}
