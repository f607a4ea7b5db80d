import Foundation
import ValueKit

/// A two-way byte stream whose set-up (TCP, TLS) is done: a connection upgraded away from HTTP, a
/// forwarded port, or an in-memory pipe in tests. Calls block; `close` wakes a blocked `read`.
public protocol ByteConnection: AnyObject, Sendable {
    /// Some bytes (at most `maxLength`) as soon as any arrive; an empty array when the peer closed.
    func read(maxLength: Int) throws -> [UInt8]
    /// Every byte, blocking while the peer is slow.
    func write(_ bytes: [UInt8]) throws
    /// Ends both directions.
    func close()
}

/// Exact-length and delimited reads over a `ByteConnection`, keeping what was read ahead.
// @unchecked Sendable, sound: used by the one thread that reads its connection.
public final class ByteReader: @unchecked Sendable {
    public let connection: any ByteConnection
    private var buffered: [UInt8] = []
    private var start = 0

    public init(_ connection: any ByteConnection, alreadyRead: [UInt8] = []) {
        self.connection = connection
        self.buffered = alreadyRead
    }

    /// Bytes read ahead and not yet consumed.
    public var pending: ArraySlice<UInt8> { buffered[start...] }

    /// False when the peer closed before another byte arrived.
    private func fill() throws -> Bool {
        if start > 0 && start >= buffered.count / 2 {
            buffered.removeSubrange(..<start)
            start = 0
        }
        let more = try connection.read(maxLength: 65536)
        if more.isEmpty { return false }
        buffered += more
        return true
    }

    /// Exactly `count` bytes, or nil when the peer closed first (cleanly, between messages, if nothing was read).
    public func read(exactly count: Int) throws -> [UInt8]? {
        while buffered.count - start < count {
            if try !fill() { return nil }
        }
        let out = Array(buffered[start..<(start + count)])
        start += count
        return out
    }

    /// Whatever is buffered, or the next bytes to arrive; empty when the peer closed.
    public func readAvailable(maxLength: Int = 65536) throws -> [UInt8] {
        if start == buffered.count, try !fill() { return [] }
        let end = min(buffered.count, start + maxLength)
        let out = Array(buffered[start..<end])
        start = end
        return out
    }

    /// The bytes up to and including `delimiter`; nil when the peer closed first or `limit` bytes passed without it.
    public func read(through delimiter: [UInt8], limit: Int = 1 << 20) throws -> [UInt8]? {
        while true {
            if let end = buffered.index(ofBytes: delimiter, from: start) {
                let out = Array(buffered[start..<(end + delimiter.count)])
                start = end + delimiter.count
                return out
            }
            if buffered.count - start > limit { return nil }
            if try !fill() { return nil }
        }
    }
}
