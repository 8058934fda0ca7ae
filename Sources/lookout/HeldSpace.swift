import CFileSpace
import LookoutCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The disk space of the file that `HeldLines` keeps `classify`'s lines in: reserved ahead
/// of the writes, and given back behind the replay's reads.
///
/// - Reserving ahead of the writes (`fallocate`, the size unchanged) by as much as was
///   written, from 1 MiB up to 64 MiB: on ext4 each page first written otherwise takes a
///   reservation of its own (delayed allocation). Writing 150 MB in 1.3 MB writes took 26 ms
///   so, 16.5 ms into reserved blocks (measured with a C program on this file system). Not
///   on a file system in memory (tmpfs: its pages would be taken ahead, for nothing), and
///   only while the file system has four times the reservation free: a failed reservation
///   may keep what it got (ext4 out of space), so reserving then stops and the blocks past
///   the file's end are given back at once (truncating the file to its own size).
/// - Giving back on a thread of its own, 8 MiB at a time, what the replay has read
///   (`release`, punching holes): freeing the 150 MB file at its close took 9.5 ms, the
///   last thing a run did, on one core.
///
/// Both are Linux's; where the system or the file system has neither, the file is written
/// and read as it was.
final class HeldSpace: @unchecked Sendable {
    /// 8 MiB, or `LOOKOUT_HELD_STEP_BYTES` (for tests that need several steps on a small
    /// input). Space is reserved eight steps at a time.
    static let defaultStep: Int = {
        if let text = getenv("LOOKOUT_HELD_STEP_BYTES").map({ String(cString: $0) }), let n = Int(text), n >= 4096 { return min(n, 1 << 30) }
        return 8 << 20
    }()
    private let releaseStep: Int
    private var reserveStep: Int { 8 * releaseStep }

    private let fd: Int32
    private var reserved = 0
    private var reserving: Bool
    // Guarded by `mutex` once `startReleasing` has run:
    private var consumed = 0
    private var stopping = false
    // The releasing thread's own:
    private var released = 0
    private var thread: pthread_t?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(fd: Int32, step: Int = HeldSpace.defaultStep) {
        self.fd = fd
        releaseStep = step
        reserving = lookout_is_in_memory(fd) == 0
        mutex.initialize(to: pthread_mutex_t())
        changed.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        stopReleasing()
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Before a write that makes the file `size` bytes long.
    func willGrow(to size: Int) {
        guard reserving && size > reserved else { return }
        let end = size + min(reserveStep, max(size, 1 << 20))
        var fs = statvfs()
        guard fstatvfs(fd, &fs) == 0, Int(fs.f_bavail) * Int(fs.f_frsize) >= 4 * (end - reserved),
              lookout_reserve_space(fd, off_t(reserved), off_t(end - reserved)) == 0 else {
            reserving = false
            var file = stat()
            if fstat(fd, &file) == 0 { _ = ftruncate(fd, file.st_size) }   // frees the blocks past its end
            return
        }
        reserved = end
    }

    /// Starts giving back the space of what the replay reads (told by `consumed(upTo:)`).
    func startReleasing() {
        guard thread == nil else { return }
        thread = startThread { self.releaseWhileRead() }
    }

    /// The replay is done with the file's first `offset` bytes.
    func consumed(upTo offset: Int) {
        guard thread != nil else { return }
        pthread_mutex_lock(mutex)
        consumed = offset
        if consumed - released >= releaseStep { pthread_cond_signal(changed) }
        pthread_mutex_unlock(mutex)
    }

    /// Stops giving space back (what is left goes when the file is closed).
    func stopReleasing() {
        guard let t = thread else { return }
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(changed)
        pthread_mutex_unlock(mutex)
        pthread_join(t, nil)
        thread = nil
    }

    private func releaseWhileRead() {
        pthread_mutex_lock(mutex)
        while !stopping {
            let upTo = consumed
            if upTo - released < releaseStep {
                pthread_cond_wait(changed, mutex)
                continue
            }
            pthread_mutex_unlock(mutex)
            let failed = lookout_release_space(fd, off_t(released), off_t(upTo - released)) != 0
            pthread_mutex_lock(mutex)
            if failed { break }   // not here: the space goes at the close
            released = upTo
        }
        pthread_mutex_unlock(mutex)
    }
}
