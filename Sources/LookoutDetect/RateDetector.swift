#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LookoutCore

/// Settings of the detector.
public struct DetectorOptions: Sendable {
    /// The chance, per run, of one or more false alarms among all the tests made: each test
    /// must pass `falseAlarmRate / tests` (Bonferroni), so thousands of signatures do not
    /// turn into a flood of alerts.
    public var falseAlarmRate = 0.001
    /// Detection bucket width in ms, rounded to a whole number of the store's buckets; nil
    /// chooses one from the time span: the first of `SeriesStore.ladder` giving at most 100 buckets.
    public var bucketMilliseconds: Int64?
    /// Buckets of the run's own past that each bucket is compared with.
    public var baselineBuckets = 48
    /// At least this many buckets (and the first quarter of the run) learn before anything is tested.
    public var minimumWarmUpBuckets = 6
    /// A signature is regular (its silence means something) when it occurs in this share of baseline buckets.
    public var regularShare = 0.8
    public init() {}
}

/// A signature to watch: its summary and the series that hold its events.
public struct WatchedSignature: Sendable {
    public var summary: SignatureSummary
    public var series: [Int]
    public init(summary: SignatureSummary, series: [Int]) {
        self.summary = summary
        self.series = series
    }
}

/// Finds rate anomalies per signature against the run's own past.
///
/// The run is cut into buckets; each bucket after a warm-up is compared with the buckets
/// before it (a window of `baselineBuckets`, leaving out buckets already found anomalous,
/// so an incident does not become its own baseline). Counts are judged with Poisson or
/// negative-binomial tails (`CountStatistics`), the false-alarm rate is controlled over
/// all tests of the run, and consecutive anomalous buckets make one anomaly.
public struct RateDetector {
    public var options: DetectorOptions
    public init(options: DetectorOptions = DetectorOptions()) { self.options = options }

    /// A baseline from elsewhere (a baseline file): per-signature rates per bucket of
    /// `bucketMilliseconds`, and the share of error-level events.
    public struct Reference: Sendable {
        public struct Rate: Sendable {
            public var mean: Double
            public var variance: Double
            public var presentShare: Double
            public init(mean: Double, variance: Double, presentShare: Double) {
                self.mean = mean; self.variance = variance; self.presentShare = presentShare
            }
        }
        public var bucketMilliseconds: Int64
        public var rates: [String: Rate]
        public var errorShare: Double
        /// Words for reasons: "the baseline file".
        public var name: String
        public init(bucketMilliseconds: Int64, rates: [String: Rate], errorShare: Double, name: String) {
            self.bucketMilliseconds = bucketMilliseconds; self.rates = rates; self.errorShare = errorShare; self.name = name
        }
    }

    public struct Result: Sendable {
        public var anomalies: [Anomaly]
        /// The detection bucket width, in ms (nil when there was nothing to bucket).
        public var bucketMilliseconds: Int64?
        public var buckets: Int
        /// Why nothing could be tested, when nothing could.
        public var note: String?
    }


    /// A round duration in its largest exact unit: `5m`, `12h`, `1d`.
    public static func words(_ ms: Int64) -> String {
        if ms % 86_400_000 == 0 { return "\(ms / 86_400_000)d" }
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }

    /// Finds anomalies; with `reference`, against it (every bucket is tested), else against
    /// the run's own past (after a warm-up).
    public func detect(_ store: SeriesStore, signatures: [WatchedSignature], reference: Reference? = nil) -> Result {
        guard let origin = store.origin, store.used > 0 else {
            return Result(anomalies: [], bucketMilliseconds: nil, buckets: 0, note: "no event has a time: nothing to detect")
        }
        let span = Int64(store.used) * store.width
        let automatic: Int64 = SeriesStore.ladder.first(where: { $0 >= store.width && span / $0 <= 100 }) ?? SeriesStore.ladder.last!
        let wanted: Int64 = options.bucketMilliseconds ?? reference?.bucketMilliseconds ?? automatic
        let factor = max(1, Int((wanted + store.width / 2) / store.width))
        let width = Int64(factor) * store.width
        let (all, errors) = store.totalCounts(factor: factor)
        let n = all.count
        let warmUp = reference == nil ? max(options.minimumWarmUpBuckets, n / 4) : 0
        guard n > warmUp else {
            return Result(anomalies: [], bucketMilliseconds: width, buckets: n,
                          note: "the run spans \(n) bucket\(n == 1 ? "" : "s") of \(RateDetector.words(width)); more than \(warmUp) are needed to learn a baseline from the run itself")
        }
        let tested = n - warmUp
        let tests = max(1, (signatures.count * 2 + 1) * tested)
        let threshold = options.falseAlarmRate / Double(tests)
        func start(_ b: Int) -> Timestamp { Timestamp(millisecondsSinceEpoch: origin + Int64(b) * width) }

        var anomalies: [Anomaly] = []
        for watched in signatures {
            let counts = store.counts(of: watched.series, factor: factor)
            if let reference {
                let scale = Double(width) / Double(reference.bucketMilliseconds)
                let rate = reference.rates[watched.summary.id]
                let fixed = rate.map { r in
                    Base(mean: r.mean * scale, variance: r.variance * scale, buckets: 1,
                         present: r.presentShare >= options.regularShare ? 1 : 0, words: reference.name)
                }
                anomalies += rateAnomalies(counts, watched.summary, firstTested: 0, isNew: rate == nil,
                                           newWords: "not in \(reference.name)", width: width, threshold: threshold, start: start) { _, _ in fixed! }
            } else {
                let firstBucket = counts.firstIndex(where: { $0 > 0 }) ?? 0
                anomalies += rateAnomalies(counts, watched.summary, firstTested: warmUp, isNew: firstBucket >= warmUp,
                                           newWords: "not seen in the first \(warmUp) buckets of \(RateDetector.words(width)) (the run's baseline)",
                                           width: width, threshold: threshold, start: start) { t, flagged in
                    self.baseline(counts, before: t, flagged: flagged)
                }
            }
        }
        let shareBaseline: (Int, [Bool]) -> (errors: Int, all: Int, buckets: Int, words: String)
        if let reference {
            shareBaseline = { _, _ in (Int((reference.errorShare * 1_000_000).rounded()), 1_000_000, 1, reference.name) }
        } else {
            shareBaseline = { t, flagged in
                var e = 0, a = 0, k = 0
                var i = t - 1
                while i >= 0 && k < self.options.baselineBuckets {
                    if !flagged[i] { e += errors[i]; a += all[i]; k += 1 }
                    i -= 1
                }
                return (e, a, k, "the \(k) buckets before")
            }
        }
        anomalies += levelShifts(all: all, errors: errors, firstTested: warmUp, width: width, threshold: threshold, start: start, baseline: shareBaseline)
        anomalies.sort { $0.score != $1.score ? $0.score > $1.score : ($0.start != $1.start ? $0.start < $1.start : $0.signature < $1.signature) }
        return Result(anomalies: anomalies, bucketMilliseconds: width, buckets: n, note: nil)
    }

    /// What a bucket is compared with.
    struct Base {
        var mean: Double
        var variance: Double
        /// Buckets the figures come from (1 for a reference).
        var buckets: Int
        /// Buckets among them with events (for a reference: 1 when the signature is regular).
        var present: Int
        /// "the 24 buckets before", "the baseline file".
        var words: String
    }

    /// Mean and variance of the baseline window before bucket `t`, leaving out flagged buckets.
    func baseline(_ counts: [Int], before t: Int, flagged: [Bool]) -> Base {
        var sum = 0.0, sumSq = 0.0, k = 0, present = 0
        var i = t - 1
        while i >= 0 && k < options.baselineBuckets {
            if !flagged[i] {
                let c = Double(counts[i])
                sum += c; sumSq += c * c; k += 1
                if counts[i] > 0 { present += 1 }
            }
            i -= 1
        }
        guard k > 0 else { return Base(mean: 0, variance: 0, buckets: 0, present: 0, words: "no buckets before") }
        let mean = sum / Double(k)
        return Base(mean: mean, variance: max(0, sumSq / Double(k) - mean * mean), buckets: k, present: present, words: "the \(k) buckets before")
    }

    func rateAnomalies(_ counts: [Int], _ s: SignatureSummary, firstTested: Int, isNew: Bool, newWords: String,
                       width: Int64, threshold: Double, start: (Int) -> Timestamp, baseline: (Int, [Bool]) -> Base) -> [Anomaly] {
        var out: [Anomaly] = []
        guard let firstBucket = counts.firstIndex(where: { $0 > 0 }) else { return out }
        let w = RateDetector.words(width)
        // New: absent from the baseline.
        if isNew {
            let severityScore: [Severity: Double] = [.info: 0.2, .low: 0.5, .medium: 0.65, .high: 0.8, .critical: 0.95]
            if s.severity > .info || s.rule != nil {
                let total = counts[firstBucket...].reduce(0, +)
                out.append(Anomaly(kind: .new, signature: s.id, start: start(firstBucket), end: start(counts.count),
                                   observed: Double(total), expected: 0, score: severityScore[s.severity] ?? 0.5, severity: s.severity,
                                   reason: "\(newWords); \(total) event\(total == 1 ? "" : "s") since \(start(firstBucket).rfc3339)"))
            }
            return out
        }
        var flagged = Array(repeating: false, count: counts.count)
        var t = firstTested
        while t < counts.count {
            let b = baseline(t, flagged)
            let mean = max(b.mean, 0.5 / Double(max(b.buckets, 1)))
            let c = counts[t]
            // Spike
            if Double(c) > mean + 1 {
                let p = CountStatistics.upperTail(c, mean: mean, variance: b.variance)
                if p < threshold {
                    var end = t + 1, observed = c, expected = mean, worst = p
                    flagged[t] = true
                    while end < counts.count {
                        let q = CountStatistics.upperTail(counts[end], mean: mean, variance: b.variance)
                        guard Double(counts[end]) > mean + 1, q < threshold else { break }
                        flagged[end] = true
                        observed += counts[end]; expected += mean; worst = min(worst, q)
                        end += 1
                    }
                    let sd = sqrt(max(b.variance, mean))
                    out.append(Anomaly(kind: .spike, signature: s.id, start: start(t), end: start(end), observed: Double(observed),
                                       expected: expected, score: CountStatistics.score(p: worst, threshold: threshold), severity: s.severity,
                                       reason: "\(c) in \(w), expected \(RateDetector.decimal(mean)) ± \(RateDetector.decimal(sd)) from \(b.words)" + (end - t > 1 ? "; \(observed) over \(end - t) buckets" : "")))
                    t = end
                    continue
                }
            }
            // Silence: a regular signature with a run of empty buckets too long to be chance.
            if c == 0 && b.buckets > 0 && Double(b.present) >= options.regularShare * Double(b.buckets) && b.mean >= 1 {
                var end = t
                while end < counts.count && counts[end] == 0 { end += 1 }
                let k = end - t
                let p = exp(-b.mean * Double(k))
                if p < threshold {
                    for i in t..<end { flagged[i] = true }
                    out.append(Anomaly(kind: .silence, signature: s.id, start: start(t), end: start(end), observed: 0,
                                       expected: b.mean * Double(k), score: CountStatistics.score(p: p, threshold: threshold), severity: s.severity,
                                       reason: "0 in \(RateDetector.words(width * Int64(k))), expected \(RateDetector.decimal(b.mean * Double(k))) (\(RateDetector.decimal(b.mean)) per \(w)) from \(b.words)"))
                    t = end
                    continue
                }
            }
            t += 1
        }
        return out
    }

    func levelShifts(all: [Int], errors: [Int], firstTested: Int, width: Int64, threshold: Double, start: (Int) -> Timestamp,
                     baseline: (Int, [Bool]) -> (errors: Int, all: Int, buckets: Int, words: String)) -> [Anomaly] {
        var out: [Anomaly] = []
        var flagged = Array(repeating: false, count: all.count)
        let w = RateDetector.words(width)
        var t = firstTested
        while t < all.count {
            let b = baseline(t, flagged)
            let p0 = b.all > 0 ? max(Double(b.errors) / Double(b.all), 0.001) : 0.001
            let share = all[t] > 0 ? Double(errors[t]) / Double(all[t]) : 0
            if errors[t] >= 3 && share >= 2 * p0 && share - p0 >= 0.05 {
                let p = CountStatistics.binomialUpperTail(errors[t], n: all[t], p: p0)
                if p < threshold {
                    flagged[t] = true
                    out.append(Anomaly(kind: .levelShift, signature: "*", start: start(t), end: start(t + 1), observed: share, expected: p0,
                                       score: CountStatistics.score(p: p, threshold: threshold), severity: .medium,
                                       reason: "\(errors[t]) of \(all[t]) events at error level or above in \(w) (\(Int((share * 100).rounded()))%), expected \(RateDetector.decimal(p0 * 100))% from \(b.words)"))
                }
            }
            t += 1
        }
        return out
    }

    static func decimal(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
