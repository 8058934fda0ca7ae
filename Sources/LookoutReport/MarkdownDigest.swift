import LookoutCore

/// The digest as GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY` and GitLab job
/// summaries: a heading with the verdict, what was read, the anomalies as a table ranked by
/// score, then each anomaly's reason, a sparkline of its rate and up to three example lines,
/// then the new and the top signatures. A clean run says so above the same coverage figures.
///
/// Headings start at level 2, so that the summary sits under a job's own title. Log text is
/// inert (see `MarkdownText`): sanitised, shortened and entity-escaped everywhere. At most
/// `sourcesShown` sources are listed: a directory of rotated logs must not bury the
/// anomalies (the HTML page lists them all, in a sortable table). Every section, the
/// last too, ends in a blank line, so text appended after the digest (other steps writing to
/// `$GITHUB_STEP_SUMMARY`) cannot continue its last table.
public struct MarkdownDigest {
    public static let sourcesShown = 20
    /// Columns of an anomaly's sparkline.
    static let sparklineColumns = 60

    public init() {}

    public func render(_ digest: Digest) -> String {
        var out = "## Lookout: \(Verdict.words(digest))\n\n"
        out += coverage(digest) + "\n"
        if !digest.anomalies.isEmpty {
            out += "### Anomalies, by score\n\n" + anomalyTable(digest) + "\n"
            for (i, a) in digest.anomalies.enumerated() { out += details(a, number: i + 1, digest) + "\n" }
        }
        let new = digest.newSignatures
        if !new.isEmpty {
            out += "### New signatures (\(new.count))\n\n" + signatureTable(new) + "\n"
        }
        if !digest.signatures.isEmpty {
            out += "### \(digest.topSignaturesHeading)\n\n" + signatureTable(Array(digest.topSignatures)) + "\n"
        }
        return out
    }

    private func coverage(_ digest: Digest) -> String {
        let input = digest.input
        var out = "Read \(Coverage.totals(input)).\n\n"
        out += "- Time span: \(Coverage.timeSpan(input))\n"
        out += "- Levels: \(Coverage.levelsLine(input))\n"
        out += "- Detection: \(Coverage.detection(digest) { MarkdownText.inline($0) })\n"
        if let note = digest.detectionNote { out += "- Note: \(MarkdownText.inline(note))\n" }
        let problems = input.allProblems
        out += "- Problems: " + (problems.isEmpty ? "none" : String(problems.count)) + "\n"
        for p in problems { out += "  - \(p.severity.rawValue): \(MarkdownText.inline(p.description, limit: 300))\n" }
        if !input.sources.isEmpty { out += "\n" + sourceTable(input.sources) }
        return out
    }

    private func sourceTable(_ sources: [SourceReport]) -> String {
        let shown = sources.prefix(MarkdownDigest.sourcesShown)
        var out = MarkdownDigest.table(
            ["source", "lines", "events", "bytes", "first", "last", "notes"], numeric: [1, 2, 3],
            shown.map { s in
                [MarkdownText.inline(TerminalText.sanitize(s.path, keepingEnd: 60)), String(s.lines), String(s.tally.events),
                 Formatting.bytes(s.bytes), s.tally.firstTime?.rfc3339 ?? "-", s.tally.lastTime?.rfc3339 ?? "-",
                 Coverage.notes(s).isEmpty ? "-" : MarkdownText.inline(Coverage.notes(s))]
            })
        if shown.count < sources.count { out += "\n\(sources.count - shown.count) more sources: all in `--format json`.\n" }
        return out
    }

    private func anomalyTable(_ digest: Digest) -> String {
        MarkdownDigest.table(
            ["#", "kind", "severity", "template", "rule", "observed", "expected", "start", "score"], numeric: [0, 5, 6, 8],
            digest.anomalies.enumerated().map { i, a in
                [String(i + 1), a.kind.rawValue, a.severity.rawValue, "<code>" + MarkdownText.inline(digest.template(of: a), limit: 100) + "</code>",
                 digest.rule(of: a).map { MarkdownText.inline($0, limit: 60) } ?? "-",
                 Formatting.figure(a.observed), Formatting.figure(a.expected), a.start.rfc3339, Formatting.twoDecimals(a.score)]
            })
    }

    /// One anomaly: signature, reason, rate and examples.
    private func details(_ a: Anomaly, number: Int, _ digest: Digest) -> String {
        var out = "#### \(number). \(a.kind.rawValue), \(a.severity.rawValue): <code>\(MarkdownText.inline(a.signature, limit: 80))</code>\n\n"
        out += "\(a.start.rfc3339) to \(a.end.rfc3339): \(MarkdownText.inline(a.reason, limit: 300))\n\n"
        if let chart = RateChart(digest, anomaly: a, maxColumns: MarkdownDigest.sparklineColumns) {
            out += "Rate \(chart.legend): `\(chart.sparkline)`\n\n"
        }
        let examples = digest.examples(of: a)
        if !examples.isEmpty { out += MarkdownText.preformatted(Array(examples.prefix(3)), limit: 200) }
        return out
    }

    private func signatureTable(_ signatures: [SignatureSummary]) -> String {
        MarkdownDigest.table(
            ["count", "severity", "signature", "rule", "first seen", "template"], numeric: [0],
            signatures.map { s in
                [String(s.count), s.severity.rawValue, MarkdownText.inline(s.id, limit: 60), s.rule.map { MarkdownText.inline($0, limit: 60) } ?? "-",
                 s.firstSeen?.rfc3339 ?? "-", "<code>" + MarkdownText.inline(s.template, limit: 100) + "</code>"]
            })
    }

    /// A GFM table; `cells` are already escaped, `numeric` columns are right-aligned.
    static func table(_ header: [String], numeric: Set<Int>, _ rows: [[String]]) -> String {
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }
        let rule = "|" + header.indices.map { numeric.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        return row(header) + rule + rows.map(row).joined()
    }
}
