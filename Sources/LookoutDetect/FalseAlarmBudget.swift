import LookoutCore

/// How a run's false-alarm budget is shared among its tests: a weighted Bonferroni
/// correction, weighted by severity, over the tests that can happen.
///
/// - **By severity.** Signatures at `info` (and the level-shift test) share the base
///   budget `falseAlarmRate` (default 0.001: the chance of any false alarm among them in a
///   run). `low` ones (warnings, by their usual level) share up to ten times it and
///   `medium` and above (errors, and rules graded medium or more) up to `errorShare`
///   (1,000) times it — at the default, one false alarm expected per day of tested time
///   among all error signatures together, however many there are. These larger shares are
///   rates: a run that tests an hour gets an hour's worth (never less than the base
///   budget), and a run of many days at most one day's worth. An operator would rather
///   read a doubtful error spike now and then than miss a real one, while info chatter must
///   stay quiet; and error signatures are few, so their share buys sensitivity: a rare
///   error (a few per hour) at five times its rate for half an hour is found, where an
///   equal share would need about twice that.
///   Each class's budget is split evenly over its tests, so thousands of signatures in a
///   class still add up to the class's budget, not to a flood.
/// - **Only tests that can pass are counted** (Tarone's idea for discrete tests): every
///   signature is tested for spikes, and for silence when it is regular (a typical
///   12-bucket window, the 90th percentile of the run's, holds 12 or more); for drops only
///   when a drop to one event in a typical window would be unlikely enough to pass the
///   threshold (a drop to none is a silence): a rare signature cannot show a significant
///   drop, so it is charged one test per bucket, not three. The window lengths of one
///   bucket's tests (1, 3, 6, 12 buckets) overlap almost wholly and count as one.
struct FalseAlarmBudget {
    /// Multiples of the base budget shared by warnings and by errors.
    static let warningShare = 10.0
    static let errorShare = 1000.0

    static func share(_ severity: Severity) -> Double {
        switch severity {
        case .info: 1
        case .low: warningShare
        case .medium, .high, .critical: errorShare
        }
    }

    /// The longest window a bucket is tested over (12 buckets).
    static let span = RateDetector.windows.last!

    /// What the budget needs to know of a signature.
    struct Profile {
        var severity: Severity
        /// The 90th percentile of the run's 12-bucket sums: what a window holds when busy.
        var typicalWindow: Double

        init(severity: Severity, counts: [Int]) {
            self.severity = severity
            let span = FalseAlarmBudget.span
            var sums: [Int] = []
            var window = 0
            for (i, c) in counts.enumerated() {
                window += c
                if i >= span { window -= counts[i - span] }
                if i >= span - 1 { sums.append(window) }
            }
            sums.sort()
            typicalWindow = sums.isEmpty ? Double(window) : Double(sums[min(sums.count - 1, sums.count * 9 / 10)])
        }
    }

    private var thresholds: [Double: Double] = [:]
    private let falseAlarmRate: Double

    /// `buckets`: buckets tested per signature, `days` the time they span.
    init(falseAlarmRate: Double, buckets: Int, signatures: [Profile], days: Double) {
        self.falseAlarmRate = falseAlarmRate
        let buckets = Double(max(1, buckets))
        func thresholds(_ tests: [Double: Int]) -> [Double: Double] {
            Dictionary(uniqueKeysWithValues: tests.map { share, n in
                (share, falseAlarmRate * max(1, share * min(1, days)) / (Double(max(1, n)) * buckets))
            })
        }
        // Spikes and silences first; drops where one event in a typical window would pass
        // the threshold those give (an upper bound of the final one, so no drop that could
        // pass is left uncounted).
        var tests: [Double: Int] = [1: 1]   // the level-shift test, in the info class
        for s in signatures {
            // A silence needs a regular signature: one event or more per bucket.
            tests[FalseAlarmBudget.share(s.severity), default: 0] += s.typicalWindow >= Double(FalseAlarmBudget.span) ? 2 : 1
        }
        let provisional = thresholds(tests)
        for s in signatures {
            let share = FalseAlarmBudget.share(s.severity)
            let mean = s.typicalWindow
            if mean > 0 && CountStatistics.lowerTail(1, mean: mean, variance: mean) < provisional[share]! {
                tests[share, default: 0] += 1
            }
        }
        self.thresholds = thresholds(tests)
    }

    /// The p-value each test of a signature of this severity must pass.
    func threshold(_ severity: Severity) -> Double {
        thresholds[FalseAlarmBudget.share(severity)] ?? falseAlarmRate
    }
}
