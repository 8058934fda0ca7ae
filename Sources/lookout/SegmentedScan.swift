import LookoutClassify
import LookoutCore
import LookoutDetect
import LookoutEvents
import LookoutIngest
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one file on several threads: this thread reads it (a gzip file is inflated on a
/// thread of its own, `InflateAhead`) and frames its lines, cuts them into segments of
/// about `segmentBytes` (4 MiB), and up to 8 workers (`workers(jobs:)`, this thread the
/// last of them) assemble, classify and count the segments' events; the segments' parts
/// are merged in order (`PartMerger`) as they come back, into the result one reader gives
/// (`Pipeline.read` into one `ScanSink`).
///
/// Why a segment can be assembled on its own:
/// - It is cut only before a line that starts an event whatever came before it
///   (`EventBoundary.timeOfEventStart`: a header timestamp and no continuation by its
///   look, or a JSON line with a time),
///   so no event spans two segments, and every event keeps its line numbers.
/// - Such a line sets the time that the lines after it without one inherit — when its time
///   resolves. A segment whose first time does not (an impossible date) cannot give the
///   sequential result, and the merge says so.
/// - Yearless timestamps take their year from the time before (`YearInference`). Segments
///   are cut before a line with a written year where there is one, which fixes that; else
///   the segment starts afresh from the file's reference time, and the merge checks that
///   its first guess is the year the times before it lead to.
/// When a check fails, or an overflow makes the result depend on order (as in
/// `ParallelScan`), `run` returns a fallback and the caller reads the file again on one
/// thread. Memory is bounded: at most `inFlightPerWorker` segments per worker are read
/// and not yet merged, and a segment grows to at most eight times its size.
struct SegmentedScan {
    var scan: ParallelScan
    /// Segment sizes: large enough that what each segment costs on its own (its tally, the
    /// merge) stays small, small enough that the workers finish close together and that
    /// the segments in flight stay well within the memory bar. `scan` keeps only counts of
    /// a segment: 4 MiB (2 M lines: 1.65–1.76 s of CPU against 1.71–1.79 s with 2 MiB, peak
    /// 66–71 MB against 62 MB; with the reading thread working too, 217.7 ms median wall
    /// against 226.9 with 2 MiB). `classify` also holds each segment's output until it is
    /// written: 1 MiB (with the reading thread working, 216.2 ms median wall against 218.5
    /// with 2 MiB, in three sets of alternating runs 2 to 4 ms less each, and peak RSS 41 MB
    /// against 56). `LOOKOUT_SEGMENT_BYTES` (at least 4 KiB) overrides both, for tests
    /// that want many cuts in a small file.
    static func segmentBytes(default size: Int) -> Int {
        if let text = getenv("LOOKOUT_SEGMENT_BYTES").map({ String(cString: $0) }), let n = Int(text), n >= 4096 { return n }
        return size
    }
    static let inFlightPerWorker = 2

    /// Workers for `jobs`, the reading thread among them (`SegmentLine`): one reading thread
    /// cannot keep more than a few busy, and each has segments in flight and a classifier of
    /// its own.
    static func workers(jobs: Int) -> Int { min(jobs, 8) }

    /// Whether `plan` is one file this can read: a regular file (a pipe's arrival times and
    /// blocking reads are for one thread), with more than one job.
    static func applies(to plan: InputPlan, jobs: Int, alerts: Bool) -> Bool {
        jobs >= 2 && !alerts && plan.sources.count == 1 && isRegularFile(plan.sources[0]) && enoughJobs(jobs, for: plan.sources[0])
    }

    /// Whether `jobs` are enough to read `source` in segments: a gzip file is inflated on a
    /// thread of its own, so one reading thread beside it already keeps two cores busy, and
    /// segments (a reading thread and workers, besides it) pay off from three jobs on. (On
    /// two cores, the 2M-line corpus gzipped: `scan` 0.31 s on one thread, 0.37 s in segments.)
    static func enoughJobs(_ jobs: Int, for source: PlannedSource) -> Bool {
        jobs >= 3 || !source.startsAsGzip
    }

    static func isRegularFile(_ source: PlannedSource) -> Bool {
        var st = stat()
        return source.kind == .file && stat(source.openPath, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    func run(_ plan: InputPlan, classifier: Classifier, checkpoints: CheckpointBook?) -> Swift.Result<ParallelScan.Result, ParallelScan.Fallback> {
        // As `Pipeline.read`: nothing is begun after SIGINT or SIGTERM.
        if StopRequest.isRequested { return .failure(ParallelScan.Fallback(reason: "interrupted")) }
        let source = plan.sources[0]
        let workers = (0..<SegmentedScan.workers(jobs: scan.jobs)).map { ScanWorker(slot: $0, scan: scan) }
        let merger = PartMerger(classifier: classifier, tallyCapacity: scan.tallyCapacity, maxSeries: scan.maxSeries, workers: workers.count)
        var continuity = SegmentContinuity()
        var events = EventTally()
        var watched = WatchedSeries(store: scan.makeStore(), maxSeries: scan.maxSeries)
        let line = SegmentLine<SegmentPart>(workers: workers.count, segmentBytes: SegmentedScan.segmentBytes(default: 4 << 20),
                                            maxInFlightPerWorker: SegmentedScan.inFlightPerWorker,
                                            work: { w, segment in workers[w].assemble(segment, of: source) },
                                            merge: { s in
            if let why = continuity.check(index: s.part.index, failed: s.failed, startsWithOwnTime: s.startsWithOwnTime, years: s.years) {
                return why
            }
            events.absorb(s.events)
            switch merger.absorb(s.part) {
            case .failure(let fallback): return fallback.reason
            case .success(let entries):
                // On the run's one time axis, in event order, as one reader puts them.
                for e in s.timed { watched.add(entry: entries[Int(e.entry)], time: e.time, error: e.error) }
                return nil
            }
        })
        let bar = ProgressBar(plan: plan)
        var report = SegmentedScan.read(source, into: line, checkpoints: checkpoints, options: scan.pipeline.ingest, bar: bar)
        let failed = line.finish()
        bar?.finish()
        if let why = failed { return .failure(ParallelScan.Fallback(reason: why)) }
        report.tally = events
        report.tally.settleTimeBasis(stdin: false)
        ParallelScan.trace("read 1 source in \(line.segments) segments on \(workers.count) threads")
        return .success(ParallelScan.Result(reports: [report], tally: merger.tally, watched: watched, outsideWindow: merger.outsideWindow))
    }

    /// Reads `source` on this thread, cutting it into segments for `line`, and returns its
    /// report (without its event tally). `bar` shows what was merged, not what was read
    /// ahead. Call `line.finish()` afterwards.
    static func read<Part>(_ source: PlannedSource, into line: SegmentLine<Part>, checkpoints: CheckpointBook?,
                           options: IngestOptions, bar: ProgressBar?) -> SourceReport {
        let reader = SourceReader(options: options)
        reader.checkpoints = checkpoints
        line.progress = bar.map { b in { b.update($0) } }
        reader.progress = { line.storedRead = $0 }
        reader.stopWhen = { line.abandoned != nil }   // a fallback reads the file again anyway
        var cutter = SegmentCutter(line: line)
        let report = reader.read(source, into: &cutter)
        cutter.shipLast()
        return report
    }
}

/// Consecutive lines of one file, each after its length (a `UInt32`, so that the worker
/// finds the lines without searching for their ends again), from line `firstLine` on: the
/// first `count` bytes of `bytes` (a buffer that only grows, reused from segment to
/// segment; lines are copied in with one memcpy each).
struct Segment {
    var index: Int
    var firstLine = 0
    var bytes: [UInt8]
    var count = 0

    init(index: Int, bytes: [UInt8]) {
        self.index = index
        self.bytes = bytes
    }

    mutating func append(line: UnsafeRawBufferPointer) {
        let n = line.count
        precondition(n < Int(UInt32.max))
        if count + n + 4 > bytes.count { bytes += repeatElement(0, count: max(count + n + 4, 2 * bytes.count) - bytes.count) }
        let at = count
        bytes.withUnsafeMutableBytes { all in
            all.storeBytes(of: UInt32(n), toByteOffset: at, as: UInt32.self)
            if n > 0 { (all.baseAddress! + at + 4).copyMemory(from: line.baseAddress!, byteCount: n) }
        }
        count += n + 4
    }

    /// Assembles the segment's lines into events for `sink`, as a reader of `source` does,
    /// and returns the assembler (its sink, event tally and year inference). `headers`: the
    /// worker's header memo (nil: none yet), used and handed back.
    func assemble<S: EventSink>(into sink: S, of source: PlannedSource, options: EventOptions, headers: inout HeaderMemo?) -> EventAssembler<S> {
        let reference = Timestamp(millisecondsSinceEpoch: source.modificationTime * 1000)
        var assembler = EventAssembler(sink: sink, kind: source.kind, reference: reference, options: options, headers: headers ?? HeaderMemo(),
                                       linesStay: true)   // `bytes` holds every line until the segment is done
        headers = nil   // the assembler's memo is then its arrays' only owner: no copy on its first write
        bytes.withUnsafeBytes { all in
            // Every line, without its newline, with its number; the last event too is sent
            // on in here, as the assembler may point into `bytes` until then.
            if let base = all.baseAddress {
                var start = 0
                var number = firstLine
                while start < count {
                    let n = Int(all.loadUnaligned(fromByteOffset: start, as: UInt32.self))
                    assembler.consume(line: UnsafeRawBufferPointer(start: base + start + 4, count: n), number: number, truncated: false)
                    number += 1
                    start += 4 + n
                }
            }
            assembler.finish()
        }
        headers = assembler.takeHeaderMemo()
        return assembler
    }
}

/// What a worker found in one segment.
struct SegmentPart {
    var part: FilePart
    var events: EventTally
    var years: YearInference
    /// Whether the segment's first event had a time of its own (nil: no event).
    var startsWithOwnTime: Bool?
    var failed: String?
    /// Its events with a time, in order (the merge puts them on the run's series).
    var timed: [TimedEvent]
}

/// The reading thread's line sink: gathers lines into segments and hands each on, cut
/// before a line that always starts an event once it holds `line.segmentBytes`:
/// one with a written year (which fixes the year of the yearless times after it), or, past
/// twice that size, any such line. Up to twice the size one line in 16 is looked at
/// (reading a header costs about a quarter of a line's processing, and a run of yearless
/// lines can be long); past it, every line. A segment that reaches eight times the size
/// with no line to cut before (no timestamps, say) gives the run up: it is read on one
/// thread. Which lines are looked at depends only on the content, so every read of a file
/// cuts it the same way.
struct SegmentCutter<Part>: LineSink {
    let line: SegmentLine<Part>
    private var current: Segment
    private var probe = 0

    init(line: SegmentLine<Part>) {
        self.line = line
        current = Segment(index: 0, bytes: line.takeBuffer())
    }

    mutating func consume(line text: UnsafeRawBufferPointer, number: Int, truncated: Bool) {
        guard line.abandoned == nil else { return }   // the reader stops at its next read
        // The first segments are cut smaller (a sixteenth of the size, an eighth, a quarter,
        // a half), so that the workers start sooner; the bounds stay the full size's.
        let full = line.segmentBytes
        let size = current.index < 4 ? max(full >> (4 - current.index), 1) : full
        if current.count >= size {
            probe &+= 1
            if probe & 15 == 1 || current.count >= 2 * full, let time = EventBoundary.timeOfEventStart(text),
               (time.year != nil && time.epochMilliseconds == nil) || current.count >= 2 * full {
                let next = current.index + 1
                line.ship(current)
                current = Segment(index: next, bytes: line.takeBuffer())
                probe = 0
            } else if current.count >= 8 * full {
                line.abandon("no line to cut the file at in \(8 * full) bytes")
                return
            }
        }
        if current.count == 0 { current.firstLine = number }
        current.append(line: text)
    }

    /// Hands on the last segment (if it holds a line, or is the only one).
    mutating func shipLast() {
        if current.count > 0 || current.index == 0 { line.ship(current) }
    }
}

/// The segments between the reading thread and the workers, and what the workers made of
/// them on the way back, merged in order on the reading thread. One mutex and one condition
/// variable guard the queues; the workers run on threads of their own until `finish`.
///
/// The reading thread is the last worker: when it may not read on (as many segments are out
/// as `maxInFlightPerWorker` allows), it works on the next segment no worker has taken
/// rather than wait. So `workers` workers take `workers` threads, not one more: on two
/// cores, a reading thread and two workers shared them, the reader fell behind while the
/// workers had its core, and the workers then waited for segments. (`classify` of the 2 M
/// lines: 247.9 → 226.8 ms median wall; `scan`: 308.4 → 279.9 ms.)
///
/// `work(w, segment)` runs on worker `w`'s thread (the last on this one, as do all when no
/// thread could start); `merge(part)` runs on the reading thread, in segment order, and says
/// why the run cannot go on (after which segments are no longer handed out or merged).
final class SegmentLine<Part>: @unchecked Sendable {
    /// The size past which the reading thread cuts (`SegmentCutter`).
    let segmentBytes: Int
    private let workers: Int
    private let maxInFlight: Int
    private let work: (Int, Segment) -> Part
    private let merge: (Part) -> String?
    // Guarded by `mutex`:
    private var pending: [Segment] = []
    private var pendingHead = 0
    private var done: [Int: Part] = [:]
    private var spare: [[UInt8]] = []
    private var closed = false
    // The reading thread's own:
    private var shipped = 0
    private var merged = 0
    private(set) var abandoned: String?
    /// Stored bytes read so far (told by the reader), and when each segment out was cut.
    var storedRead: Int64 = 0
    private var storedMarks: [Int: Int64] = [:]
    /// Told the stored bytes read up to the end of each segment merged.
    var progress: ((Int64) -> Void)?
    private var threads: [pthread_t] = []
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(workers: Int, segmentBytes: Int, maxInFlightPerWorker: Int, work: @escaping (Int, Segment) -> Part,
         merge: @escaping (Part) -> String?) {
        self.segmentBytes = segmentBytes
        self.workers = workers
        maxInFlight = maxInFlightPerWorker * workers
        self.work = work
        self.merge = merge
        mutex.initialize(to: pthread_mutex_t())
        changed.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        for w in 0..<(workers - 1) {
            if let t = startThread({ self.serve(worker: w) }) { threads.append(t) }
        }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Segments handed out so far.
    var segments: Int { shipped }

    /// An empty buffer for the next segment (a returned one when there is one).
    func takeBuffer() -> [UInt8] {
        pthread_mutex_lock(mutex)
        let buffer = spare.popLast()
        pthread_mutex_unlock(mutex)
        return buffer ?? Array(repeating: 0, count: segmentBytes + 64 * 1024)
    }

    /// Gives the run up (`why`): nothing more is handed out or merged.
    func abandon(_ why: String) {
        if abandoned == nil { abandoned = why }
    }

    /// Queues `segment` for the workers; waits (merging what came back) while too many are out.
    func ship(_ segment: Segment) {
        guard abandoned == nil else { return }
        storedMarks[segment.index] = storedRead
        pthread_mutex_lock(mutex)
        pending.append(segment)
        pthread_cond_broadcast(changed)
        shipped += 1
        mergeBack(whileAtLeast: maxInFlight)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for every segment to come back and be merged, and stops the workers; returns
    /// why the run could not go on, if it could not.
    func finish() -> String? {
        pthread_mutex_lock(mutex)
        mergeBack(whileAtLeast: 1)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        for t in threads { pthread_join(t, nil) }
        threads = []
        return abandoned
    }

    /// Merges parts in order until fewer than `limit` segments are out (mutex held); works on
    /// segments no worker has taken while the next part is not back.
    private func mergeBack(whileAtLeast limit: Int) {
        while shipped - merged >= limit {
            guard let part = done.removeValue(forKey: merged) else {
                if pendingHead < pending.count {
                    workOnNext(as: workers - 1)
                } else {
                    pthread_cond_wait(changed, mutex)
                }
                continue
            }
            let index = merged
            merged += 1
            pthread_mutex_unlock(mutex)
            if abandoned == nil { abandoned = merge(part) }
            if let mark = storedMarks.removeValue(forKey: index) { progress?(mark) }
            pthread_mutex_lock(mutex)
        }
    }

    /// A worker's loop: works on segments until the line is closed and empty.
    private func serve(worker w: Int) {
        pthread_mutex_lock(mutex)
        while true {
            if pendingHead < pending.count {
                workOnNext(as: w)
            } else if closed {
                break
            } else {
                pthread_cond_wait(changed, mutex)
            }
        }
        pthread_mutex_unlock(mutex)
    }

    /// Takes the next segment no worker has taken and works on it as worker `w` (mutex held
    /// before and after, not during the work).
    private func workOnNext(as w: Int) {
        let segment = pending[pendingHead]
        pending[pendingHead].bytes = []   // the buffer's only owner is now `segment`
        pendingHead += 1
        if pendingHead == pending.count { pending.removeAll(keepingCapacity: true); pendingHead = 0 }
        pthread_mutex_unlock(mutex)
        let part = work(w, segment)
        pthread_mutex_lock(mutex)
        done[segment.index] = part
        spare.append(segment.bytes)
        pthread_cond_broadcast(changed)
    }
}

/// What must hold for segments assembled on their own to give the events one reader gives
/// (see `SegmentedScan`), checked in segment order.
struct SegmentContinuity {
    private var yearsSoFar: (year: Int, month: Int)?

    /// Why segment `index` cannot be taken as it was assembled (nil: it can). `failed`: why
    /// its worker gave up, if it did; `startsWithOwnTime`: whether its first event had a time
    /// of its own; `years`: its year inference at its end.
    mutating func check(index: Int, failed: String?, startsWithOwnTime: Bool?, years: YearInference) -> String? {
        if let failed { return failed }
        if index > 0 && startsWithOwnTime == false { return "a segment's first timestamp did not resolve" }
        if let guess = years.firstGuess, let before = yearsSoFar,
           YearInference.year(of: guess.month, after: before) != guess.year {
            return "a segment's yearless timestamps would take another year on one thread"
        }
        if let last = years.last { yearsSoFar = last }
        return nil
    }
}

extension ScanWorker {
    /// Assembles, classifies and counts one segment's events.
    func assemble(_ segment: Segment, of source: PlannedSource) -> SegmentPart {
        _ = classifier.takeLimitHits()
        var sink = PartSink(worker: self, tally: SignatureTally(capacity: scan.tallyCapacity),
                            source: source.displayPath, window: scan.window)
        sink.keepsTimes = true
        sink.knownShapes = classifier.miner.shapeCount
        sink.timed.reserveCapacity(segment.count / 64)
        let assembler = segment.assemble(into: sink, of: source, options: scan.pipeline.events, headers: &headers)
        let done = assembler.sink
        return SegmentPart(part: part(index: segment.index, report: nil, of: done), events: assembler.tally,
                           years: assembler.years, startsWithOwnTime: done.startsWithOwnTime, failed: done.failed,
                           timed: done.timed)
    }
}
