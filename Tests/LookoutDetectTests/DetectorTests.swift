import Testing
import LookoutCore
@testable import LookoutDetect

/// A reproducible Poisson sampler (a fixed-seed generator: tests must not flap).
struct Poisson {
    var state: UInt64
    mutating func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func next(_ lambda: Double) -> Int {
        let l = Foundation_exp(-lambda)
        var k = 0, p = 1.0
        repeat { k += 1; p *= uniform() } while p > l
        return k - 1
    }
}

#if canImport(Glibc)
import Glibc
func Foundation_exp(_ x: Double) -> Double { Glibc.exp(x) }
#endif

let minute: Int64 = 60_000
let t0: Int64 = 1_796_025_600_000   // 2026-11-30T08:00:00Z

/// Puts `counts[i]` events of series `s` into minute `i` (errors: how many of them are errors).
func fill(_ store: SeriesStore, _ s: Int, _ counts: [Int], errors: [Int]? = nil) {
    for (i, c) in counts.enumerated() {
        for k in 0..<c {
            store.add(series: s, time: Timestamp(millisecondsSinceEpoch: t0 + Int64(i) * minute + Int64(k)), error: k < (errors?[i] ?? 0))
        }
    }
}

func summary(_ id: String, severity: Severity = .info, rule: String? = nil) -> SignatureSummary {
    SignatureSummary(id: id, template: id, rule: rule, severity: severity, count: 0, firstSeen: nil, lastSeen: nil, examples: [])
}

func detect(_ store: SeriesStore, _ watched: [WatchedSignature]) -> RateDetector.Result {
    var options = DetectorOptions()
    options.bucketMilliseconds = minute
    return RateDetector(options: options).detect(store, signatures: watched)
}

@Test func aSpikeIsFoundWhereItIs() {
    let store = SeriesStore(initialWidthMilliseconds: minute)
    let s = store.makeSeries()
    var rng = Poisson(state: 7)
    var counts = (0..<120).map { _ in rng.next(5) }
    counts[90] = 40
    fill(store, s, counts)
    let result = detect(store, [WatchedSignature(summary: summary("api-timeout", severity: .medium), series: [s])])
    #expect(result.anomalies.count == 1)
    let a = result.anomalies[0]
    #expect(a.kind == .spike && a.signature == "api-timeout" && a.severity == .medium)
    #expect(a.start == Timestamp(millisecondsSinceEpoch: t0 + 90 * minute))
    #expect(a.end == Timestamp(millisecondsSinceEpoch: t0 + 91 * minute))
    #expect(a.observed == 40 && a.expected > 4 && a.expected < 6)
    #expect(a.score > 0.5 && a.score <= 1)
    #expect(a.reason.hasPrefix("40 in 1m, expected "))
}

/// Steady noise in many signatures: the false-alarm rate is controlled over all of them.
@Test func steadyNoiseRaisesNoAlarm() {
    let store = SeriesStore(initialWidthMilliseconds: minute)
    var rng = Poisson(state: 42)
    var watched: [WatchedSignature] = []
    for k in 0..<50 {
        let s = store.makeSeries()
        fill(store, s, (0..<200).map { _ in rng.next(Double(k % 7) + 0.5) })
        watched.append(WatchedSignature(summary: summary("sig\(k)"), series: [s]))
    }
    #expect(detect(store, watched).anomalies.isEmpty)
}

@Test func lowCountsAreNoisyHighCountsAreNot() {
    // 4 where 1 is expected is ordinary; 400 where 100 are expected is not.
    let low = SeriesStore(initialWidthMilliseconds: minute)
    let a = low.makeSeries()
    fill(low, a, Array(repeating: 1, count: 60) + [4] + Array(repeating: 1, count: 10))
    #expect(detect(low, [WatchedSignature(summary: summary("low"), series: [a])]).anomalies.isEmpty)
    let high = SeriesStore(initialWidthMilliseconds: minute)
    let b = high.makeSeries()
    fill(high, b, Array(repeating: 100, count: 60) + [400] + Array(repeating: 100, count: 10))
    #expect(detect(high, [WatchedSignature(summary: summary("high"), series: [b])]).anomalies.map(\.kind) == [.spike])
}

@Test func aRegularSignatureThatStopsIsASilence() {
    let store = SeriesStore(initialWidthMilliseconds: minute)
    let s = store.makeSeries()
    fill(store, s, Array(repeating: 10, count: 60) + Array(repeating: 0, count: 5) + Array(repeating: 10, count: 20))
    let result = detect(store, [WatchedSignature(summary: summary("heartbeat"), series: [s])])
    #expect(result.anomalies.count == 1)
    let a = result.anomalies[0]
    #expect(a.kind == .silence)
    #expect(a.start == Timestamp(millisecondsSinceEpoch: t0 + 60 * minute))
    #expect(a.end == Timestamp(millisecondsSinceEpoch: t0 + 65 * minute))
    #expect(a.reason == "0 in 5m, expected 50.0 (10.0 per 1m) from the 48 buckets before")
}

@Test func aSignatureAbsentFromTheBaselineIsNewWhenItMatters() {
    let store = SeriesStore(initialWidthMilliseconds: minute)
    let steady = store.makeSeries(), error = store.makeSeries(), info = store.makeSeries()
    fill(store, steady, Array(repeating: 3, count: 100))
    fill(store, error, Array(repeating: 0, count: 70) + [2, 0, 1])
    fill(store, info, Array(repeating: 0, count: 70) + [1])
    let result = detect(store, [
        WatchedSignature(summary: summary("steady"), series: [steady]),
        WatchedSignature(summary: summary("disk-full/t1", severity: .critical, rule: "disk-full"), series: [error]),
        WatchedSignature(summary: summary("t-info"), series: [info]),
    ])
    #expect(result.anomalies.map(\.kind) == [.new])
    #expect(result.anomalies[0].signature == "disk-full/t1" && result.anomalies[0].severity == .critical && result.anomalies[0].observed == 3)
}

@Test func aJumpInTheErrorShareIsALevelShift() {
    let store = SeriesStore(initialWidthMilliseconds: minute)
    let s = store.makeSeries()
    let counts = Array(repeating: 100, count: 80)
    var errors = Array(repeating: 1, count: 80)
    errors[70] = 40
    fill(store, s, counts, errors: errors)
    let result = detect(store, [WatchedSignature(summary: summary("all"), series: [s])])
    #expect(result.anomalies.map(\.kind) == [.levelShift])
    #expect(result.anomalies[0].reason == "40 of 100 events at error level or above in 1m (40%), expected 1.0% from the 48 buckets before")
}

@Test func tooShortARunSaysSo() {
    let store = SeriesStore(initialWidthMilliseconds: minute)
    let s = store.makeSeries()
    fill(store, s, [1, 2, 3])
    let result = detect(store, [WatchedSignature(summary: summary("x"), series: [s])])
    #expect(result.anomalies.isEmpty)
    #expect(result.note?.contains("more than 6 are needed") == true)
}

@Test func theAxisCoarsensInsteadOfGrowing() {
    let store = SeriesStore(capacity: 64, initialWidthMilliseconds: 1000)
    let s = store.makeSeries()
    for i in 0..<10_000 { store.add(series: s, time: Timestamp(millisecondsSinceEpoch: t0 + Int64(i) * 1000), error: false) }
    store.add(series: s, time: Timestamp(millisecondsSinceEpoch: t0 - 5_000_000), error: true)   // earlier than all
    #expect(store.used <= 64)
    #expect(store.counts(of: [s], factor: 1).reduce(0, +) == 10_001)
    #expect(store.totalCounts(factor: 1).errors.reduce(0, +) == 1)
    #expect(store.origin! <= t0 - 5_000_000)
}

@Test func tailsAreRight() {
    // Poisson(2): P(X ≥ 0) = 1, P(X ≥ 1) = 1 − e^-2, P(X ≥ 5) ≈ 0.0527
    #expect(CountStatistics.upperTail(0, mean: 2, variance: 2) == 1)
    #expect(abs(CountStatistics.upperTail(1, mean: 2, variance: 2) - (1 - Glibc.exp(-2))) < 1e-9)
    #expect(abs(CountStatistics.upperTail(5, mean: 2, variance: 2) - 0.052653) < 1e-5)
    // Over-dispersion makes the same count less surprising.
    #expect(CountStatistics.upperTail(10, mean: 2, variance: 8) > CountStatistics.upperTail(10, mean: 2, variance: 2))
    #expect(abs(CountStatistics.binomialUpperTail(3, n: 3, p: 0.5) - 0.125) < 1e-12)
}


@Test func steadyStreamsRaiseNoEarlyAlerts() {
    let watcher = AlertWatcher(width: minute)
    var rng = Poisson(state: 11)
    var alerts = 0
    for k in 0..<20 {
        let lambda = Double(k % 5) * 2 + 0.5
        for b in 0..<300 {
            for i in 0..<rng.next(lambda) {
                let t = Timestamp(millisecondsSinceEpoch: t0 + Int64(b) * minute + Int64(i) * 100)
                if watcher.observe(key: k, time: t, signature: { summary("s\(k)") }) != nil { alerts += 1 }
            }
        }
    }
    #expect(alerts == 0)
}

@Test func anEarlyAlertFiresWhenTheCountCrossesItsBar() {
    let watcher = AlertWatcher(width: minute)
    for b in 0..<60 { for i in 0..<5 { _ = watcher.observe(key: 1, time: Timestamp(millisecondsSinceEpoch: t0 + Int64(b) * minute + Int64(i) * 1000), signature: { summary("s") }) } }
    var firedAt: Int?
    for i in 0..<50 {
        if let a = watcher.observe(key: 1, time: Timestamp(millisecondsSinceEpoch: t0 + 60 * minute + Int64(i) * 100), signature: { summary("s") }) {
            #expect(a.kind == .spike && a.expected == 5)
            firedAt = i + 1
            break
        }
    }
    let count = try? #require(firedAt)
    #expect(count.map { $0 > 10 && $0 < 30 } == true)
}

/// A heartbeat once a minute beside a busy signature: when the heartbeat stops, the alert
/// comes as soon as the other signature's events carry the clock far enough — after a few
/// empty minutes, not at the end of the input — and only once.
@Test func aSilenceIsAlertedWhileTheStreamGoesOn() {
    let watcher = AlertWatcher(width: minute)
    var silences: [(Anomaly, Int)] = []
    for b in 0..<120 {
        for i in 0..<10 {
            let t = Timestamp(millisecondsSinceEpoch: t0 + Int64(b) * minute + Int64(i) * 5000)
            for a in watcher.silences(now: t) { silences.append((a, b)) }
            if i == 0 && b < 60 { _ = watcher.observe(key: 1, time: t, signature: { summary("heartbeat") }) }
            _ = watcher.observe(key: 2, time: t, signature: { summary("busy") })
        }
    }
    #expect(silences.count == 1)
    let (alert, at) = try! #require(silences.first)
    #expect(alert.kind == .silence && alert.signature == "heartbeat")
    #expect(alert.start == Timestamp(millisecondsSinceEpoch: t0 + 60 * minute))
    #expect(at > 60 && at < 80, "alerted at minute \(at)")
}

/// An hourly rhythm judges a bucket by the hours it spans: a share of one hour's figures
/// below an hour, the sum over its hours above (a 6-hour bucket is not six times its first hour).
@Test func seasonalExpectationsFollowTheBucketsHours() throws {
    var hourly = Array(repeating: (mean: 1.0, variance: 1.0), count: 24)
    for h in 6..<12 { hourly[h] = (mean: Double(h), variance: Double(h)) }
    let rate = RateDetector.Reference.Rate(mean: 3, variance: 3, presentShare: 1, hourly: hourly)
    let midnight: Int64 = 1_796_083_200_000   // 2026-12-01T00:00:00Z
    let hour: Int64 = 3_600_000
    let six = try #require(rate.seasonal(start: midnight + 6 * hour, width: 6 * hour))
    #expect(six.mean == Double((6..<12).reduce(0, +)))
    let quarter = try #require(rate.seasonal(start: midnight + 7 * hour, width: hour / 4))
    #expect(quarter.mean == 7.0 / 4)
    // Weekly: slot 0 is Monday 00:00 UTC (2026-11-30 was a Monday).
    var weekly = Array(repeating: (mean: 0.0, variance: 0.0), count: 168)
    weekly[0] = (mean: 42, variance: 42)
    let monday: Int64 = 1_796_083_200_000 - 86_400_000
    #expect(RateDetector.Reference.Rate(mean: 0, variance: 0, presentShare: 1, hourly: weekly).seasonal(start: monday, width: hour)?.mean == 42)
}
