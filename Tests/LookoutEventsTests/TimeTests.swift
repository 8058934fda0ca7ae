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

/// `TimestampParser.clock` reads `HH:MM:SS` in one go when every field has two digits
/// (`paddedClock`), and field by field otherwise: both must give the same answers, so the
/// cases sit on each side of that line.
@Test func clocksReadInOneGoAgreeWithTheFieldByFieldReading() {
    func clock(_ text: String, dots: Bool = false) -> [Int]? {
        Array(text.utf8).withUnsafeBytes { b in
            TimestampParser.clock(b, 0, allowDots: dots).map { [$0.0, $0.1, $0.2, $0.3, $0.4] }
        }
    }
    #expect(clock("08:55:19 x") == [8, 55, 19, 0, 8])
    #expect(clock("08:55:19.123Z") == [8, 55, 19, 123, 12])
    #expect(clock("08:55:19,7 x") == [8, 55, 19, 700, 10])
    #expect(clock("23:59:60]") == [23, 59, 60, 0, 8])
    #expect(clock("08:55:19") == [8, 55, 19, 0, 8])             // no byte after it: field by field
    #expect(clock("8:55:19 x") == [8, 55, 19, 0, 7])            // an unpadded field
    #expect(clock("08.55.19 x", dots: true) == [8, 55, 19, 0, 8])
    #expect(clock("08.55.19 x") == nil)
    #expect(clock("24:00:00 x") == nil)
    #expect(clock("12:60:00 x") == nil)
    #expect(clock("12:34:567 ") == [12, 34, 0, 567, 9])         // a third digit: seconds read as a fraction, as before
    #expect(clock("12:34:61 x") == [12, 34, 0, 610, 8])         // seconds out of range: the same
    #expect(clock("08:55.19 x") == [8, 55, 0, 190, 8])          // two different separators: the same
    #expect(clock("0a:55:19 x") == nil)
    #expect(clock("08:5/:19 x") == [8, 5, 0, 0, 4])            // a one-digit minute, then no seconds
    #expect(clock("08:55:1: x") == [8, 55, 1, 0, 7])
    #expect(clock("0?:00:00 x") == nil)                         // bytes 0x30…0x3F that are no digits
    #expect(clock("00:0;:00 x") == [0, 0, 0, 0, 4])
}
