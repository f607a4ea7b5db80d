#if canImport(Glibc)
import Glibc
#endif

/// Where a command writes: standard output, standard error, or a buffer in tests.
public protocol OutputSink: AnyObject, Sendable {
    func write(_ text: String)
    /// Whether a person is watching (a terminal): progress may then be redrawn in place.
    var isTerminal: Bool { get }
}

extension OutputSink {
    public var isTerminal: Bool { false }
}

/// Line-oriented input, as a command reads answers to prompts.
public protocol InputSource: AnyObject, Sendable {
    /// The next line without its newline; nil at end of input.
    func readLine() -> String?
}

/// Writes to a file descriptor of this process.
public final class FileSink: OutputSink {
    private let descriptor: Int32
    public init(descriptor: Int32) { self.descriptor = descriptor }
    public static let standardOutput = FileSink(descriptor: 1)
    public static let standardError = FileSink(descriptor: 2)
    public var isTerminal: Bool { isatty(descriptor) != 0 }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// Reads lines from this process's standard input.
public final class StandardInput: InputSource {
    public init() {}
    public func readLine() -> String? { Swift.readLine(strippingNewline: true) }
}

/// Collects output in memory (tests, and commands that post-process what they print).
// @unchecked Sendable, sound: written and read by the command's task only (tests and in-process runs).
public final class BufferSink: OutputSink, @unchecked Sendable {
    private var storage = ""
    /// Tests set this to see what a terminal would get.
    public let isTerminal: Bool
    public init(terminal: Bool = false) { isTerminal = terminal }
    public func write(_ text: String) { storage += text }
    public var text: String { storage }
}

/// Input given up front, one line at a time.
// @unchecked Sendable, sound: written and read by the command's task only (tests and in-process runs).
public final class ScriptedInput: InputSource, @unchecked Sendable {
    private var lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public func readLine() -> String? { lines.isEmpty ? nil : lines.removeFirst() }
}
