@testable import OSMKit
import Testing

/// The unified diff of `mesh upgrade --dry-run=server` against GNU diff's `diff -u` (expected hunks
/// produced by diffutils 3.8 on the same two texts, headers left out).
@Suite struct LineDiffTests {
    @Test func equalTextsHaveNoHunks() {
        #expect(LineDiff.unified("a\nb\n", "a\nb\n") == "")
    }

    @Test func oneChangedLineWithContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        #expect(LineDiff.unified(old, new) == """
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
    }

    @Test func distantChangesAreSeparateHunksAndEndsAreHandled() {
        let old = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...20).map { "l\($0)" }
        lines.insert("new first", at: 0)
        lines.removeAll { $0 == "l19" }
        let new = lines.joined(separator: "\n") + "\n"
        #expect(LineDiff.unified(old, new) == """
            @@ -1,3 +1,4 @@
            +new first
             l1
             l2
             l3
            @@ -16,5 +17,4 @@
             l16
             l17
             l18
            -l19
             l20

            """)
    }
}
