import Foundation
import PackagePlugin

/// Generates the OSMChart target's `EmbeddedChart.swift` from `charts/osm` at build time, so the
/// binary carries its chart (a copied binary still works) and no generated source is committed.
/// The build runs the generator again whenever a chart file changes.
@main struct EmbedChart: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let chart = context.package.directoryURL.appending(path: "charts/osm")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: chart, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let file as URL in walker
            where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(file)
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedChart.swift")
        return [
            .buildCommand(
                displayName: "Embedding charts/osm", executable: try context.tool(named: "embed-chart").url,
                arguments: [chart.path, output.path], inputFiles: inputs, outputFiles: [output])
        ]
    }
}
