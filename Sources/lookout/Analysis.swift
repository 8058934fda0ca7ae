import ArgumentParser
import LookoutClassify
import LookoutCore
import LookoutDetect
import LookoutStore
import LookoutEvents
import LookoutIngest
import LookoutReport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One pass of the analysis every reading command shares: read, classify, count per
/// signature, and put each event on the detector's time axis.
struct Analysis {
    var summary: InputSummary
    var classifier: Classifier
    var sink: ScanSink
    var named: [(summary: SignatureSummary, entries: [Int])]
    /// The checkpoints files resumed from (nil without a state store).
    var checkpoints: CheckpointBook?

    /// The signatures with the series that hold their events (those with none are not watched).
    var watched: [WatchedSignature] {
        named.compactMap { item -> WatchedSignature? in
            let series = item.entries.compactMap { $0 >= 0 && $0 < sink.entrySeries.count ? sink.entrySeries[$0] : nil }.filter { $0 >= 0 }
            return series.isEmpty ? nil : WatchedSignature(summary: item.summary, series: series)
        }
    }

    /// `seedTemplates`: a saved template set (a baseline's) learnt before the input, so
    /// that the same messages get the same signature ids as when it was made.
    /// `bucketMilliseconds`: a detection bucket asked for, which the time axis then resolves
    /// (with room for 16,384 of them; watched signatures are fewer to bound memory).
    /// `checkpoints`: earlier runs' (from the state store); files resume where they stopped.
    /// `statePath`: the state database, whose files are never read as logs.
    /// `jobs`: files read at once (`--jobs`); the plan is read on one thread when parallel
    /// reading could not give the same result (`ParallelScan`).
    static func run(input: InputOptions, rules: RuleOptions, seedTemplates: String?, bucketMilliseconds: Int64? = nil,
                    checkpoints: [Checkpoint]? = nil, statePath: String? = nil, window: TimeWindow? = nil, alerts: (AlertOutput, AlertWatcher)? = nil,
                    jobs: Int = 1) throws -> Analysis {
        let inputs = try input.resolvedInputs()
        let ruleSet = try rules.load()
        func makeClassifier() throws -> Classifier {
            let classifier = Classifier(rules: ruleSet, templateCapacity: rules.maxTemplates)
            if let seedTemplates {
                do { try classifier.miner.load(seedTemplates) } catch {
                    throw UsageError(description: "the baseline's template set is damaged (\(error)); make the baseline again.")
                }
            }
            return classifier
        }
        var classifier = try makeClassifier()
        let pipeline = input.pipeline()
        var plan = pipeline.plan(inputs)
        if let statePath {
            // The state database's own files, when they lie in a directory being read, are not logs.
            let own = Set(["", "-wal", "-shm", "-journal"].compactMap { Pipeline.realPath(statePath + $0) })
            plan.sources.removeAll { $0.kind == .file && Pipeline.realPath($0.openPath).map(own.contains) == true }
        }
        let makeStore = { bucketMilliseconds.map { SeriesStore(capacity: 16_384, initialWidthMilliseconds: $0) } ?? SeriesStore() }
        let makeBook = { checkpoints.map { CheckpointBook(known: $0, plannedPaths: plan.sources.filter { $0.kind == .file }.map(\.openPath)) } }
        var book = makeBook()
        var sink: ScanSink
        let sources: [SourceReport]
        let store = makeStore()
        let parallel = ParallelScan(pipeline: pipeline, rules: ruleSet, templateCapacity: rules.maxTemplates,
                                    tallyCapacity: 2 * rules.maxTemplates, makeStore: makeStore,
                                    maxSeries: ScanSink.maxSeries(capacity: store.capacity), window: window, jobs: jobs)
        var outcome: Result<ParallelScan.Result, ParallelScan.Fallback>
        let reason = ParallelScan.sequentialReason(plan: plan, jobs: jobs, alerts: alerts != nil, checkpoints: book)
        if reason != nil && !SegmentedScan.applies(to: plan, jobs: jobs, alerts: alerts != nil) {
            outcome = .failure(ParallelScan.Fallback(reason: reason!))
        } else {
            outcome = reason == nil ? parallel.run(plan, classifier: classifier, checkpoints: book)
                : SegmentedScan(scan: parallel).run(plan, classifier: classifier, checkpoints: book)
            if case .failure = outcome {
                // It could not be merged identically: read again, afresh, on one thread.
                classifier = try makeClassifier()
                book = makeBook()
            }
        }
        switch outcome {
        case .success(let result):
            if reason == nil { ParallelScan.trace("read \(plan.sources.count) sources on \(min(jobs, plan.sources.count)) threads") }
            sink = ScanSink(classifier: classifier, merged: result, window: window)
            sources = result.reports
        case .failure(let fallback):
            ParallelScan.trace("read on one thread: \(fallback.reason)")
            sink = ScanSink(classifier: classifier, tally: SignatureTally(capacity: 2 * rules.maxTemplates), store: store)
            sink.alerts = alerts
            sink.window = window
            sources = pipeline.read(plan, into: &sink, checkpoints: book)
        }
        let summary = InputSummary(sources: sources, planProblems: plan.problems + Pipeline.interruption())
        classifier.finishLearning()
        let named = sink.tally.summaries(classifier)
        reportLimitHits(classifier)
        return Analysis(summary: summary, classifier: classifier, sink: sink, named: named, checkpoints: book)
    }
}

extension Analysis {
    /// The counts per detection bucket of each signature with an anomaly, and of all events (`*`).
    func rates(of result: RateDetector.Result) -> ([String: [Int]], Timestamp?) {
        let series = sink.store
        guard let width = result.bucketMilliseconds, let origin = result.origin, series.width > 0 else { return ([:], nil) }
        let factor = max(1, Int(width / series.width))
        var rates = [StateStore.allEvents: series.totalCounts(factor: factor).all]
        let wanted = Set(result.anomalies.map(\.signature))
        for w in watched where wanted.contains(w.summary.id) {
            rates[w.summary.id] = series.counts(of: w.series, factor: factor)
        }
        return (rates, Timestamp(millisecondsSinceEpoch: origin))
    }
}

/// Classifies each event in one pass, counts it under its signature, and puts it on the
/// detector's time axis.
struct ScanSink: SourceSink {
    let classifier: Classifier
    let tally: SignatureTally
    private var watched: WatchedSeries
    var store: SeriesStore { watched.store }
    /// The series of each tally entry (-1: none, beyond `maxSeries`).
    var entrySeries: [Int] { watched.entrySeries }
    var unwatchedEvents: Int { watched.unwatchedEvents }
    private var source = ""
    /// Events kept (--since/--until), and how many fell outside.
    var window: TimeWindow?
    private(set) var outsideWindow = 0
    /// Early warning (`--alerts`): where to write, and the watcher that judges each event.
    var alerts: (AlertOutput, AlertWatcher)?
    /// Series kept for detection: at most 16 million counters in all (64 MB), and 5,000 series.
    var maxSeries: Int { ScanSink.maxSeries(capacity: store.capacity) }
    static func maxSeries(capacity: Int) -> Int { min(5000, 16_000_000 / capacity) }

    init(classifier: Classifier, tally: SignatureTally, store: SeriesStore) {
        self.classifier = classifier
        self.tally = tally
        watched = WatchedSeries(store: store, maxSeries: ScanSink.maxSeries(capacity: store.capacity))
    }

    /// The sink a sequential run would have ended with, from a parallel run's merged result.
    init(classifier: Classifier, merged result: ParallelScan.Result, window: TimeWindow?) {
        self.classifier = classifier
        tally = result.tally
        watched = result.watched
        outsideWindow = result.outsideWindow
        self.window = window
    }

    mutating func begin(source: PlannedSource) { self.source = source.displayPath }

    mutating func consume(event: EventView) {
        if let window, let t = event.time, !window.contains(t) { outsideWindow += 1; return }
        let c = classifier.classify(body: event.body, firstLineLength: event.firstLineBodyLength, lineID: event.firstLineID)
        let source = self.source
        let entry = tally.add(c, time: event.time, level: event.level) {
            let firstLine = UnsafeRawBufferPointer(rebasing: event.body[0..<min(event.firstLineBodyLength, 300)])
            return "\(source):\(event.line): " + String(decoding: firstLine, as: UTF8.self)
        }
        guard entry >= 0, let time = event.time else { return }
        if let (output, watcher) = alerts {
            for silence in watcher.silences(now: time) { output.write(silence, detected: time, example: "\(source):\(event.line)") }
            let classifier = self.classifier
            let level = event.level
            if let alert = watcher.observe(key: entry, time: time, signature: {
                let rule = c.ruleIndex.map { classifier.rules.rules[$0] }
                return SignatureSummary(id: classifier.signature(of: c), template: classifier.templateText(of: c), rule: rule?.id,
                                        severity: rule?.severity ?? Severity(level: level), count: 0, firstSeen: nil, lastSeen: nil, examples: [])
            }) {
                output.write(alert, detected: time, example: "\(source):\(event.line)")
            }
        }
        watched.add(entry: entry, time: time, error: event.level.map { $0 >= .error } ?? false)
    }
}

/// Writes alerts as JSON lines, each flushed at once (they are for whoever is watching now).
final class AlertOutput {
    private let out: BufferedOutput
    private let fd: Int32

    init(path: String) throws {
        if path == "-" {
            fd = 1
        } else {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw UsageError(description: "cannot write alerts to \(path): \(String(cString: strerror(errno))).") }
        }
        out = BufferedOutput(fd: fd)
    }

    deinit {
        out.flush()
        if fd != 1 { close(fd) }
    }

    func write(_ a: Anomaly, detected: Timestamp, example: String) {
        let line: JSONValue = .object([("detected", .string(detected.rfc3339))] + JSONDigest.anomalyMembers(a) + [("at", .string(example))])
        out.write(line.rendered() + "\n")
        out.flush()
    }
}
