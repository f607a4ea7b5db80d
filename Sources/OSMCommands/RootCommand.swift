import CLI
import OSMKit

private let rootLong = """
    osm sets up and looks after Open Service Mesh: it installs and removes the control plane,
    puts namespaces under a mesh, switches metrics on and off, and gathers what support needs
    when something goes wrong.
    """

/// The flags every command has (cobra's persistent flags on the root).
struct GlobalOptions: CommandOptions {
    var osmNamespace = ""
    var verbose = false
    var kubeconfig = ""
    var context = ""
    var requestTimeout = FlagDuration()

    static let options: [Option<Self>] = options(namespace: "osm-system")

    /// `namespace`: the default of --osm-namespace (the environment's OSM_NAMESPACE, else osm-system).
    static func options(namespace: String) -> [Option<Self>] {
        [
            .string(
                "osm-namespace", \.osmNamespace, default: namespace, usage: "Namespace the OSM control plane runs in"
            )
            .offering(ClusterCompletions.controlPlaneNamespaceValues),
            .bool("verbose", \.verbose, usage: "Print debug lines while the command runs"),
            .string(
                "kubeconfig", \.kubeconfig,
                usage: "Path to the kubeconfig file to use instead of KUBECONFIG or ~/.kube/config"),
            .string("context", \.context, usage: "Name of the kubeconfig context to use instead of the current one"),
            .duration(
                "request-timeout", \.requestTimeout, default: "0s",
                usage: "Longest wait for one answer of the API server (0: no limit)"),
        ]
    }
}

enum RootCommand {
    /// The whole tree; managed installs do not get the commands that change the control plane.
    static func make(config: EnvironmentConfig, environment: OSMEnvironment) -> Command {
        let root = Command(
            use: "osm", short: "Install and manage Open Service Mesh", long: rootLong,
            persistentFlags: GlobalOptions.options(namespace: config.namespace).map(\.flag))
        root.add(
            CompletionCommand.make(root: root),
            EnvCommand.make(config: config),
            CommandRunner.helpCommand(root: root),
            MeshCommands.make(managed: config.isManaged, environment: environment),
            MetricsCommands.make(environment: environment),
            NamespaceCommands.make(environment: environment),
            PolicyCommands.make(environment: environment),
            ProxyCommands.make(environment: environment),
            SupportCommands.make(environment: environment),
            UninstallCommands.make(managed: config.isManaged, environment: environment),
            VerifyCommands.make(environment: environment),
            VersionCommand.make(config: config, environment: environment),
            DocsCommand.make(root: root)
        )
        if !config.isManaged {
            root.add(InstallCommand.make(environment: environment), DashboardCommand.make(environment: environment))
        }
        // Names from the cluster for the flags that declare them (`offering`).
        root.completesValues(named: ClusterCompletions.meshNameValues, with: ClusterCompletions.meshNames(environment))
        root.completesValues(
            named: ClusterCompletions.controlPlaneNamespaceValues,
            with: ClusterCompletions.controlPlaneNamespaces(environment))
        return root
    }
}
