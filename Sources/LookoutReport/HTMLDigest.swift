import LookoutCore

/// The digest as one self-contained HTML5 page (`--format html`), for nightly runs and for
/// reading on a phone: the content of `MarkdownDigest` — verdict, what was read, anomalies
/// ranked by score, each with an SVG chart of its rate (`SVGRateChart`) and example lines, the
/// new and the top signatures — with every source listed and every table sortable by a click
/// on its header.
///
/// Nothing is fetched: style and script are inline (`HTMLAssets`), charts are inline SVG, there
/// are no links, and a Content-Security-Policy meta element forbids any request should some
/// text ever slip through. Every piece of text goes through `Markup.text` (sanitised, then
/// `&<>"'` escaped), log text and Lookout's own words alike.
public struct HTMLDigest {
    public init() {}

    public func render(_ digest: Digest) -> String {
        let verdict = "Lookout: " + Verdict.words(digest)
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(HTMLAssets.contentSecurityPolicy)">
            <title>\(Markup.text(verdict))</title>
            <style>
            \(HTMLAssets.style)
            </style>
            </head>
            <body>

            """
        out += "<h1 class=\"\(Verdict.isClean(digest) ? "clean" : "alert")\">\(Markup.text(verdict))</h1>\n"
        out += coverage(digest)
        if !digest.anomalies.isEmpty {
            out += "<h2>Anomalies, by score</h2>\n" + anomalyTable(digest)
            for (i, a) in digest.anomalies.enumerated() { out += details(a, number: i + 1, digest) }
        }
        let new = digest.newSignatures
        if !new.isEmpty { out += "<h2>New signatures (\(new.count))</h2>\n" + signatureTable(new) }
        if !digest.signatures.isEmpty {
            out += "<h2>\(digest.topSignaturesHeading)</h2>\n" + signatureTable(Array(digest.topSignatures))
        }
        out += "<script>\n\(HTMLAssets.script)\n</script>\n</body>\n</html>\n"
        return out
    }

    private func coverage(_ digest: Digest) -> String {
        let input = digest.input
        var out = "<h2>What was read</h2>\n<p>Read \(Markup.text(Coverage.totals(input))).</p>\n<ul>\n"
        out += "<li>Time span: \(Markup.text(Coverage.timeSpan(input)))</li>\n"
        out += "<li>Levels: \(Markup.text(Coverage.levelsLine(input)))</li>\n"
        out += "<li>Detection: \(Coverage.detection(digest) { Markup.text($0) })</li>\n"
        if let note = digest.detectionNote { out += "<li>Note: \(Markup.text(note))</li>\n" }
        let problems = input.allProblems
        out += "<li>Problems: " + (problems.isEmpty ? "none" : String(problems.count))
        if !problems.isEmpty {
            out += "<ul>\n" + problems.map { "<li><span class=\"sev-\($0.severity == .error ? "high" : "info")\">\($0.severity.rawValue)</span>: \(Markup.text($0.description))</li>\n" }.joined() + "</ul>"
        }
        out += "</li>\n</ul>\n"
        if !input.sources.isEmpty {
            out += table(["source", "lines", "events", "bytes", "first", "last", "notes"], input.sources.map { s in
                [.text(TerminalText.sanitize(s.path, keepingEnd: 80), wide: true), .number(Double(s.lines)), .number(Double(s.tally.events)),
                 .number(Double(s.bytes), shown: Formatting.bytes(s.bytes)), .time(s.tally.firstTime),
                 .time(s.tally.lastTime), .text(Coverage.notes(s).isEmpty ? "-" : Coverage.notes(s))]
            })
        }
        return out
    }

    private func anomalyTable(_ digest: Digest) -> String {
        table(["#", "kind", "severity", "template", "rule", "observed", "expected", "start", "score"],
              digest.anomalies.enumerated().map { i, a in
                  [.number(Double(i + 1)), .text(a.kind.rawValue), .severity(a.severity), .code(digest.template(of: a)),
                   .text(digest.rule(of: a) ?? "-"), .number(a.observed, shown: Formatting.figure(a.observed)),
                   .number(a.expected, shown: Formatting.figure(a.expected)), .time(a.start),
                   .number(a.score, shown: Formatting.twoDecimals(a.score))]
              })
    }

    private func details(_ a: Anomaly, number: Int, _ digest: Digest) -> String {
        var out = "<h3 id=\"anomaly-\(number)\">\(number). \(a.kind.rawValue), <span class=\"sev-\(a.severity.rawValue)\">\(a.severity.rawValue)</span>: "
        out += "<code>\(Markup.text(a.signature, limit: 120))</code></h3>\n"
        out += "<p>\(a.start.rfc3339) to \(a.end.rfc3339): \(Markup.text(a.reason, limit: 400))</p>\n"
        if let chart = SVGRateChart.render(digest, anomaly: a) { out += chart + "\n" }
        let examples = digest.examples(of: a).prefix(3)
        if !examples.isEmpty {
            out += "<pre>" + examples.map { Markup.text($0, limit: 400) }.joined(separator: "\n") + "</pre>\n"
        }
        return out
    }

    private func signatureTable(_ signatures: [SignatureSummary]) -> String {
        table(["count", "severity", "signature", "rule", "first seen", "template"], signatures.map { s in
            [.number(Double(s.count)), .severity(s.severity), .text(s.id, wide: true), .text(s.rule ?? "-"),
             .time(s.firstSeen), .code(s.template)]
        })
    }

    /// A table cell: its text is escaped when written.
    enum Cell {
        case text(String, wide: Bool = false)
        /// Sorted by `value`, shows `shown` (or the value).
        case number(Double, shown: String? = nil)
        case code(String)
        case severity(Severity)
        /// A time, kept on one line.
        case time(Timestamp?)

        var html: String {
            switch self {
            case let .text(s, wide): "<td\(wide ? " class=\"wide\"" : "")>\(Markup.text(s, limit: 200))</td>"
            case let .number(v, shown):
                "<td class=\"num\" data-sort=\"\(v == v.rounded() ? Formatting.figure(v) : String(v))\">\(Markup.text(shown ?? Formatting.figure(v)))</td>"
            case let .code(s): "<td class=\"wide\"><code>\(Markup.text(s, limit: 200))</code></td>"
            case let .severity(s): "<td class=\"sev-\(s.rawValue)\" data-sort=\"\(Severity.allCases.firstIndex(of: s)!)\">\(s.rawValue)</td>"
            case let .time(t): "<td class=\"time\">\(t?.rfc3339 ?? "-")</td>"
            }
        }
    }

    /// A sortable table (see `HTMLAssets.script`) in a box that scrolls sideways on a narrow screen.
    private func table(_ header: [String], _ rows: [[Cell]]) -> String {
        var out = "<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>"
        out += header.map { "<th scope=\"col\">\(Markup.text($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { out += "<tr>" + row.map(\.html).joined() + "</tr>\n" }
        return out + "</tbody>\n</table></div>\n"
    }
}
