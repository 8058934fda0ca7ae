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
            let configDirectory = noDefaultRules ? nil : RulePack.defaultConfigDirectory()
            let builtIn = noDefaultRules ? nil : RulePack.builtIn
            if let early = DefaultRules.take(ruleFiles: ruleFiles, configDirectory: configDirectory, builtIn: builtIn) { return try early.get() }
            return try RulePack.load(ruleFiles: ruleFiles, configDirectory: configDirectory, builtIn: builtIn)
        } catch {
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

            Files are read once: each event's line is held (in a temporary file under $TMPDIR, \
            about 80 bytes an event) until every message shape is known, and then written with \
            the template its shape has among all of them. Stdin, a named pipe or a device is a \
            stream, and so is every input of a run that has one: its events are written as \
            they arrive, with the templates known then. With more than one job (--jobs; three for \
            a gzip file, which a thread of its own inflates), each file is cut into segments that \
            the jobs classify at once; the output is the same.

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

        let jobs = self.jobs.resolved
        let reports: [SourceReport]
        var heldProblem: Error?
        if !plan.sources.isEmpty && plan.sources.allSatisfy({ $0.kind == .file }) {
            var held = try HeldLines()
            var read: [SourceReport]?
            if SegmentedClassify.applies(to: plan, jobs: jobs) {
                let segmented = SegmentedClassify(pipeline: pipeline, rules: ruleSet, templateCapacity: rules.maxTemplates, jobs: jobs)
                let (reports, stoppedBecause) = segmented.hold(plan, into: classifier, held: held)
                if let why = stoppedBecause, held.out.failed == nil {
                    ParallelScan.trace("read on one thread: \(why)")
                    classifier = Classifier(rules: ruleSet, templateCapacity: rules.maxTemplates)
                    held = try HeldLines()
                } else {
                    // Read whole, or stopped by the held lines (the replay says why).
                    ParallelScan.trace(stoppedBecause.map { "stopped: \($0)" } ?? "read \(plan.sources.count) sources in segments on \(SegmentedScan.workers(jobs: jobs)) threads")
                    read = reports
                }
            }
            if read == nil {
                var sink = ClassifySink(classifier: classifier, out: held.out, mode: .hold)
                let out = held.out
                read = pipeline.read(plan, into: &sink, stopWhen: { out.failed != nil })   // a full disk: no use reading on
            }
            classifier.finishLearning()
            do { try held.replay(into: out, classifier: classifier) } catch { heldProblem = error }   // after the input's problems
            reports = read ?? []
        } else {
            var sink = ClassifySink(classifier: classifier, out: out, mode: .stream)
            reports = pipeline.read(plan, into: &sink)
        }
        out.flush()

        let summary = InputSummary(sources: reports, planProblems: plan.problems + Pipeline.interruption())
        for problem in summary.allProblems {
            writeStandardError("lookout: \(problem.severity.rawValue): \(TerminalText.sanitize(problem.description))\n")
        }
        reportLimitHits(classifier)
        if let heldProblem { throw heldProblem }
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
