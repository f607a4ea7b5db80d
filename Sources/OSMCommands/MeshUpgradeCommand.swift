import CLI
import OSMKit

private let upgradeLong = """
    Upgrades a control plane to the chart this binary carries (or --osm-chart-path). The new
    release uses that chart's defaults plus the values given with --set; other values given at
    install time are not carried over, so pass them again. The mesh name and the single-mesh
    setting of the installed release are kept. The mesh's MeshConfig is left as it is.
    """

/// `osm mesh upgrade`'s flags, each bound to its field.
struct UpgradeOptions: CommandOptions {
    var meshName = "osm"
    var chartPath = ""
    var sets: [String] = []
    var timeout = FlagDuration()
    var dryRun = ""

    static let options: [Option<Self>] = [
        .string("mesh-name", \.meshName, default: "osm", usage: "Name of the mesh to upgrade").offering(
            ClusterCompletions.meshNameValues),
        .string(
            "osm-chart-path", \.chartPath,
            usage: "Chart directory or packaged .tgz to upgrade to instead of the built-in chart"),
        .stringArray("set", \.sets, usage: "Chart values as key=value; repeat the flag or separate pairs with commas"),
        .duration(
            "timeout", \.timeout, default: "5m0s",
            usage: "How long to wait for the upgraded control plane to be ready (upstream waits a fixed 5m)"),
        .string(
            "dry-run", \.dryRun,
            usage:
                "Print the upgraded manifests instead of upgrading; =server shows, object by object, what the cluster would change (nothing is written)",
            valueWhenBare: "client"),
    ]
}

extension MeshCommands {
    /// `osm mesh upgrade` (spec §2.6): waits for the new pods, within --timeout.
    static func upgrade(_ environment: OSMEnvironment) -> Command {
        Command(
            use: "upgrade", short: "upgrade osm control plane", long: upgradeLong,
            example: """
                  # Upgrade mesh "osm" in osm-system to this binary's chart, with debug logging for the controller
                  osm mesh upgrade --set osm.controllerLogLevel=debug

                  # Upgrade the mesh "east" in its own namespace, giving it up to ten minutes to become ready
                  osm mesh upgrade --mesh-name east --osm-namespace east-system --timeout 10m
                """,
            args: .any, flags: UpgradeOptions.flags,
            action: { invocation in
                let options = invocation.flags.decode(UpgradeOptions.self)
                let global = invocation.flags.decode(GlobalOptions.self)
                var request = InstallRequest(
                    chartPath: options.chartPath, meshName: options.meshName, namespace: global.osmNamespace,
                    enforceSingleMesh: true)
                request.sets = options.sets
                let out = invocation.stdout
                switch try DryRunMode(options.dryRun) {
                case .client:
                    request.isUpgrade = true
                    out.write(try InstallPlanner.render(request).templateOutput)
                    return
                case .server:
                    out.write(
                        try await environment.installer(invocation, timeout: options.timeout).upgradePreview(request))
                    return
                case .none:
                    break
                }
                try await environment.installer(invocation, timeout: options.timeout)
                    .upgrade(request, timeout: options.timeout.seconds)
                out.write("OSM successfully upgraded mesh [\(request.meshName)] in namespace [\(request.namespace)]\n")
            })
    }
}
