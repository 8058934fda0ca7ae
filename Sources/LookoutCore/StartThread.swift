#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a new thread; nil when none could be started (the caller then does the
/// work itself). Join the thread with `pthread_join`.
public func startThread(_ body: @escaping () -> Void) -> pthread_t? {
    final class Body { let run: () -> Void; init(_ run: @escaping () -> Void) { self.run = run } }
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    var t = pthread_t()
    guard pthread_create(&t, nil, { raw in
        Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
        return nil
    }, context) == 0 else {
        Unmanaged<Body>.fromOpaque(context).release()
        return nil
    }
    return t
}

/// Work begun on a thread of its own (or done at once, when no thread could start), to be
/// waited for before its results are used.
public final class BackgroundWork {
    private var thread: pthread_t?

    public init(_ body: @escaping () -> Void) {
        thread = startThread(body)
        if thread == nil { body() }
    }

    /// Returns once the work is done (at once after the first call).
    public func wait() {
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    deinit { wait() }
}
