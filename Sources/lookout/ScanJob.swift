import LookoutCore
import LookoutDetect
import LookoutReport

/// The whole pipeline with a digest at the end: what `scan` and `check` run, with
/// their own defaults (`check`: Markdown, a fail threshold, no state unless asked).
struct ScanJob {
    var input: InputOptions
    var rules: RuleOptions
    var detection: DetectionOptions
    var digest: DigestOptions
    var state: StateOptions
    /// Files read at once (`--jobs`).
    var jobs: Int
    var defaultFormat: OutputFormat
    var defaultFailOn: Severity?
    var stateByDefault: Bool

    /// Runs it and returns the exit status (SPEC §3).
    func run() throws -> Int32 {
        let started = Pipeline.now()
        let file = try detection.baseline.map { try BaselineLoading.read($0) }
        let store = try state.open(byDefault: stateByDefault)
        let seed = try file?.templates ?? store.flatMap { s in try StateLoading.templates(s) }
        let alertOutput = try detection.alerts.map { try AlertOutput(path: $0) }
        let checkpoints = try store.map { s in try StateLoading.checkpoints(s) }
        let width = detection.bucketMilliseconds
        let window = detection.window(now: started)
        let analysis = try Analysis.run(input: input, rules: rules, seedTemplates: seed, bucketMilliseconds: width,
                                        checkpoints: checkpoints, statePath: store?.path, window: window,
                                        alerts: alertOutput.map { ($0, AlertWatcher(width: width ?? 60_000)) }, jobs: jobs)
        var options = DetectorOptions()
        options.bucketMilliseconds = width
        options.falseAlarmRate = detection.falseAlarmRate
        var reference = file.map { BaselineLoading.reference($0, name: "the baseline file") }
        var historyNote: String?
        if reference == nil, let store {
            (reference, historyNote) = try StateLoading.reference(store, analysis: analysis, detector: options)
        }
        let result = RateDetector(options: options).detect(analysis.sink.store, signatures: analysis.watched, reference: reference)
        // With --since/--until, events were left out: saving would mark their lines as read
        // (checkpoints) without counting them. The store is then read, not written.
        if let store, window == nil { try StateLoading.save(store, analysis: analysis, started: started, inputs: input.inputs) }

        var notes = [historyNote, result.note].compactMap { $0 }
        if store != nil && window != nil {
            notes.append("--since/--until: the state database was read, not written (this run's lines stay unread for the next run)")
        }
        let sink = analysis.sink
        if sink.unwatchedEvents > 0 {
            notes.append("\(sink.unwatchedEvents) events of signatures beyond the first \(sink.maxSeries) were counted but not watched for anomalies")
        }
        if sink.outsideWindow > 0 {
            notes.append("\(sink.outsideWindow) events outside --since/--until were left out")
        }
        let kind = detection.baseline != nil ? "file" : (reference != nil ? "history" : "run")
        let against = detection.baseline ?? (reference != nil ? "history in \(store?.path ?? "")" : nil)
        var digest = Digest(input: analysis.summary, signatures: analysis.named.map(\.summary), anomalies: result.anomalies,
                            bucketMilliseconds: result.bucketMilliseconds, buckets: result.buckets,
                            detectionNote: notes.isEmpty ? nil : notes.joined(separator: "; "), baselineKind: kind, baseline: against)
        (digest.rates, digest.ratesStart) = analysis.rates(of: result)

        let threshold = self.digest.threshold(fallback: defaultFailOn)
        try self.digest.write(digest, fallback: defaultFormat, failOn: threshold)
        if analysis.summary.hasErrors { return ExitStatus.unreadableInput }   // an unread input never looks clean
        let kinds = try self.digest.kinds()
        if let threshold, result.anomalies.contains(where: { $0.severity >= threshold && kinds.contains($0.kind) }) {
            return ExitStatus.anomalies
        }
        return ExitStatus.success
    }
}
