import Foundation
import ValueKit
import YAML

/// Loads charts from a directory or a packaged `.tgz`, as Helm's loader does.
public enum ChartLoader {
    public static func load(path: String) throws(ChartError) -> Chart {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ChartError("stat \(path): no such file or directory") }
        if (info.st_mode & S_IFMT) == S_IFDIR { return try loadDirectory(path) }
        guard let data = readFile(path) else { throw ChartError("open \(path): permission denied") }
        return try loadArchive(data)
    }

    /// A chart directory; `.helmignore` rules apply.
    public static func loadDirectory(_ path: String) throws(ChartError) -> Chart {
        let root = absolutePath(path)
        var ignore = HelmIgnore.defaults
        if let data = readFile(root + "/.helmignore") {
            ignore.add(String(decoding: data, as: UTF8.self))
        }
        var files: [(String, [UInt8])] = []
        try walk(root, relative: "", ignore: ignore, into: &files)
        return try loadFiles(files)
    }

    /// `path` made absolute against the working directory, with `.` and `..` resolved by name.
    static func absolutePath(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil {
                full =
                    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/"
                    + path
            }
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The directory's files in name order, recursively, with POSIX calls (FileManager's per-file
    /// overhead was a tenth of a whole render). Symbolic links are followed, as Helm's loader does.
    private static func walk(
        _ dir: String, relative: String, ignore: HelmIgnore, into files: inout [(String, [UInt8])]
    ) throws(ChartError) {
        guard let handle = opendir(dir) else {
            throw ChartError("open \(dir): \(String(cString: strerror(errno)))")
        }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            entries.append((name, entry.pointee.d_type))
        }
        closedir(handle)
        for (name, type) in entries.sorted(by: { $0.name < $1.name }) {
            let rel = relative.isEmpty ? name : relative + "/" + name
            let path = dir == "/" ? "/" + name : dir + "/" + name
            var isDirectory = type == UInt8(DT_DIR)
            var info = stat()
            if !isDirectory {
                // Symbolic links are followed, as Helm's loader follows them.
                guard stat(path, &info) == 0 else { continue }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            }
            if ignore.ignores(rel, isDirectory: isDirectory) { continue }
            if isDirectory {
                try walk(path, relative: rel, ignore: ignore, into: &files)
                continue
            }
            // Helm's directory loader: no devices, pipes or sockets (reading a pipe could block
            // forever), and no file over its 5 MiB limit.
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw ChartError("cannot load irregular file \(path) as it has file mode type bits set")
            }
            if Int(info.st_size) > ChartArchive.maxFileSize {
                throw ChartError(
                    "chart file \(GoSyntax.quote(name)) is larger than the maximum file size \(ChartArchive.maxFileSize)"
                )
            }
            if let data = readFile(path) {
                files.append((rel, data))
            }
        }
    }

    /// A whole file, or nil when it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: max(4096, min(Int(info.st_size) + 1, 1 << 20)))
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// A packaged chart: files under one top-level directory.
    public static func loadArchive(_ data: [UInt8]) throws(ChartError) -> Chart {
        let entries: [(path: String, bytes: [UInt8])]
        do {
            entries = try ChartArchive.untar(try ChartArchive.gunzip(data))
        } catch {
            throw ChartError(error.description)
        }
        var files: [(String, [UInt8])] = []
        for (path, bytes) in entries {
            // Helm's rule: no entry may climb out of the chart (nothing is written to disk here, but a
            // path like this has no place in a chart and would shadow files in .Files).
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                throw ChartError("chart illegally references a path outside the chart: \(path)")
            }
            let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            files.append((String(parts[1]), bytes))
        }
        if files.isEmpty { throw ChartError("no files in chart archive") }
        return try loadFiles(files)
    }

    /// A packaged subchart with only its Chart.yaml read (inflating stops once that entry is
    /// complete); nil when Chart.yaml is not among the first four entries or cannot be read that way.
    static func lazyArchive(_ data: [UInt8], context: String) throws(ChartError) -> Chart? {
        func chartYAML(_ entries: [(path: String, bytes: [UInt8])]) -> [UInt8]? {
            entries.first { entry in
                let parts = entry.path.split(separator: "/", omittingEmptySubsequences: true)
                return parts.count == 2 && parts[1] == "Chart.yaml"
            }?.bytes
        }
        // Inflating stops at Chart.yaml, or after a few entries without it (then the full load decides).
        var found: [UInt8]?
        _ = try? ChartArchive.gunzip(
            data,
            enough: { prefix in
                let entries = (try? ChartArchive.untar(prefix, partial: true)) ?? []
                found = chartYAML(entries)
                return found != nil || entries.count >= 4
            })
        guard let yaml = found, let raw = try? YAML.decodeMap(String(decoding: yaml, as: UTF8.self)) else { return nil }
        let metadata = ChartMetadata(raw: raw)
        // Anything doubtful is left to the full load, which reports it as Helm would.
        guard (try? metadata.validate()) != nil else { return nil }
        let chart = Chart(
            metadata: metadata, values: OrderedMap(), schema: nil, templates: [], files: [], dependencies: [])
        chart.pending = (data, context)
        return chart
    }

    /// Sorts the files into a chart (Helm's LoadFiles).
    public static func loadFiles(_ files: [(String, [UInt8])]) throws(ChartError) -> Chart {
        var metadata: ChartMetadata?
        var values = OrderedMap()
        var schema: [UInt8]?
        var templates: [(String, [UInt8])] = []
        var other: [(String, [UInt8])] = []
        var subchartFiles: [String: [(String, [UInt8])]] = [:]
        var subchartOrder: [String] = []
        var requirements: Value?
        for (name, data) in files {
            switch name {
            case "requirements.yaml":
                // apiVersion v1 charts list their dependencies here instead of in Chart.yaml.
                requirements = try? YAML.decodeJSONCompatible(String(decoding: data, as: UTF8.self))
                other.append((name, data))
            case "Chart.yaml":
                do {
                    metadata = ChartMetadata(raw: try YAML.decodeMap(String(decoding: data, as: UTF8.self)))
                } catch {
                    throw ChartError("cannot load Chart.yaml: \(error)")
                }
            case "values.yaml":
                do {
                    values = try YAML.decodeMap(String(decoding: data, as: UTF8.self))
                } catch {
                    throw ChartError("cannot load values.yaml: \(error)")
                }
            case "values.schema.json":
                schema = data
            default:
                if name.hasPrefix("templates/") {
                    templates.append((name, data))
                } else if name.hasPrefix("charts/") && !name.hasSuffix(".prov") {
                    let rest = String(name.dropFirst("charts/".count))
                    let chartName = String(rest.split(separator: "/", maxSplits: 1)[0])
                    if subchartFiles[chartName] == nil { subchartOrder.append(chartName) }
                    subchartFiles[chartName, default: []].append((rest, data))
                } else {
                    other.append((name, data))
                }
            }
        }
        guard var metadata else { throw ChartError("Chart.yaml file is missing") }
        if metadata.apiVersion == "v1", let deps = requirements?["dependencies"], metadata.raw["dependencies"] == nil {
            metadata.raw["dependencies"] = deps
        }
        try metadata.validate()
        var dependencies: [Chart] = []
        for chartName in subchartOrder {
            let group = subchartFiles[chartName] ?? []
            do {
                if chartName.hasSuffix(".tgz") || chartName.hasSuffix(".tar.gz"),
                    let archive = group.first(where: { $0.0 == chartName })
                {
                    let context = "error unpacking subchart \(chartName) in \(metadata.name)"
                    if let lazy = try lazyArchive(archive.1, context: context) {
                        dependencies.append(lazy)
                    } else {
                        dependencies.append(try loadArchive(archive.1))
                    }
                } else {
                    let inner = group.compactMap { (path, data) -> (String, [UInt8])? in
                        let parts = path.split(separator: "/", maxSplits: 1)
                        return parts.count == 2 ? (String(parts[1]), data) : nil
                    }
                    if inner.isEmpty { continue }
                    dependencies.append(try loadFiles(inner))
                }
            } catch {
                throw ChartError("error unpacking subchart \(chartName) in \(metadata.name): \(error.description)")
            }
        }
        return Chart(
            metadata: metadata, values: values, schema: schema, templates: templates, files: other,
            dependencies: dependencies)
    }
}

/// `.helmignore` rules: glob patterns per line, `#` comments, `!` negation, trailing `/` for
/// directories, a leading `/` anchoring at the chart root.
struct HelmIgnore {
    struct Rule {
        let pattern: String
        let negate: Bool
        let directoryOnly: Bool
        let anchored: Bool
        /// The pattern as runes, as Go's filepath.Match reads it (made once, not per file).
        let runes: [Unicode.Scalar]

        init(pattern: String, negate: Bool, directoryOnly: Bool, anchored: Bool) {
            self.pattern = pattern
            self.negate = negate
            self.directoryOnly = directoryOnly
            self.anchored = anchored
            runes = Array(pattern.unicodeScalars)
        }
    }
    var rules: [Rule] = []

    /// Helm always skips hidden files inside templates/.
    static var defaults: HelmIgnore {
        var h = HelmIgnore()
        h.add("templates/.?*")
        return h
    }

    mutating func add(_ text: String) {
        for raw in text.split(whereSeparator: \.isNewline) {
            var trimmed = Substring(raw)
            while let c = trimmed.first, c == " " || c == "\t" { trimmed.removeFirst() }
            while let c = trimmed.last, c == " " || c == "\t" { trimmed.removeLast() }
            var line = String(trimmed)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negate = false
            if line.hasPrefix("!") { negate = true; line.removeFirst() }
            var directoryOnly = false
            if line.hasSuffix("/") { directoryOnly = true; line.removeLast() }
            var anchored = false
            if line.hasPrefix("/") { anchored = true; line.removeFirst() }
            rules.append(
                Rule(
                    pattern: line, negate: negate, directoryOnly: directoryOnly,
                    anchored: anchored || line.utf8.contains(UInt8(ascii: "/"))))
        }
    }

    func ignores(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        let full = Array(path.unicodeScalars)
        let base = full.split(separator: "/").last.map(Array.init) ?? full
        for rule in rules {
            if rule.directoryOnly && !isDirectory { continue }
            let matched = rule.anchored ? fnmatch(rule.runes, full) : fnmatch(rule.runes, base)
            if matched { ignored = !rule.negate }
        }
        return ignored
    }

    /// filepath.Match on runes: `*`, `?`, `[...]`, `\` escapes; `*` does not cross `/`.
    func fnmatch(_ p: [Unicode.Scalar], _ n: [Unicode.Scalar]) -> Bool {
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == n.count }
            switch p[i] {
            case "*":
                var k = j
                while true {
                    if match(i + 1, k) { return true }
                    if k == n.count || n[k] == "/" { return false }
                    k += 1
                }
            case "?":
                return j < n.count && n[j] != "/" && match(i + 1, j + 1)
            case "[":
                guard j < n.count, let close = p[(i + 1)...].firstIndex(of: "]") else { return false }
                var set = Array(p[(i + 1)..<close])
                var negate = false
                if set.first == "^" || set.first == "!" { negate = true; set.removeFirst() }
                var found = false
                var k = 0
                while k < set.count {
                    if k + 2 < set.count && set[k + 1] == "-" {
                        if set[k] <= n[j] && n[j] <= set[k + 2] { found = true }
                        k += 3
                    } else {
                        if set[k] == n[j] { found = true }
                        k += 1
                    }
                }
                return found != negate && match(close + 1, j + 1)
            case "\\" where i + 1 < p.count:
                return j < n.count && n[j] == p[i + 1] && match(i + 2, j + 1)
            default:
                return j < n.count && n[j] == p[i] && match(i + 1, j + 1)
            }
        }
        return match(0, 0)
    }
}
