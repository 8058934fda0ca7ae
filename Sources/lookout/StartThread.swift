#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a new thread; nil when none could be started (the caller then does the
/// work itself). Join the thread with `pthread_join`.
func startThread(_ body: @escaping () -> Void) -> pthread_t? {
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
