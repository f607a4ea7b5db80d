import CLI
import KubeClient
import OSMKit
import ValueKit

private let listLong = """
    Lists every OSM control plane in the cluster with its namespace, version, the namespaces it
    watches and the SMI API versions its controller supports.
    """

extension MeshCommands {
    static func listCommand(_ environment: OSMEnvironment) -> Command {
        Command(
            use: "list", short: "list control planes in k8s cluster", long: listLong, args: .exactly(0),
            flags: [
                Flag(
                    "local-port", shorthand: "p", kind: .uint16, default: "9091",
                    usage: "Kept for compatibility; controllers are reached through the API server's pod proxy"),
                OutputFormat.flag,
            ],
            action: { invocation in try await list(invocation, environment) })
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
