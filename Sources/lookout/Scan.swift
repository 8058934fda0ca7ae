import ArgumentParser
import LookoutClassify
import LookoutCore
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

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the digest to this file instead of stdout.", valueName: "file"))
    var output: String?

    /// Runs the scan and returns the exit status.
    mutating func execute() throws -> Int32 {
        let inputs = try input.resolvedInputs()
        let classifier = Classifier(rules: try rules.load(), templateCapacity: rules.maxTemplates)
        let pipeline = input.pipeline()
        let plan = pipeline.plan(inputs)
        var sink = ScanSink(classifier: classifier, tally: SignatureTally(capacity: 2 * rules.maxTemplates))
        let summary = InputSummary(sources: pipeline.read(plan, into: &sink), planProblems: plan.problems)
        classifier.finishLearning()
        let signatures = sink.tally.summaries(classifier)
        reportLimitHits(classifier)

        let text: String
        switch format {
        case .text:
            let color = output == nil && isatty(1) == 1 && getenv("NO_COLOR").map({ $0.pointee == 0 }) ?? true
            text = TextDigest(color: color).render(summary, signatures: signatures)
        case .json:
            text = JSONDigest.render(summary, signatures: signatures)
        }
        try OutputFile.write(text, to: output)
        return summary.hasErrors ? ExitStatus.unreadableInput : ExitStatus.success
    }
}

/// Classifies each event in one pass and counts it under its signature.
struct ScanSink: SourceSink {
    let classifier: Classifier
    let tally: SignatureTally
    private var source = ""

    init(classifier: Classifier, tally: SignatureTally) {
        self.classifier = classifier
        self.tally = tally
    }

    mutating func begin(source: PlannedSource) { self.source = source.displayPath }

    mutating func consume(event: EventView) {
        let c = classifier.classify(body: event.body, firstLineLength: event.firstLineBodyLength, learning: true)
        let source = self.source
        tally.add(c, time: event.time, level: event.level) {
            let firstLine = UnsafeRawBufferPointer(rebasing: event.body[0..<min(event.firstLineBodyLength, 300)])
            return "\(source):\(event.line): " + String(decoding: firstLine, as: UTF8.self)
        }
    }
}
