import LookoutClassify
import LookoutCore
import LookoutEvents
import LookoutIngest

/// `lookout classify` on several threads: each file, in planned order, is cut into segments
/// as `SegmentedScan` cuts it, and both passes run on the workers.
///
/// - Pass one: each worker learns its segments' shapes into a miner of its own; each
///   segment's shapes and counts are learnt into the run's miner in segment order, so the
///   run's miner holds the shapes, in the order, and with the counts that one reader gives.
///   A worker's full miner, a run's full miner (which shapes overflow depends on order) or
///   a `SegmentContinuity` check gives up: the caller then runs both passes on one thread.
/// - Pass two: every worker has a classifier of its own on the run's finished miner, which
///   they only read, and writes its segment's lines into memory; they are written out in
///   segment order. The cuts are those of pass one, which checked them: cuts depend only on
///   the content, so a file cuts the same way up to where pass one stopped. What a file that
///   grew between the passes gained is cut unchecked; a cut there that one reader would
///   date otherwise (a first time that does not resolve, a yearless file past a turn of the
///   year) is not caught. Both passes of one thread would differ there as well: the
///   second reads events the first never learnt.
struct SegmentedClassify {
    var pipeline: Pipeline
    var rules: RuleSet
    var templateCapacity: Int
    var jobs: Int

    /// Whether `plan` can be read so: every source a regular file (they are read twice
    /// anyway), and more than one job.
    static func applies(to plan: InputPlan, jobs: Int) -> Bool {
        jobs >= 2 && !plan.sources.isEmpty && plan.sources.allSatisfy { SegmentedScan.isRegularFile($0) }
    }

    /// Pass one, into `classifier`'s miner; or why it could not give one reader's result
    /// (`classifier` must then be thrown away).
    func learn(_ plan: InputPlan, into classifier: Classifier) -> String? {
        let learners = (0..<SegmentedScan.workers(jobs: jobs)).map { _ in ShapeLearner(classifier: Classifier(rules: rules, templateCapacity: templateCapacity)) }
        let bar = ProgressBar(plan: plan)
        defer { bar?.finish() }
        for source in plan.sources {
            if StopRequest.isRequested { break }
            var continuity = SegmentContinuity()
            let line = SegmentLine<LearntSegment>(workers: learners.count, segmentBytes: SegmentedScan.segmentBytes(default: 2 << 20),
                                                  maxInFlightPerWorker: SegmentedScan.inFlightPerWorker,
                                                  work: { w, segment in learners[w].learn(segment, of: source, options: pipeline.events) },
                                                  merge: { s in
                if let why = continuity.check(index: s.index, failed: s.failed, startsWithOwnTime: s.startsWithOwnTime, years: s.years) {
                    return why
                }
                for (shape, count) in s.shapes where classifier.miner.learn(shape, count: count) == nil {
                    return "more shapes than --max-templates"
                }
                return nil
            })
            _ = SegmentedScan.read(source, into: line, checkpoints: nil, options: pipeline.ingest, bar: bar)
            if let why = line.finish() { return why }
            bar?.finishSource()
        }
        return nil
    }

    /// Pass two: writes every event's line to `out` and returns the sources' reports.
    func write(_ plan: InputPlan, classifier: Classifier, to out: BufferedOutput) -> [SourceReport] {
        let writers = (0..<SegmentedScan.workers(jobs: jobs)).map { _ in SegmentWriter(classifier: Classifier(rules: rules, miner: classifier.miner)) }
        let bar = ProgressBar(plan: plan)
        defer { bar?.finish() }
        var reports: [SourceReport] = []
        for source in plan.sources {
            if StopRequest.isRequested { break }
            for writer in writers { writer.begin(source) }
            var events = EventTally()
            let line = SegmentLine<WrittenSegment>(workers: writers.count, segmentBytes: SegmentedScan.segmentBytes(default: 2 << 20),
                                                   maxInFlightPerWorker: SegmentedScan.inFlightPerWorker,
                                                   work: { w, segment in writers[w].write(segment, of: source, options: pipeline.events) },
                                                   merge: { s in
                s.lines.drain(into: out)
                classifier.addLimitHits(s.limitHits)
                events.absorb(s.events)
                return nil
            })
            var report = SegmentedScan.read(source, into: line, checkpoints: nil, options: pipeline.ingest, bar: bar)
            _ = line.finish()
            bar?.finishSource()
            report.tally = events
            report.tally.settleTimeBasis(stdin: false)
            reports.append(report)
        }
        return reports
    }
}

/// One segment's shapes, in order of first appearance, with their counts.
struct LearntSegment {
    var index: Int
    var shapes: [([UInt8], Int)]
    var years: YearInference
    var startsWithOwnTime: Bool?
    var failed: String?
}

/// A worker of pass one: learns shapes into its own classifier's miner, and counts them per
/// segment (`inSegment[shape]`, reset after each segment).
final class ShapeLearner: @unchecked Sendable {
    let classifier: Classifier
    private var inSegment: [Int] = []

    init(classifier: Classifier) { self.classifier = classifier }

    struct Sink: EventSink {
        let learner: ShapeLearner
        var order: [Int] = []
        var startsWithOwnTime: Bool?
        var full = false

        mutating func consume(event: EventView) {
            if startsWithOwnTime == nil { startsWithOwnTime = event.timeIsOwn }
            guard let shape = learner.classifier.learn(body: event.body, firstLineLength: event.firstLineBodyLength) else {
                full = true
                return
            }
            if shape >= learner.inSegment.count { learner.inSegment += repeatElement(0, count: shape + 1 - learner.inSegment.count) }
            if learner.inSegment[shape] == 0 { order.append(shape) }
            learner.inSegment[shape] += 1
        }
    }

    func learn(_ segment: Segment, of source: PlannedSource, options: EventOptions) -> LearntSegment {
        let assembler = segment.assemble(into: Sink(learner: self), of: source, options: options)
        let sink = assembler.sink
        let shapes = sink.order.map { shape in
            defer { inSegment[shape] = 0 }
            return (classifier.miner.shapeBytes(at: shape), inSegment[shape])
        }
        return LearntSegment(index: segment.index, shapes: shapes, years: assembler.years, startsWithOwnTime: sink.startsWithOwnTime,
                             failed: sink.full ? "more shapes than --max-templates" : nil)
    }
}

/// One segment's JSON lines, and what writing them counted.
struct WrittenSegment {
    var lines: BufferedOutput
    var events: EventTally
    var limitHits: [Int: (count: Int, reason: String)]
}

/// A worker of pass two: a `ClassifySink` of its own (its caches of encoded line tails live
/// from segment to segment) writing each segment into memory.
final class SegmentWriter: @unchecked Sendable {
    private var sink: ClassifySink

    init(classifier: Classifier) {
        sink = ClassifySink(classifier: classifier, out: nil, learningOnly: false)
    }

    func begin(_ source: PlannedSource) { sink.begin(source: source) }

    func write(_ segment: Segment, of source: PlannedSource, options: EventOptions) -> WrittenSegment {
        let lines = BufferedOutput(fd: -1)
        sink.out = lines
        let assembler = segment.assemble(into: sink, of: source, options: options)
        sink = assembler.sink
        sink.out = nil
        return WrittenSegment(lines: lines, events: assembler.tally, limitHits: sink.classifier.takeLimitHits())
    }
}
