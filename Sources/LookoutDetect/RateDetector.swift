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

    public func detect(_ store: SeriesStore, signatures: [WatchedSignature]) -> Result {
        guard let origin = store.origin, store.used > 0 else {
            return Result(anomalies: [], bucketMilliseconds: nil, buckets: 0, note: "no event has a time: nothing to detect")
        }
        let span = Int64(store.used) * store.width
        let automatic: Int64 = SeriesStore.ladder.first(where: { $0 >= store.width && span / $0 <= 100 }) ?? SeriesStore.ladder.last!
        let wanted: Int64 = options.bucketMilliseconds ?? automatic
        let factor = max(1, Int((wanted + store.width / 2) / store.width))
        let width = Int64(factor) * store.width
        let (all, errors) = store.totalCounts(factor: factor)
        let n = all.count
        let warmUp = max(options.minimumWarmUpBuckets, n / 4)
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
            anomalies += rateAnomalies(counts, watched.summary, warmUp: warmUp, width: width, threshold: threshold, start: start)
        }
        anomalies += levelShifts(all: all, errors: errors, warmUp: warmUp, width: width, threshold: threshold, start: start)
        anomalies.sort { $0.score != $1.score ? $0.score > $1.score : ($0.start != $1.start ? $0.start < $1.start : $0.signature < $1.signature) }
        return Result(anomalies: anomalies, bucketMilliseconds: width, buckets: n, note: nil)
    }

    /// Mean and variance of the baseline window before bucket `t`, leaving out flagged buckets.
    func baseline(_ counts: [Int], before t: Int, flagged: [Bool]) -> (mean: Double, variance: Double, buckets: Int, present: Int) {
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
        guard k > 0 else { return (0, 0, 0, 0) }
        let mean = sum / Double(k)
        return (mean, max(0, sumSq / Double(k) - mean * mean), k, present)
    }

    func rateAnomalies(_ counts: [Int], _ s: SignatureSummary, warmUp: Int, width: Int64, threshold: Double,
                       start: (Int) -> Timestamp) -> [Anomaly] {
        var out: [Anomaly] = []
        guard let firstBucket = counts.firstIndex(where: { $0 > 0 }) else { return out }
        let w = RateDetector.words(width)
        // New: not seen while the baseline was learnt.
        if firstBucket >= warmUp {
            let severityScore: [Severity: Double] = [.info: 0.2, .low: 0.5, .medium: 0.65, .high: 0.8, .critical: 0.95]
            if s.severity > .info || s.rule != nil {
                let total = counts[firstBucket...].reduce(0, +)
                out.append(Anomaly(kind: .new, signature: s.id, start: start(firstBucket), end: start(counts.count),
                                   observed: Double(total), expected: 0, score: severityScore[s.severity] ?? 0.5, severity: s.severity,
                                   reason: "not seen in the first \(warmUp) buckets of \(w) (the run's baseline); \(total) event\(total == 1 ? "" : "s") since \(start(firstBucket).rfc3339)"))
            }
            return out
        }
        var flagged = Array(repeating: false, count: counts.count)
        var t = warmUp
        while t < counts.count {
            let b = baseline(counts, before: t, flagged: flagged)
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
                                       reason: "\(c) in \(w), expected \(RateDetector.decimal(mean)) ± \(RateDetector.decimal(sd)) from the \(b.buckets) buckets before" + (end - t > 1 ? "; \(observed) over \(end - t) buckets" : "")))
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
                                       reason: "0 in \(RateDetector.words(width * Int64(k))), expected \(RateDetector.decimal(b.mean * Double(k))) (\(RateDetector.decimal(b.mean)) per \(w)) from the \(b.buckets) buckets before"))
                    t = end
                    continue
                }
            }
            t += 1
        }
        return out
    }

    func levelShifts(all: [Int], errors: [Int], warmUp: Int, width: Int64, threshold: Double, start: (Int) -> Timestamp) -> [Anomaly] {
        var out: [Anomaly] = []
        var flagged = Array(repeating: false, count: all.count)
        let w = RateDetector.words(width)
        var t = warmUp
        while t < all.count {
            var e = 0, n = 0, k = 0
            var i = t - 1
            while i >= 0 && k < options.baselineBuckets {
                if !flagged[i] { e += errors[i]; n += all[i]; k += 1 }
                i -= 1
            }
            let p0 = n > 0 ? max(Double(e) / Double(n), 0.001) : 0.001
            let share = all[t] > 0 ? Double(errors[t]) / Double(all[t]) : 0
            if errors[t] >= 3 && share >= 2 * p0 && share - p0 >= 0.05 {
                let p = CountStatistics.binomialUpperTail(errors[t], n: all[t], p: p0)
                if p < threshold {
                    flagged[t] = true
                    out.append(Anomaly(kind: .levelShift, signature: "*", start: start(t), end: start(t + 1), observed: share, expected: p0,
                                       score: CountStatistics.score(p: p, threshold: threshold), severity: .medium,
                                       reason: "\(errors[t]) of \(all[t]) events at error level or above in \(w) (\(Int((share * 100).rounded()))%), expected \(RateDetector.decimal(p0 * 100))% from the \(k) buckets before"))
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
