import LookoutIngest
import LookoutReport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on stderr for long batch runs: bytes read of the total
/// (stored bytes: compressed size for gzip), rate, and time left. Shown only when stderr
/// is a terminal (and TERM is not `dumb`), the inputs are files, and the run lasts more
/// than a second (`LOOKOUT_PROGRESS_AFTER`, in seconds, changes that: for tests, whose runs
/// are short); redrawn at most five times a second; erased when the run ends.
///
/// Files read at once (a parallel scan) each report through their reading thread's `slot`;
/// a lock makes the figures and the drawing one thread's at a time.
final class ProgressBar: @unchecked Sendable {
    private let total: Int64
    // Guarded by `mutex`:
    private var done: Int64 = 0
    private var current: [Int64]
    private let started: Double
    /// Seconds into the run before the bar first shows.
    private let delay: Double
    private var lastDraw = 0.0
    private var drawn = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    /// Nil when there is nothing worth showing or nowhere to show it.
    /// `slots`: how many sources are read at once.
    init?(plan: InputPlan, slots: Int = 1) {
        guard isatty(2) == 1, getenv("TERM").map({ String(cString: $0) }) != "dumb" else { return nil }
        guard !plan.sources.isEmpty, plan.sources.allSatisfy({ $0.kind == .file }) else { return nil }
        var sum: Int64 = 0
        for s in plan.sources {
            var st = stat()
            if stat(s.openPath, &st) == 0 { sum += Int64(st.st_size) }
        }
        guard sum > 0 else { return nil }
        total = sum
        started = ProgressBar.seconds()
        delay = getenv("LOOKOUT_PROGRESS_AFTER").flatMap { Double(String(cString: $0)) }.map { max($0, 0) } ?? 1
        current = Array(repeating: 0, count: max(1, slots))
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The source read in `slot` has had `bytes` of its stored bytes read.
    func update(_ bytes: Int64, slot: Int = 0) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        current[slot] = bytes
        let now = ProgressBar.seconds()
        guard now - lastDraw >= 0.2, now - started >= delay else { return }
        lastDraw = now
        draw(now)
    }

    /// The source read in `slot` is finished.
    func finishSource(slot: Int = 0) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        done += current[slot]
        current[slot] = 0
    }

    private func draw(_ now: Double) {
        let read = min(done + current.reduce(0, +), total)
        let fraction = Double(read) / Double(total)
        let elapsed = now - started
        let rate = Double(read) / max(elapsed, 0.001)
        let left = rate > 0 ? Double(total - read) / rate : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        var line = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
        line += "\(Int(fraction * 100))%  \(Formatting.bytes(read)) of \(Formatting.bytes(total))"
        line += "  \(Formatting.bytes(Int64(rate)))/s  \(Formatting.duration(milliseconds: Int64(left * 1000))) left\u{1B}[K"
        writeStandardError(line)
        drawn = true
    }

    /// Erases the line (the digest follows on stdout).
    func finish() {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if drawn { writeStandardError("\r\u{1B}[K") }
    }
}
