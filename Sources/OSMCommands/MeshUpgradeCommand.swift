import CLI
import OSMKit

private let upgradeLong = """
    Upgrades a control plane to the chart this binary carries (or --osm-chart-path). The new
    release uses that chart's defaults plus the values given with --set; other values given at
    install time are not carried over, so pass them again. The mesh name and the single-mesh
    setting of the installed release are kept. The mesh's MeshConfig is left as it is.
    """

extension MeshCommands {
    /// `osm mesh upgrade` (spec §2.6): waits for the new pods, within --timeout.
    static func upgrade(_ environment: OSMEnvironment) -> Command {
        Command(
            use: "upgrade", short: "upgrade osm control plane", long: upgradeLong, args: .any,
            flags: [
                .string("mesh-name", default: "osm", usage: "Name of the mesh to upgrade"),
                .string(
                    "osm-chart-path",
                    usage: "Chart directory or packaged .tgz to upgrade to instead of the built-in chart"),
                Flag(
                    "set", kind: .stringArray,
                    usage: "Chart values as key=value; repeat the flag or separate pairs with commas"),
                Flag(
                    "timeout", kind: .duration, default: "5m0s",
                    usage:
                        "How long to wait for the upgraded control plane to be ready (upstream waits a fixed 5m)"
                ),
            ],
            action: { invocation in
                let flags = invocation.flags
                var request = InstallRequest(
                    chartPath: flags.string("osm-chart-path"), meshName: flags.string("mesh-name"),
                    namespace: flags.string("osm-namespace"), enforceSingleMesh: true)
                request.sets = flags.strings("set")
                let out = invocation.stdout
                let verbose = flags.bool("verbose")
                try await MeshInstaller(
                    client: try environment.client(invocation),
                    debug: { if verbose { out.write("[debug] \($0)\n") } }
                )
                .upgrade(request, timeout: Double(flags.duration("timeout").nanoseconds) / 1e9)
                out.write(
                    "OSM successfully upgraded mesh [\(request.meshName)] in namespace [\(request.namespace)]\n"
                )
            })
    }
}
