#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the files of a parallel run asking `CheckpointBook` for their resume points in
/// planned order, one at a time, as a sequential run asks: which file takes over a copied
/// checkpoint (the book's rule 2) goes to the first in that order, so reading several files
/// at once must not change it.
///
/// Each planned file passes once: when it has asked (`wait(for:)`, then `pass`), or when its
/// reading ends without asking (empty, binary, unreadable). A file waits until every file
/// planned before it has passed. Files must be handed out in planned order (then a file
/// waits only for files already taken, each of which passes, so nothing waits forever).
public final class ResumeTurns: @unchecked Sendable {
    private let order: [String: Int]
    // Guarded by `mutex`:
    private var passed: [Bool]
    private var next = 0   // the first file not passed
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let turn = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// `paths`: the files' open paths in planned order (each once).
    public init(paths: [String]) {
        var order: [String: Int] = [:]
        for (i, p) in paths.enumerated() { order[p] = i }
        self.order = order
        passed = Array(repeating: false, count: paths.count)
        mutex.initialize(to: pthread_mutex_t())
        turn.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(turn, nil)
    }

    deinit {
        pthread_cond_destroy(turn)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        turn.deallocate()
    }

    /// Waits until every file planned before `path` has passed.
    public func wait(for path: String) {
        guard let i = order[path] else { return }
        pthread_mutex_lock(mutex)
        while next < i { pthread_cond_wait(turn, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// `path` is done with the book (passing twice is harmless).
    public func pass(_ path: String) {
        guard let i = order[path] else { return }
        pthread_mutex_lock(mutex)
        passed[i] = true
        while next < passed.count && passed[next] { next += 1 }
        pthread_cond_broadcast(turn)
        pthread_mutex_unlock(mutex)
    }
}
