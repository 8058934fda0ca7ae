import Testing
import LookoutCore
@testable import LookoutEvents

@Test func civilDaysRoundTrip() {
    for days in stride(from: -800_000, through: 800_000, by: 997) {
        let (y, m, d) = Timestamp.civilFromDays(days)
        #expect(Timestamp.daysFromCivil(year: y, month: m, day: d) == days)
    }
    #expect(Timestamp(year: 2026, month: 11, day: 30, hour: 8, minute: 55, second: 19)!.rfc3339 == "2026-11-30T08:55:19Z")
    #expect(Timestamp(year: 2024, month: 2, day: 29)!.rfc3339 == "2024-02-29T00:00:00Z")
    #expect(Timestamp(year: 2025, month: 2, day: 29) == nil)
}

func partial(_ month: Int, _ day: Int) -> PartialTime {
    PartialTime(year: nil, month: month, day: day, hour: 12, minute: 0, second: 0)
}

@Test func yearlessTimesTakeTheReferenceYear() {
    var years = YearInference(reference: Timestamp(year: 2026, month: 11, day: 30)!)
    #expect(years.resolve(partial(11, 29))?.rfc3339 == "2026-11-29T12:00:00Z")
}

@Test func yearlessTimesAfterTheReferenceBelongToLastYear() {
    // A file last written on 5 January holds December lines from the year before.
    var years = YearInference(reference: Timestamp(year: 2027, month: 1, day: 5)!)
    #expect(years.resolve(partial(12, 30))?.rfc3339 == "2026-12-30T12:00:00Z")
    #expect(years.resolve(partial(12, 31))?.rfc3339 == "2026-12-31T12:00:00Z")
    // ... and the turn of the year moves on to the next.
    #expect(years.resolve(partial(1, 1))?.rfc3339 == "2027-01-01T12:00:00Z")
    #expect(years.resolve(partial(1, 4))?.rfc3339 == "2027-01-04T12:00:00Z")
}

@Test func explicitYearsAndEpochsAreKept() {
    var years = YearInference(reference: Timestamp(year: 2026, month: 11, day: 30)!)
    #expect(years.resolve(PartialTime(year: 2001, month: 5, day: 6, hour: 7, minute: 8, second: 9))?.rfc3339 == "2001-05-06T07:08:09Z")
    #expect(years.resolve(PartialTime(epochMilliseconds: 1_764_492_919_000))?.rfc3339 == "2025-11-30T08:55:19Z")
}

@Test func levelWords() {
    #expect(Level(word: "ERROR") == .error)
    #expect(Level(word: "Warning") == .warning)
    #expect(Level(word: "fatal") == .critical)
    #expect(Level(word: "emerg") == .critical)
    #expect(Level(word: "informational") == .info)
    #expect(Level(word: "errors") == nil)
    #expect(Level(word: "in") == nil)
    #expect(Level(syslogPriority: 165) == .notice)
    #expect(Level(bunyanNumber: 50) == .error)
}

@Test func rfc3339BytesMatchTheString() {
    for ms: Int64 in [0, 1, 999, 1_000, 1_764_492_919_123, 1_764_492_919_000, -1, -86_400_001, 253_402_300_799_999] {
        let t = Timestamp(millisecondsSinceEpoch: ms)
        var bytes: [UInt8] = []
        t.appendRFC3339(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == t.rfc3339, "\(ms)")
    }
}

@Test func yearlessTimesFollowTheLastWrittenYear() {
    // Forwarded syslog lines among an application's dated lines take the dates' year, and
    // a turn of the year after them, not the reference's.
    var years = YearInference(reference: Timestamp(year: 2026, month: 11, day: 30)!)
    #expect(years.resolve(PartialTime(year: 2017, month: 12, day: 31, hour: 23, minute: 0, second: 0))?.rfc3339 == "2017-12-31T23:00:00Z")
    #expect(years.resolve(partial(12, 31))?.rfc3339 == "2017-12-31T12:00:00Z")
    #expect(years.resolve(partial(1, 1))?.rfc3339 == "2018-01-01T12:00:00Z")
    #expect(years.firstGuess == nil)
}

@Test func aSegmentsFirstGuessIsCheckedAgainstTheYearBeforeIt() {
    // What `SegmentedScan`'s merge compares: the guess a fresh inference made, and the year
    // the times before the segment lead to.
    var years = YearInference(reference: Timestamp(year: 2027, month: 1, day: 5)!)
    _ = years.resolve(partial(1, 2))
    #expect(years.firstGuess?.month == 1 && years.firstGuess?.year == 2027)
    #expect(YearInference.year(of: 1, after: (2026, 12)) == 2027)   // December before: the same year
    #expect(YearInference.year(of: 1, after: (2026, 1)) == 2026)    // January of 2026 before: another
    #expect(YearInference.year(of: 12, after: (2027, 1)) == 2026)   // a late line from before the turn
}
