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
/// about `segmentBytes`, and `jobs` workers assemble, classify and count the segments'
/// events; the segments' parts are merged in order (`PartMerger`) as they come back, into
/// the result one reader gives (`Pipeline.read` into one `ScanSink`).
///
/// Why a segment can be assembled on its own:
/// - It is cut only before a line that starts an event whatever came before it
///   (`EventBoundary.timeOfEventStart`: a header timestamp, no continuation by its look),
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
/// and not yet merged.
struct SegmentedScan {
    var scan: ParallelScan
    static let segmentBytes = 1 << 20
    static let inFlightPerWorker = 3

    /// Whether `plan` is one file this can read: a regular file (a pipe's arrival times and
    /// blocking reads are for one thread), with more than one job.
    static func applies(to plan: InputPlan, jobs: Int, alerts: Bool) -> Bool {
        guard jobs >= 2, !alerts, plan.sources.count == 1, plan.sources[0].kind == .file else { return false }
        var st = stat()
        return stat(plan.sources[0].openPath, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    func run(_ plan: InputPlan, classifier: Classifier, checkpoints: CheckpointBook?) -> Swift.Result<ParallelScan.Result, ParallelScan.Fallback> {
        let source = plan.sources[0]
        let workers = (0..<scan.jobs).map {
            ScanWorker(slot: $0, scan: scan, plan: plan, queue: WorkQueue(order: []), checkpoints: nil, bar: nil)
        }
        let merger = PartMerger(classifier: classifier, tallyCapacity: scan.tallyCapacity, maxSeries: scan.maxSeries, workers: workers.count)
        let line = SegmentLine(workers: workers, source: source, merger: merger,
                               maxInFlight: SegmentedScan.inFlightPerWorker * workers.count)
        let reader = SourceReader(options: scan.pipeline.ingest)
        reader.checkpoints = checkpoints
        // The bar shows what was merged, not what was read ahead.
        let bar = ProgressBar(plan: plan)
        line.progress = bar.map { b in { b.update($0) } }
        reader.progress = { line.storedRead = $0 }
        var cutter = SegmentCutter(line: line)
        var report = reader.read(source, into: &cutter)
        cutter.shipLast()
        let merged = line.finish()
        bar?.finishSource()
        bar?.finish()
        if let why = merged.abandoned { return .failure(ParallelScan.Fallback(reason: why)) }
        report.tally = merged.events
        report.tally.settleTimeBasis(stdin: false)
        ParallelScan.trace("read 1 source in \(merged.segments) segments on \(workers.count) threads")
        return merger.finish(stores: workers.map(\.store)).map { store, entrySeries in
            ParallelScan.Result(reports: [report], tally: merger.tally, store: store,
                                entrySeries: entrySeries, outsideWindow: merger.outsideWindow)
        }
    }
}

/// Consecutive lines of one file, each followed by a newline, from line `firstLine` on:
/// the first `count` bytes of `bytes` (a buffer that only grows, reused from segment to
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
        if count + n + 1 > bytes.count { bytes += repeatElement(0, count: max(count + n + 1, 2 * bytes.count) - bytes.count) }
        let at = count
        bytes.withUnsafeMutableBytes { all in
            if n > 0 { (all.baseAddress! + at).copyMemory(from: line.baseAddress!, byteCount: n) }
            all[at + n] = 0x0A
        }
        count += n + 1
    }

    /// Calls `body` with each line (without its newline) and its number.
    func forEachLine(_ body: (UnsafeRawBufferPointer, Int) -> Void) {
        bytes.withUnsafeBytes { all in
            guard let base = all.baseAddress else { return }
            var start = 0
            var number = firstLine
            while start < count {
                let end = base.distance(to: UnsafeRawPointer(memchr(base + start, 0x0A, count - start)!))
                body(UnsafeRawBufferPointer(start: base + start, count: end - start), number)
                number += 1
                start = end + 1
            }
        }
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
}

/// The reading thread's line sink: gathers lines into segments and hands each on, cut
/// before a line that always starts an event once it holds `SegmentedScan.segmentBytes`:
/// one with a written year (which fixes the year of the yearless times after it), or any
/// such line past twice that size.
struct SegmentCutter: LineSink {
    let line: SegmentLine
    private var current: Segment

    init(line: SegmentLine) {
        self.line = line
        current = Segment(index: 0, bytes: line.takeBuffer())
    }

    mutating func consume(line text: UnsafeRawBufferPointer, number: Int, truncated: Bool) {
        if current.count >= SegmentedScan.segmentBytes, let time = EventBoundary.timeOfEventStart(text),
           time.year != nil || current.count >= 2 * SegmentedScan.segmentBytes {
            let next = current.index + 1
            line.ship(current)
            current = Segment(index: next, bytes: line.takeBuffer())
        }
        if current.count == 0 { current.firstLine = number }
        current.append(line: text)
    }

    /// Hands on the last segment (if it holds a line, or is the only one).
    mutating func shipLast() {
        if current.count > 0 || current.index == 0 { line.ship(current) }
    }
}

/// The segments between the reading thread and the workers, and their parts on the way
/// back, merged in order on the reading thread. One mutex and one condition variable guard
/// the queues; workers run on threads of their own until `finish`.
final class SegmentLine: @unchecked Sendable {
    private let workers: [ScanWorker]
    private let source: PlannedSource
    private let merger: PartMerger
    private let maxInFlight: Int
    // Guarded by `mutex`:
    private var pending: [Segment] = []
    private var pendingHead = 0
    private var done: [Int: SegmentPart] = [:]
    private var spare: [[UInt8]] = []
    private var closed = false
    // The reading thread's own:
    private var shipped = 0
    private var merged = 0
    private var events = EventTally()
    private var yearsSoFar: (year: Int, month: Int)?
    private var abandoned: String?
    /// Stored bytes read so far (told by the reader), and when each segment out was cut.
    var storedRead: Int64 = 0
    private var storedMarks: [Int: Int64] = [:]
    /// Told the stored bytes read up to the end of each segment merged.
    var progress: ((Int64) -> Void)?
    private var threads: [pthread_t] = []
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(workers: [ScanWorker], source: PlannedSource, merger: PartMerger, maxInFlight: Int) {
        self.workers = workers
        self.source = source
        self.merger = merger
        self.maxInFlight = maxInFlight
        mutex.initialize(to: pthread_mutex_t())
        changed.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        for worker in workers {
            var t = pthread_t()
            let context = Unmanaged.passRetained(Job(line: self, worker: worker)).toOpaque()
            if pthread_create(&t, nil, { raw in
                let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                job.line.work(job.worker)
                return nil
            }, context) == 0 {
                threads.append(t)
            } else {
                Unmanaged<Job>.fromOpaque(context).release()
            }
        }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    private final class Job {
        let line: SegmentLine
        let worker: ScanWorker
        init(line: SegmentLine, worker: ScanWorker) { self.line = line; self.worker = worker }
    }

    /// An empty buffer for the next segment (a returned one when there is one).
    func takeBuffer() -> [UInt8] {
        pthread_mutex_lock(mutex)
        let buffer = spare.popLast()
        pthread_mutex_unlock(mutex)
        return buffer ?? Array(repeating: 0, count: SegmentedScan.segmentBytes + 64 * 1024)
    }

    /// Queues `segment` for the workers; waits (merging what came back) while too many are out.
    func ship(_ segment: Segment) {
        guard abandoned == nil else { return }
        storedMarks[segment.index] = storedRead
        pthread_mutex_lock(mutex)
        if threads.isEmpty {
            // No worker thread could start: this thread assembles the segment itself.
            pthread_mutex_unlock(mutex)
            let part = workers[0].assemble(segment, of: source)
            pthread_mutex_lock(mutex)
            done[segment.index] = part
        } else {
            pending.append(segment)
            pthread_cond_broadcast(changed)
        }
        shipped += 1
        mergeBack(whileAtLeast: maxInFlight)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for every segment to come back and be merged, and stops the workers.
    func finish() -> (events: EventTally, segments: Int, abandoned: String?) {
        pthread_mutex_lock(mutex)
        mergeBack(whileAtLeast: 1)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        for t in threads { pthread_join(t, nil) }
        return (events, shipped, abandoned)
    }

    /// Merges parts in order until fewer than `limit` segments are out (mutex held).
    private func mergeBack(whileAtLeast limit: Int) {
        while shipped - merged >= limit {
            guard let part = done.removeValue(forKey: merged) else {
                pthread_cond_wait(changed, mutex)
                continue
            }
            merged += 1
            pthread_mutex_unlock(mutex)
            if abandoned == nil { abandoned = merge(part) }
            if let mark = storedMarks.removeValue(forKey: part.part.index) { progress?(mark) }
            pthread_mutex_lock(mutex)
        }
    }

    /// Folds the next segment's part into the run; or says why the run cannot be one reader's.
    private func merge(_ s: SegmentPart) -> String? {
        if let why = s.failed { return why }
        if s.part.index > 0 && s.startsWithOwnTime == false { return "a segment's first timestamp did not resolve" }
        if let guess = s.years.firstGuess, let before = yearsSoFar,
           YearInference.year(of: guess.month, after: before) != guess.year {
            return "a segment's yearless timestamps would take another year on one thread"
        }
        if let last = s.years.last { yearsSoFar = last }
        events.absorb(s.events)
        return merger.absorb(s.part)?.reason
    }

    /// A worker's loop: assembles segments until the line is closed and empty.
    private func work(_ worker: ScanWorker) {
        pthread_mutex_lock(mutex)
        while true {
            if pendingHead < pending.count {
                let segment = pending[pendingHead]
                pending[pendingHead].bytes = []   // the buffer's only owner is now `segment`
                pendingHead += 1
                if pendingHead == pending.count { pending.removeAll(keepingCapacity: true); pendingHead = 0 }
                pthread_mutex_unlock(mutex)
                let part = worker.assemble(segment, of: source)
                pthread_mutex_lock(mutex)
                done[segment.index] = part
                spare.append(segment.bytes)
                pthread_cond_broadcast(changed)
            } else if closed {
                break
            } else {
                pthread_cond_wait(changed, mutex)
            }
        }
        pthread_mutex_unlock(mutex)
    }
}

extension ScanWorker {
    /// Assembles, classifies and counts one segment's events.
    func assemble(_ segment: Segment, of source: PlannedSource) -> SegmentPart {
        _ = classifier.takeLimitHits()
        let sink = PartSink(worker: self, tally: SignatureTally(capacity: scan.tallyCapacity),
                            source: source.displayPath, window: scan.window)
        let reference = Timestamp(millisecondsSinceEpoch: source.modificationTime * 1000)
        var assembler = EventAssembler(sink: sink, kind: source.kind, reference: reference, options: scan.pipeline.events)
        segment.forEachLine { text, number in assembler.consume(line: text, number: number, truncated: false) }
        assembler.finish()
        let done = assembler.sink
        return SegmentPart(part: part(index: segment.index, report: nil, of: done), events: assembler.tally,
                           years: assembler.years, startsWithOwnTime: done.startsWithOwnTime, failed: done.failed)
    }
}
