import EnvTest
import Foundation
import Testing

/// What a user gets from scripts/install.sh and scripts/package-deb.sh (issue 17), with the osm binary
/// of this build and only temporary folders: the installed binary runs, the man pages open, the
/// completions sit where each shell looks, `--uninstall` leaves nothing, and the .deb unpacks to a
/// binary that runs.
@Suite(.timeLimit(.minutes(15))) struct PackagingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("osm-pkg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func files(under folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
    }

    @Test func installRunsUninstallLeavesNothing() async throws {
        let prefix = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let script = Self.root.appendingPathComponent("scripts/install.sh").path
        var environment = ProcessInfo.processInfo.environment
        environment["OSM_BIN"] = osmBinary().path
        for _ in 0..<2 {  // twice: a re-run replaces what is there
            let installed = try await Spawn.run(script, ["--prefix", prefix.path], environment: environment, limit: 120)
            #expect(installed.status == 0, "\(installed.stderr)")
        }
        let manPages = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("man").path).filter { $0.hasSuffix(".1") }
        #expect(manPages.count > 30)
        let expected = (["bin/osm", "share/bash-completion/completions/osm", "share/zsh/site-functions/_osm",
                         "share/fish/vendor_completions.d/osm.fish", "share/osm/installed-files", "share/osm/installed-files.dirs"]
                        + manPages.map { "share/man/man1/\($0)" })
        #expect(Set(files(under: prefix).filter { !$0.hasSuffix("/") }).isSuperset(of: expected))
        let version = try await Spawn.run(prefix.appendingPathComponent("bin/osm").path, ["version", "--client-only"], limit: 30)
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("CLI Version: version.Info{Version:"))
        let page = try await Spawn.run("/usr/bin/env", ["man", "-l", "-P", "cat", prefix.appendingPathComponent("share/man/man1/osm-install.1").path],
                                       environment: ["PATH": "/usr/bin:/bin", "MANWIDTH": "80", "LANG": "C"], limit: 30)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.contains("osm-install - install osm control plane"))

        let removed = try await Spawn.run(script, ["--prefix", prefix.path, "--uninstall"], environment: environment, limit: 60)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(files(under: prefix).isEmpty, "\(files(under: prefix))")
    }

    @Test func debianPackageUnpacksToARunningBinary() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["OSM_BIN"] = osmBinary().path
        environment["OSM_VERSION"] = "v1.2.4"
        environment["DEB_COMPRESSION"] = "gzip"
        let built = try await Spawn.run(Self.root.appendingPathComponent("scripts/package-deb.sh").path, [folder.path], environment: environment, limit: 300)
        #expect(built.status == 0, "\(built.stderr)")
        let deb = built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deb.hasSuffix("/osm_1.2.4_amd64.deb") || deb.hasSuffix("/osm_1.2.4_arm64.deb"), "\(deb)")
        let control = try await Spawn.run("/usr/bin/env", ["dpkg-deb", "-f", deb, "Package", "Version", "Depends"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(control.stdout.contains("Package: osm\nVersion: 1.2.4\nDepends: libc6"))
        let unpacked = folder.appendingPathComponent("root")
        let extracted = try await Spawn.run("/usr/bin/env", ["dpkg", "-x", deb, unpacked.path], environment: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"])
        #expect(extracted.status == 0, "\(extracted.stderr)")
        let version = try await Spawn.run(unpacked.appendingPathComponent("usr/bin/osm").path, ["version", "--client-only"], limit: 30)
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("CLI Version: version.Info{Version:"))
        let contents = Set(files(under: unpacked))
        #expect(contents.isSuperset(of: ["usr/share/man/man1/osm-install.1.gz", "usr/share/bash-completion/completions/osm",
                                         "usr/share/zsh/vendor-completions/_osm", "usr/share/fish/vendor_completions.d/osm.fish",
                                         "usr/share/doc/osm/copyright", "usr/share/doc/osm/changelog.gz"]))
    }
}
