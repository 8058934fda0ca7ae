import ArgumentParser
import LookoutCore
import LookoutDetect
import LookoutEvents

/// How anomalies are looked for: bucket width, baseline, sensitivity, early warning, and
/// the time window of events considered.
struct DetectionOptions: ParsableArguments {
    @Option(name: .customLong("bucket"), help: ArgumentHelp(
        "Detection bucket width: 30s, 5m, 1h, 1d… (default: chosen from the time span, at most 2,048 buckets).", valueName: "duration"))
    var bucket: String?

    @Option(name: .customLong("baseline"), help: ArgumentHelp(
        "Compare with this baseline file (from `lookout baseline`) instead of the history or the run's own past.", valueName: "file"))
    var baseline: String?

    @Option(name: .customLong("false-alarm-rate"), help: ArgumentHelp(
        "The chance, per run, of any false alarm among the rate tests of info-level signatures (Bonferroni over signatures and buckets); warnings and errors share up to 10× and 1,000× it per day of tested time. Lower: fewer and only clearer anomalies.",
        valueName: "p"))
    var falseAlarmRate: Double = DetectorOptions().falseAlarmRate

    @Option(name: .customLong("alerts"), help: ArgumentHelp(
        "Write each anomaly as one JSON line to this file (`-`: stdout) as soon as the evidence suffices, while the input is still read.",
        valueName: "file"))
    var alerts: String?

    @Option(name: .customLong("since"), help: ArgumentHelp(
        "Leave out events before this time: 2026-11-30, 2026-11-30T08:00:00Z, or an age such as 24h, 30m, 7d (before now). Events without a time are kept.",
        valueName: "time"))
    var since: String?

    @Option(name: .customLong("until"), help: ArgumentHelp(
        "Leave out events at or after this time (same forms as --since).", valueName: "time"))
    var until: String?

    func validate() throws {
        if let bucket, DetectionOptions.milliseconds(bucket) == nil {
            throw ValidationError("--bucket takes a duration such as 30s, 5m, 1h or 1d; got `\(bucket)`.")
        }
        guard falseAlarmRate > 0 && falseAlarmRate < 1 else {
            throw ValidationError("--false-alarm-rate takes a probability between 0 and 1 (exclusive); got \(falseAlarmRate).")
        }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, DetectionOptions.instant(value, now: Timestamp(millisecondsSinceEpoch: 0)) == nil {
                throw ValidationError("\(name) takes a date (2026-11-30), a time (2026-11-30T08:00:00Z) or an age (24h, 30m, 7d); got `\(value)`.")
            }
        }
    }

    var bucketMilliseconds: Int64? { bucket.flatMap(DetectionOptions.milliseconds) }

    /// The events kept: [since, until), either side open.
    func window(now: Timestamp) -> TimeWindow? {
        let from = since.flatMap { DetectionOptions.instant($0, now: now) }
        let to = until.flatMap { DetectionOptions.instant($0, now: now) }
        return from == nil && to == nil ? nil : TimeWindow(from: from, to: to)
    }

    /// `90s`, `5m`, `1h`, `2d`, `1w`, or bare seconds.
    static func milliseconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000]
        var digits = Substring(text)
        var unit: Int64 = 1000
        if let last = text.last, let u = units[last] { unit = u; digits = digits.dropLast() }
        guard let n = Int64(digits), n > 0, n < 10_000_000 else { return nil }
        return n * unit
    }

    /// An absolute time (a date is its midnight, UTC; a time without zone is UTC, as in
    /// logs), or an age with a unit (`24h`: 24 hours before `now`).
    static func instant(_ text: String, now: Timestamp) -> Timestamp? {
        if let last = text.last, "smhdw".contains(last), let age = milliseconds(text) {
            return Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - age)
        }
        let bytes = Array(text.utf8)
        if bytes.count == 10, let y = Int(text.prefix(4)), bytes[4] == 0x2D, let m = Int(text.dropFirst(5).prefix(2)), bytes[7] == 0x2D,
           let d = Int(text.suffix(2)) {
            return Timestamp(year: y, month: m, day: d)
        }
        return bytes.withUnsafeBytes { b -> Timestamp? in
            guard let match = TimestampParser.parse(b, at: 0, allowWeak: false), match.end == b.count,
                  match.time.year != nil || match.time.epochMilliseconds != nil else { return nil }
            return match.time.resolved(year: 0)
        }
    }
}

/// A half-open span of event time; either side may be open.
struct TimeWindow {
    var from: Timestamp?
    var to: Timestamp?
    func contains(_ t: Timestamp) -> Bool { (from.map { t >= $0 } ?? true) && (to.map { t < $0 } ?? true) }
}
