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

enum UninstallCommands {
    static func make(managed: Bool, environment: OSMEnvironment) -> Command {
        let uninstall = Command(
            use: "uninstall", aliases: ["delete", "del"], short: "uninstall osm", long: uninstallLong)
        uninstall.add(
            Command(
                use: "mesh", short: "uninstall osm control plane instance", long: uninstallMeshLong, args: .exactly(0),
                flags: [
                    .string("mesh-name", usage: "Name of the mesh to remove"),
                    .bool("force", shorthand: "f", usage: "Do not ask for confirmation"),
                    .bool(
                        "delete-cluster-wide-resources", shorthand: "a",
                        usage: "Also delete OSM's CRDs, webhook configurations and CA bundle Secret"),
                    .bool("delete-namespace", usage: "Also delete the control-plane namespace"),
                    Flag(
                        "local-port", shorthand: "p", kind: .uint16, default: "9091",
                        usage: "Local port used to reach the controller"),
                    .string(
                        "ca-bundle-secret-name", default: "osm-ca-bundle",
                        usage: "Name of the Secret holding the mesh's CA bundle"),
                    Flag(
                        "timeout", kind: .duration, default: "5m0s",
                        usage: "How long to wait for each step of the removal, such as the chart's delete hooks"),
                ],
                action: { invocation in
                    try await UninstallMesh(
                        invocation: invocation, client: try environment.client(invocation), managed: managed
                    ).run()
                }))
        return uninstall
    }
}
