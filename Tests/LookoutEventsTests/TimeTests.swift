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

/// `TimestampParser.parse(_:at:allowWeak:)` picks the forms to try by the length of the
/// digit run it starts at. It must answer as trying every form in order of strength does
/// (`everyForm`, the parser before that choice), on texts built to sit near every form's
/// edges: digit runs of every length from 0 to 14 between the forms' separators, month and
/// weekday names, glog letters, and real headers with their digits drawn afresh.
@Test func choosingFormsByTheDigitRunAnswersAsTryingEveryForm() {
    func everyForm(_ b: UnsafeRawBufferPointer, at i: Int, allowWeak: Bool) -> TimestampParser.Match? {
        guard i < b.count else { return nil }
        let c = b[i]
        if TimestampParser.isDigit(c) {
            if let m = TimestampParser.iso(b, i) { return m }
            if let m = TimestampParser.dayMonthNameYear(b, i) { return m }
            if let m = TimestampParser.epoch(b, i) { return m }
            if allowWeak {
                if let m = TimestampParser.twoDigitYear(b, i) { return m }
                if let m = TimestampParser.monthDay(b, i) { return m }
            }
            return nil
        }
        return TimestampParser.parse(b, at: i, allowWeak: allowWeak)   // letters: unchanged
    }
    func key(_ m: TimestampParser.Match?) -> String {
        guard let m else { return "nil" }
        return "\(m.time) \(m.end) \(String(describing: m.glogLetter))"
    }
    var rng = SystemRandomNumberGenerator()   // a failure names its text
    let pieces = ["-", "/", ".", ":", " ", "  ", "T", "_", ",", "|", "[", "]", "Z", "+", "-0700", " +0200", "Dec", "Oct", "Nov",
                  "Sun", "Mon", "I", "E", "W", "F", "x", "=", "\t"]
    let headers = ["2015-07-29 17:41:44,747 - INFO", "20171223-22:15:29:606|Step", "081109 203615 148 INFO", "1117838570 2005.06.03",
                   "10/Oct/2000:13:55:36 -0700 GET", "4 Dec 2005 04:47:44 x", "17/06/09 20:10:40 INFO", "03-17 16:13:38.811 1702",
                   "1764492919123 x", "1764492919.5 x", "2026-11-30T08:55:19.123456+01:00 x", "20261130T085519Z", "10.30 16:49:06 x",
                   "2005-06-03-15.42.50.675872 R02", "30-Nov-2026 08:55:19.123 x"]
    var texts: [[UInt8]] = []
    for _ in 0..<60_000 {
        var text: [UInt8] = []
        for _ in 0..<Int.random(in: 1...9, using: &rng) {
            if Bool.random(using: &rng) {
                for _ in 0..<Int.random(in: 0...14, using: &rng) { text.append(UInt8.random(in: 0x30...0x39, using: &rng)) }
            } else {
                text += Array(pieces.randomElement(using: &rng)!.utf8)
            }
        }
        texts.append(text)
    }
    for header in headers {
        for _ in 0..<2_000 {
            var text = Array(header.utf8)
            for k in text.indices where TimestampParser.isDigit(text[k]) && Int.random(in: 0..<4, using: &rng) == 0 {
                text[k] = UInt8.random(in: 0x30...0x39, using: &rng)
            }
            if Int.random(in: 0..<8, using: &rng) == 0 { text.removeLast(Int.random(in: 0...text.count, using: &rng)) }
            texts.append(text)
        }
    }
    var matched = 0
    for text in texts {
        text.withUnsafeBytes { b in
            for weak in [false, true] {
                let expected = everyForm(b, at: 0, allowWeak: weak)
                if expected != nil { matched += 1 }
                #expect(key(TimestampParser.parse(b, at: 0, allowWeak: weak)) == key(expected), "\(String(decoding: text, as: UTF8.self))")
            }
        }
    }
    #expect(matched > 20_000)   // the texts reach the forms, not only their failures
}

/// `PartialTime` stores its fields small: a value in range reads back as it was, and one
/// out of range (which no parser makes) stays out of range, so it is still refused.
@Test func partialTimesKeepTheirFieldsAndRefuseWhatIsOutOfRange() {
    let t = PartialTime(year: 2026, month: 11, day: 30, hour: 23, minute: 59, second: 60, millisecond: 999, offsetSeconds: -50_400)
    #expect([t.year, t.month, t.day, t.hour, t.minute, t.second, t.millisecond, t.offsetSeconds] == [2026, 11, 30, 23, 59, 60, 999, -50_400])
    #expect(t.epochMilliseconds == nil)
    var yearless = t
    yearless.year = nil
    #expect(yearless.year == nil && yearless != t)
    #expect(PartialTime(epochMilliseconds: 1_764_492_919_123).epochMilliseconds == 1_764_492_919_123)
    for bad in [PartialTime(year: 2026, month: 300, day: 1, hour: 0, minute: 0, second: 0),
                PartialTime(year: 2026, month: 1, day: 1, hour: 1_000, minute: 0, second: 0),
                PartialTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: -1),
                PartialTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 40_000)] {
        #expect(bad.resolved(year: 2026) == nil)
    }
}

/// `syslog` reads its commonest case in one go (`paddedSyslog`) and every other field by
/// field: on texts built around each condition of that case (the day's padding, the
/// clock's fields and separators, what follows: a space, a fraction, a year of each
/// length, `]`, the end), both must answer as the field-by-field reading alone does.
@Test func syslogReadInOneGoAnswersAsFieldByField() {
    func key(_ m: TimestampParser.Match?) -> String {
        guard let m else { return "nil" }
        return "\(m.time) \(m.end)"
    }
    var rng = SystemRandomNumberGenerator()   // a failure names its text
    let months = ["Dec", "nov", "JAN", "Sun", "Dex"]
    let days = ["30", " 3", "3 ", "00", "32", "1", " 03", "3a", "  3", "31"]
    let clocks = ["08:55:19", "23:59:60", "24:00:00", "08:5:19", "08:55:1", "08.55.19", "8:55:19 ", "08:55:19.123", "08:55:195", "0a:55:19"]
    let afters = ["", " ", " host", " 2026", " 2026 x", " 2026]", " 1969 x", " 20261", " 202", " 2201 ", "]", ".5 x", " 9999"]
    var matched = 0
    for _ in 0..<40_000 {
        var text = months.randomElement(using: &rng)! + (Bool.random(using: &rng) ? " " : "  ")
        text += days.randomElement(using: &rng)! + (Int.random(in: 0..<6, using: &rng) == 0 ? "" : " ")
        text += clocks.randomElement(using: &rng)! + afters.randomElement(using: &rng)!
        let bytes = Array(text.utf8)
        let cut = Int.random(in: 0..<5, using: &rng) == 0 ? Int.random(in: 0...bytes.count, using: &rng) : bytes.count
        Array(bytes[..<cut]).withUnsafeBytes { b in
            let expected = TimestampParser.syslogFieldByField(b, 0)
            if expected != nil { matched += 1 }
            #expect(key(TimestampParser.syslog(b, 0)) == key(expected), "\(text.prefix(cut))")
        }
    }
    #expect(matched > 5_000)
}
