import HelmEngine
import OSMChart

extension EmbeddedChart {
    /// The embedded chart, loaded as a chart directory would be.
    public static func load() throws(ChartError) -> Chart {
        try ChartLoader.loadFiles(files.map { ($0.path, Array($0.text.utf8)) })
    }
}
