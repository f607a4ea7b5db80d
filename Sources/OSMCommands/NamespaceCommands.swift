import CLI
import OSMKit
import ValueKit

private let namespaceLong = """
    Adds namespaces to a mesh, removes them, marks them as ignored, and lists them.
    """

private let addLong = """
    Puts each namespace under the mesh: labels it as monitored by the mesh and turns on sidecar
    injection for its new pods (unless --disable-sidecar-injection). Pods already running keep
    running without a sidecar until they are restarted.
    """

private let removeLong = """
    Takes a namespace out of the mesh by removing OSM's labels and annotations. Running pods keep
    their sidecars until they are restarted.
    """

private let ignoreLong = """
    Marks namespaces so that the mesh leaves them alone, even if they are labelled for it.
    """

private let listLong = """
    Lists the namespaces that belong to a mesh, with the mesh and whether sidecar injection is on.
    Give a mesh name to see only that mesh's namespaces.
    """

/// `osm namespace add`'s flags.
struct NamespaceAddOptions: CommandOptions {
    var meshName = "osm"
    var disableSidecarInjection = false
    static let options: [Option<Self>] = [
        .string("mesh-name", \.meshName, default: "osm", usage: "Name of the mesh to add the namespaces to").offering(
            ClusterCompletions.meshNameValues),
        .bool(
            "disable-sidecar-injection", \.disableSidecarInjection,
            usage: "Add the namespaces without turning on sidecar injection"),
    ]
}

/// `osm namespace remove`'s flags.
struct NamespaceRemoveOptions: CommandOptions {
    var meshName = "osm"
    static let options: [Option<Self>] = [
        .string("mesh-name", \.meshName, default: "osm", usage: "Name of the mesh the namespace belongs to").offering(
            ClusterCompletions.meshNameValues)
    ]
}

/// `osm namespace list`'s flags (and the shared -o).
struct NamespaceListOptions: CommandOptions {
    var meshName = ""
    static let options: [Option<Self>] = [
        .string("mesh-name", \.meshName, usage: "Only list the namespaces of this mesh").offering(
            ClusterCompletions.meshNameValues)
    ]
}

enum NamespaceCommands {
    static func make(environment: OSMEnvironment) -> Command {
        let ns = Command(use: "namespace", aliases: ["ns"], short: "manage osm namespaces", long: namespaceLong)
        ns.add(
            Command(
                use: "add NAMESPACE ...", short: "add namespace to mesh", long: addLong,
                example: """
                      # Put two namespaces under mesh "osm"; their new pods get sidecars
                      osm namespace add bookstore bookbuyer

                      # Put a namespace under mesh "east" without turning on sidecar injection
                      osm namespace add legacy --mesh-name east --disable-sidecar-injection
                    """,
                args: .atLeast(1),
                flags: NamespaceAddOptions.flags,
                action: { invocation in
                    let options = invocation.flags.decode(NamespaceAddOptions.self)
                    let out = invocation.stdout
                    try await NamespaceMembership(client: try environment.client(invocation), print: { out.write($0) })
                        .add(
                            invocation.arguments, mesh: options.meshName,
                            disableSidecarInjection: options.disableSidecarInjection)
                }
            ).completesArguments(with: ClusterCompletions.namespaces(environment, inMesh: false)),
            Command(
                use: "remove <NAMESPACE>", short: "remove namespace from mesh", long: removeLong, args: .exactly(1),
                flags: NamespaceRemoveOptions.flags,
                action: { invocation in
                    let options = invocation.flags.decode(NamespaceRemoveOptions.self)
                    let out = invocation.stdout
                    try await NamespaceMembership(client: try environment.client(invocation), print: { out.write($0) })
                        .remove(invocation.arguments[0], mesh: options.meshName)
                }
            ).completesArguments(with: ClusterCompletions.namespaces(environment, inMesh: true, single: true)),
            Command(
                use: "ignore NAMESPACE ...", short: "ignore namespace from participating in the mesh", long: ignoreLong,
                args: .atLeast(1),
                action: { invocation in
                    let out = invocation.stdout
                    try await NamespaceMembership(client: try environment.client(invocation), print: { out.write($0) })
                        .ignore(invocation.arguments)
                }
            ).completesArguments(with: ClusterCompletions.namespaces(environment, inMesh: nil)),
            Command(
                use: "list", short: "list namespaces enlisted in meshes", long: listLong, args: .atMost(1),
                flags: NamespaceListOptions.flags + [OutputFormat.flag],
                action: { invocation in
                    let output = try OutputFormat(invocation)
                    let mesh = invocation.arguments.first ?? invocation.flags.decode(NamespaceListOptions.self).meshName
                    let members = try await NamespaceMembership(
                        client: try environment.client(invocation), print: { _ in }
                    )
                    .list(mesh: mesh)
                    if output != .text {
                        let rows: [Value] = members.map {
                            [
                                "namespace": .string($0.namespace), "mesh": .string($0.mesh),
                                "sidecar_injection": .string($0.sidecarInjection),
                            ]
                        }
                        invocation.stdout.write(try output.render(["namespaces": .array(rows)]))
                        return
                    }
                    if members.isEmpty {
                        invocation.stdout.write(
                            mesh.isEmpty ? "No namespaces in any mesh\n" : "No namespaces in mesh [\(mesh)]\n")
                        return
                    }
                    var table = TabWriter()
                    table.write("NAMESPACE\tMESH\tSIDECAR-INJECTION\n")
                    for m in members { table.write("\(m.namespace)\t\(m.mesh)\t\(m.sidecarInjection)\n") }
                    invocation.stdout.write(table.flush())
                }
            ).completesArguments(with: ClusterCompletions.meshNameArgument(environment))
        )
        return ns
    }
}
