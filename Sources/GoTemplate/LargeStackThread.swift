import Glibc

/// A POSIX thread with a stack of a chosen size that the caller waits for (Foundation's Thread
/// without Foundation).
enum LargeStackThread {
    struct StartFailed: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "cannot start a thread: \(String(cString: strerror(code)))" }
    }

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread whose stack holds `stackSize` bytes and returns once it has finished.
    static func run(stackSize: Int, _ body: @escaping () -> Void) throws {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let job = Unmanaged.passRetained(Job(body))
        var thread = pthread_t()
        let code = pthread_create(
            &thread, &attributes,
            { context in
                Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, job.toOpaque())
        if code != 0 {
            job.release()
            throw StartFailed(code: code)
        }
        pthread_join(thread, nil)
    }
}
