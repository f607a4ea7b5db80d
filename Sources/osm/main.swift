import CProcessStart
import Dispatch
import OSMCommands

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C cancels the running command: requests in flight are aborted (libcurl's progress callback
/// sees the cancellation), the command stops at the next step, and osm exits with 130. A second
/// Ctrl-C exits at once.
final class Interrupts: @unchecked Sendable {
    private let command: Task<Int32, Never>
    private var count = 0
    private let queue = DispatchQueue(label: "osm.interrupts")
    private var source: DispatchSourceSignal?

    init(_ command: Task<Int32, Never>) { self.command = command }

    func watch() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: queue)
        source.setEventHandler(handler: DispatchWorkItem { [self] in fire() })
        source.resume()
        self.source = source
        // A Ctrl-C before this point was only counted (CProcessStart): it interrupts the command now.
        if osm_early_interrupts() > 0 { queue.async { [self] in fire() } }
    }

    private func fire() {
        count += 1
        if count > 1 {
            // The user insists: end now, without exit()'s clean-up, which must not run while a request
            // is still inside libcurl on another thread. What was written so far is flushed first.
            fflush(nil)
            _exit(130)
        }
        command.cancel()
    }

    var interrupted: Bool { queue.sync { count > 0 } }
}

let command = Task { await OSM.execute(Array(CommandLine.arguments.dropFirst()), .live()) }
let interrupts = Interrupts(command)
interrupts.watch()
let status = await command.value
// Nothing may still run on another thread once exit() starts its clean-up.
OSM.finishBackgroundWork()
// A command that ends normally after Ctrl-C (dashboard: its way to stop) keeps its own status.
exit(interrupts.interrupted && status != 0 ? 130 : status)
