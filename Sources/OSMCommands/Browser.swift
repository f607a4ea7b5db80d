import Foundation

/// Opens a URL in the user's browser the way upstream does: `open` on macOS; on Linux the first of
/// `xdg-open`, `x-www-browser`, `www-browser` found on PATH. Nothing found or a failure is not an error.
enum Browser {
    static func open(_ url: String, variables: [String: String]) {
        #if os(macOS)
        let candidates = ["open"]
        #else
        let candidates = ["xdg-open", "x-www-browser", "www-browser"]
        #endif
        let folders = (variables["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in candidates {
            for folder in folders {
                let path = folder + "/" + name
                guard FileManager.default.isExecutableFile(atPath: path) else { continue }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: path)
                process.arguments = [url]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                if (try? process.run()) != nil { return }
            }
        }
    }
}
