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

/// Options shared by the commands that classify events.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "A YAML rule file (repeatable). Its rules come before the config directory's and the built-in ones.",
        valueName: "file"))
    var ruleFiles: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Leave out the built-in rule pack and the config directory's rules.")
    var noDefaultRules = false

    @Option(name: .customLong("max-templates"), help: ArgumentHelp(
        "At most this many distinct message shapes are remembered; events of further shapes are counted under the `overflow` signature.",
        valueName: "n"))
    var maxTemplates = 50_000

    func validate() throws {
        guard maxTemplates >= 1 else { throw ValidationError("--max-templates must be at least 1.") }
    }

    /// Loads the rules, or stops with a usage error (status 2) naming the file and line.
    func load() throws -> RuleSet {
        do {
            return try RulePack.load(ruleFiles: ruleFiles,
                                     configDirectory: noDefaultRules ? nil : RulePack.defaultConfigDirectory(),
                                     builtIn: noDefaultRules ? nil : RulePack.builtIn)
        } catch let error as RuleFileError {
            throw UsageError(description: error.description)
        }
    }
}

struct Classify: StatusCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one JSON object per event: its signature, rule and template.",
        discussion: """
            Each line: {"source", "line", "lines", "time", "level", "signature", "rule", "template"} \
            (SPEC §3). `line` is the event's first physical line (1-based), `lines` how many it spans.

            The first rule that matches an event names it: the signature is the rule's id \
            (with its split-by values after a colon). Other events get a mined template, with \
            variables written <*>, and a signature derived from it (`t` and 12 hex digits), \
            the same in every run and on every machine.

            Files are read twice: first to learn every message shape, then to give each event \
            the template its shape has among all of them. Stdin is read once; its events get \
            the templates known when they arrive. With more than one job (--jobs), each file is \
            cut into segments that the jobs classify at once; the output is the same.

            Examples:
              lookout classify app.log > events.jsonl
              lookout classify /var/log/myapp --rules my-rules.yaml
              journalctl -o cat | lookout classify
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var jobs: JobsOption

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    mutating func execute() throws -> Int32 {
        let inputs = try input.resolvedInputs()
        let ruleSet = try rules.load()
        let pipeline = input.pipeline()
        let plan = pipeline.plan(inputs)
        var classifier = Classifier(rules: ruleSet, templateCapacity: rules.maxTemplates)

        let fd: Int32
        if let output {
            fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw UsageError(description: "cannot write \(output): \(String(cString: strerror(errno))).") }
        } else {
            fd = 1
        }
        defer { if fd != 1 { close(fd) } }
        let out = BufferedOutput(fd: fd)

        let rereadable = plan.sources.allSatisfy { $0.kind == .file }
        let jobs = self.jobs.resolved
        let segmented = SegmentedClassify(pipeline: pipeline, rules: ruleSet, templateCapacity: rules.maxTemplates, jobs: jobs)
        var inSegments = SegmentedClassify.applies(to: plan, jobs: jobs)
        if inSegments, let why = segmented.learn(plan, into: classifier) {
            ParallelScan.trace("read on one thread: \(why)")
            classifier = Classifier(rules: ruleSet, templateCapacity: rules.maxTemplates)
            inSegments = false
        }
        if rereadable && !inSegments {
            var learner = ClassifySink(classifier: classifier, out: nil, learningOnly: true)
            _ = pipeline.read(plan, into: &learner)
        }
        if rereadable { classifier.finishLearning() }
        let reports: [SourceReport]
        if inSegments {
            ParallelScan.trace("read \(plan.sources.count) sources in segments on \(SegmentedScan.workers(jobs: jobs)) threads")
            reports = segmented.write(plan, classifier: classifier, to: out)
        } else {
            var sink = ClassifySink(classifier: classifier, out: out, learningOnly: false, onePass: !rereadable)
            reports = pipeline.read(plan, into: &sink)
        }
        out.flush()

        let summary = InputSummary(sources: reports, planProblems: plan.problems + Pipeline.interruption())
        for problem in summary.allProblems {
            writeStandardError("lookout: \(problem.severity.rawValue): \(TerminalText.sanitize(problem.description))\n")
        }
        reportLimitHits(classifier)
        if let errorNumber = out.failed, errorNumber != EPIPE {
            throw UsageError(description: "cannot write output: \(String(cString: strerror(errorNumber))).")
        }
        return summary.hasErrors ? ExitStatus.unreadableInput : ExitStatus.success
    }
}

/// Tells, once per run and rule, which rules hit a PCRE2 limit (on stderr).
func reportLimitHits(_ classifier: Classifier) {
    for (index, hit) in classifier.limitHits.sorted(by: { $0.key < $1.key }) {
        let rule = classifier.rules.rules[index]
        writeStandardError("lookout: rule `\(rule.id)` (\(rule.location)) hit a PCRE2 limit on \(hit.count) event(s) (\(hit.reason)); they were classified as if it did not match. Simplify its pattern.\n")
    }
}

/// Classifies events as they come and writes one JSON line each.
///
/// The hot path writes bytes: the source, signature, rule and template part of a line is
/// encoded once per distinct (template, rule) pair and reused; times are formatted
/// straight into bytes.
struct ClassifySink: SourceSink {
    let classifier: Classifier
    var out: BufferedOutput?
    let learningOnly: Bool
    var onePass = false
    private var sourceJSON: [UInt8] = []
    /// The tail of each (template, rule) pair; events without a rule (most) by template + 1
    /// in an array, the others by a packed key.
    private var plainTails: [[UInt8]?] = []
    private var tails: [Int: [UInt8]] = [:]
    private var tailsGeneration = -1
    private var timeText: [UInt8] = []
    /// The time `timeText` spells (quotes and all).
    private var timeTextOf: Timestamp?

    init(classifier: Classifier, out: BufferedOutput?, learningOnly: Bool, onePass: Bool = false) {
        self.classifier = classifier
        self.out = out
        self.learningOnly = learningOnly
        self.onePass = onePass
    }

    mutating func begin(source: PlannedSource) {
        var s = "{\"source\":"
        JSONValue.escape(source.displayPath, into: &s)
        s += ",\"line\":"
        sourceJSON = Array(s.utf8)
    }

    /// `,"signature":…,"rule":…,"template":…}` and a newline.
    private func tail(for c: Classification) -> [UInt8] {
        var line = ",\"signature\":"
        JSONValue.escape(classifier.signature(of: c), into: &line)
        line += ",\"rule\":"
        if let index = c.ruleIndex { JSONValue.escape(classifier.rules.rules[index].id, into: &line) } else { line += "null" }
        line += ",\"template\":"
        JSONValue.escape(classifier.templateText(of: c), into: &line)
        line += "}\n"
        return Array(line.utf8)
    }

    private mutating func appendTime(_ t: Timestamp, to out: BufferedOutput) {
        // Consecutive events often share a time: its text is then written as it was.
        if t == timeTextOf { out.append(timeText); return }
        timeTextOf = t
        timeText.removeAll(keepingCapacity: true)
        timeText.append(0x22)
        t.appendRFC3339(to: &timeText)
        timeText.append(0x22)
        out.append(timeText)
    }

    mutating func consume(event: EventView) {
        if learningOnly {
            classifier.learn(body: event.body, firstLineLength: event.firstLineBodyLength)
            return
        }
        let c = classifier.classify(body: event.body, firstLineLength: event.firstLineBodyLength, learning: onePass)
        guard let out else { return }
        out.append(sourceJSON)
        out.append(event.line)
        out.append(",\"lines\":")
        out.append(event.lines)
        out.append(",\"time\":")
        if let time = event.time { appendTime(time, to: out) } else { out.append("null") }
        out.append(",\"level\":")
        if let level = event.level { out.append(ClassifySink.levelJSON[level.rawValue]) } else { out.append("null") }
        if c.split.isEmpty {
            if tailsGeneration != classifier.miner.generation {
                tails.removeAll(keepingCapacity: true)
                plainTails.removeAll(keepingCapacity: true)
                tailsGeneration = classifier.miner.generation
            }
            if c.ruleIndex == nil {
                let slot = (c.template ?? -1) + 1
                if slot < plainTails.count, let cached = plainTails[slot] {
                    out.append(cached)
                } else {
                    let t = tail(for: c)
                    if slot >= plainTails.count { plainTails += repeatElement(nil, count: slot + 1 - plainTails.count) }
                    plainTails[slot] = t
                    out.append(t)
                }
                out.endRecord()
                return
            }
            let key = ((c.template ?? -1) + 1) &* 1_000_003 &+ ((c.ruleIndex ?? -1) + 1)
            if let cached = tails[key] {
                out.append(cached)
            } else {
                let t = tail(for: c)
                tails[key] = t
                out.append(t)
            }
        } else {
            out.append(tail(for: c))
        }
        out.endRecord()
    }

    private static let levelJSON: [[UInt8]] = Level.allCases.map { Array(("\"" + $0.name + "\"").utf8) }
}
