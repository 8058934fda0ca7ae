#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Inflates a gzip file on a thread of its own, ahead of the reader, so that
/// decompression and everything after it (framing, events, classification) run on two
/// cores at once.
///
/// A bounded queue of `slotCount` buffers of `slotBytes` sits between the two threads (the
/// inflate thread waits when all are full, so memory is fixed); one mutex and two condition
/// variables guard it. The reader sees the same `read(into:)` as `GzipReader`'s: bytes in
/// order, then a fault (after every byte inflated before it) or the end. Stopping early
/// (SIGINT, a fault downstream) cancels the thread, which `deinit` joins.
final class InflateAhead: @unchecked Sendable {
    static let slotCount = 4
    static let slotBytes = 256 * 1024

    private let gzip: GzipReader
    private let slots: [UnsafeMutableRawBufferPointer]
    // Guarded by `mutex`:
    private var lengths: [Int]
    private var produced = 0            // slots filled, ever
    private var consumed = 0            // slots the reader finished, ever
    private var finished = false        // the inflate thread met the end or a fault
    private var fault: GzipReader.Fault?
    private var cancelled = false
    private var storedSoFar: Int64 = 0
    // Allocated, so that their addresses never move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let notEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let notFull = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var thread: pthread_t?
    // The reader's own: the slot it is draining, and how far.
    private var current: Int?
    private var offset = 0
    /// Set when no thread could be started: `read` then inflates directly.
    private var direct = false

    /// `threaded`: false reads on the caller's thread (as `GzipReader` does).
    init(_ gzip: GzipReader, threaded: Bool = true) {
        self.gzip = gzip
        slots = (0..<InflateAhead.slotCount).map { _ in .allocate(byteCount: InflateAhead.slotBytes, alignment: 64) }
        lengths = Array(repeating: 0, count: InflateAhead.slotCount)
        mutex.initialize(to: pthread_mutex_t())
        notEmpty.initialize(to: pthread_cond_t())
        notFull.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(notEmpty, nil)
        pthread_cond_init(notFull, nil)
        guard threaded else { direct = true; return }
        // Unretained: `deinit` (or `cancel`) joins the thread before the object goes away.
        let context = Unmanaged.passUnretained(self).toOpaque()
        var t = pthread_t()
        if pthread_create(&t, nil, { raw in
            Unmanaged<InflateAhead>.fromOpaque(raw!).takeUnretainedValue().inflateLoop()
            return nil
        }, context) == 0 {
            thread = t
        } else {
            direct = true   // no thread to be had: inflate on the reader's thread
        }
    }

    deinit {
        cancel()
        for s in slots { s.deallocate() }
        pthread_cond_destroy(notEmpty)
        pthread_cond_destroy(notFull)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        notEmpty.deallocate()
        notFull.deallocate()
    }

    /// Stops the inflate thread and waits for it (the reader will read no more).
    func cancel() {
        pthread_mutex_lock(mutex)
        cancelled = true
        pthread_cond_signal(notFull)
        pthread_mutex_unlock(mutex)
        if let t = thread { pthread_join(t, nil); thread = nil }
    }

    /// Compressed bytes read so far (as of the last slot filled).
    var storedBytes: Int64 {
        if direct { return gzip.storedBytes }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return storedSoFar
    }

    /// The gzip reader itself, for its final figures once reading has ended.
    var finishedReader: GzipReader {
        cancel()
        return gzip
    }

    private func inflateLoop() {
        while true {
            pthread_mutex_lock(mutex)
            while produced - consumed == slots.count && !cancelled { pthread_cond_wait(notFull, mutex) }
            if cancelled || finished { pthread_mutex_unlock(mutex); return }
            let index = produced % slots.count
            pthread_mutex_unlock(mutex)

            let slot = slots[index]
            var length = 0
            var ended = false
            var met: GzipReader.Fault?
            while length < slot.count {
                switch gzip.read(into: UnsafeMutableRawBufferPointer(rebasing: slot[length...])) {
                case .success(0): ended = true
                case .success(let n): length += n
                case .failure(let f): met = f; ended = true
                }
                if ended { break }
            }

            pthread_mutex_lock(mutex)
            lengths[index] = length
            if length > 0 { produced += 1 }
            storedSoFar = gzip.storedBytes
            if ended { finished = true; fault = met }
            pthread_cond_signal(notEmpty)
            pthread_mutex_unlock(mutex)
            if ended { return }
        }
    }

    /// Fills `out` with inflated bytes; 0 at the end; a fault after all bytes before it.
    func read(into out: UnsafeMutableRawBufferPointer) -> Result<Int, GzipReader.Fault> {
        guard out.count > 0 else { return .success(0) }
        if direct { return gzip.read(into: out) }
        if current == nil {
            pthread_mutex_lock(mutex)
            while produced == consumed && !finished { pthread_cond_wait(notEmpty, mutex) }
            if produced == consumed {
                let f = fault
                pthread_mutex_unlock(mutex)
                return f.map { .failure($0) } ?? .success(0)
            }
            current = consumed % slots.count
            offset = 0
            pthread_mutex_unlock(mutex)
        }
        let index = current!
        pthread_mutex_lock(mutex)
        let length = lengths[index]
        pthread_mutex_unlock(mutex)
        let n = min(out.count, length - offset)
        out.baseAddress!.copyMemory(from: slots[index].baseAddress! + offset, byteCount: n)
        offset += n
        if offset == length {
            pthread_mutex_lock(mutex)
            consumed += 1
            pthread_cond_signal(notFull)
            pthread_mutex_unlock(mutex)
            current = nil
        }
        return .success(n)
    }
}
