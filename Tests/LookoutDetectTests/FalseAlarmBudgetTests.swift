import Testing
import LookoutCore
@testable import LookoutDetect

/// The false-alarm budget: shared by severity, in proportion to the tested time for the
/// larger shares, and charged only for tests that can pass.

@Test func errorsShareALargerBudgetThanInfoButNotWithoutBound() {
    let rare = Array(repeating: 0, count: 100) + [1, 0, 0, 1]
    let profiles = [FalseAlarmBudget.Profile(severity: .info, counts: rare),
                    FalseAlarmBudget.Profile(severity: .medium, counts: rare),
                    FalseAlarmBudget.Profile(severity: .low, counts: rare)]
    let day = FalseAlarmBudget(falseAlarmRate: 0.001, buckets: 100, signatures: profiles, days: 1)
    // Info: the level-shift test and one spike test per bucket share 0.001.
    #expect(abs(day.threshold(.info) - 0.001 / 200) < 1e-15)
    #expect(abs(day.threshold(.medium) - 1.0 / 100) < 1e-12)
    #expect(abs(day.threshold(.high) - day.threshold(.medium)) < 1e-15)
    #expect(abs(day.threshold(.low) - 0.01 / 100) < 1e-14)
    // A week is charged as a day: at most one day's worth per run.
    let week = FalseAlarmBudget(falseAlarmRate: 0.001, buckets: 100, signatures: profiles, days: 7)
    #expect(week.threshold(.medium) == day.threshold(.medium))
    // An hour gets an hour's share; a minute no less than the base budget.
    let hour = FalseAlarmBudget(falseAlarmRate: 0.001, buckets: 100, signatures: profiles, days: 1.0 / 24)
    #expect(abs(hour.threshold(.medium) - 1.0 / 24 / 100) < 1e-12)
    let minute = FalseAlarmBudget(falseAlarmRate: 0.001, buckets: 100, signatures: profiles, days: 1.0 / 1440)
    #expect(abs(minute.threshold(.medium) - 0.001 / 100) < 1e-15)
}

@Test func aThousandSignaturesShareOneBudget() {
    let counts = Array(repeating: 3, count: 50)
    let one = FalseAlarmBudget(falseAlarmRate: 0.001, buckets: 50, signatures: [.init(severity: .medium, counts: counts)], days: 1)
    let many = FalseAlarmBudget(falseAlarmRate: 0.001, buckets: 50,
                                signatures: Array(repeating: .init(severity: .medium, counts: counts), count: 1000), days: 1)
    #expect(many.threshold(.medium) < one.threshold(.medium) / 500)
}

@Test func onlyTestsThatCanPassAreCharged() {
    // A rare signature cannot show a significant drop or a silence: one test per bucket.
    let rare = FalseAlarmBudget.Profile(severity: .medium, counts: Array(repeating: [0, 1, 0, 0], count: 50).flatMap { $0 })
    #expect(rare.typicalWindow == 3)
    let alone = FalseAlarmBudget(falseAlarmRate: 0.001, buckets: 200, signatures: [rare], days: 1)
    #expect(abs(alone.threshold(.medium) - 1.0 / 200) < 1e-12)
    // A busy regular one can show all three: spike, drop and silence.
    let busy = FalseAlarmBudget.Profile(severity: .medium, counts: Array(repeating: 50, count: 200))
    let both = FalseAlarmBudget(falseAlarmRate: 0.001, buckets: 200, signatures: [rare, busy], days: 1)
    #expect(abs(both.threshold(.medium) - 1.0 / (4 * 200)) < 1e-12)
}

/// The same half-hour rise of a rare message: news at error level, chatter at info.
@Test func aRareErrorsRiseIsFoundWhereTheSameRiseOfInfoIsNot() {
    var rng = Poisson(state: 11)
    var counts = (0..<600).map { _ in rng.next(0.5) }
    for (i, c) in [3, 2, 3, 2, 2, 3].enumerated() { counts[500 + i] = c }   // 15 where 3 are expected
    func anomalies(_ severity: Severity) -> [Anomaly] {
        let store = SeriesStore(initialWidthMilliseconds: minute)
        let s = store.makeSeries()
        fill(store, s, counts)
        return detect(store, [WatchedSignature(summary: summary("rare", severity: severity), series: [s])]).anomalies
    }
    let error = anomalies(.medium)
    #expect(error.map(\.kind) == [.spike])
    #expect(error.first.map { $0.start.millisecondsSinceEpoch >= t0 + 500 * minute && $0.start.millisecondsSinceEpoch <= t0 + 502 * minute } == true)
    #expect(anomalies(.info).isEmpty)
}

/// A window's evidence can reach back over ordinary buckets; the anomaly starts where the change does.
@Test func aWindowsAnomalyStartsAtItsFirstOutOfLineBucket() {
    let store = SeriesStore(initialWidthMilliseconds: minute)
    let s = store.makeSeries()
    // 21 alone is not enough (1 bucket); 10, 21, 21 over 3 buckets is, where 30 are expected.
    fill(store, s, Array(repeating: 10, count: 100) + [10, 21, 21] + Array(repeating: 10, count: 10))
    let a = detect(store, [WatchedSignature(summary: summary("api", severity: .medium), series: [s])]).anomalies
    #expect(a.map(\.kind) == [.spike])
    #expect(a.first?.start == Timestamp(millisecondsSinceEpoch: t0 + 101 * minute))
    #expect(a.first?.reason == "42 in 2m (2 buckets), expected 20.2 ± 4.5 from the 48 buckets before")
}

@Test func overDispersionMustBeEvidentToCount() {
    // Nine samples of a sparse series with one 3 among them: Poisson, not a fat tail.
    #expect(CountStatistics.evidentVariance(mean: 0.44, variance: 1.03, samples: 9) == 0.44)
    // Forty-eight bursty samples: the spread is real.
    #expect(CountStatistics.evidentVariance(mean: 10, variance: 40, samples: 48) == 40)
    #expect(CountStatistics.evidentVariance(mean: 0, variance: 0, samples: 9) == 0)
}

/// A sparse signature's same-time baseline reaches further either side (up to a 48th of
/// the cycle) to hold more of its events; a busy one keeps one bucket either side.
@Test func aSparseSeasonalBaselineWidensItsNeighbourhood() throws {
    let detector = RateDetector()
    let step = 192   // reach: 4 buckets either side
    let t = 3 * step + 10
    let flagged = Array(repeating: false, count: t + 1)
    let busy = try #require(detector.seasonal(Array(repeating: 20, count: t + 1), before: t, flagged: flagged, step: step, cycles: 7, name: "days"))
    #expect(busy.buckets == 9 && busy.mean == 20)
    var sparse = Array(repeating: 0, count: t + 1)
    for i in stride(from: 0, to: t, by: 4) { sparse[i] = 1 }   // a quarter of an event per bucket
    let wide = try #require(detector.seasonal(sparse, before: t, flagged: flagged, step: step, cycles: 7, name: "days"))
    #expect(wide.buckets == 27)
    #expect(abs(wide.mean - 0.25) < 0.05)
}
