import KubeClient
import ValueKit

/// `osm uninstall mesh` (spec §2.2): find the meshes, confirm, remove each release and what its
/// post-delete hook cleaned, optionally the namespace and the cluster-wide resources. The command
/// hands in its terminal: where lines go, where answers come from, and how a mesh list is printed.
public struct MeshUninstall: Sendable {
    public struct Options: Sendable {
        public var meshName = ""
        public var osmNamespace = "osm-system"
        public var force = false
        public var deleteClusterWide = false
        public var deleteNamespace = false
        public var caBundleSecretName = "osm-ca-bundle"
        public var timeout = 300.0
        public init() {}
    }

    let options: Options
    let client: KubernetesClient
    let managed: Bool
    let say: @Sendable (String) -> Void
    let readLine: @Sendable () -> String?
    let listText: @Sendable ([MeshInfo]) async throws -> String

    public init(
        options: Options, client: KubernetesClient, managed: Bool, say: @escaping @Sendable (String) -> Void,
        readLine: @escaping @Sendable () -> String?, listText: @escaping @Sendable ([MeshInfo]) async throws -> String
    ) {
        self.options = options
        self.client = client
        self.managed = managed
        self.say = say
        self.readLine = readLine
        self.listText = listText
    }

    public func run() async throws {
        var meshName = options.meshName
        var meshNamespace = options.osmNamespace
        let deleteAll = options.deleteClusterWide
        if managed {
            say("OSM CANNOT be uninstalled in a managed environment\n")
            if options.deleteNamespace { say("OSM namespace CANNOT be deleted in a managed environment\n") }
            if deleteAll { try await deleteClusterWide(mesh: meshName, namespace: meshNamespace) }
            return
        }
        let meshes: [MeshInfo]
        do {
            meshes = try await MeshDiscovery.list(client, withoutController: true)
        } catch {
            throw OSMError("unable to list meshes within the cluster: \(error)", cause: error)
        }
        guard !meshes.isEmpty else {
            say("No OSM control planes found\n")
            return
        }
        if !meshName.isEmpty && !meshes.contains(where: { $0.name == meshName }) {
            say("Did not find mesh [\(meshName)] in namespace [\(meshNamespace)]\n")
            say("List of meshes present in the cluster:\n")
            do { say(try await listText(meshes)) } catch {
                say("Unable to list meshes in the cluster - [\(error)]")
            }
            return
        }
        var selected: [MeshInfo] = []
        if options.force {
            if meshes.count == 1 {
                meshName = meshes[0].name
                meshNamespace = meshes[0].namespace
            }
            selected = [MeshInfo(name: meshName, namespace: meshNamespace, version: "", monitoredNamespaces: [])]
        } else {
            say("List of meshes present in the cluster:\n")
            say(try await listText(meshes))
            for mesh in meshes where meshName.isEmpty || mesh.name == meshName {
                if try confirm(
                    "\nUninstall OSM [mesh name: \(mesh.name)] in namespace [\(mesh.namespace)] and/or OSM resources?")
                {
                    selected.append(mesh)
                }
            }
        }
        for mesh in selected {
            try await uninstall(mesh, deleteAll: deleteAll)
        }
        if deleteAll { try await deleteClusterWide(mesh: meshName, namespace: meshNamespace) }
    }

    /// Upstream's y/n prompt: three tries; an empty line uses one silently.
    func confirm(_ question: String) throws -> Bool {
        for _ in 0..<3 {
            say("\(question) [y/n]: ")
            guard let line = readLine() else { throw OSMError("EOF") }
            switch line.trimmingCharacters(in: .whitespaces).lowercased() {
            case "y": return true
            case "n": return false
            case "": continue
            default: say("Invalid input.\n")
            }
        }
        return false
    }

    func uninstall(_ mesh: MeshInfo, deleteAll: Bool) async throws {
        do {
            let timeout = options.timeout
            try await ReleaseUninstaller(client: client, namespace: mesh.namespace).uninstall(
                mesh.name, timeout: timeout)
            await MeshCleanup.afterUninstall(
                client, mesh: mesh.name, namespace: mesh.namespace,
                caBundleSecret: options.caBundleSecretName)
            say("OSM [mesh name: \(mesh.name)] in namespace [\(mesh.namespace)] uninstalled\n")
        } catch {
            if error is ReleaseNotFound {
                say("No OSM control plane with mesh name [\(mesh.name)] found in namespace [\(mesh.namespace)]\n")
            } else if !deleteAll && !options.deleteNamespace {
                throw error
            } else {
                say(
                    "Could not uninstall mesh name [\(mesh.name)] in namespace [\(mesh.namespace)]- \(error) - continuing to deleteClusterWideResources and/or deleteNamespace\n"
                )
            }
        }
        if options.deleteNamespace {
            do {
                try await client.delete(.namespaces, name: mesh.namespace)
                say("OSM namespace [\(mesh.namespace)] deleted successfully\n")
            } catch let error as KubeAPIError where error.reason == .notFound {
                say("OSM namespace [\(mesh.namespace)] not found\n")
            } catch {
                throw OSMError("Could not delete OSM namespace [\(mesh.namespace)] - \(error)", cause: error)
            }
        }
    }

    func deleteClusterWide(mesh: String, namespace: String) async throws {
        try await ClusterWideCleanup(client: client, say: say).run(
            mesh: mesh, namespace: namespace, caBundleSecret: options.caBundleSecretName)
    }
}
