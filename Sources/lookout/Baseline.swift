import ArgumentParser
import Foundation
import LookoutClassify
import LookoutCore
import LookoutDetect
import LookoutReport
import LookoutStore

/// Reading a baseline file, for `scan --baseline`.
enum BaselineLoading {
    static func read(_ path: String) throws -> BaselineFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError(description: "\(path): cannot read the baseline file (missing or unreadable).")
        }
        do { return try BaselineFile.decode(data, path: path) } catch { throw UsageError(description: error.description) }
    }

    static func reference(_ file: BaselineFile, name: String) -> RateDetector.Reference {
        var rates: [String: RateDetector.Reference.Rate] = [:]
        for s in file.signatures { rates[s.id] = .init(mean: s.mean, variance: s.variance, presentShare: s.presentShare) }
        return RateDetector.Reference(bucketMilliseconds: file.bucketMilliseconds, rates: rates, errorShare: file.errorShare, name: name)
    }
}

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a baseline file from known-good logs, for `scan --baseline` (CI).",
        discussion: """
            Reads the logs as `scan` does and writes, as JSON (versioned; fields in the README): \
            per signature its count and its mean, variance and presence per bucket, the share of \
            error-level events, and the message shapes learnt, so that later runs give the same \
            messages the same signature ids.

            Examples:
              lookout baseline good-build-1.log good-build-2.log -o lookout-baseline.json
              lookout scan build.log --baseline lookout-baseline.json --fail-on high
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var parallel: JobsOption

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the baseline.", valueName: "file"))
    var output: String

    @Option(name: .customLong("bucket"), help: ArgumentHelp("Bucket width of the per-bucket figures (default: as scan chooses).", valueName: "duration"))
    var bucket: String?

    func validate() throws {
        if let bucket, DetectionOptions.milliseconds(bucket) == nil {
            throw ValidationError("--bucket takes a duration such as 30s, 5m, 1h or 1d; got `\(bucket)`.")
        }
    }

    func run() throws {
        let analysis = try Analysis.run(input: input, rules: rules, seedTemplates: nil, bucketMilliseconds: bucket.flatMap(DetectionOptions.milliseconds),
                                        jobs: parallel.resolved)
        let store = analysis.sink.store
        var options = DetectorOptions()
        options.bucketMilliseconds = bucket.flatMap(DetectionOptions.milliseconds)
        // The detector's choice of width (and its rounding to the store's buckets).
        let width = RateDetector(options: options).detect(store, signatures: []).bucketMilliseconds ?? 300_000
        let factor = max(1, Int(width / store.width))
        let totals = store.totalCounts(factor: factor)
        let n = max(totals.all.count, 1)
        var signatures: [BaselineFile.Signature] = []
        for w in analysis.watched {
            let counts = store.counts(of: w.series, factor: factor)
            let mean = Double(counts.reduce(0, +)) / Double(n)
            let variance = counts.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(n)
            let present = Double(counts.filter { $0 > 0 }.count) / Double(n)
            signatures.append(.init(id: w.summary.id, template: w.summary.template, rule: w.summary.rule, count: w.summary.count,
                                    mean: mean, variance: variance, presentShare: present))
        }
        let events = totals.all.reduce(0, +)
        let file = BaselineFile(created: Pipeline.now(), start: analysis.summary.firstTime, end: analysis.summary.lastTime,
                                bucketMilliseconds: Int64(factor) * store.width, buckets: totals.all.count, events: events,
                                errorShare: events > 0 ? Double(totals.errors.reduce(0, +)) / Double(events) : 0,
                                signatures: signatures, templates: analysis.classifier.miner.saved())
        try OutputFile.write(String(decoding: file.encoded(), as: UTF8.self) + "\n", to: output)
        for problem in analysis.summary.allProblems {
            writeStandardError("lookout: \(problem.severity.rawValue): \(TerminalText.sanitize(problem.description))\n")
        }
        if analysis.summary.hasErrors { throw ExitCode(ExitStatus.unreadableInput) }
    }
}
