import LookoutCore

/// The digest as JUnit XML, for CI systems that show test reports (GitLab's test report,
/// Jenkins, GitHub's test-report actions). One suite, `lookout`, holding one test case per
/// check the run made:
///
/// - each anomaly found (classname `lookout.anomalies`, named by kind, signature and start):
///   a failure when its severity is at or above `failOn`; below it, or with no threshold, a
///   passing case whose `<system-out>` holds the same details (reason, figures, template,
///   rule, rate, examples) — so the report lists everything found and fails on what the
///   gate fails on, as `--fail-on` does for the exit status;
/// - `no input errors` (classname `lookout.input`): failed when some input could not be read,
///   whatever the threshold — an unread input must never look like a clean run (SPEC §3);
/// - when nothing was found, `no anomalies`, passing, saying the run was clean.
///
/// The suite's `<system-out>` says what was read. All text is sanitised and XML-escaped
/// (`Markup`): nothing from a log can end an element or break the document.
public struct JUnitDigest {
    /// Anomalies of this severity or above fail; nil: none does.
    public var failOn: Severity?
    /// Only anomalies of these kinds fail (`--fail-on-kind`); all kinds by default.
    public var failKinds: Set<Anomaly.Kind>

    public init(failOn: Severity? = nil, failKinds: Set<Anomaly.Kind> = Set(Anomaly.Kind.allCases)) {
        self.failOn = failOn
        self.failKinds = failKinds
    }

    /// A test case before it is written: `failure` is the failure's message when it failed.
    struct Case {
        var classname: String
        var name: String
        var failure: (type: String, message: String)?
        var details: [String]
    }

    func cases(_ digest: Digest) -> [Case] {
        var cases = digest.anomalies.map { a in
            let failed = failKinds.contains(a.kind) && (failOn.map { a.severity >= $0 } ?? false)
            return Case(classname: "lookout.anomalies", name: "\(a.kind.rawValue) \(a.signature) at \(a.start.rfc3339)",
                        failure: failed ? (a.kind.rawValue, a.reason) : nil, details: details(a, digest))
        }
        let errors = digest.input.allProblems.filter { $0.severity == .error }
        cases.append(Case(classname: "lookout.input", name: "no input errors",
                          failure: errors.isEmpty ? nil : ("input-error", Coverage.count(errors.count, "input error") + ": some input could not be read"),
                          details: digest.input.allProblems.map { "\($0.severity.rawValue): \($0.description)" }))
        if digest.anomalies.isEmpty {
            cases.append(Case(classname: "lookout.anomalies", name: "no anomalies", failure: nil,
                              details: ["detection: " + Coverage.detection(digest) { $0 }] + (digest.detectionNote.map { ["note: " + $0] } ?? [])))
        }
        return cases
    }

    private func details(_ a: Anomaly, _ digest: Digest) -> [String] {
        var lines = [a.reason,
                     "\(a.kind.rawValue), severity \(a.severity.rawValue), score \(Formatting.twoDecimals(a.score)): observed \(Formatting.figure(a.observed)), expected \(Formatting.figure(a.expected)), \(a.start.rfc3339) to \(a.end.rfc3339)",
                     "template: " + digest.template(of: a)]
        if let rule = digest.rule(of: a) { lines.append("rule: " + rule) }
        if let chart = RateChart(digest, anomaly: a, maxColumns: 60) { lines.append("rate \(chart.legend): \(chart.sparkline)") }
        lines += digest.examples(of: a).prefix(3).map { "example: " + $0 }
        return lines
    }

    public func render(_ digest: Digest) -> String {
        let cases = self.cases(digest)
        let counts = "tests=\"\(cases.count)\" failures=\"\(cases.filter { $0.failure != nil }.count)\" errors=\"0\" skipped=\"0\""
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"lookout\" \(counts)>\n"
        out += "  <testsuite name=\"lookout\" \(counts)>\n"
        for c in cases {
            out += "    <testcase classname=\"\(c.classname)\" name=\"\(Markup.text(c.name, limit: 200))\">\n"
            let body = c.details.map { Markup.text($0, limit: 300) }.joined(separator: "\n")
            if let failure = c.failure {
                out += "      <failure type=\"\(Markup.text(failure.type))\" message=\"\(Markup.text(failure.message, limit: 300))\">\(body)</failure>\n"
            } else if !body.isEmpty {
                out += "      <system-out>\(body)</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        let read = ["Read " + Coverage.totals(digest.input), "Time span: " + Coverage.timeSpan(digest.input)]
        out += "    <system-out>\(read.map { Markup.text($0) }.joined(separator: "\n"))</system-out>\n"
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
