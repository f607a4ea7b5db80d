// Loads and renders a chart N times in one process through the same path as
// `osm install --dry-run` (HelmRenderer), for Benchmarks/render.sh.
import Foundation
import HelmEngine
import ValueKit

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write("usage: render-bench CHARTDIR [REPEAT]\n".data(using: .utf8)!)
    exit(2)
}
let repeatCount = args.count > 2 ? Int(args[2]) ?? 1 : 1
do {
    var out = ""
    for _ in 0..<repeatCount {
        let chart = try ChartLoader.load(path: args[1])
        var options = RenderOptions()
        options.releaseName = "bench"
        options.namespace = "bench-system"
        out = try HelmRenderer.render(chart: chart, userValues: OrderedMap(), options: options).templateOutput
    }
    print(out, terminator: "")
} catch {
    FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
    exit(1)
}
