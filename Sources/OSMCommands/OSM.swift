import CLI
import Foundation
import KubeClient
import OSMKit

/// What the process gives a run of osm: streams and environment variables. Tests pass buffers and
/// a fixed variable set; `live()` is the real process.
public struct OSMEnvironment: Sendable {
    public var stdout: any OutputSink
    public var stderr: any OutputSink
    public var stdin: any InputSource
    public var variables: [String: String]
    /// Opens a client for the cluster the global flags and environment select.
    public var connect: ClusterConnector
    /// The newest osm release tag, or nil when it cannot be learnt quickly (offline, rate-limited,
    /// `OSM_NO_UPDATE_CHECK` set). Never an error: the check must not break a working command.
    public var latestRelease: @Sendable () async -> String?
    /// Asks the desktop to open a URL (`osm dashboard`); failures are ignored, as upstream does.
    public var openURL: @Sendable (String) -> Void

    public init(
        stdout: any OutputSink, stderr: any OutputSink, stdin: any InputSource, variables: [String: String],
        connect: ClusterConnector? = nil, latestRelease: (@Sendable () async -> String?)? = nil,
        openURL: (@Sendable (String) -> Void)? = nil
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self.variables = variables
        self.connect = connect ?? ClusterConnection.live(variables: variables)
        let skip = variables["OSM_NO_UPDATE_CHECK"].map { !$0.isEmpty } ?? false
        self.latestRelease = latestRelease ?? { skip ? nil : await LatestRelease.fetch() }
        self.openURL = openURL ?? { Browser.open($0, variables: variables) }
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
        if willReachCluster(arguments) { CurlTransport.preload() }
        let root = RootCommand.make(config: config, environment: environment)
        if ShellCompletion.isRequest(arguments) {
            return await ShellCompletion.run(
                root, arguments: arguments, stdout: environment.stdout, stderr: environment.stderr,
                debugFile: environment.variables["BASH_COMP_DEBUG_FILE"])
        }
        return await CommandRunner.run(
            root, arguments: arguments, stdout: environment.stdout, stderr: environment.stderr, stdin: environment.stdin
        )
    }
}

extension OSM {
    /// Ends the client's background threads (libcurl's loading and transfer loops); the process calls
    /// it after the command, before `exit`.
    public static func finishBackgroundWork() {
        CurlTransport.finishBackgroundWork()
    }

    /// Whether these arguments name a command that talks to the cluster (so libcurl is worth loading
    /// at once, in the background, while flags are parsed and charts rendered).
    static func willReachCluster(_ arguments: [String]) -> Bool {
        let words = Set(arguments)
        if words.contains("--dry-run") || words.contains("--client-only") || words.contains("-h")
            || words.contains("--help")
        {
            return false
        }
        guard let command = arguments.first(where: { !$0.hasPrefix("-") }) else { return false }
        return [
            "install", "uninstall", "namespace", "ns", "metrics", "mesh", "dashboard", "support", "proxy", "version",
            "policy", "verify",
        ]
        .contains(command)
    }
}

extension OSMEnvironment {
    /// A client for this invocation's cluster; `--verbose` makes it log each request as `[debug] …`.
    /// Calls that fail for a passing reason (a restarting API server) are retried until the command's
    /// deadline: `timeout` (a command's --timeout, with its text) where it has one, else
    /// --request-timeout when set.
    func client(_ invocation: Invocation, timeout: FlagDuration? = nil) throws -> KubernetesClient {
        let global = invocation.flags.decode(GlobalOptions.self)
        let client = try connect(global.kubeconfig, global.context)
        client.rest.requestTimeout = global.requestTimeout.seconds
        if let timeout {
            client.rest.setDeadline(seconds: timeout.seconds, name: "--timeout \(timeout.text)")
        } else if client.rest.requestTimeout > 0 {
            client.rest.setDeadline(
                seconds: client.rest.requestTimeout, name: "--request-timeout \(global.requestTimeout.text)")
        }
        if global.verbose {
            let out = invocation.stdout
            client.rest.log = { out.write("[debug] \($0)\n") }
        }
        return client
    }
}

extension OSMEnvironment {
    /// The installer for install and upgrade: this invocation's client with the command's deadline,
    /// its steps logged as `[debug] …` under --verbose.
    func installer(_ invocation: Invocation, timeout: FlagDuration) throws -> MeshInstaller {
        let out = invocation.stdout, verbose = invocation.flags.decode(GlobalOptions.self).verbose
        return MeshInstaller(
            client: try client(invocation, timeout: timeout), debug: { if verbose { out.write("[debug] \($0)\n") } })
    }
}
