import Foundation
@testable import HelmEngine
import Testing

/// The path helpers that replaced Foundation's URL and NSString in chart loading.
struct PathTests {
    /// Go's path.Base, with the examples of its documentation and the edge cases it defines.
    @Test(arguments: [
        ("/a/b", "b"), ("/", "/"), ("", "."), ("a/b/", "b"), ("//", "/"), ("templates/_helpers.tpl", "_helpers.tpl"),
        ("name", "name"), ("a//b//", "b"),
    ])
    func goPathBase(_ input: String, _ expected: String) {
        #expect(GoPath.base(input) == expected)
    }

    /// A chart directory path as the loader reads it: absolute, `.` and `..` resolved by name.
    @Test func absolutePaths() throws {
        #expect(ChartLoader.absolutePath("/a/./b/../c/") == "/a/c")
        #expect(ChartLoader.absolutePath("/../x") == "/x")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(ChartLoader.absolutePath("charts/../osm") == (cwd == "/" ? "" : cwd) + "/osm")
    }
}
