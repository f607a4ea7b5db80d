import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Child processes through posix_spawn and waitpid, with files for the standard streams. (Foundation's
/// `Process.waitUntilExit` was seen hanging here after the child had ended, and a test must never hang.)
public enum Spawn {
    public struct Outcome: Sendable {
        /// The exit status, or 128 + the signal that ended the process; nil when it was killed at the limit.
        public var status: Int32?
        public var signal: Int32?
        public var stdout: String
        public var stderr: String
    }

    /// Runs `program` to its end (killed with SIGKILL after `limit` seconds), feeding `stdin`. With
    /// `whileRunning`, that runs once the process has started, and the process gets SIGINT (Ctrl-C) when
    /// it returns.
    public static func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil,
                           stdin: String = "", limit: Double = 300,
                           whileRunning: (@Sendable () async -> Void)? = nil) async throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("osm-spawn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in"), output = folder.appendingPathComponent("out"), errors = folder.appendingPathComponent("err")
        try Data(stdin.utf8).write(to: input)
        let pid = try start(program, arguments, environment: environment, stdin: input.path, stdout: output.path, stderr: errors.path)
        let deadline = Date().addingTimeInterval(limit)
        var status: Int32 = 0
        var killed = false
        let finished = Flag()
        let during = whileRunning.map { body in Task { await body(); finished.set() } }
        var interrupted = false
        defer { during?.cancel() }
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if during != nil, !interrupted, finished.isSet {
                kill(pid, SIGINT)
                interrupted = true
            }
            if done < 0 && errno != EINTR { throw SpawnError("waitpid failed: \(String(describing: strerror(errno)))") }
            if Date() >= deadline && !killed {
                kill(pid, SIGKILL)
                killed = true
            }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        let text = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        let signalled = status & 0x7f
        return Outcome(status: killed ? nil : (signalled == 0 ? (status >> 8) & 0xff : nil),
                       signal: signalled == 0 ? nil : signalled, stdout: text(output), stderr: text(errors))
    }

    /// Starts `program` detached from our streams (stdin from /dev/null, output discarded); not waited for.
    public static func detach(_ program: String, _ arguments: [String]) throws {
        _ = try start(program, arguments, environment: nil, stdin: "/dev/null", stdout: "/dev/null", stderr: "/dev/null")
    }

    static func start(_ program: String, _ arguments: [String], environment: [String: String]?,
                      stdin: String, stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard result == 0 else { throw SpawnError("cannot start \(program): \(String(cString: strerror(result)))") }
        return pid
    }
}

public struct SpawnError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
