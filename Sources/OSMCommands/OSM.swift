import CLI
import Foundation
import OSMKit

/// What the process gives a run of osm: streams and environment variables. Tests pass buffers and
/// a fixed variable set; `live()` is the real process.
public struct OSMEnvironment: Sendable {
    public var stdout: any OutputSink
    public var stderr: any OutputSink
    public var stdin: any InputSource
    public var variables: [String: String]

    public init(stdout: any OutputSink, stderr: any OutputSink, stdin: any InputSource, variables: [String: String]) {
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self.variables = variables
    }

    public static func live() -> OSMEnvironment {
        OSMEnvironment(
            stdout: FileSink.standardOutput, stderr: FileSink.standardError, stdin: StandardInput(),
            variables: ProcessInfo.processInfo.environment)
    }
}

/// The osm command line: one call runs one command and returns the exit status.
public enum OSM {
    public static func execute(_ arguments: [String], _ environment: OSMEnvironment) async -> Int32 {
        let config: EnvironmentConfig
        do {
            config = try EnvironmentConfig.load(variables: environment.variables)
        } catch {
            environment.stderr.write("Error parsing environment configuration: \(error.description)\n")
            return 1
        }
        let root = RootCommand.make(config: config, environment: environment)
        return await CommandRunner.run(
            root, arguments: arguments, stdout: environment.stdout, stderr: environment.stderr, stdin: environment.stdin)
    }
}

/// A command whose issue has not landed yet: it parses its flags like the real one, then says so.
struct NotImplemented: Error, CustomStringConvertible {
    let command: String
    var description: String { "\(command) is not implemented yet" }

    static func action(_ command: String) -> CommandAction {
        { _ in throw NotImplemented(command: command) }
    }
}
