import LookoutCore

/// The human-readable digest: totals, time span, one table row per source (reading order,
/// so a rotation set reads oldest first), the anomalies with a sparkline of each one's rate,
/// the top signatures, then the problems. Paths and messages are sanitised; colour only when
/// asked for.
///
/// `width` (the terminal's columns) bounds what can be arbitrarily long: log text (example
/// lines, templates, signature ids) is cut to fit with `…`, and the sparkline has at most
/// `width - 40` columns. Tables of figures and Lookout's own sentences are never cut; a
/// source table row may be wider.
public struct TextDigest {
    public var color: Bool
    public var width: Int

    public init(color: Bool, width: Int = 100) {
        self.color = color
        self.width = width
    }

    /// The `limit` for `TerminalText.sanitize` that fits text, and the `…` it may end in, in
    /// the columns left after `used` ones; never less than 20.
    private func room(after used: Int, atMost limit: Int = .max) -> Int { max(20, min(limit, width - used - 1)) }

    private func bold(_ s: String) -> String { color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
    private func red(_ s: String) -> String { color ? "\u{1B}[31m" + s + "\u{1B}[0m" : s }
    private func yellow(_ s: String) -> String { color ? "\u{1B}[33m" + s + "\u{1B}[0m" : s }

    /// How many signatures the text digest lists (the JSON digest has them all).
    public static let signaturesShown = 10

    public func render(_ digest: Digest) -> String {
        let input = digest.input
        let signatures = digest.signatures
        var out = ""
        out += bold("Read " + Coverage.totals(input)) + "\n"
        out += "Time span: " + Coverage.timeSpan(input) + "\n"
        out += "Levels: " + Coverage.levelsLine(input) + "\n"
        if input.truncatedLines > 0 {
            out += "Truncated: \(input.truncatedLines) line\(input.truncatedLines == 1 ? "" : "s") longer than the line bound (counted, cut for classification)\n"
        }

        if !input.sources.isEmpty {
            out += "\n" + table(input.sources)
        }
        let sets = rotationSets(input.sources)
        if !sets.isEmpty {
            out += "\nRotation sets, read oldest first:\n"
            for (name, count) in sets { out += "  \(TerminalText.sanitize(name)) (\(count) files)\n" }
        }
        if digest.bucketMilliseconds != nil || digest.detectionNote != nil || !digest.anomalies.isEmpty {
            out += "\n" + anomalyList(digest)
        }
        let new = digest.newSignatures
        if !new.isEmpty {
            out += "\n" + bold("New signatures: \(new.count)") + "\n"
            for s in new.prefix(TextDigest.signaturesShown) {
                let lead = "  \(s.severity.rawValue)  \(TerminalText.sanitize(s.id, limit: 60))  "
                out += lead + TerminalText.sanitize(s.template, limit: room(after: lead.count)) + "\n"
            }
        }
        if !signatures.isEmpty { out += "\n" + signatureTable(signatures) }
        let problems = input.allProblems
        out += "\n"
        if problems.isEmpty {
            out += "Problems: none\n"
        } else {
            out += "Problems (\(problems.count)):\n"
            for p in problems {
                let tag = p.severity == .error ? red("error ") : yellow("notice")
                out += "  \(tag)  \(TerminalText.sanitize(p.description))\n"
            }
        }
        return out
    }

    private func anomalyList(_ digest: Digest) -> String {
        var out = ""
        let against = "baseline: " + TerminalText.sanitize(Coverage.baseline(digest))
        let how = Coverage.buckets(digest).map { " (\($0), \(against))" } ?? ""
        if digest.anomalies.isEmpty {
            out += bold("Anomalies: none") + how + "\n"
        } else {
            out += bold("Anomalies: \(digest.anomalies.count), by score") + how + "\n"
            for a in digest.anomalies {
                let lead = "  \(Formatting.twoDecimals(a.score))  \(a.kind.rawValue)  \(a.severity.rawValue)  "
                let head = lead + TerminalText.sanitize(a.signature, limit: room(after: lead.count, atMost: 60))
                out += (a.severity >= .high ? red(head) : head) + "\n"
                out += "        since \(a.start.rfc3339): \(TerminalText.sanitize(a.reason))\n"
                let rule = digest.rule(of: a).map { "  (rule \(TerminalText.sanitize($0, limit: 60)))" } ?? ""
                out += "        template " + TerminalText.sanitize(digest.template(of: a), limit: room(after: 17 + rule.count)) + rule + "\n"
                if let chart = RateChart(digest, anomaly: a, maxColumns: max(10, width - 40)) {
                    out += "        rate \(chart.sparkline)  \(chart.legend)\n"
                }
                for e in digest.examples(of: a).prefix(2) { out += "        e.g. \(TerminalText.sanitize(e, limit: room(after: 13)))\n" }
            }
        }
        if let note = digest.detectionNote { out += "  note: \(TerminalText.sanitize(note))\n" }
        return out
    }

    private func signatureTable(_ signatures: [SignatureSummary]) -> String {
        let shown = signatures.prefix(TextDigest.signaturesShown)
        var out = bold("Signatures: \(signatures.count), by count" + (signatures.count > shown.count ? " (top \(shown.count); all in --format json)" : "")) + "\n"
        let rows = shown.map { s in [String(s.count), s.severity.rawValue, TerminalText.sanitize(s.id, limit: 60)] }
        let header = ["count", "severity", "signature", "template"]
        var widths = header.map { TerminalText.width($0) }
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], TerminalText.width(c)) } }
        let templateRoom = room(after: widths[0] + widths[1] + widths[2] + 6, atMost: 100)
        for (r, template) in zip([header] + rows, ["template"] + shown.map { TerminalText.sanitize($0.template, limit: templateRoom) }) {
            let cells = [Formatting.padLeft(r[0], widths[0]), Formatting.padRight(r[1], widths[1]), Formatting.padRight(r[2], widths[2]), template]
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }

    private func rotationSets(_ sources: [SourceReport]) -> [(String, Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for s in sources {
            guard let set = s.rotationSet else { continue }
            if counts[set] == nil { order.append(set) }
            counts[set, default: 0] += 1
        }
        return order.map { ($0, counts[$0]!) }
    }

    private func table(_ sources: [SourceReport]) -> String {
        let header = ["source", "lines", "events", "bytes", "first", "last", "levels", "notes"]
        var rows: [[String]] = []
        for s in sources {
            rows.append([
                TerminalText.sanitize(s.path, keepingEnd: 60),
                String(s.lines), String(s.tally.events), Formatting.bytes(s.bytes),
                s.tally.firstTime?.rfc3339 ?? "-", s.tally.lastTime?.rfc3339 ?? "-",
                Coverage.levels(s.tally.levelCounts).isEmpty ? "-" : Coverage.levels(s.tally.levelCounts),
                Coverage.notes(s),
            ])
        }
        var widths = header.map { TerminalText.width($0) }
        for r in rows { for (i, cell) in r.enumerated() { widths[i] = max(widths[i], TerminalText.width(cell)) } }
        let numeric: Set<Int> = [1, 2, 3]
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 { parts.append(cell); break }
                parts.append(numeric.contains(i) ? Formatting.padLeft(cell, widths[i]) : Formatting.padRight(cell, widths[i]))
            }
            var s = parts.joined(separator: "  ")
            while s.last == " " { s.removeLast() }
            return s + "\n"
        }
        return bold(line(header).dropLast() + "") + "\n" + rows.map(line).joined()
    }
}
