import LookoutClassify
import LookoutCore
import LookoutEvents
import LookoutIngest
import Synchronization

/// `lookout classify` on several threads: each file, in planned order, is cut into segments
/// as `SegmentedScan` cuts it; workers classify the segments' events, learn their shapes
/// into miners of their own and hold their lines in memory (numbered by those miners).
///
/// The segments are merged in order: each one's shapes and counts are learnt into the run's
/// miner, its lines renumbered to the run's shapes and appended to the run's `HeldLines`.
/// So the run's miner holds the shapes, in the order and with the counts that one reader
/// gives, and the held lines are that reader's. A worker's full miner, a run's full miner
/// (which shapes overflow depends on order) or a `SegmentContinuity` check gives up: the
/// caller then reads on one thread.
struct SegmentedClassify {
    var pipeline: Pipeline
    var rules: RuleSet
    var templateCapacity: Int
    var jobs: Int

    /// Whether `plan` can be read so: every source a regular file, and more than one job
    /// (for a single gzip file, three: `SegmentedScan.enoughJobs`; among other files, the
    /// segments of the rest outweigh it).
    static func applies(to plan: InputPlan, jobs: Int) -> Bool {
        jobs >= 2 && !plan.sources.isEmpty && plan.sources.allSatisfy { SegmentedScan.isRegularFile($0) }
            && (plan.sources.count > 1 || SegmentedScan.enoughJobs(jobs, for: plan.sources[0]))
    }

    /// Reads `plan` once: every event classified, its shape learnt into `classifier`'s miner
    /// and its line held in `held`. Returns the sources' reports (as far as it read), and why
    /// it stopped short of one reader's result, if it did (`classifier` and `held` must then
    /// be thrown away, unless `held` could not be written: then nothing more can be done).
    func hold(_ plan: InputPlan, into classifier: Classifier, held: HeldLines) -> (reports: [SourceReport], stoppedBecause: String?) {
        let spare = SpareOutputs()
        let holders = (0..<SegmentedScan.workers(jobs: jobs)).map {
            SegmentHolder(slot: $0, classifier: Classifier(rules: rules, templateCapacity: templateCapacity), spare: spare)
        }
        /// Per worker: the run's shape of each of its own.
        var runShapes = [[Int]](repeating: [], count: holders.count)
        let bar = ProgressBar(plan: plan)
        defer { bar?.finish() }
        var reports: [SourceReport] = []
        for source in plan.sources {
            if StopRequest.isRequested { break }
            HeldLines.markSource(source.displayPath, in: held.out)
            var continuity = SegmentContinuity()
            var events = EventTally()
            let line = SegmentLine<HeldSegment>(workers: holders.count, segmentBytes: SegmentedScan.segmentBytes(default: 1 << 20),
                                                maxInFlightPerWorker: SegmentedScan.inFlightPerWorker,
                                                work: { w, segment in holders[w].hold(segment, of: source, options: pipeline.events) },
                                                merge: { s in
                if let why = continuity.check(index: s.index, failed: s.failed, startsWithOwnTime: s.startsWithOwnTime, years: s.years) {
                    return why
                }
                for shape in s.shapes {
                    if let bytes = shape.bytes {
                        guard let run = classifier.miner.learn(bytes, count: shape.count) else { return "more shapes than --max-templates" }
                        precondition(shape.local == runShapes[s.worker].count, "a worker's new shapes come in its own order")
                        runShapes[s.worker].append(run)
                    } else {
                        classifier.miner.addCount(shape.count, toShape: runShapes[s.worker][shape.local])
                    }
                }
                let runShape = runShapes[s.worker]
                HeldLines.renumberShapes(in: s.lines) { runShape[$0] }
                s.lines.drain(into: held.out)
                spare.give(s.lines)
                if held.out.failed != nil { return "the held lines could not be written" }
                classifier.addLimitHits(s.limitHits)
                events.absorb(s.events)
                return nil
            })
            var report = SegmentedScan.read(source, into: line, checkpoints: nil, options: pipeline.ingest, bar: bar)
            let why = line.finish()
            bar?.finishSource()
            report.tally = events
            report.tally.settleTimeBasis(stdin: false)
            reports.append(report)
            if let why { return (reports, why) }
        }
        return (reports, nil)
    }
}

/// One segment's held lines (numbered by its worker's miner), with the shapes they use in
/// order of first appearance: the bytes of those new to the worker, and every one's count.
struct HeldSegment {
    var index: Int
    var worker: Int
    var lines: BufferedOutput
    var shapes: [(local: Int, bytes: [UInt8]?, count: Int)]
    var events: EventTally
    var limitHits: [Int: (count: Int, reason: String)]
    var years: YearInference
    var startsWithOwnTime: Bool?
    var failed: String?
}

/// A worker: classifies its segments' events, learns their shapes into its own miner, and
/// holds their lines in memory. It gets its segments in order, and they are merged in that
/// order, so a shape's bytes are sent with the first of its segments only.
final class SegmentHolder: @unchecked Sendable {
    let slot: Int
    let classifier: Classifier
    /// This segment's count of each shape (reset after each segment), in raw memory: an
    /// array's update checks its buffer is unique, a call on every event; `inSegmentCapacity`
    /// counts. Unchecked: a class's stored property is otherwise checked for exclusive access
    /// on each use; only this worker's thread touches them.
    @exclusivity(unchecked) private var inSegment = UnsafeMutablePointer<Int>.allocate(capacity: 0)
    @exclusivity(unchecked) private var inSegmentCapacity = 0
    /// Shapes below this were sent with an earlier segment.
    private var sent = 0
    /// The header memo of this worker's segments, passed from one to the next.
    private var headers: HeaderMemo?
    private let spare: SpareOutputs

    deinit { inSegment.deallocate() }

    /// Makes room in `inSegment` for `shape`'s count (doubling, zero-filled).
    private func growInSegment(toHold shape: Int) {
        let capacity = max(2 * inSegmentCapacity, shape + 1, 1024)
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        larger.update(from: inSegment, count: inSegmentCapacity)
        (larger + inSegmentCapacity).initialize(repeating: 0, count: capacity - inSegmentCapacity)
        inSegment.deallocate()
        inSegment = larger
        inSegmentCapacity = capacity
    }

    init(slot: Int, classifier: Classifier, spare: SpareOutputs) {
        self.slot = slot
        self.classifier = classifier
        self.spare = spare
        classifier.buildsWhileLearning = false
    }

    struct Sink: EventSink {
        let holder: SegmentHolder
        /// The holder's classifier, called without a retain and a release an event (`holder` keeps it).
        let classifier: Unmanaged<Classifier>
        let lines: BufferedOutput
        var fields = EventFields()
        var order: [Int] = []
        var startsWithOwnTime: Bool?
        var full = false

        mutating func consume(event: EventView) {
            if startsWithOwnTime == nil { startsWithOwnTime = event.timeIsOwn }
            let c = classifier._withUnsafeGuaranteedRef { $0.classify(body: event.body, firstLineLength: event.firstLineBodyLength, lineID: event.firstLineID) }
            guard let shape = c.shape else {
                full = true
                return
            }
            if shape >= holder.inSegmentCapacity { holder.growInSegment(toHold: shape) }
            if holder.inSegment[shape] == 0 { order.append(shape) }
            holder.inSegment[shape] += 1
            HeldLines.hold(event, c, fields: &fields, in: lines)
        }
    }

    func hold(_ segment: Segment, of source: PlannedSource, options: EventOptions) -> HeldSegment {
        let lines = spare.take()
        let assembler = segment.assemble(into: Sink(holder: self, classifier: Unmanaged.passUnretained(classifier), lines: lines), of: source,
                                         options: options, headers: &headers)
        let sink = assembler.sink
        let shapes = sink.order.map { shape in
            defer { inSegment[shape] = 0 }
            return (local: shape, bytes: shape >= sent ? classifier.miner.shapeBytes(at: shape) : nil, count: inSegment[shape])
        }
        sent = classifier.miner.shapeCount
        return HeldSegment(index: segment.index, worker: slot, lines: lines, shapes: shapes, events: assembler.tally,
                           limitHits: classifier.takeLimitHits(), years: assembler.years, startsWithOwnTime: sink.startsWithOwnTime,
                           failed: sink.full ? "more shapes than --max-templates" : nil)
    }
}

/// The in-memory outputs of segments merged, for the workers' next segments: a segment's
/// held lines take about as many bytes as its text, and an output allocated afresh for each
/// one grew to that size by doubling (copying as it went) and was freed after its merge, so
/// the process's memory rose and fell by megabytes all run long, and its peak grew with the
/// length of the input. Reused, the outputs reach their size in the first segments; there
/// are never more than the segments in flight.
final class SpareOutputs: Sendable {
    private let outputs = Mutex<[BufferedOutput]>([])

    func take() -> BufferedOutput { outputs.withLock { $0.popLast() } ?? BufferedOutput(fd: -1) }

    /// `output` must be empty (drained).
    func give(_ output: BufferedOutput) { outputs.withLock { $0.append(output) } }
}
