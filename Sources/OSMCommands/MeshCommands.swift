import CLI
import OSMKit

private let meshLong = """
    Lists the OSM control planes in the cluster and upgrades one of them.
    """

enum MeshCommands {
    static func make(managed: Bool, environment: OSMEnvironment) -> Command {
        let mesh = Command(use: "mesh", short: "manage osm installations", long: meshLong)
        mesh.add(listCommand(environment))
        if !managed { mesh.add(upgrade(environment)) }
        return mesh
    }
}
