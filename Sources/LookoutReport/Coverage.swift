import LookoutCore

/// The "what was read" figures in words, shared by the human-readable digests (text,
/// Markdown, HTML). Numbers, sizes and times only — no log text and no paths — so each
/// format can use these sentences as they are, without escaping.
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

    /// `12 buckets of 1s`, when detection ran.
    static func buckets(_ digest: Digest) -> String? {
        digest.bucketMilliseconds.map { "\(digest.buckets) buckets of \(Formatting.exactDuration(milliseconds: $0))" }
    }
}
