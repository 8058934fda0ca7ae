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

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Options shared by every command that reads logs.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Files, directories (walked recursively) or `-` for stdin. With none, stdin is read when it is not a terminal.",
        valueName: "input"))
    var inputs: [String] = []

    @Option(name: .customLong("include"), help: ArgumentHelp(
        "In directories, read only files matching this glob (repeatable). A glob without `/` matches the file name, one with `/` the path below the directory given.",
        valueName: "glob"))
    var include: [String] = []

    @Option(name: .customLong("exclude"), help: ArgumentHelp(
        "In directories, skip files and directories matching this glob (repeatable); wins over --include.",
        valueName: "glob"))
    var exclude: [String] = []

    @Option(name: .customLong("max-line-bytes"), help: ArgumentHelp(
        "Lines longer than this are cut for classification and counted as truncated.", valueName: "bytes"))
    var maxLineBytes: Int = 64 * 1024

    func validate() throws {
        guard maxLineBytes >= 16 && maxLineBytes <= 64 * 1024 * 1024 else {
            throw ValidationError("--max-line-bytes must be between 16 and 67108864 (64 MiB); got \(maxLineBytes).")
        }
    }

    /// The pipeline these options describe.
    func pipeline() -> Pipeline {
        var ingest = IngestOptions()
        ingest.maxLineBytes = maxLineBytes
        return Pipeline(ingest: ingest, filter: PathFilter(include: include, exclude: exclude))
    }

    /// The inputs to read: as given, or stdin when none are given and stdin is not a terminal.
    func resolvedInputs() throws -> [String] {
        if !inputs.isEmpty { return inputs }
        if isatty(0) == 1 {
            throw UsageError(description: "no input: name files or directories, or pipe logs in (for example `journalctl -f | lookout scan`). See `lookout scan --help`.")
        }
        return ["-"]
    }
}

/// A command whose outcome is an exit status (SPEC §3) rather than success or an error.
protocol StatusCommand: ParsableCommand {
    mutating func execute() throws -> Int32
}

extension StatusCommand {
    func run() throws {
        var copy = self
        let status = try copy.execute()
        if status != 0 { throw ExitCode(status) }
    }
}

struct Scan: StatusCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read logs and print the digest.",
        discussion: """
            Reads every input once, oldest rotated file first, and reports what was read \
            (sources, lines, bytes, events, time span, levels, input problems) and the \
            signatures the events fall into, most frequent first (see `lookout classify`).

            Examples:
              lookout scan /var/log/myapp
              lookout scan app.log app.log.1 app.log.2.gz --format json
              kubectl logs api | lookout scan
              lookout scan /var/log --include '*.log*' --exclude 'journal'
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var rules: RuleOptions

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: OutputFormat = .text

    @Option(name: .customLong("bucket"), help: ArgumentHelp(
        "Detection bucket width: 30s, 5m, 1h, 1d… (default: chosen from the time span, at most 2,048 buckets).", valueName: "duration"))
    var bucket: String?

    @Option(name: .customLong("fail-on"), help: ArgumentHelp(
        "Exit with status 1 when an anomaly of this severity or higher is found: critical, high, medium, low or info. Without it, anomalies do not change the exit status.",
        valueName: "severity"))
    var failOn: String?

    func validate() throws {
        if let bucket, Scan.milliseconds(bucket) == nil {
            throw ValidationError("--bucket takes a duration such as 30s, 5m, 1h or 1d; got `\(bucket)`.")
        }
        guard falseAlarmRate > 0 && falseAlarmRate < 1 else {
            throw ValidationError("--false-alarm-rate takes a probability between 0 and 1 (exclusive); got \(falseAlarmRate).")
        }
        if let failOn, Severity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on takes critical, high, medium, low or info; got `\(failOn)`.")
        }
    }

    /// `90s`, `5m`, `1h`, `2d`, or bare seconds.
    static func milliseconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
        var digits = Substring(text)
        var unit: Int64 = 1000
        if let last = text.last, let u = units[last] { unit = u; digits = digits.dropLast() }
        guard let n = Int64(digits), n > 0, n < 10_000_000 else { return nil }
        return n * unit
    }

    @Option(name: .customLong("false-alarm-rate"), help: ArgumentHelp(
        "The chance, per run, of any false alarm among all the rate tests (Bonferroni over signatures and buckets). Lower: fewer and only clearer anomalies.",
        valueName: "p"))
    var falseAlarmRate: Double = DetectorOptions().falseAlarmRate

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the digest to this file instead of stdout.", valueName: "file"))
    var output: String?

    /// Runs the scan and returns the exit status.
    @Option(name: .customLong("baseline"), help: ArgumentHelp(
        "Compare with this baseline file (from `lookout baseline`) instead of the history or the run's own past.", valueName: "file"))
    var baseline: String?

    @OptionGroup var state: StateOptions

    @Option(name: .customLong("alerts"), help: ArgumentHelp(
        "Write each anomaly as one JSON line to this file (`-`: stdout) as soon as the evidence suffices, while the input is still read.",
        valueName: "file"))
    var alerts: String?

    mutating func execute() throws -> Int32 {
        let started = Pipeline.now()
        let file = try baseline.map { try BaselineLoading.read($0) }
        let store = try state.open()
        let seed = try file?.templates ?? store.flatMap { s in try StateLoading.templates(s) }
        let alertOutput = try alerts.map { try AlertOutput(path: $0) }
        let checkpoints = try store.map { s in try StateLoading.checkpoints(s) }
        let analysis = try Analysis.run(input: input, rules: rules, seedTemplates: seed, bucketMilliseconds: bucket.flatMap(Scan.milliseconds),
                                        checkpoints: checkpoints, statePath: store?.path,
                                        alerts: alertOutput.map { ($0, AlertWatcher(width: bucket.flatMap(Scan.milliseconds) ?? 60_000)) })
        var detector = DetectorOptions()
        detector.bucketMilliseconds = bucket.flatMap(Scan.milliseconds)
        detector.falseAlarmRate = falseAlarmRate
        var reference = file.map { BaselineLoading.reference($0, name: "the baseline file") }
        var historyNote: String?
        if reference == nil, let store {
            (reference, historyNote) = try StateLoading.reference(store, analysis: analysis, detector: detector)
        }
        let result = RateDetector(options: detector).detect(analysis.sink.store, signatures: analysis.watched, reference: reference)
        if let store { try StateLoading.save(store, analysis: analysis, started: started, inputs: input.inputs) }
        var note = [historyNote, result.note].compactMap { $0 }.joined(separator: "; ")
        if note.isEmpty { note = "" }
        if analysis.sink.unwatchedEvents > 0 {
            note += (note.isEmpty ? "" : "; ") + "\(analysis.sink.unwatchedEvents) events of signatures beyond the first \(analysis.sink.maxSeries) were counted but not watched for anomalies"
        }
        let summary = analysis.summary
        let kind = baseline != nil ? "file" : (reference != nil ? "history" : "run")
        let against = baseline ?? (reference != nil ? "history in \(store?.path ?? "")" : nil)
        var digest = Digest(input: summary, signatures: analysis.named.map(\.summary), anomalies: result.anomalies,
                            bucketMilliseconds: result.bucketMilliseconds, buckets: result.buckets,
                            detectionNote: note.isEmpty ? nil : note, baselineKind: kind, baseline: against)
        (digest.rates, digest.ratesStart) = analysis.rates(of: result)

        let text: String
        switch format {
        case .text:
            let color = output == nil && isatty(1) == 1 && getenv("NO_COLOR").map({ $0.pointee == 0 }) ?? true
            text = TextDigest(color: color).render(digest)
        case .json:
            text = JSONDigest.render(digest)
        }
        try OutputFile.write(text, to: output)
        if summary.hasErrors { return ExitStatus.unreadableInput }   // an unread input never looks clean
        if let failOn, let threshold = Severity(rawValue: failOn), result.anomalies.contains(where: { $0.severity >= threshold }) {
            return ExitStatus.anomalies
        }
        return ExitStatus.success
    }
}

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
    static func run(input: InputOptions, rules: RuleOptions, seedTemplates: String?, bucketMilliseconds: Int64? = nil,
                    checkpoints: [Checkpoint]? = nil, statePath: String? = nil, alerts: (AlertOutput, AlertWatcher)? = nil) throws -> Analysis {
        let inputs = try input.resolvedInputs()
        let classifier = Classifier(rules: try rules.load(), templateCapacity: rules.maxTemplates)
        if let seedTemplates {
            do { try classifier.miner.load(seedTemplates) } catch {
                throw UsageError(description: "the baseline's template set is damaged (\(error)); make the baseline again.")
            }
        }
        let pipeline = input.pipeline()
        var plan = pipeline.plan(inputs)
        if let statePath {
            // The state database's own files, when they lie in a directory being read, are not logs.
            let own = Set(["", "-wal", "-shm", "-journal"].compactMap { Pipeline.realPath(statePath + $0) })
            plan.sources.removeAll { $0.kind == .file && Pipeline.realPath($0.openPath).map(own.contains) == true }
        }
        let series = bucketMilliseconds.map { SeriesStore(capacity: 16_384, initialWidthMilliseconds: $0) } ?? SeriesStore()
        var sink = ScanSink(classifier: classifier, tally: SignatureTally(capacity: 2 * rules.maxTemplates), store: series)
        sink.alerts = alerts
        let book = checkpoints.map { CheckpointBook(known: $0, plannedPaths: plan.sources.filter { $0.kind == .file }.map(\.openPath)) }
        let sources = pipeline.read(plan, into: &sink, checkpoints: book)
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
    let store: SeriesStore
    /// The series of each tally entry (-1: none, beyond `maxSeries`).
    private(set) var entrySeries: [Int] = []
    private(set) var unwatchedEvents = 0
    private var source = ""
    /// Early warning (`--alerts`): where to write, and the watcher that judges each event.
    var alerts: (AlertOutput, AlertWatcher)?
    /// Series kept for detection: at most 16 million counters in all (64 MB), and 5,000 series.
    var maxSeries: Int { min(5000, 16_000_000 / store.capacity) }

    init(classifier: Classifier, tally: SignatureTally, store: SeriesStore) {
        self.classifier = classifier
        self.tally = tally
        self.store = store
    }

    mutating func begin(source: PlannedSource) { self.source = source.displayPath }

    mutating func consume(event: EventView) {
        let c = classifier.classify(body: event.body, firstLineLength: event.firstLineBodyLength, learning: true)
        let source = self.source
        let entry = tally.add(c, time: event.time, level: event.level) {
            let firstLine = UnsafeRawBufferPointer(rebasing: event.body[0..<min(event.firstLineBodyLength, 300)])
            return "\(source):\(event.line): " + String(decoding: firstLine, as: UTF8.self)
        }
        guard entry >= 0, let time = event.time else { return }
        if let (output, watcher) = alerts {
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
        while entrySeries.count <= entry {
            entrySeries.append(store.seriesCount < maxSeries ? store.makeSeries() : -1)
        }
        let series = entrySeries[entry]
        guard series >= 0 else { unwatchedEvents += 1; return }
        store.add(series: series, time: time, error: event.level.map { $0 >= .error } ?? false)
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
