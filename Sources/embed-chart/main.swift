import Foundation

// embed-chart CHART_DIR OUTPUT: writes a Swift file holding every file of the chart directory, in
// path order, as `EmbeddedChart.files` (run by the EmbedChart build-tool plugin).
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: embed-chart CHART_DIR OUTPUT\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1]).standardizedFileURL
var files: [(String, String)] = []
if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
    for case let file as URL in walker
    where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        let path = String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            FileHandle.standardError.write(Data("embed-chart: \(path) is not UTF-8 text\n".utf8))
            exit(1)
        }
        // The raw-string delimiter below must not occur in a chart file.
        guard !text.contains("\"\"\"##") else {
            FileHandle.standardError.write(Data("embed-chart: \(path) contains the raw-string delimiter\n".utf8))
            exit(1)
        }
        files.append((path, text))
    }
}
files.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
var out = "// Generated at build time from charts/osm by the EmbedChart plugin.\n\n"
out += "/// The OSM control-plane chart this binary installs when no --osm-chart-path is given.\n"
out += "public enum EmbeddedChart {\n    public static let files: [(path: String, text: String)] = [\n"
for (path, text) in files {
    out += "        (\"\(path)\", ##\"\"\"\n\(text)\n\"\"\"##),\n"
}
out += "    ]\n}\n"
do {
    try out.write(to: URL(fileURLWithPath: arguments[2]), atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("embed-chart: cannot write \(arguments[2]): \(error)\n".utf8))
    exit(1)
}
