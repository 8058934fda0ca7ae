/// A point in time: milliseconds since 1970-01-01T00:00:00Z.
///
/// Log timestamps that carry no zone are taken as UTC (documented in the README), so
/// the same file gives the same times on every machine.
public struct Timestamp: Sendable, Hashable, Comparable {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    /// A civil date and time in UTC; nil when a field is out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                 millisecond: Int = 0, offsetSeconds: Int = 0) {
        guard (1...12).contains(month), (1...31).contains(day), day <= Timestamp.daysIn(month: month, year: year),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (0...999).contains(millisecond) else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetSeconds)
        millisecondsSinceEpoch = seconds * 1000 + Int64(millisecond)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millisecondsSinceEpoch < b.millisecondsSinceEpoch }

    /// The UTC civil fields of this instant.
    public var civil: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int) {
        let ms = millisecondsSinceEpoch
        var days = ms / 86_400_000
        var rem = ms % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let (y, m, d) = Timestamp.civilFromDays(Int(days))
        let secs = Int(rem / 1000)
        return (y, m, d, secs / 3600, (secs / 60) % 60, secs % 60, Int(rem % 1000))
    }

    /// RFC 3339 in UTC: `2026-11-30T08:55:19Z`, with `.mmm` only when the milliseconds are non-zero.
    public var rfc3339: String {
        let c = civil
        var s = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
        s += "T" + pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
        if c.millisecond != 0 { s += "." + pad(c.millisecond, 3) }
        return s + "Z"
    }

    /// Appends `rfc3339`'s bytes (the same text) without building a `String`: for output
    /// written once per event.
    public func appendRFC3339(to out: inout [UInt8]) {
        let c = civil
        @inline(__always) func two(_ v: Int) { out.append(UInt8(v / 10) + 0x30); out.append(UInt8(v % 10) + 0x30) }
        if (0...9999).contains(c.year) {
            two(c.year / 100); two(c.year % 100)
        } else {
            out.append(contentsOf: String(c.year).utf8)
        }
        out.append(0x2D); two(c.month); out.append(0x2D); two(c.day)
        out.append(0x54); two(c.hour); out.append(0x3A); two(c.minute); out.append(0x3A); two(c.second)
        if c.millisecond != 0 {
            out.append(0x2E)
            out.append(UInt8(c.millisecond / 100) + 0x30)
            two(c.millisecond % 100)
        }
        out.append(0x5A)
    }

    private func pad(_ v: Int, _ width: Int) -> String {
        let digits = String(v)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
