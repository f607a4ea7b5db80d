import CLI
import KubeClient
import OSMKit
import ValueKit

private let meshLong = """
    Lists the OSM control planes in the cluster and upgrades one of them.
    """

private let listLong = """
    Lists every OSM control plane in the cluster with its namespace, version, the namespaces it
    watches and the SMI API versions its controller supports.
    """

private let upgradeLong = """
    Upgrades a control plane to the chart this binary carries (or --osm-chart-path). The new
    release uses that chart's defaults plus the values given with --set; other values given at
    install time are not carried over, so pass them again. The mesh name and the single-mesh
    setting of the installed release are kept. The mesh's MeshConfig is left as it is.
    """

enum MeshCommands {
    static func make(managed: Bool, environment: OSMEnvironment) -> Command {
        let mesh = Command(use: "mesh", short: "manage osm installations", long: meshLong)
        mesh.add(
            Command(
                use: "list", short: "list control planes in k8s cluster", long: listLong, args: .exactly(0),
                flags: [
                    Flag(
                        "local-port", shorthand: "p", kind: .uint16, default: "9091",
                        usage: "Kept for compatibility; controllers are reached through the API server's pod proxy"),
                    OutputFormat.flag,
                ],
                action: { invocation in try await list(invocation, environment) }))
        if !managed {
            mesh.add(
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
                    }))
        }
        return mesh
    }

    /// `osm mesh list` (spec §2.5), with SMI versions read through the pod proxy instead of a port-forward.
    static func list(_ invocation: Invocation, _ environment: OSMEnvironment) async throws {
        let output = try OutputFormat(invocation)
        let client = try environment.client(invocation)
        let meshes: [MeshInfo], smi: [[String]]
        do {
            (meshes, smi) = try await collect(client)
        } catch {
            if output == .text { invocation.stdout.write("Unable to list meshes within the cluster.\n") }
            throw error
        }
        if output != .text {
            let rows: [Value] = zip(meshes, smi).map { mesh, versions in
                [
                    "name": .string(mesh.name), "namespace": .string(mesh.namespace), "version": .string(mesh.version),
                    "added_namespaces": .array(mesh.monitoredNamespaces.map { .string($0) }),
                    "smi_supported": .array(versions.map { .string($0) }),
                ]
            }
            invocation.stdout.write(try output.render(["meshes": .array(rows)]))
            return
        }
        invocation.stdout.write(text(meshes, smi))
    }

    /// The text output of `mesh list`, as `uninstall mesh` also prints it.
    /// For meshes already discovered, pass them in: they are not looked up again.
    static func listText(_ client: KubernetesClient, meshes known: [MeshInfo]? = nil) async throws -> String {
        let (meshes, smi) = try await collect(client, meshes: known)
        return text(meshes, smi)
    }

    /// The meshes and, for each, the SMI versions its controller reports.
    static func collect(
        _ client: KubernetesClient, meshes known: [MeshInfo]? = nil
    ) async throws -> ([MeshInfo], [[String]]) {
        let meshes: [MeshInfo]
        if let known { meshes = known } else { meshes = try await MeshDiscovery.list(client, withoutController: true) }
        var smi: [[String]] = []
        for mesh in meshes { smi.append(await MeshDiscovery.smiVersions(client, namespace: mesh.namespace)) }
        return (meshes, smi)
    }

    static func text(_ meshes: [MeshInfo], _ smi: [[String]]) -> String {
        guard !meshes.isEmpty else { return "No osm mesh control planes found\n" }
        var out = ""
        var first = TabWriter()
        first.write("\nMESH NAME\tMESH NAMESPACE\tVERSION\tADDED NAMESPACES\n")
        for m in meshes {
            first.write("\(m.name)\t\(m.namespace)\t\(m.version)\t\(m.monitoredNamespaces.joined(separator: ","))\n")
        }
        out += first.flush()
        var second = TabWriter()
        second.write("\nMESH NAME\tMESH NAMESPACE\tSMI SUPPORTED\n")
        for (m, versions) in zip(meshes, smi) {
            second.write("\(m.name)\t\(m.namespace)\t\(versions.joined(separator: ","))\n")
        }
        out += second.flush()
        out +=
            "\nTo list the OSM controller pods for a mesh, please run the following command passing in the mesh's namespace\n"
        out += "\tkubectl get pods -n <osm-mesh-namespace> -l app=osm-controller\n"
        return out
    }
}

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
