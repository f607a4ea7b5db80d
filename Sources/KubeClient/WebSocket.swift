import Foundation
import Synchronization
import ValueKit

/// RFC 6455 WebSockets, as far as Kubernetes' tunnelled protocols need them: the HTTP/1.1 upgrade and
/// binary messages. Either role: clients mask what they send, servers do not.
// @unchecked Sendable, sound: `current` and `currentOffset` belong to the one reading thread (a
// tunnel's reader); what writers and the reader share is in `closing`, writes go out under `writing`.
public final class WebSocketConnection: ByteConnection, @unchecked Sendable {
    public enum Role: Sendable { case client, server }

    static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    enum Opcode: UInt8 { case continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 }

    let reader: ByteReader
    let role: Role
    /// The sub-protocol both sides agreed on in the handshake.
    public let subprotocol: String?
    /// Held while a frame is written, so that frames of concurrent writers never interleave.
    private let writing = Mutex(())
    private struct Closing {
        var closeSent = false
        var finished = false
    }
    private let closing = Mutex(Closing())
    /// The rest of the message being read (messages are a byte stream to the protocol inside).
    private var current: [UInt8] = []
    private var currentOffset = 0

    public init(reader: ByteReader, role: Role, subprotocol: String?) {
        self.reader = reader
        self.role = role
        self.subprotocol = subprotocol
    }

    /// The `Sec-WebSocket-Accept` value a server must answer to `key`.
    public static func acceptValue(for key: String) -> String {
        Base64.encode(Hashes.sha1(Array((key + acceptGUID).utf8)))
    }

    /// A fresh random `Sec-WebSocket-Key`.
    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    // MARK: ByteConnection: message payloads as one byte stream

    public func read(maxLength: Int) throws -> [UInt8] {
        while currentOffset >= current.count {
            guard let next = try receiveMessage() else { return [] }
            current = next
            currentOffset = 0
        }
        let end = min(current.count, currentOffset + maxLength)
        defer { currentOffset = end }
        return Array(current[currentOffset..<end])
    }

    /// Sends `bytes` as one binary message.
    public func write(_ bytes: [UInt8]) throws {
        try send(.binary, bytes)
    }

    /// Sends a normal-closure close frame (once) and closes the connection underneath.
    public func close() {
        let alreadySent = closing.withLock { state in
            defer { state.closeSent = true }
            return state.closeSent
        }
        // A courtesy only: a writer stuck on a full connection holds the write lock, and closing the
        // connection is what frees it.
        if !alreadySent { try? send(.close, [0x03, 0xE8], unlessBusy: true) }
        reader.connection.close()
    }

    // MARK: Frames

    func send(_ opcode: Opcode, _ payload: [UInt8], unlessBusy: Bool = false) throws {
        var frame: [UInt8] = [0x80 | opcode.rawValue]
        let maskBit: UInt8 = role == .client ? 0x80 : 0
        switch payload.count {
        case ..<126: frame.append(maskBit | UInt8(payload.count))
        case ..<65536: frame += [maskBit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            frame.append(maskBit | 127)
            frame += (0..<8).map { UInt8((UInt64(payload.count) >> UInt64(56 - 8 * $0)) & 0xFF) }
        }
        if role == .client {
            var generator = SystemRandomNumberGenerator()
            let mask = (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }
            frame += mask
            frame.reserveCapacity(frame.count + payload.count)
            for (i, byte) in payload.enumerated() { frame.append(byte ^ mask[i & 3]) }
        } else {
            frame += payload
        }
        if unlessBusy {
            _ = try writing.withLockIfAvailable { _ in try reader.connection.write(frame) }
        } else {
            try writing.withLock { _ in try reader.connection.write(frame) }
        }
    }

    /// The next data message, answering pings on the way; nil once the peer closed.
    func receiveMessage() throws -> [UInt8]? {
        if closing.withLock({ $0.finished }) { return nil }
        var message: [UInt8] = []
        var messageType: Opcode?
        while true {
            guard let head = try reader.read(exactly: 2) else { return finish() }
            let fin = head[0] & 0x80 != 0
            guard let opcode = Opcode(rawValue: head[0] & 0x0F) else {
                throw TransportError(
                    "WebSocket protocol error: unknown opcode \(head[0] & 0x0F)", kind: .connectionLost)
            }
            var length = UInt64(head[1] & 0x7F)
            if length == 126 {
                guard let ext = try reader.read(exactly: 2) else { return finish() }
                length = UInt64(ext[0]) << 8 | UInt64(ext[1])
            } else if length == 127 {
                guard let ext = try reader.read(exactly: 8) else { return finish() }
                length = ext.reduce(0) { $0 << 8 | UInt64($1) }
            }
            guard length <= 1 << 26 else {
                throw TransportError("WebSocket message too large (\(length) bytes)", kind: .connectionLost)
            }
            var mask: [UInt8]?
            if head[1] & 0x80 != 0 {
                guard let key = try reader.read(exactly: 4) else { return finish() }
                mask = key
            }
            guard var payload = try reader.read(exactly: Int(length)) else { return finish() }
            if let mask { for i in payload.indices { payload[i] ^= mask[i & 3] } }
            switch opcode {
            case .ping:
                try? send(.pong, payload)
            case .pong:
                break
            case .close:
                let answered = closing.withLock { state in
                    defer { state.closeSent = true }
                    return state.closeSent
                }
                if !answered { try? send(.close, Array(payload.prefix(2))) }
                return finish()
            case .text, .binary, .continuation:
                if opcode != .continuation { messageType = opcode }
                message += payload
                if fin {
                    if messageType == .text {
                        throw TransportError("WebSocket protocol error: a text message where binary was expected")
                    }
                    return message
                }
            }
        }
    }

    private func finish() -> [UInt8]? {
        closing.withLock { $0.finished = true }
        return nil
    }
}

extension WebSocketConnection {
    /// The client side of the handshake: sends the upgrade request for `request` (its headers included),
    /// and returns the connection when the server switched protocols, or the server's HTTP answer.
    public static func handshake(
        _ connection: any ByteConnection, request: HTTPRequest, protocols: [String]
    ) throws
        -> RESTClient.UpgradeOutcome<WebSocketConnection>
    {
        let key = newKey()
        var headers = [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", key),
            ("Sec-WebSocket-Version", "13"),
        ]
        if !protocols.isEmpty { headers.append(("Sec-WebSocket-Protocol", protocols.joined(separator: ", "))) }
        let answer = try RawHTTP.exchange(
            connection, method: "GET", request: request, headers: headers, what: "WebSocket handshake")
        guard answer.status == 101 else { return .refused(try answer.refusal()) }
        let header = answer.header
        let reader = answer.reader
        guard header("upgrade")?.lowercased() == "websocket", header("sec-websocket-accept") == acceptValue(for: key)
        else {
            connection.close()
            throw TransportError("the server answered the WebSocket upgrade with an invalid handshake")
        }
        let chosen = header("sec-websocket-protocol")
        if let chosen, !protocols.contains(chosen) {
            connection.close()
            throw TransportError("the server chose the WebSocket sub-protocol \(chosen), which was not offered")
        }
        return .upgraded(WebSocketConnection(reader: reader, role: .client, subprotocol: chosen))
    }
}
