import LookoutCore

/// A timestamp as read from a header: every civil field, and a year only when the text
/// had one. Syslog (RFC 3164), glog, Android and a few others write no year; the events
/// stage infers it per source (`YearInference`).
public struct PartialTime: Sendable, Equatable {
    public var year: Int?
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int = 0
    /// Seconds east of UTC, when the text gave a zone; zone-less times are taken as UTC.
    public var offsetSeconds: Int = 0
    /// Set when the text was an epoch number: the other fields are then unused.
    public var epochMilliseconds: Int64?

    public init(year: Int?, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int = 0, offsetSeconds: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
        self.millisecond = millisecond; self.offsetSeconds = offsetSeconds
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
public struct YearInference: Sendable {
    private let reference: Timestamp
    private var last: (year: Int, month: Int)?

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
            return year
        }
        var year = last.year
        if month + 6 < last.month { year += 1 }
        else if month > last.month + 6 { year -= 1 }   // a line from before the turn, written late
        self.last = (year, month)
        return year
    }

    public mutating func resolve(_ time: PartialTime) -> Timestamp? {
        if time.year != nil || time.epochMilliseconds != nil { return time.resolved(year: 0) }
        return time.resolved(year: year(for: time))
    }
}
