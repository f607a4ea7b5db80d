import Foundation
import Synchronization

/// A SPDY/3.1 connection carrying many streams, either side: the client opens odd-numbered streams, the
/// server even ones. One thread reads frames and hands them to their streams; writes from any thread go
/// out whole under a lock. Like the Go implementation on the other end (spdystream), no flow-control
/// windows are enforced.
// @unchecked Sendable, sound: its mutable state is only touched under its lock.
public final class SPDYSession: @unchecked Sendable {
    public let connection: any ByteConnection
    let isClient: Bool
    private let framer = SPDYFramer()
    /// Held while a frame is encoded and written: frames never interleave, and the framer's deflater
    /// sees header blocks in the order they go out.
    private let writing = Mutex(())
    private let state = Condition()
    private var streams: [UInt32: SPDYStream] = [:]
    private var nextStreamID: UInt32
    private var nextPingID: UInt32
    private var pendingPings: Set<UInt32> = []
    private var closed = false
    /// Why the connection ended, when it did not end by `close()`.
    public private(set) var failure: String?
    /// Streams the peer opens (servers); without it they are refused.
    private let onStream: (@Sendable (SPDYStream) -> Void)?

    public init(connection: any ByteConnection, isClient: Bool, onStream: (@Sendable (SPDYStream) -> Void)? = nil) {
        self.connection = connection
        self.isClient = isClient
        self.onStream = onStream
        nextStreamID = isClient ? 1 : 2
        nextPingID = isClient ? 1 : 2
    }

    /// Starts the reading thread; `pingInterval` > 0 also pings the peer that often (keeps proxies from
    /// dropping an idle tunnel, as kubectl does every 10 s).
    public func start(pingInterval: Double = 0) {
        OwnedThread.start("osm-spdy-reader", stackSize: 1 << 20) { [self] in readLoop() }
        if pingInterval > 0 {
            OwnedThread.start("osm-spdy-pinger") { [self] in
                while true {
                    state.lock()
                    let deadline = Date().addingTimeInterval(pingInterval)
                    while !closed && Date() < deadline { _ = state.wait(until: deadline) }
                    let stop = closed
                    state.unlock()
                    if stop { return }
                    ping()
                }
            }
        }
    }

    public var isClosed: Bool { state.withLock { closed } }

    /// Opens a stream with these headers; does not wait for the peer's reply (see `SPDYStream.waitForReply`).
    public func openStream(headers: [SPDYHeader], fin: Bool = false) throws -> SPDYStream {
        // The ID is taken with the write lock held: SPDY needs stream IDs to reach the peer in
        // increasing order, also when several threads open streams at once.
        try writing.withLock { _ in
            let stream: SPDYStream = try state.withLock {
                if closed { throw SPDYError(failure ?? "the connection is closed") }
                let id = nextStreamID
                nextStreamID += 2
                let stream = SPDYStream(id: id, headers: headers, session: self, localFinished: fin)
                streams[id] = stream
                return stream
            }
            try write(.synStream(stream: stream.id, flags: fin ? SPDYFrame.flagFin : 0, headers: headers))
            return stream
        }
    }

    /// Sends a PING; the peer echoes it.
    public func ping() {
        let id: UInt32 = state.withLock {
            let id = nextPingID
            nextPingID = nextPingID &+ 2
            pendingPings.insert(id)
            return id
        }
        try? send(.ping(id: id))
    }

    /// Says GOAWAY and closes the connection underneath; every stream's reads end.
    public func close() {
        let first: Bool = state.withLock {
            defer {
                closed = true
                // Wakes the pinger, which would otherwise hold the session until its next ping is due.
                state.broadcast()
            }
            return !closed
        }
        guard first else { return }
        // A courtesy only: a writer stuck on a full connection holds the lock, and closing the
        // connection is what frees it.
        _ = writing.withLockIfAvailable { _ in try? write(.goAway(lastGoodStream: 0, status: 0)) }
        connection.close()
        endAllStreams()
    }

    func send(_ frame: SPDYFrame) throws {
        try writing.withLock { _ throws(SPDYError) in try write(frame) }
    }

    /// Encodes and writes one frame; the caller holds `writing`.
    private func write(_ frame: SPDYFrame) throws(SPDYError) {
        let bytes = framer.encode(frame)
        do {
            try connection.write(bytes)
        } catch {
            throw SPDYError("the tunnel to the server failed: \(error)")
        }
    }

    func forget(_ id: UInt32) {
        state.withLock { _ = streams.removeValue(forKey: id) }
    }

    private func stream(_ id: UInt32) -> SPDYStream? { state.withLock { streams[id] } }

    private func readLoop() {
        let reader = ByteReader(connection)
        while true {
            let frame: SPDYFrame?
            do {
                frame = try framer.readFrame(from: reader)
            } catch {
                state.withLock { if !closed { failure = "\(error)" } }
                break
            }
            guard let frame else { break }
            switch frame {
            case .data(let id, let fin, let payload):
                stream(id)?.received(payload, fin: fin)
            case .synReply(let id, let fin, let headers):
                stream(id)?.replied(headers: headers, fin: fin)
            case .headers(let id, let fin, _):
                if fin { stream(id)?.received([], fin: true) }
            case .rstStream(let id, let status):
                stream(id)?.wasReset(status: status)
                forget(id)
            case .synStream(let id, let flags, let headers):
                accept(id: id, flags: flags, headers: headers)
            case .ping(let id):
                let ours = state.withLock { pendingPings.remove(id) != nil }
                if !ours { try? send(.ping(id: id)) }
            case .goAway:
                state.withLock { if failure == nil && !closed { failure = "the server ended the connection (GOAWAY)" } }
            case .settings, .windowUpdate, .other:
                break
            }
        }
        state.withLock {
            if !closed && failure == nil { failure = "the server closed the connection" }
            closed = true
        }
        connection.close()
        endAllStreams()
    }

    private func accept(id: UInt32, flags: UInt8, headers: [SPDYHeader]) {
        guard let onStream, (id & 1 == 1) == !isClient else {
            try? send(
                .rstStream(
                    stream: id, status: onStream == nil ? SPDYFrame.statusRefusedStream : SPDYFrame.statusProtocolError)
            )
            return
        }
        let stream = SPDYStream(id: id, headers: headers, session: self, localFinished: false)
        if flags & SPDYFrame.flagUnidirectional != 0 { stream.markLocalFinished() }
        stream.replied(headers: [], fin: flags & SPDYFrame.flagFin != 0)
        state.withLock { streams[id] = stream }
        onStream(stream)
    }

    private func endAllStreams() {
        let all = state.withLock { () -> [SPDYStream] in
            defer { streams = [:] }
            return Array(streams.values)
        }
        for stream in all { stream.connectionEnded() }
    }
}

/// One stream of a `SPDYSession`: bytes each way, each direction ended by FIN, the whole by RST_STREAM.
/// As a `ByteConnection`, `close` resets the stream; `closeWrite` only ends this side's data.
// @unchecked Sendable, sound: its mutable state is only touched under its lock.
public final class SPDYStream: ByteConnection, @unchecked Sendable {
    public let id: UInt32
    /// The headers the stream was opened with.
    public let headers: [SPDYHeader]
    private let session: SPDYSession
    private let state = Condition()
    /// Received bytes not yet read: chunks as they arrived, and how far into the first one reads got.
    private var incoming: [[UInt8]] = []
    private var incomingOffset = 0
    private var remoteFinished = false
    private var localFinished: Bool
    private var reply: [SPDYHeader]?
    private var resetStatus: UInt32?

    init(id: UInt32, headers: [SPDYHeader], session: SPDYSession, localFinished: Bool) {
        self.id = id
        self.headers = headers
        self.session = session
        self.localFinished = localFinished
    }

    public func header(_ name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }

    /// Waits for the peer's SYN_REPLY; throws when the stream was reset or the connection ended first.
    public func waitForReply(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        state.lock()
        defer { state.unlock() }
        while reply == nil && resetStatus == nil {
            if !state.wait(until: deadline) {
                throw SPDYError("the server did not accept a new stream within \(Int(timeout)) s")
            }
        }
        if let status = resetStatus, reply == nil {
            throw SPDYError(
                status == 0
                    ? "the connection ended before the server accepted the stream"
                    : "the server refused the stream (status \(status))")
        }
    }

    /// Server side: accepts a stream the peer opened.
    public func sendReply(headers: [SPDYHeader] = []) throws {
        try session.send(.synReply(stream: id, fin: false, headers: headers))
    }

    public func read(maxLength: Int) throws -> [UInt8] {
        state.lock()
        defer { state.unlock() }
        while incoming.isEmpty && !remoteFinished && resetStatus == nil { state.wait() }
        if let first = incoming.first {
            let end = min(first.count, incomingOffset + maxLength)
            let out = Array(first[incomingOffset..<end])
            if end == first.count {
                incoming.removeFirst()
                incomingOffset = 0
            } else {
                incomingOffset = end
            }
            return out
        }
        if let status = resetStatus, status != 0, !remoteFinished {
            throw SPDYError(
                status == SPDYFrame.statusCancel
                    ? "the stream was cancelled" : "the stream was reset (status \(status))")
        }
        return []
    }

    /// Everything until the peer finishes its side (or the stream ends).
    public func readAll() throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            let more = try read(maxLength: 1 << 20)
            if more.isEmpty { return out }
            out += more
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        if state.withLock({ localFinished || resetStatus != nil }) { throw SPDYError("write on a closed stream") }
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 32768)
            try session.send(.data(stream: id, fin: false, payload: Array(bytes[offset..<end])))
            offset = end
        }
    }

    /// Ends this side's data (FIN); reads go on.
    public func closeWrite() {
        let first: Bool = state.withLock {
            defer { localFinished = true }
            return !localFinished && resetStatus == nil
        }
        if first { try? session.send(.data(stream: id, fin: true, payload: [])) }
        finishIfDone()
    }

    /// Abandons the stream (RST_STREAM CANCEL) unless both sides already finished.
    public func close() {
        let needsReset: Bool = state.withLock {
            defer {
                if resetStatus == nil { resetStatus = 0 }
                state.broadcast()
            }
            return resetStatus == nil && !(localFinished && remoteFinished)
        }
        if needsReset { try? session.send(.rstStream(stream: id, status: SPDYFrame.statusCancel)) }
        session.forget(id)
    }

    func markLocalFinished() { state.withLock { localFinished = true } }

    func received(_ payload: [UInt8], fin: Bool) {
        state.withLock {
            if !payload.isEmpty { incoming.append(payload) }
            if fin { remoteFinished = true }
            state.broadcast()
        }
        if fin { finishIfDone() }
    }

    func replied(headers: [SPDYHeader], fin: Bool) {
        state.withLock {
            if reply == nil { reply = headers }
            if fin { remoteFinished = true }
            state.broadcast()
        }
    }

    func wasReset(status: UInt32) {
        state.withLock {
            resetStatus = status
            state.broadcast()
        }
    }

    func connectionEnded() {
        state.withLock {
            if resetStatus == nil { resetStatus = 0 }
            remoteFinished = true
            state.broadcast()
        }
    }

    private func finishIfDone() {
        if state.withLock({ localFinished && remoteFinished }) { session.forget(id) }
    }
}
