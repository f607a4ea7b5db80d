import EnvTest
import Foundation
import Testing

/// The small version of `scripts/fault-sweep.sh` (issue 13): every command that talks to a cluster,
/// as a real `osm` process, once against each fault (no/malformed/missing kubeconfig, unknown context,
/// refused port, wrong CA, self-signed and expired client certificates, 401, 403, a server that never
/// answers, one that drops the connection mid-body, Ctrl-C at a random moment). Zero deaths by
/// signal, zero hangs, and one `Error:` line naming what is at fault.
@Suite(.timeLimit(.minutes(15))) struct FaultSweepTests {
    @Test func everyCommandFailsCleanlyOnEveryFault() async throws {
        let plane = try await ControlPlane.shared()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/fault_sweep.py")
        let sweep = try await Spawn.run("/usr/bin/env", ["python3", script.path, osmBinary().path, plane.directory.path, "1", "--jobs", "4"],
                                        limit: 600)
        #expect(sweep.status == 0, "\(sweep.stdout)\n\(sweep.stderr)")
        let total = sweep.stdout.split(separator: "\n").last { $0.hasPrefix("TOTAL") }.map(String.init) ?? ""
        #expect(total.hasPrefix("TOTAL runs 234 pass 234 fail 0 signal 0 hang 0"), "\(sweep.stdout)")
    }
}
