import CLI
import OSMKit
import ValueKit

/// `osm metrics enable|disable`'s flags.
struct MetricsOptions: CommandOptions {
    var namespaces: [String] = []
    static let options: [Option<Self>] = options(state: "on")
    /// `state`: on or off, as the help says.
    static func options(state: String) -> [Option<Self>] {
        [
            .strings(
                "namespace", \.namespaces,
                usage: "Namespaces to turn metrics \(state) for (comma-separated or repeated)")
        ]
    }
}

private let metricsLong = """
    Turns Prometheus scraping of the sidecars on or off, per namespace.
    """

enum MetricsCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let metrics = Command(use: "metrics", short: "manage metrics", long: metricsLong)
        metrics.add(toggle(enable: true, environment), toggle(enable: false, environment))
        return metrics
    }

    static func toggle(enable: Bool, _ environment: OSMEnvironment) -> Command {
        let verb = enable ? "enable" : "disable", state = enable ? "on" : "off"
        return Command(
            use: "\(verb) ...", short: "\(verb) metrics",
            long: "Turns \(state) metrics for the given mesh namespaces and for the pods already running in them.",
            args: .none,
            flags: MetricsOptions.options(state: state).map(\.flag),
            action: { invocation in
                let namespaces = invocation.flags.decode(MetricsOptions.self).namespaces
                // Fixed quirk (Appendix C.6): without namespaces upstream silently did nothing.
                guard !namespaces.isEmpty else { throw OSMError("required flag(s) \"namespace\" not set") }
                let out = invocation.stdout
                try await MetricsToggle(client: try environment.client(invocation), print: { out.write($0) }).run(
                    namespaces, enable: enable)
            }
        ).completesFlag(
            "namespace",
            with: ClusterCompletions.commaSeparated(ClusterCompletions.namespaces(environment, inMesh: true)))
    }
}
