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

/// Reads the files of one scan on several threads, then merges what they found into the
/// result a sequential run (`Pipeline.read` into one `ScanSink`) gives — the same
/// signatures, ids, counts, examples, first and last seen, series and source reports.
///
/// How the merge stays identical:
/// - Each worker has its own `Classifier` (the `RuleSet` is shared: its compiled PCRE2 code
///   is read-only; each classifier matches with its own `PCRE2Matcher`), its own
///   `SeriesStore`, and takes whole files from a shared queue (largest first).
/// - Every file gets a tally of its own (`SignatureTally`, keyed by the worker's shape
///   indices) and the bytes of its shapes. At the end the files' tallies are folded into
///   one, in planned order (`SignatureTally.absorb`), and their shapes into the run's miner
///   (`TemplateMiner.learn(_:count:)`): shapes and tally entries get the indices of their
///   first appearance in planned order, as one reader would have given them, and the
///   first examples are those of the first files.
/// - Series: a sequential run gives tally entry `i` series `i` (while under `maxSeries`);
///   the workers' series are mapped onto those indices and added up
///   (`SeriesStore.absorb`), whose axis depends only on the earliest and latest times.
/// - PCRE2 limit hits are taken per file and added up in planned order.
/// - With checkpoints, files ask the book for their resume points in planned order
///   (`ResumeTurns`), and the queue then hands files out in planned order.
///
/// Where the merge cannot be identical, `run` returns a fallback and the caller reads again on
/// one thread: when more distinct shapes than `--max-templates`, or more tally entries
/// than its capacity, would overflow (which ones overflow depends on the order events
/// come in), or when more signatures with timestamps than `ScanSink.maxSeries` would need
/// series. Workers stop taking files as soon as one of them meets such a case.
struct ParallelScan {
    var pipeline: Pipeline
    var rules: RuleSet
    var templateCapacity: Int
    var tallyCapacity: Int
    /// Makes an empty series store like the sequential run's (every worker has one).
    var makeStore: () -> SeriesStore
    var maxSeries: Int
    var window: TimeWindow?
    var jobs: Int

    /// The number of threads `--jobs` asks for: the option, else `LOOKOUT_JOBS`, else the
    /// processors online.
    static func jobs(option: Int?) -> Int {
        if let option { return option }
        if let text = getenv("LOOKOUT_JOBS").map({ String(cString: $0) }), let n = Int(text), n >= 1 { return min(n, 256) }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// With `LOOKOUT_TRACE_JOBS` set, says on stderr how the sources were read (for tests and
    /// for seeing why a run did not use every core).
    static func trace(_ message: String) {
        guard getenv("LOOKOUT_TRACE_JOBS") != nil else { return }
        writeStandardError("lookout: jobs: \(message)\n")
    }

    /// Why this plan is read on one thread (nil: it can be read in parallel).
    static func sequentialReason(plan: InputPlan, jobs: Int, alerts: Bool, checkpoints: CheckpointBook?) -> String? {
        if jobs < 2 { return "one job" }
        if plan.sources.count < 2 {
            if let only = plan.sources.first, only.kind == .file, !SegmentedScan.enoughJobs(jobs, for: only) {
                return "a single gzip file (inflated on a thread of its own) and fewer than three jobs"
            }
            return "a single source"
        }
        if plan.sources.contains(where: { $0.kind == .stdin }) { return "stdin" }   // arrival times, and a stream has no end to wait for
        // A read from a FIFO or device may block; SIGINT ends it (EINTR) only on the thread
        // the signal lands on, which need not be the reading one.
        if plan.sources.contains(where: { $0.kind != .file }) { return "a FIFO or device among the inputs" }
        if alerts { return "--alerts" }                                             // alerts come out in event order, as events arrive
        if checkpoints != nil && Set(plan.sources.map(\.openPath)).count != plan.sources.count { return "a file planned twice" }
        return nil
    }

    /// What the workers found, merged.
    struct Result {
        var reports: [SourceReport]
        var tally: SignatureTally
        var watched: WatchedSeries
        var outsideWindow: Int
    }

    /// Reads `plan` on `jobs` threads (this one among them) and merges into `classifier`
    /// (whose miner may hold seed templates); or says why that could not give the
    /// sequential result (see the type's comment; `classifier` must then be thrown away).
    func run(_ plan: InputPlan, classifier: Classifier, checkpoints: CheckpointBook?) -> Swift.Result<Result, Fallback> {
        let files = plan.sources.indices
        var order = Array(files)
        if let checkpoints {
            checkpoints.turns = ResumeTurns(paths: plan.sources.map(\.openPath))   // planned order (see ResumeTurns)
        } else {
            // Largest first, so that no big file starts last while the other threads idle.
            let sizes = plan.sources.map(ParallelScan.estimatedContentBytes)
            order.sort { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        }
        defer { checkpoints?.turns = nil }
        let shared = WorkQueue(order: order)
        let bar = ProgressBar(plan: plan, slots: jobs)
        defer { bar?.finish() }
        let workers = (0..<min(jobs, plan.sources.count)).map { ScanWorker(slot: $0, scan: self) }
        let work = { (worker: ScanWorker) in worker.work(plan, queue: shared, checkpoints: checkpoints, bar: bar) }
        // A worker with no thread of its own leaves its share to the others.
        let threads = workers.dropFirst().compactMap { worker in startThread { work(worker) } }
        work(workers[0])
        for t in threads { pthread_join(t, nil) }
        if let why = shared.abandoned { return .failure(Fallback(reason: why)) }
        return merge(workers.flatMap(\.parts).sorted { $0.index < $1.index }, workers: workers, into: classifier)
    }

    /// Content bytes a file probably holds: its size, five times it for gzip (by name: a
    /// guess for ordering only).
    static func estimatedContentBytes(_ source: PlannedSource) -> Int64 {
        var st = stat()
        guard stat(source.openPath, &st) == 0 else { return 0 }
        return Int64(st.st_size) * (source.openPath.hasSuffix(".gz") ? 5 : 1)
    }

    /// Why a parallel read was given up for a sequential one.
    struct Fallback: Error { var reason: String }

    private func merge(_ parts: [FilePart], workers: [ScanWorker], into classifier: Classifier) -> Swift.Result<Result, Fallback> {
        let merger = PartMerger(classifier: classifier, tallyCapacity: tallyCapacity, maxSeries: maxSeries, workers: workers.count)
        for part in parts {
            if case .failure(let fallback) = merger.absorb(part) { return .failure(fallback) }
        }
        return merger.finish(stores: workers.map(\.store)).map { store, entrySeries in
            Result(reports: parts.compactMap(\.report), tally: merger.tally,
                   watched: WatchedSeries(store: store, maxSeries: maxSeries, entrySeries: entrySeries),
                   outsideWindow: merger.outsideWindow)
        }
    }
}

/// Files still to read, handed out in a fixed order; `abandon` stops handing them out.
final class WorkQueue: @unchecked Sendable {
    private let order: [Int]
    // Guarded by `mutex`:
    private var next = 0
    private var stopped = false
    private var reason = ""
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(order: [Int]) {
        self.order = order
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// The next file's index in the plan; nil when none is left, the run was abandoned, or
    /// SIGINT/SIGTERM asked to stop (what was read is reported).
    func take() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !stopped, !StopRequest.isRequested, next < order.count else { return nil }
        next += 1
        return order[next - 1]
    }

    /// A worker met what the merge cannot reproduce (`why`): the run will be read on one thread.
    func abandon(_ why: String) {
        pthread_mutex_lock(mutex)
        if !stopped { reason = why }
        stopped = true
        pthread_mutex_unlock(mutex)
    }

    /// Why the run was abandoned (nil: it was not).
    var abandoned: String? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return stopped ? reason : nil
    }
}

/// One file's (or one segment's) share of the result, as its worker found it.
struct FilePart {
    /// The file's index in the plan (the segment's in its file).
    var index: Int
    var worker: Int
    /// A whole file's report (nil for a segment: its file has one report).
    var report: SourceReport?
    /// Keyed by the worker's shape indices; entries in order of first appearance in the part.
    var tally: SignatureTally
    /// The bytes of each worker shape index the tally uses.
    var shapes: [Int: [UInt8]]
    /// The worker's series of each tally entry when the part ended (-1: none yet).
    var entrySeries: [Int]
    var outsideWindow: Int
    var limitHits: [Int: (count: Int, reason: String)]
}

/// One thread of a parallel scan: its classifier, series and reader, and the files it read.
final class ScanWorker: @unchecked Sendable {
    struct Key: Hashable {
        var shape: Int
        var rule: Int
        var split: [String]
    }

    let slot: Int
    let scan: ParallelScan
    let classifier: Classifier
    let store: SeriesStore
    /// Distinct (shape, rule, split) of this worker's events, and the series of each (-1: none yet).
    private(set) var keys: [Key: Int] = [:]
    /// Read on every timed event, by this worker's thread only: no run-time exclusivity check.
    @exclusivity(unchecked) private(set) var keySeries: [Int] = []
    /// The header memo of this worker's segments, passed from one to the next.
    var headers: HeaderMemo?
    private(set) var parts: [FilePart] = []

    init(slot: Int, scan: ParallelScan) {
        self.slot = slot
        self.scan = scan
        classifier = Classifier(rules: scan.rules, templateCapacity: scan.templateCapacity)
        classifier.buildsWhileLearning = false   // the merge learns the shapes into the run's miner, which builds
        store = scan.makeStore()
    }

    func key(_ c: Classification) -> Int {
        let k = Key(shape: c.shape ?? -1, rule: c.ruleIndex ?? -1, split: c.split)
        if let i = keys[k] { return i }
        keys[k] = keySeries.count
        keySeries.append(-1)
        return keySeries.count - 1
    }

    /// The series of key `k`, made on its first timed event; nil beyond `maxSeries`.
    func series(ofKey k: Int) -> Int? {
        if keySeries[k] >= 0 { return keySeries[k] }
        guard store.seriesCount < scan.maxSeries else { return nil }
        keySeries[k] = store.makeSeries()
        return keySeries[k]
    }

    /// Reads `plan`'s files from `queue` until none is left (runs on the worker's thread).
    func work(_ plan: InputPlan, queue: WorkQueue, checkpoints: CheckpointBook?, bar: ProgressBar?) {
        let reader = SourceReader(options: scan.pipeline.ingest)
        reader.checkpoints = checkpoints
        let slot = self.slot
        reader.progress = bar.map { b in { b.update($0, slot: slot) } }
        while let index = queue.take() {
            let source = plan.sources[index]
            _ = classifier.takeLimitHits()
            let sink = PartSink(worker: self, tally: SignatureTally(capacity: scan.tallyCapacity),
                                source: source.displayPath, window: scan.window)
            let reference = Timestamp(millisecondsSinceEpoch: source.modificationTime * 1000)
            var assembler = EventAssembler(sink: sink, kind: source.kind, reference: reference, options: scan.pipeline.events)
            var report = reader.read(source, into: &assembler)
            assembler.finish()
            report.tally = assembler.tally
            checkpoints?.turns?.pass(source.openPath)   // one that never asked (empty, binary, unreadable)
            bar?.finishSource(slot: slot)
            let done = assembler.sink
            if let why = done.failed { queue.abandon(why); return }
            parts.append(part(index: index, report: report, of: done))
        }
    }
}

extension ScanWorker {
    /// What `sink` found, as a part for the merge.
    func part(index: Int, report: SourceReport?, of sink: PartSink) -> FilePart {
        FilePart(index: index, worker: slot, report: report, tally: sink.tally, shapes: sink.shapes,
                 entrySeries: sink.entryKey.map { keySeries[$0] }, outsideWindow: sink.outsideWindow,
                 limitHits: classifier.takeLimitHits())
    }
}

/// A worker's sink for one file: what `ScanSink` does, into the file's own tally and the
/// worker's series.
struct PartSink: EventSink {
    let worker: ScanWorker
    /// The worker's classifier and series store, called without a retain and a release an
    /// event (`worker` keeps them).
    private let classifier: Unmanaged<Classifier>
    private let store: Unmanaged<SeriesStore>
    let tally: SignatureTally
    let source: String
    let window: TimeWindow?
    var shapes: [Int: [UInt8]] = [:]
    var entryKey: [Int] = []
    /// Tally entries so far.
    private var entries = 0
    var outsideWindow = 0
    /// Met what the merge cannot reproduce (an overflow), and which: the rest is not worth classifying.
    private(set) var failed: String?
    /// Whether the first event had a time of its own (nil: no event yet).
    private(set) var startsWithOwnTime: Bool?
    /// The worker's shapes below this index are known to the merge from the worker's
    /// earlier parts, so their bytes are not sent again (a segment's sink: a worker's
    /// segments are merged in the order it takes them; 0 for whole files, which are not).
    var knownShapes = 0
    /// When set (a segment's sink), each event with a time is kept in `timed` for the merge
    /// to put on the run's one time axis, instead of on the worker's series.
    var keepsTimes = false
    var timed: [TimedEvent] = []

    init(worker: ScanWorker, tally: SignatureTally, source: String, window: TimeWindow?) {
        self.worker = worker
        classifier = Unmanaged.passUnretained(worker.classifier)
        store = Unmanaged.passUnretained(worker.store)
        self.tally = tally
        self.source = source
        self.window = window
    }

    mutating func consume(event: EventView) {
        if startsWithOwnTime == nil { startsWithOwnTime = event.timeIsOwn }
        if failed != nil { return }
        if let window, let t = event.time, !window.contains(t) { outsideWindow += 1; return }
        let c = classifier._withUnsafeGuaranteedRef { $0.classify(body: event.body, firstLineLength: event.firstLineBodyLength, lineID: event.firstLineID) }
        guard let shape = c.shape else { failed = "more shapes than --max-templates"; return }   // which overflow depends on order
        let source = self.source
        let entry = tally.add(c, time: event.time, level: event.level) {
            let firstLine = UnsafeRawBufferPointer(rebasing: event.body[0..<min(event.firstLineBodyLength, 300)])
            return "\(source):\(event.line): " + String(decoding: firstLine, as: UTF8.self)
        }
        guard entry >= 0 else { failed = "more signatures than the tally holds"; return }
        if entry == entries {
            entries += 1
            if !keepsTimes { entryKey.append(worker.key(c)) }   // a segment's entries get no series of the worker's
            if shape >= knownShapes && shapes[shape] == nil { shapes[shape] = worker.classifier.miner.shapeBytes(at: shape) }
        }
        guard let time = event.time else { return }
        if keepsTimes {
            timed.append(TimedEvent(entry: Int32(entry), error: event.level.map { $0 >= .error } ?? false, time: time))
            return
        }
        guard let series = worker.series(ofKey: entryKey[entry]) else { failed = "more signatures than are watched"; return }
        let error = event.level.map { $0 >= .error } ?? false
        store._withUnsafeGuaranteedRef { $0.add(series: series, time: time, error: error) }
    }
}

/// An event with a time, as a segment's worker saw it: its entry in the segment's tally.
struct TimedEvent {
    var entry: Int32
    var error: Bool
    var time: Timestamp
}
