import CZlib

/// One SPDY/3.1 frame (draft-ietf SPDY/3.1, §2.2–2.6), as Kubernetes' streaming protocols use them.
public enum SPDYFrame: Equatable, Sendable {
    case data(stream: UInt32, fin: Bool, payload: [UInt8])
    case synStream(stream: UInt32, flags: UInt8, headers: [SPDYHeader])
    case synReply(stream: UInt32, fin: Bool, headers: [SPDYHeader])
    case rstStream(stream: UInt32, status: UInt32)
    case settings(entries: Int)
    case ping(id: UInt32)
    case goAway(lastGoodStream: UInt32, status: UInt32)
    case headers(stream: UInt32, fin: Bool, headers: [SPDYHeader])
    case windowUpdate(stream: UInt32, delta: UInt32)
    /// A control frame type this implementation ignores.
    case other(type: UInt16)

    public static let flagFin: UInt8 = 0x01
    public static let flagUnidirectional: UInt8 = 0x02
    /// RST_STREAM status codes used here.
    public static let statusProtocolError: UInt32 = 1, statusRefusedStream: UInt32 = 3, statusCancel: UInt32 = 5

    enum ControlType: UInt16 {
        case synStream = 1, synReply = 2, rstStream = 3, settings = 4, ping = 6, goAway = 7, headers = 8, windowUpdate =
            9
    }
}

public struct SPDYHeader: Equatable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Writes and reads frames for one side of one connection. Header blocks of the whole connection form
/// one zlib stream per direction, primed with SPDY/3's dictionary, so a framer must see every frame.
// @unchecked Sendable, sound: encoding (the deflater) runs under the session's write lock, decoding (the
// inflater) on the one reader thread; the two sides share no mutable state.
public final class SPDYFramer: @unchecked Sendable {
    private var deflater = z_stream()
    private var inflater = z_stream()
    private var inflaterReady = false

    /// The preset dictionary header blocks are compressed with.
    public static var headerDictionary: [UInt8] { SPDYDictionary.bytes }

    public init() {
        deflateInit_(&deflater, Z_BEST_COMPRESSION, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        let dictionary = SPDYDictionary.bytes
        dictionary.withUnsafeBufferPointer { _ = deflateSetDictionary(&deflater, $0.baseAddress, uInt($0.count)) }
    }

    deinit {
        deflateEnd(&deflater)
        if inflaterReady { inflateEnd(&inflater) }
    }

    // MARK: Writing

    public func encode(_ frame: SPDYFrame) -> [UInt8] {
        switch frame {
        case .data(let stream, let fin, let payload):
            var out: [UInt8] = []
            out.reserveCapacity(8 + payload.count)
            Self.put32(&out, stream & 0x7FFF_FFFF)
            out.append(fin ? SPDYFrame.flagFin : 0)
            Self.put24(&out, UInt32(payload.count))
            return out + payload
        case .synStream(let stream, let flags, let headers):
            var body: [UInt8] = []
            Self.put32(&body, stream & 0x7FFF_FFFF)
            Self.put32(&body, 0)
            body += [0, 0]  // priority 0, slot 0
            return control(.synStream, flags: flags, body + compress(headers))
        case .synReply(let stream, let fin, let headers):
            var body: [UInt8] = []
            Self.put32(&body, stream & 0x7FFF_FFFF)
            return control(.synReply, flags: fin ? SPDYFrame.flagFin : 0, body + compress(headers))
        case .headers(let stream, let fin, let headers):
            var body: [UInt8] = []
            Self.put32(&body, stream & 0x7FFF_FFFF)
            return control(.headers, flags: fin ? SPDYFrame.flagFin : 0, body + compress(headers))
        case .rstStream(let stream, let status):
            var body: [UInt8] = []
            Self.put32(&body, stream & 0x7FFF_FFFF)
            Self.put32(&body, status)
            return control(.rstStream, flags: 0, body)
        case .settings:
            return control(.settings, flags: 0, [0, 0, 0, 0])
        case .ping(let id):
            var body: [UInt8] = []
            Self.put32(&body, id)
            return control(.ping, flags: 0, body)
        case .goAway(let last, let status):
            var body: [UInt8] = []
            Self.put32(&body, last & 0x7FFF_FFFF)
            Self.put32(&body, status)
            return control(.goAway, flags: 0, body)
        case .windowUpdate(let stream, let delta):
            var body: [UInt8] = []
            Self.put32(&body, stream & 0x7FFF_FFFF)
            Self.put32(&body, delta & 0x7FFF_FFFF)
            return control(.windowUpdate, flags: 0, body)
        case .other:
            return []
        }
    }

    private func control(_ type: SPDYFrame.ControlType, flags: UInt8, _ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x80, 0x03, UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xFF), flags]
        Self.put24(&out, UInt32(body.count))
        return out + body
    }

    /// A header block: pair count, then length-prefixed lower-case names and values, deflated.
    private func compress(_ headers: [SPDYHeader]) -> [UInt8] {
        var plain: [UInt8] = []
        Self.put32(&plain, UInt32(headers.count))
        for header in headers {
            let name = Array(header.name.lowercased().utf8), value = Array(header.value.utf8)
            Self.put32(&plain, UInt32(name.count))
            plain += name
            Self.put32(&plain, UInt32(value.count))
            plain += value
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        plain.withUnsafeMutableBufferPointer { input in
            deflater.next_in = input.baseAddress
            deflater.avail_in = uInt(input.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { output in
                    deflater.next_out = output.baseAddress
                    deflater.avail_out = uInt(output.count)
                    deflate(&deflater, Z_SYNC_FLUSH)
                    out += output[0..<(output.count - Int(deflater.avail_out))]
                }
            } while deflater.avail_out == 0
        }
        return out
    }

    // MARK: Reading

    /// The next frame, or nil when the connection ended between frames.
    public func readFrame(from reader: ByteReader) throws -> SPDYFrame? {
        guard let head = try reader.read(exactly: 8) else { return nil }
        let length = Int(Self.get24(head, 5))
        guard length <= 1 << 24, let body = try reader.read(exactly: length) else {
            throw SPDYError("the connection ended inside a frame")
        }
        if head[0] & 0x80 == 0 {
            return .data(
                stream: Self.get32(head, 0) & 0x7FFF_FFFF, fin: head[4] & SPDYFrame.flagFin != 0, payload: body)
        }
        let version = UInt16(head[0] & 0x7F) << 8 | UInt16(head[1])
        guard version == 3 else { throw SPDYError("unsupported SPDY version \(version)") }
        let type = UInt16(head[2]) << 8 | UInt16(head[3])
        let flags = head[4]
        let fin = flags & SPDYFrame.flagFin != 0
        func need(_ count: Int) throws {
            if body.count < count { throw SPDYError("a control frame of type \(type) is too short") }
        }
        switch SPDYFrame.ControlType(rawValue: type) {
        case .synStream:
            try need(10)
            return .synStream(
                stream: Self.get32(body, 0) & 0x7FFF_FFFF, flags: flags, headers: try decompress(Array(body[10...])))
        case .synReply:
            try need(4)
            return .synReply(
                stream: Self.get32(body, 0) & 0x7FFF_FFFF, fin: fin, headers: try decompress(Array(body[4...])))
        case .headers:
            try need(4)
            return .headers(
                stream: Self.get32(body, 0) & 0x7FFF_FFFF, fin: fin, headers: try decompress(Array(body[4...])))
        case .rstStream:
            try need(8)
            return .rstStream(stream: Self.get32(body, 0) & 0x7FFF_FFFF, status: Self.get32(body, 4))
        case .settings:
            try need(4)
            return .settings(entries: Int(Self.get32(body, 0)))
        case .ping:
            try need(4)
            return .ping(id: Self.get32(body, 0))
        case .goAway:
            try need(8)
            return .goAway(lastGoodStream: Self.get32(body, 0) & 0x7FFF_FFFF, status: Self.get32(body, 4))
        case .windowUpdate:
            try need(8)
            return .windowUpdate(stream: Self.get32(body, 0) & 0x7FFF_FFFF, delta: Self.get32(body, 4) & 0x7FFF_FFFF)
        case nil:
            return .other(type: type)
        }
    }

    private func decompress(_ compressed: [UInt8]) throws -> [SPDYHeader] {
        if !inflaterReady {
            guard inflateInit_(&inflater, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw SPDYError("zlib could not be initialised")
            }
            inflaterReady = true
        }
        var plain: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var input = compressed
        var failure: String?
        input.withUnsafeMutableBufferPointer { input in
            inflater.next_in = input.baseAddress
            inflater.avail_in = uInt(input.count)
            while failure == nil {
                var status: Int32 = Z_OK
                var produced = 0
                chunk.withUnsafeMutableBufferPointer { output in
                    inflater.next_out = output.baseAddress
                    inflater.avail_out = uInt(output.count)
                    status = inflate(&inflater, Z_SYNC_FLUSH)
                    produced = output.count - Int(inflater.avail_out)
                    plain += output[0..<produced]
                }
                if status == Z_NEED_DICT {
                    let dictionary = SPDYDictionary.bytes
                    let set = dictionary.withUnsafeBufferPointer {
                        inflateSetDictionary(&inflater, $0.baseAddress, uInt($0.count))
                    }
                    if set != Z_OK { failure = "the header block uses an unknown compression dictionary" }
                    continue
                }
                if status == Z_BUF_ERROR || (status == Z_OK && inflater.avail_in == 0 && produced < chunk.count) {
                    break
                }
                if status != Z_OK { failure = "the header block could not be decompressed (zlib status \(status))" }
            }
        }
        if let failure { throw SPDYError(failure) }
        return try Self.parseHeaderBlock(plain)
    }

    static func parseHeaderBlock(_ plain: [UInt8]) throws -> [SPDYHeader] {
        var offset = 0
        func take32() throws -> Int {
            guard offset + 4 <= plain.count else { throw SPDYError("a header block is truncated") }
            defer { offset += 4 }
            return Int(get32(plain, offset))
        }
        func takeString() throws -> String {
            let length = try take32()
            guard length >= 0, offset + length <= plain.count else { throw SPDYError("a header block is truncated") }
            defer { offset += length }
            return String(decoding: plain[offset..<(offset + length)], as: UTF8.self)
        }
        let count = try take32()
        var headers: [SPDYHeader] = []
        for _ in 0..<count {
            let name = try takeString()
            let value = try takeString()
            headers.append(SPDYHeader(name, value))
        }
        return headers
    }

    static func put32(_ out: inout [UInt8], _ value: UInt32) {
        out += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func put24(_ out: inout [UInt8], _ value: UInt32) {
        out += [UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func get32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    static func get24(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 16 | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2])
    }
}

public struct SPDYError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
