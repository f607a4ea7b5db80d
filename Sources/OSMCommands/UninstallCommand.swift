import CLI
import OSMKit

private let uninstallLong = """
    Removes OSM from the cluster.
    """

private let uninstallMeshLong = """
    Removes a control plane and its Helm release. It asks for confirmation unless --force is
    given. With --delete-cluster-wide-resources it also removes what the mesh left at cluster
    scope (CRDs, webhook configurations, the CA bundle Secret); with --delete-namespace it
    removes the control-plane namespace as well.
    """

/// `osm uninstall mesh`'s flags, each bound to its field.
struct UninstallOptions: CommandOptions {
    var meshName = ""
    var force = false
    var deleteClusterWide = false
    var deleteNamespace = false
    var localPort: UInt16 = 9091
    var caBundleSecretName = "osm-ca-bundle"
    var timeout = FlagDuration()

    static let options: [Option<Self>] = [
        .string("mesh-name", \.meshName, usage: "Name of the mesh to remove").offering(
            ClusterCompletions.meshNameValues),
        .bool("force", shorthand: "f", \.force, usage: "Do not ask for confirmation"),
        .bool(
            "delete-cluster-wide-resources", shorthand: "a", \.deleteClusterWide,
            usage: "Also delete OSM's CRDs, webhook configurations and CA bundle Secret"),
        .bool("delete-namespace", \.deleteNamespace, usage: "Also delete the control-plane namespace"),
        .uint16(
            "local-port", shorthand: "p", \.localPort, default: 9091,
            usage: "Kept for compatibility; unused, as controllers are reached through the API server's pod proxy"),
        .string(
            "ca-bundle-secret-name", \.caBundleSecretName, default: "osm-ca-bundle",
            usage: "Name of the Secret holding the mesh's CA bundle"),
        .duration(
            "timeout", \.timeout, default: "5m0s",
            usage: "How long to wait for each step of the removal, such as the chart's delete hooks"),
    ]
}

enum UninstallCommands {
    static func make(managed: Bool, environment: OSMEnvironment) -> Command {
        let uninstall = Command(
            use: "uninstall", aliases: ["delete", "del"], short: "uninstall osm", long: uninstallLong)
        uninstall.add(
            Command(
                use: "mesh", short: "uninstall osm control plane instance", long: uninstallMeshLong, args: .exactly(0),
                flags: UninstallOptions.flags,
                action: { invocation in
                    let options = invocation.flags.decode(UninstallOptions.self)
                    var settings = MeshUninstall.Options()
                    settings.meshName = options.meshName
                    settings.osmNamespace = invocation.flags.decode(GlobalOptions.self).osmNamespace
                    settings.force = options.force
                    settings.deleteClusterWide = options.deleteClusterWide
                    settings.deleteNamespace = options.deleteNamespace
                    settings.caBundleSecretName = options.caBundleSecretName
                    settings.timeout = options.timeout.seconds
                    let client = try environment.client(invocation, timeout: options.timeout)
                    let out = invocation.stdout, input = invocation.stdin
                    try await MeshUninstall(
                        options: settings, client: client, managed: managed, say: { out.write($0) },
                        readLine: { input.readLine() },
                        listText: { try await MeshCommands.listText(client, meshes: $0) }
                    ).run()
                }))
        return uninstall
    }
}
