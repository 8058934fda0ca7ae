import LookoutCore

/// The "what was read" figures in words, shared by the human-readable digests (text,
/// Markdown, HTML). Lookout's own words, numbers, sizes and times, except `baseline`, which
/// may hold a path: each format escapes these like any other text.
enum Coverage {
    /// `3 lines`, `1 line`, `2 anomalies`.
    static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
    }

    /// `2 sources: 5 lines, 5 events, 50 B`, with ` (469 B stored)` when compression made them differ.
    static func totals(_ input: InputSummary) -> String {
        var s = count(input.sources.count, "source") + ": " + count(input.lines, "line") + ", "
        s += count(input.events, "event") + ", " + Formatting.bytes(input.bytes)
        if input.storedBytes != input.bytes { s += " (\(Formatting.bytes(input.storedBytes)) stored)" }
        return s
    }

    /// `2026-11-30T00:00:00Z to 2026-11-30T01:00:00Z (1h 0m), timestamps on 5 of 5 lines`,
    /// or where the times came from when the input had no timestamps.
    static func timeSpan(_ input: InputSummary) -> String {
        switch input.timeBasis {
        case .timestamps:
            guard let first = input.firstTime, let last = input.lastTime else { return "none" }
            let span = Formatting.duration(milliseconds: last.millisecondsSinceEpoch - first.millisecondsSinceEpoch)
            return "\(first.rfc3339) to \(last.rfc3339) (\(span)), timestamps on \(input.timestampedLines) of \(input.lines) lines"
        case .arrival:
            return "no timestamps in the input; arrival time used"
        case .lineOrder:
            return "no timestamps in the input; line order used"
        }
    }

    /// `error 2, warning 2, info 8`, most severe first; empty when no level was recognised.
    static func levels(_ counts: [Int]) -> String {
        Level.allCases.reversed().compactMap { l in counts[l.rawValue] > 0 ? "\(l.name) \(counts[l.rawValue])" : nil }
            .joined(separator: ", ")
    }

    /// The digest's "Levels" line: the counts, or `none recognised`.
    static func levelsLine(_ input: InputSummary) -> String {
        let levels = levels(input.levelCounts)
        return levels.isEmpty ? "none recognised" : levels
    }

    /// `12 buckets of 1s`, when detection ran.
    static func buckets(_ digest: Digest) -> String? {
        digest.bucketMilliseconds.map { "\(digest.buckets) buckets of \(Formatting.exactDuration(milliseconds: $0))" }
    }

    /// `2 anomalies in 12 buckets of 5m, baseline: the run's own past`, or `not run`. The
    /// baseline's words pass through `escape`, the format's own.
    static func detection(_ digest: Digest, escape: (String) -> String) -> String {
        guard let buckets = buckets(digest) else { return "not run" }
        let found = digest.anomalies.isEmpty ? "no anomalies" : count(digest.anomalies.count, "anomaly", plural: "anomalies")
        return "\(found) in \(buckets), baseline: \(escape(baseline(digest)))"
    }

    /// What detection compared the run with: the baseline's description (a path) or
    /// `the run's own past`. Untrusted: sanitise or escape it.
    static func baseline(_ digest: Digest) -> String { digest.baseline ?? "the run's own past" }

    /// `gzip 174 B; 3 truncated; read error`: what is worth saying about one source.
    static func notes(_ s: SourceReport) -> String {
        var parts: [String] = []
        if let c = s.compression { parts.append("\(c.rawValue) \(Formatting.bytes(s.storedBytes))") }
        if s.kind != .file { parts.append(s.kind.rawValue) }
        if let skipped = s.skipped { parts.append("skipped: \(skipped)") }
        if s.truncatedLines > 0 { parts.append("\(s.truncatedLines) truncated") }
        if s.resumedLines > 0 { parts.append("resumed after line \(s.resumedLines)") }
        if s.hasErrors { parts.append("read error") }
        if s.skipped == nil && s.lines > 0 {
            switch s.tally.timeBasis {
            case .timestamps where s.tally.timestampedLines < s.tally.events: parts.append("timestamps on \(s.tally.timestampedLines) of \(s.lines) lines")
            case .arrival: parts.append("no timestamps: arrival time")
            case .lineOrder: parts.append("no timestamps: line order")
            default: break
            }
        }
        return parts.joined(separator: "; ")
    }
}
