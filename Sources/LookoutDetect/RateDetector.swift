#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LookoutCore

/// Settings of the detector.
public struct DetectorOptions: Sendable {
    /// The chance, per run, of one or more false alarms among the tests of info-level
    /// signatures; warnings and errors share multiples of it (`FalseAlarmBudget`), and each
    /// test must pass its class's budget divided by the class's tests (Bonferroni), so
    /// thousands of signatures do not turn into a flood of alerts.
    public var falseAlarmRate = 0.001
    /// Detection bucket width in ms, rounded to a whole number of the store's buckets; nil
    /// chooses one from the time span: one minute, or the first width of `SeriesStore.ladder`
    /// giving at most `automaticBuckets` (2,048) buckets when that is coarser, or the first
    /// giving at most 100 when that is finer (short logs).
    public var bucketMilliseconds: Int64?
    /// Buckets of the run's own past that each bucket is compared with.
    public var baselineBuckets = 48
    /// At least this many buckets (and the first quarter of the run) learn before anything is tested.
    public var minimumWarmUpBuckets = 6
    /// A spike must be at least this many times the expected count (and 2 more) …
    public var minimumRise = 1.5
    /// … and a drop at most this share of it: a significant change smaller than that is no news.
    public var maximumFall = 0.6
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
            /// Seasonal rhythm, when the history covers it: mean and variance per hour for
            /// each hour of the day (24 slots) or of the week (168, from Monday 00:00 UTC).
            /// A bucket is then compared with its own hours, not with the whole day.
            public var hourly: [(mean: Double, variance: Double)]?
            public init(mean: Double, variance: Double, presentShare: Double, hourly: [(mean: Double, variance: Double)]? = nil) {
                self.mean = mean; self.variance = variance; self.presentShare = presentShare; self.hourly = hourly
            }

            /// Expected mean and variance of a bucket `[start, start + width)` (ms) from the
            /// hourly rhythm: a share of its hour's figures when it is shorter than an hour,
            /// the sum over the hours it spans when longer. Nil without a rhythm.
            func seasonal(start: Int64, width: Int64) -> (mean: Double, variance: Double)? {
                guard let hourly, !hourly.isEmpty else { return nil }
                let hour: Int64 = 3_600_000
                let n = Int64(hourly.count)
                func slot(_ t: Int64) -> (mean: Double, variance: Double) {
                    // 1970-01-01 was a Thursday: shift so that slot 0 is Monday 00:00.
                    let h = bucketIndex(t, width: hour) + 72
                    return hourly[Int(((h % n) + n) % n)]
                }
                if width <= hour {
                    let s = slot(start)
                    let share = Double(width) / Double(hour)
                    return (s.mean * share, s.variance * share)
                }
                var mean = 0.0, variance = 0.0
                var t = start
                while t < start + width {
                    let s = slot(t)
                    let share = Double(min(hour, start + width - t)) / Double(hour)
                    mean += s.mean * share
                    variance += s.variance * share
                    t += hour
                }
                return (mean, variance)
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
        /// Start of detection bucket 0, in ms (nil when there was nothing to bucket).
        public var origin: Int64? = nil
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
        // Automatic width: fine enough to see minutes-long incidents (1 minute, or coarser when
        // the span needs it to stay within `automaticBuckets`), never finer than the span
        // cut into 100 (a minute-long log gets second buckets).
        func first(_ limit: Int64) -> Int64 {
            SeriesStore.ladder.first(where: { $0 >= store.width && span / $0 <= limit }) ?? SeriesStore.ladder.last!
        }
        let automatic = max(first(RateDetector.automaticBuckets), min(60_000, first(100)))
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
        /// New: absent from the reference, or first seen after the warm-up (reported, not tested).
        func isNew(_ id: String, _ counts: [Int]) -> Bool {
            reference.map { $0.rates[id] == nil } ?? ((counts.firstIndex(where: { $0 > 0 }) ?? 0) >= warmUp)
        }
        // The budget: a first look at each signature's counts tells which tests can happen.
        // (The counts are summed again below rather than kept: all of them at once would be
        // signatures × buckets.)
        var profiles: [FalseAlarmBudget.Profile] = []
        for watched in signatures {
            let counts = store.counts(of: watched.series, factor: factor)
            if !isNew(watched.summary.id, counts) { profiles.append(FalseAlarmBudget.Profile(severity: watched.summary.usualSeverity, counts: counts)) }
        }
        let budget = FalseAlarmBudget(falseAlarmRate: options.falseAlarmRate, buckets: n - warmUp, signatures: profiles,
                                      days: Double(Int64(n - warmUp) * width) / 86_400_000)
        func start(_ b: Int) -> Timestamp { Timestamp(millisecondsSinceEpoch: origin + Int64(b) * width) }

        var anomalies: [Anomaly] = []
        for watched in signatures {
            let counts = store.counts(of: watched.series, factor: factor)
            let threshold = budget.threshold(watched.summary.usualSeverity)
            if let reference {
                let scale = Double(width) / Double(reference.bucketMilliseconds)
                let rate = reference.rates[watched.summary.id]
                let regular = (rate?.presentShare ?? 0) >= options.regularShare ? 1 : 0
                let words = rate?.hourly.map { "\(reference.name) at this hour of the \($0.count == 168 ? "week" : "day")" } ?? reference.name
                anomalies += rateAnomalies(counts, watched.summary, firstTested: 0, isNew: isNew(watched.summary.id, counts),
                                           newWords: "not in \(reference.name)", width: width, threshold: threshold, start: start) { t, _ in
                    let r = rate!
                    let e = r.seasonal(start: start(t).millisecondsSinceEpoch, width: width) ?? (r.mean * scale, r.variance * scale)
                    return Base(mean: e.mean, variance: e.variance, buckets: 1, present: regular, words: .text(words))
                }
            } else {
                anomalies += rateAnomalies(counts, watched.summary, firstTested: warmUp, isNew: isNew(watched.summary.id, counts),
                                           newWords: "not seen in the first \(warmUp) buckets of \(RateDetector.words(width)) (the run's baseline)",
                                           width: width, threshold: threshold, start: start) { t, flagged in
                    self.baseline(counts, before: t, flagged: flagged, period: self.period(width))
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
        anomalies += levelShifts(all: all, errors: errors, firstTested: warmUp, width: width, threshold: budget.threshold(.info), start: start, baseline: shareBaseline)
        anomalies.sort { $0.score != $1.score ? $0.score > $1.score : ($0.start != $1.start ? $0.start < $1.start : $0.signature < $1.signature) }
        var note: String?
        if let asked = options.bucketMilliseconds, width > asked {
            note = "buckets of \(RateDetector.words(asked)) were asked for; the time span needs \(RateDetector.words(width)) to stay within \(store.capacity) buckets"
        }
        return Result(anomalies: anomalies, bucketMilliseconds: width, buckets: n, note: note, origin: origin)
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
        var words: BaseWords
    }

    /// Where a baseline's figures come from, spelt only when an anomaly is reported: a
    /// baseline is worked out for every bucket of every signature, and building its words
    /// each time (a string a bucket) was most of what detection cost.
    enum BaseWords {
        /// "the 24 buckets before" (or "no buckets before").
        case bucketsBefore(Int)
        /// "the same time on the 3 days before".
        case sameTime(known: Int, name: String)
        case text(String)

        var text: String {
            switch self {
            case .bucketsBefore(let k): k == 0 ? "no buckets before" : "the \(k) buckets before"
            case .sameTime(let known, let name): "the same time on the \(known) \(name) before"
            case .text(let words): words
            }
        }
    }

    /// Mean and variance of the baseline window before bucket `t`, leaving out flagged buckets.
    /// Buckets per day when the width divides a day into at least 4 (daily seasonality).
    func period(_ width: Int64) -> Int? {
        let day: Int64 = 86_400_000
        guard width <= day / 4, day % width == 0 else { return nil }
        return Int(day / width)
    }

    /// The baseline of bucket `t`: the same time of the week on up to 4 weeks before, once
    /// three are known; else the same time of day on up to 7 days before, once three are
    /// known (with the buckets beside each: rhythms are then expected, not alarming); else
    /// the `baselineBuckets` before it. Buckets already found anomalous are left out.
    func baseline(_ counts: [Int], before t: Int, flagged: [Bool], period: Int?) -> Base {
        if let period {
            // Weekly first (weekends differ from weekdays), once three weeks are known; then daily.
            if let weekly = seasonal(counts, before: t, flagged: flagged, step: 7 * period, cycles: 4, name: "weeks") { return weekly }
            if let daily = seasonal(counts, before: t, flagged: flagged, step: period, cycles: 7, name: "days") { return daily }
        }
        return baseline(counts, before: t, flagged: flagged)
    }

    /// Samples at `t - k·step` (and the buckets beside them) for k = 1…cycles; nil when
    /// fewer than three cycles are known. The buckets beside reach one either side, and
    /// further (up to a 48th of the cycle: ±30 minutes of a day) while the samples hold
    /// fewer than `sparseEvents` events: a sparse signature's rate is then estimated from
    /// more of its events (nine samples of a few an hour put it off by half), while a
    /// busy one keeps its narrow, rhythm-true neighbourhood.
    func seasonal(_ counts: [Int], before t: Int, flagged: [Bool], step: Int, cycles: Int, name: String) -> Base? {
        var samples: [Double] = []
        var cycleUsed = Array(repeating: false, count: cycles + 1)
        let reach = max(1, step / 48)
        var events = 0.0
        var h = 0
        repeat {
            var k = 1
            while k <= cycles && t - k * step - 1 >= 0 {
                let centre = t - k * step
                // The ring at distance h: the centre alone, then the bucket either side.
                for i in stride(from: centre - h, through: centre + h, by: max(1, 2 * h)) where i >= 0 && i < t && !flagged[i] {
                    samples.append(Double(counts[i]))
                    events += Double(counts[i])
                    cycleUsed[k] = true
                }
                k += 1
            }
            h += 1
        } while h <= 1 || (h <= reach && events < RateDetector.sparseEvents)
        let known = cycleUsed.filter { $0 }.count
        guard known >= 3 else { return nil }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(samples.count - 1, 1))
        return Base(mean: mean, variance: CountStatistics.evidentVariance(mean: mean, variance: variance, samples: samples.count), buckets: samples.count,
                    present: samples.filter { $0 > 0 }.count, words: .sameTime(known: known, name: name))
    }

    /// Events a seasonal sample should hold before its neighbourhood stops widening.
    static let sparseEvents = 30.0

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
        guard k > 0 else { return Base(mean: 0, variance: 0, buckets: 0, present: 0, words: .bucketsBefore(0)) }
        let mean = sum / Double(k)
        // All the spread of the buckets before counts, evident or not: it holds the trend
        // within them, which a mean of the past misses.
        return Base(mean: mean, variance: max(0, sumSq / Double(k) - mean * mean), buckets: k, present: present, words: .bucketsBefore(k))
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
                let lastBucket = counts.lastIndex(where: { $0 > 0 }) ?? firstBucket
                out.append(Anomaly(kind: .new, signature: s.id, start: start(firstBucket), end: start(lastBucket + 1),
                                   observed: Double(total), expected: 0, score: severityScore[s.severity] ?? 0.5, severity: s.severity,
                                   reason: "\(newWords); \(total) event\(total == 1 ? "" : "s") since \(start(firstBucket).rfc3339)"))
            }
            return out
        }
        var flagged = Array(repeating: false, count: counts.count)
        var means = Array(repeating: 0.0, count: counts.count)
        var variances = Array(repeating: 0.0, count: counts.count)
        var words = Array(repeating: BaseWords.text(""), count: counts.count)
        var t = firstTested
        while t < counts.count {
            let b = baseline(t, flagged)
            let mean = max(b.mean, 0.5 / Double(max(b.buckets, 1)))
            means[t] = mean
            variances[t] = max(b.variance, mean)
            words[t] = b.words
            let c = counts[t]
            // Silence: a regular signature with a run of empty buckets too long to be chance
            // (clumped events make empty buckets likelier: the negative binomial's zero).
            if c == 0 && b.buckets > 0 && Double(b.present) >= options.regularShare * Double(b.buckets) && b.mean >= 1 {
                var end = t
                while end < counts.count && counts[end] == 0 { end += 1 }
                let k = end - t
                let zero = CountStatistics.lowerTail(0, mean: b.mean, variance: b.variance)
                let p = pow(zero, Double(k))
                if p < threshold {
                    for i in t..<end { flagged[i] = true }
                    out.append(Anomaly(kind: .silence, signature: s.id, start: start(t), end: start(end), observed: 0,
                                       expected: b.mean * Double(k), score: CountStatistics.score(p: p, threshold: threshold), severity: s.severity,
                                       reason: "0 in \(RateDetector.words(width * Int64(k))), expected \(RateDetector.decimal(b.mean * Double(k))) (\(RateDetector.decimal(b.mean)) per \(w)) from \(b.words.text)"))
                    t = end
                    continue
                }
            }
            // Spikes and drops, over windows of 1, 3, 6 and 12 buckets ending here: a sustained
            // rise too small for one bucket adds up over several.
            for length in RateDetector.windows where t - length + 1 >= firstTested {
                let range = (t - length + 1)...t
                if range.contains(where: { flagged[$0] }) { continue }
                let observed = range.reduce(0) { $0 + counts[$1] }
                let expected = range.reduce(0.0) { $0 + means[$1] }
                let variance = range.reduce(0.0) { $0 + variances[$1] }
                var kind: Anomaly.Kind?
                var p = 1.0
                // Significant and large enough to matter: at high counts a 5% wobble is
                // significant but no news (`minimumRise`, `maximumFall`).
                if Double(observed) >= expected * options.minimumRise + 2 {
                    p = CountStatistics.upperTail(observed, mean: expected, variance: variance)
                    if p < threshold { kind = .spike }
                } else if expected >= 5 && observed > 0 && Double(observed) <= expected * options.maximumFall {
                    p = CountStatistics.lowerTail(observed, mean: expected, variance: variance)
                    if p < threshold { kind = .drop }
                }
                guard let kind else { continue }
                for i in range { flagged[i] = true }
                let score = CountStatistics.score(p: p, threshold: threshold)
                // The anomaly starts at the window's first bucket that is itself out of line
                // (its own count has a chance below 1% the same way), when one is: a
                // window's evidence may reach back over ordinary buckets before the change.
                let first = range.first { i in
                    kind == .spike ? CountStatistics.upperTail(counts[i], mean: means[i], variance: variances[i]) < 0.01
                        : CountStatistics.lowerTail(counts[i], mean: means[i], variance: variances[i]) < 0.01
                } ?? range.lowerBound
                let trimmed = first...t
                let count = trimmed.reduce(0) { $0 + counts[$1] }
                let mean = trimmed.reduce(0.0) { $0 + means[$1] }
                let sd = trimmed.reduce(0.0) { $0 + variances[$1] }.squareRoot()
                let span = trimmed.count == 1 ? w : "\(RateDetector.words(width * Int64(trimmed.count))) (\(trimmed.count) buckets)"
                let reason = "\(count) in \(span), expected \(RateDetector.decimal(mean)) ± \(RateDetector.decimal(sd)) from \(words[t].text)"
                if var last = out.last, last.kind == kind, last.end >= start(range.lowerBound) {
                    // The same rise or fall going on: one anomaly, recounted over its whole span.
                    let from = Int((last.start.millisecondsSinceEpoch - start(0).millisecondsSinceEpoch) / width)
                    last.end = start(t + 1)
                    last.observed = Double((from...t).reduce(0) { $0 + counts[$1] })
                    last.expected = (from...t).reduce(0.0) { $0 + means[$1] }
                    last.score = max(last.score, score)
                    out[out.count - 1] = last
                } else {
                    out.append(Anomaly(kind: kind, signature: s.id, start: start(first), end: start(t + 1),
                                       observed: Double(count), expected: mean, score: score, severity: s.severity, reason: reason))
                }
                break
            }
            t += 1
        }
        return out
    }

    /// At most this many buckets when the width is automatic (a week: 5-minute buckets).
    static let automaticBuckets: Int64 = 2048

    /// Window lengths, in buckets, over which spikes and drops are tested.
    static let windows = [1, 3, 6, 12]

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
                    let reason = "\(errors[t]) of \(all[t]) events at error level or above in \(w) (\(Int((share * 100).rounded()))%), expected \(RateDetector.decimal(p0 * 100))% from \(b.words)"
                    let score = CountStatistics.score(p: p, threshold: threshold)
                    // Consecutive buckets make one level shift.
                    if var last = out.last, last.end == start(t) {
                        last.end = start(t + 1)
                        last.observed = max(last.observed, share)
                        last.score = max(last.score, score)
                        out[out.count - 1] = last
                    } else {
                        out.append(Anomaly(kind: .levelShift, signature: "*", start: start(t), end: start(t + 1), observed: share, expected: p0,
                                           score: score, severity: .medium, reason: reason))
                    }
                }
            }
            t += 1
        }
        return out
    }

    static func decimal(_ v: Double) -> String { DecimalText.one(v) }
}

