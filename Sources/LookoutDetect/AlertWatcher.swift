#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LookoutCore

/// Early warning: judges each event as it is counted, so an anomaly is reported as soon
/// as the evidence suffices — not when a bucket closes or the input ends.
///
/// Per signature it keeps the counts of its last `history` buckets of `width` (a ring, so
/// memory per signature is fixed) and the count of the open bucket. It alerts
/// - **new**: the first event of a signature after the warm-up (`warmUpBuckets` since the
///   first event of the run), when it matters (a rule names it, or severity low or above);
/// - **spike**: the moment the open bucket's count reaches the smallest count that is both
///   1.5× the recent mean (+2) and has a tail probability below `threshold` under the
///   recent mean and variance (Poisson or negative binomial).
/// - **silence**: when the stream's clock (the newest event's bucket) passes the point where
///   a regular signature (present in 80% of its recent buckets, at least one per bucket on
///   average) has been absent for so many whole buckets that chance cannot explain it
///   (the zero probability per bucket, to the power of the empty buckets, below `threshold`).
/// A stream has no fixed number of tests, so the threshold is per test (default 1e-7: about
/// one false alarm per ten million signature-buckets of steady input). Drops (fewer, but not
/// none) need their buckets to close and are left to the digest.
public final class AlertWatcher {
    public let width: Int64
    public let history: Int
    public let warmUpBuckets: Int
    public let threshold: Double

    private struct Series {
        var ring: [UInt32]
        var filled = 0          // buckets pushed into the ring so far
        var bucket: Int64       // the open bucket's index (time / width)
        var count = 0
        var critical = Int.max
        var alerted = false
        var silenceAlerted = false
        var summary: SignatureSummary?
    }

    private var series: [Int: Series] = [:]
    private var firstBucket: Int64?
    /// The newest bucket any event fell in: the stream's clock.
    private var newestBucket: Int64?

    public init(width: Int64 = 60_000, history: Int = 60, warmUpBuckets: Int = 30, threshold: Double = 1e-7) {
        self.width = max(1000, width)
        self.history = max(8, history)
        self.warmUpBuckets = warmUpBuckets
        self.threshold = threshold
    }

    /// Counts one event of signature `key` at `time`; returns an alert when this event is
    /// the one that makes the evidence suffice.
    public func observe(key: Int, time: Timestamp, signature: () -> SignatureSummary) -> Anomaly? {
        let b = bucketIndex(time.millisecondsSinceEpoch, width: width)
        if firstBucket == nil { firstBucket = b }
        let warm = b - firstBucket! >= Int64(warmUpBuckets)
        guard var s = series[key] else {
            let summary = signature()
            series[key] = Series(ring: Array(repeating: 0, count: history), bucket: b, count: 1, summary: summary)
            guard warm else { return nil }
            guard summary.severity > .info || summary.rule != nil else { return nil }
            return Anomaly(kind: .new, signature: summary.id, start: Timestamp(millisecondsSinceEpoch: b * width),
                           end: Timestamp(millisecondsSinceEpoch: (b + 1) * width), observed: 1, expected: 0,
                           score: [Severity.info: 0.2, .low: 0.5, .medium: 0.65, .high: 0.8, .critical: 0.95][summary.severity] ?? 0.5,
                           severity: summary.severity, reason: "first seen at \(time.rfc3339), \(b - firstBucket!) buckets of \(RateDetector.words(width)) into the run")
        }
        if b > s.bucket {
            // Close the open bucket and any empty ones after it.
            var k = s.bucket
            while k < b && k - s.bucket < Int64(history) + 1 {
                s.ring[Int(k % Int64(history))] = UInt32(k == s.bucket ? s.count : 0)
                s.filled += 1
                k += 1
            }
            if b - s.bucket > Int64(history) { for i in s.ring.indices { s.ring[i] = 0 } }
            s.bucket = b
            s.count = 0
            s.alerted = false
            s.silenceAlerted = false
            s.critical = criticalCount(s)
        } else if b < s.bucket {
            series[key] = s
            return nil   // late events (out of order) are counted by the digest, not alerted on
        }
        s.count += 1
        var alert: Anomaly?
        if warm && !s.alerted && s.count >= s.critical {
            s.alerted = true
            let (mean, variance) = stats(s)
            let p = CountStatistics.upperTail(s.count, mean: mean, variance: variance)
            let summary = signature()
            alert = Anomaly(kind: .spike, signature: summary.id, start: Timestamp(millisecondsSinceEpoch: b * width),
                            end: Timestamp(millisecondsSinceEpoch: (b + 1) * width), observed: Double(s.count), expected: mean,
                            score: CountStatistics.score(p: p, threshold: threshold), severity: summary.severity,
                            reason: "\(s.count) in the first \(RateDetector.words(max(1, (time.millisecondsSinceEpoch - b * width) / 1000 + 1) * 1000)) of a \(RateDetector.words(width)) bucket, expected \(RateDetector.decimal(mean)) per bucket from the \(min(s.filled, history)) buckets before")
        }
        series[key] = s
        return alert
    }

    /// Silences that the stream's clock reaching `time` makes certain: call it before
    /// `observe` with each event's time. Cheap unless the time enters a new bucket.
    public func silences(now time: Timestamp) -> [Anomaly] {
        let b = bucketIndex(time.millisecondsSinceEpoch, width: width)
        guard b > (newestBucket ?? Int64.min) else { return [] }
        newestBucket = b
        guard let first = firstBucket, b - first >= Int64(warmUpBuckets) else { return [] }
        var out: [Anomaly] = []
        for key in series.keys.sorted() {
            guard var s = series[key], !s.silenceAlerted, let summary = s.summary else { continue }
            let empty = b - s.bucket - 1
            let n = min(s.filled, history)
            guard empty >= 1, n >= 8 else { continue }
            let present = s.ring.filter { $0 > 0 }.count
            let (mean, variance) = stats(s)
            guard Double(present) >= 0.8 * Double(n), mean >= 1 else { continue }
            let p = pow(CountStatistics.lowerTail(0, mean: mean, variance: variance), Double(empty))
            guard p < threshold else { continue }
            s.silenceAlerted = true
            series[key] = s
            let start = (s.bucket + 1) * width
            out.append(Anomaly(kind: .silence, signature: summary.id, start: Timestamp(millisecondsSinceEpoch: start),
                               end: Timestamp(millisecondsSinceEpoch: b * width), observed: 0, expected: mean * Double(empty),
                               score: CountStatistics.score(p: p, threshold: threshold), severity: summary.severity,
                               reason: "none for \(RateDetector.words(width * empty)), expected \(RateDetector.decimal(mean)) per \(RateDetector.words(width)) from the \(n) buckets before"))
        }
        return out
    }

    private func stats(_ s: Series) -> (Double, Double) {
        let n = min(s.filled, history)
        guard n > 0 else { return (0, 0) }
        var sum = 0.0, sumSq = 0.0
        for c32 in s.ring { let c = Double(c32); sum += c; sumSq += c * c }   // slots not yet filled hold 0
        let mean = sum / Double(n)
        return (mean, max(0, sumSq / Double(n) - mean * mean))
    }

    /// The smallest count of the open bucket that is an anomaly (Int.max while the history is short).
    private func criticalCount(_ s: Series) -> Int {
        guard s.filled >= 8 else { return .max }
        let (m, variance) = stats(s)
        let mean = max(m, 0.5 / Double(min(s.filled, history)))
        var c = Int((mean * 1.5 + 2).rounded(.up))
        while c < 1_000_000 {
            if CountStatistics.upperTail(c, mean: mean, variance: variance) < threshold { return c }
            c = c < 64 ? c + 1 : c + c / 16
        }
        return .max
    }
}
