#if canImport(Glibc)
import Glibc
#endif

/// Knows how much of the current thread's stack is left, so that no template, however it
/// recurses (through `template`, `include`, `tpl` or a function), can overflow it: the executor
/// stops with an error while a safety margin remains.
enum StackGuard {
    /// Stack kept in reserve below the point where execution stops (for the error path and
    /// for functions that recurse over deep values).
    static let margin = 512 * 1024

    /// The lowest address this thread's execution may reach, kept per thread (0: not yet known).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Whether the stack below the caller is within the margin of its end.
    @inline(__always)
    static func isNearlyExhausted() -> Bool {
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return here < floor()
    }

    /// glibc's pthread_getattr_np, which Swift's Glibc module leaves out (it needs _GNU_SOURCE).
    private typealias GetAttr = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
    private static let getAttr: GetAttr? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
        return unsafeBitCast(symbol, to: GetAttr.self)
    }()

    private static func floor() -> UInt {
        if let stored = pthread_getspecific(key) { return UInt(bitPattern: stored) }
        var low: UInt = 0
        var attributes = pthread_attr_t()
        if let getAttr, getAttr(pthread_self(), &attributes) == 0 {
            var base: UnsafeMutableRawPointer? = nil
            var size = 0
            if pthread_attr_getstack(&attributes, &base, &size) == 0, let base {
                low = UInt(bitPattern: base) + UInt(min(margin, size / 4))
            }
            pthread_attr_destroy(&attributes)
        }
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: max(low, 1)))
        return low
    }
}
