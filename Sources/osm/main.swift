import CProcessStart
import Dispatch
import OSMCommands

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C cancels the running command: requests in flight are aborted (libcurl's progress callback
/// sees the cancellation), the command stops at the next step, and osm exits with 130. A second
/// Ctrl-C exits at once.
// @unchecked Sendable, sound: count and source are only touched on its serial queue.
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

/// The command's exit status, handed from the task that runs it to the main thread, which waits.
/// (An async top level would park the main thread in dispatch_main, which ends it with
/// pthread_exit: glibc then loads libgcc_s just to unwind it.)
// @unchecked Sendable, sound: status is written before the semaphore is signalled and read after the wait.
final class Outcome: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var status: Int32 = 1
    func finish(_ value: Int32) {
        status = value
        done.signal()
    }
    func wait() -> Int32 {
        done.wait()
        return status
    }
}

let outcome = Outcome()
// The priority a task started from the main thread gets: child tasks and the cooperative threads
// they run on follow it (at the default priority an install took a third longer).
let arguments = Array(CommandLine.arguments.dropFirst())
let command = Task.detached(priority: .userInitiated) {
    let status = await OSM.execute(arguments, .live())
    outcome.finish(status)
    return status
}
let interrupts = Interrupts(command)
interrupts.watch()
let status = outcome.wait()
// Stop libcurl's threads (transfers nobody waits for are aborted), then end without exit()'s
// clean-up: OpenSSL's atexit handler freeing what a transfer loop that has not yet returned still
// uses was seen to abort a finished command ("double free or corruption" after an uninstall that
// rode out an API server restart). The process owns nothing else that needs clean-up at exit; what
// was written to stdout and stderr is flushed first.
OSM.finishBackgroundWork()
fflush(nil)
// A command that ends normally after Ctrl-C (dashboard: its way to stop) keeps its own status.
_exit(interrupts.interrupted && status != 0 ? 130 : status)
