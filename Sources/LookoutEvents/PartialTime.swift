import LookoutCore

/// A timestamp as read from a header: every civil field, and a year only when the text
/// had one. Syslog (RFC 3164), glog, Android and a few others write no year; the events
/// stage infers it per source (`YearInference`).
public struct PartialTime: Sendable, Equatable {
    // Stored small (24 bytes, not 88): a time is built for nearly every line and handed
    // from the parser to the header to the assembler, and copying the wide form was a
    // visible part of reading a header. Each field is clamped into its storage, so a value
    // out of its range stays out of it (`Timestamp` then refuses it) and one in range is
    // kept as it is.
    private var yearStorage: Int32
    private var monthStorage: Int8
    private var dayStorage: Int8
    private var hourStorage: Int8
    private var minuteStorage: Int8
    private var secondStorage: Int8
    private var hasEpoch = false
    private var millisecondStorage: Int16
    private var offsetStorage: Int32
    private var epochStorage: Int64 = 0
    private static let noYear = Int32.min

    public var year: Int? {
        get { yearStorage == PartialTime.noYear ? nil : Int(yearStorage) }
        set { yearStorage = newValue.map { Int32(clamping: max($0, Int(PartialTime.noYear) + 1)) } ?? PartialTime.noYear }
    }
    public var month: Int { get { Int(monthStorage) } set { monthStorage = Int8(clamping: newValue) } }
    public var day: Int { get { Int(dayStorage) } set { dayStorage = Int8(clamping: newValue) } }
    public var hour: Int { get { Int(hourStorage) } set { hourStorage = Int8(clamping: newValue) } }
    public var minute: Int { get { Int(minuteStorage) } set { minuteStorage = Int8(clamping: newValue) } }
    public var second: Int { get { Int(secondStorage) } set { secondStorage = Int8(clamping: newValue) } }
    public var millisecond: Int { get { Int(millisecondStorage) } set { millisecondStorage = Int16(clamping: newValue) } }
    /// Seconds east of UTC, when the text gave a zone; zone-less times are taken as UTC.
    public var offsetSeconds: Int { get { Int(offsetStorage) } set { offsetStorage = Int32(clamping: newValue) } }
    /// Set when the text was an epoch number: the other fields are then unused.
    public var epochMilliseconds: Int64? {
        get { hasEpoch ? epochStorage : nil }
        set { hasEpoch = newValue != nil; epochStorage = newValue ?? 0 }
    }

    public init(year: Int?, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int = 0, offsetSeconds: Int = 0) {
        yearStorage = PartialTime.noYear
        monthStorage = Int8(clamping: month); dayStorage = Int8(clamping: day)
        hourStorage = Int8(clamping: hour); minuteStorage = Int8(clamping: minute); secondStorage = Int8(clamping: second)
        millisecondStorage = Int16(clamping: millisecond); offsetStorage = Int32(clamping: offsetSeconds)
        self.year = year
    }

    public init(epochMilliseconds: Int64) {
        self.init(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0)
        self.epochMilliseconds = epochMilliseconds
    }

    /// The instant, given the year to use when the text had none.
    public func resolved(year fallback: Int) -> Timestamp? {
        if let epochMilliseconds { return Timestamp(millisecondsSinceEpoch: epochMilliseconds) }
        return Timestamp(year: year ?? fallback, month: month, day: day, hour: hour, minute: minute,
                         second: second, millisecond: millisecond, offsetSeconds: offsetSeconds)
    }
}

/// Gives yearless timestamps a year, one source at a time.
///
/// The first one takes the year of the reference time (the file's modification time, or
/// now for stdin), minus one when that would put it more than a day after the reference
/// (a December line in a file last written in January: a log does not hold the future). After that, each month that falls more
/// than six months below the previous one is the turn of a year (December → January).
/// A time with a written year counts as the previous one too: yearless lines mixed into a
/// log with full dates (forwarded syslog among an application's lines) follow those dates,
/// not the file's modification time.
///
/// A source read in segments on several threads (`SegmentedScan`) starts each segment's
/// inference afresh; `firstGuess` and `last` let the merge check that every segment's first
/// guess is the year a reader of the whole source would have given.
public struct YearInference: Sendable {
    private let reference: Timestamp
    /// The year and month of the last time that was yearless or had a written year.
    public private(set) var last: (year: Int, month: Int)?
    /// The first yearless time's month and the year guessed for it from the reference.
    public private(set) var firstGuess: (month: Int, year: Int)?

    public init(reference: Timestamp) {
        self.reference = reference
    }

    public mutating func year(for time: PartialTime) -> Int {
        let month = time.month
        guard let last else {
            var year = reference.civil.year
            if let t = time.resolved(year: year), t.millisecondsSinceEpoch > reference.millisecondsSinceEpoch + 86_400_000 {
                year -= 1
            }
            self.last = (year, month)
            firstGuess = (month, year)
            return year
        }
        let year = YearInference.year(of: month, after: last)
        self.last = (year, month)
        return year
    }

    /// The year of a yearless time in `month` that follows one in `last`.
    public static func year(of month: Int, after last: (year: Int, month: Int)) -> Int {
        if month + 6 < last.month { return last.year + 1 }
        if month > last.month + 6 { return last.year - 1 }   // a line from before the turn, written late
        return last.year
    }

    public mutating func resolve(_ time: PartialTime) -> Timestamp? {
        if let ms = time.epochMilliseconds { return Timestamp(millisecondsSinceEpoch: ms) }
        let year: Int
        if let written = time.year {
            year = written
            last = (written, time.month)   // the yearless times after it follow on from it
        } else {
            year = self.year(for: time)
        }
        // Consecutive lines mostly share a date: its day number (and its validity) is
        // reused, and only the time of day is checked and added, as `Timestamp.init` would.
        if let d = lastDate, d.year == year, d.month == time.month, d.day == time.day {
            guard (0...23).contains(time.hour), (0...59).contains(time.minute), (0...60).contains(time.second),
                  (0...999).contains(time.millisecond) else { return nil }
            let seconds = Int64(d.days) * 86_400 + Int64(time.hour * 3600 + time.minute * 60 + min(time.second, 59)) - Int64(time.offsetSeconds)
            return Timestamp(millisecondsSinceEpoch: seconds * 1000 + Int64(time.millisecond))
        }
        guard let t = time.resolved(year: year) else { return nil }
        lastDate = (year, time.month, time.day, Timestamp.daysFromCivil(year: year, month: time.month, day: time.day))
        return t
    }

    /// The last date `resolve` gave a time on, with its days since 1970-01-01.
    private var lastDate: (year: Int, month: Int, day: Int, days: Int)?
}
