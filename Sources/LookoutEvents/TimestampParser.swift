/// Recognises the timestamp forms that log headers use, at a given byte position.
///
/// Every parser reads bytes, allocates nothing, validates every field's range, and
/// returns the time with the position just past it, or nil. The forms:
/// - ISO 8601 / RFC 3339 and relatives: `2026-11-30T08:55:19.123Z`, `2015-07-29 17:41:44,747`,
///   `2026/11/30 08:55:19`, `2005-06-03-15.42.50.675872`, `20171223-22:15:29:606`
/// - RFC 3164 syslog: `Nov 30 08:55:19` (no year), `Nov 30 2026 08:55:19`
/// - ctime, as Apache's error log writes it: `Sun Dec 04 04:47:44 2005`, `Mon Nov 30 08:55:19.123456 2026`
/// - day-first with a month name: `10/Oct/2000:13:55:36 -0700` (Apache/nginx access logs), `30-Nov-2026 08:55:19.123`
/// - glog/klog: `I1130 08:55:19.123456` (the letter is the level)
/// - epoch seconds (10 digits, optional fraction) and milliseconds (13 digits)
/// - two-digit years: `081109 203615`, `17/06/09 20:10:40`
/// - month-day without year: `03-17 16:13:38.811`, `10.30 16:49:06`
public enum TimestampParser {
    public typealias Bytes = UnsafeRawBufferPointer

    public struct Match: Sendable {
        public var time: PartialTime
        public var end: Int
        /// glog's level letter, when the form carries one.
        public var glogLetter: UInt8?
    }

    /// How much a form says on its own: `strong` forms are trusted anywhere in the first
    /// tokens of a line; `weak` ones (bare digit runs, month-day) only at its very start.
    public enum Strength { case strong, weak }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// `count` digits at `i` as a number, or nil.
    /// (Wrapping arithmetic: `count` is at most 13 here, so no value overflows, and the
    /// checked operations cost more than the reading.)
    @inline(__always) static func digits(_ b: Bytes, _ i: Int, _ count: Int) -> Int? {
        guard i >= 0, i + count <= b.count else { return nil }
        var v = 0
        var k = i
        while k < i &+ count {
            let d = b[k] &- 0x30
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int(d)
            k &+= 1
        }
        return v
    }

    @inline(__always) static func byte(_ b: Bytes, _ i: Int) -> UInt8 { i < b.count ? b[i] : 0 }

    /// Digits run length at `i`.
    static func digitRun(_ b: Bytes, _ i: Int) -> Int {
        var j = i
        while j < b.count && isDigit(b[j]) { j &+= 1 }
        return j &- i
    }

    /// A three-letter English month name at `i` (any case), 1…12.
    static func month(_ b: Bytes, _ i: Int) -> Int? {
        guard i + 3 <= b.count else { return nil }
        let key = (UInt32(b[i] | 0x20) << 16) | (UInt32(b[i + 1] | 0x20) << 8) | UInt32(b[i + 2] | 0x20)
        switch key {
        case 0x6A616E: return 1   // jan
        case 0x666562: return 2   // feb
        case 0x6D6172: return 3   // mar
        case 0x617072: return 4   // apr
        case 0x6D6179: return 5   // may
        case 0x6A756E: return 6   // jun
        case 0x6A756C: return 7   // jul
        case 0x617567: return 8   // aug
        case 0x736570: return 9   // sep
        case 0x6F6374: return 10  // oct
        case 0x6E6F76: return 11  // nov
        case 0x646563: return 12  // dec
        default: return nil
        }
    }

    /// A three-letter English weekday name at `i`.
    static func isWeekday(_ b: Bytes, _ i: Int) -> Bool {
        guard i + 3 <= b.count else { return false }
        let key = (UInt32(b[i] | 0x20) << 16) | (UInt32(b[i + 1] | 0x20) << 8) | UInt32(b[i + 2] | 0x20)
        return [0x6D6F6E, 0x747565, 0x776564, 0x746875, 0x667269, 0x736174, 0x73756E].contains(key)
    }

    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }

    /// The milliseconds of a fraction of `run` digits at `i` (`5` → 500, `123456` → 123).
    static func milliseconds(_ b: Bytes, _ i: Int, _ run: Int) -> Int {
        var v = 0
        for k in 0..<3 { v = v * 10 + (k < run ? Int(b[i + k] - 0x30) : 0) }
        return v
    }

    /// `HH:MM[:SS]` (or with `.` between fields when `dots`), then an optional fraction
    /// (`.`, `,` or `:` and 1–9 digits). Returns (h, m, s, ms, end).
    static func clock(_ b: Bytes, _ i: Int, allowDots: Bool = false) -> (Int, Int, Int, Int, Int)? {
        // Fields are one or two digits (some writers do not pad: `0:0:0:215`).
        // Read straight from the bytes (`byte` gives 0, no digit, past the end): a digit, then
        // an optional second one, and no third.
        @inline(__always) func field(_ at: Int) -> (Int, Int)? {
            let d0 = byte(b, at) &- 0x30
            guard d0 < 10 else { return nil }
            let d1 = byte(b, at + 1) &- 0x30
            if d1 >= 10 { return (Int(d0), at + 1) }
            guard !isDigit(byte(b, at + 2)) else { return nil }
            return (Int(d0) * 10 + Int(d1), at + 2)
        }
        let h: Int, m: Int
        var s = 0
        var j: Int
        if let (fh, fm, fs) = paddedClock(b, i, allowDots: allowDots) {
            (h, m, s, j) = (fh, fm, fs, i + 8)
        } else {
            guard let (fh, afterHour) = field(i), fh < 24 else { return nil }
            let sep = byte(b, afterHour)
            guard sep == 0x3A || (allowDots && sep == 0x2E), let (fm, afterMinute) = field(afterHour + 1), fm < 60 else { return nil }
            (h, m, j) = (fh, fm, afterMinute)
            if byte(b, j) == sep, let (sec, afterSecond) = field(j + 1), sec <= 60 {
                s = sec
                j = afterSecond
            }
        }
        var ms = 0
        let f = byte(b, j)
        if f == 0x2E || f == 0x2C || f == 0x3A {
            let run = digitRun(b, j + 1)
            if run >= 1 && run <= 9 {
                ms = milliseconds(b, j + 1, run)
                j += 1 + run
            }
        }
        if isDigit(byte(b, j)) { return nil }
        return (h, m, s, ms, j)
    }

    /// `clock`'s usual case read in one go: `HH:MM:SS` (or `HH.MM.SS` when `dots`), every
    /// field two digits and in range, and no digit after it (nil: `clock` reads it field by
    /// field, as it reads every other case). Returns (h, m, s); the clock ends at `i + 8`.
    @inline(__always)
    static func paddedClock(_ b: Bytes, _ i: Int, allowDots: Bool) -> (Int, Int, Int)? {
        guard i >= 0 && i + 9 <= b.count else { return nil }
        let w = (b.baseAddress! + i).loadUnaligned(as: UInt64.self).littleEndian
        let sep = UInt8(truncatingIfNeeded: w >> 16)
        guard sep == 0x3A || (allowDots && sep == 0x2E), UInt8(truncatingIfNeeded: w >> 40) == sep, !isDigit(b[i + 8]) else { return nil }
        let digitBytes = w & 0xFFFF_00FF_FF00_FFFF
        guard digitBytes & 0xF0F0_00F0_F000_F0F0 == 0x3030_0030_3000_3030 else { return nil }
        // Each digit byte is now 0x30…0x3F: its low four bits are its value, if below 10.
        @inline(__always) func digit(_ at: UInt64) -> Int { Int(truncatingIfNeeded: (w >> (8 * at)) & 0x0F) }
        let (h0, h1, m0, m1, s0, s1) = (digit(0), digit(1), digit(3), digit(4), digit(6), digit(7))
        guard h0 < 10 && h1 < 10 && m0 < 10 && m1 < 10 && s0 < 10 && s1 < 10 else { return nil }
        let (h, m, s) = (h0 * 10 + h1, m0 * 10 + m1, s0 * 10 + s1)
        guard h < 24 && m < 60 && s <= 60 else { return nil }
        return (h, m, s)
    }

    /// An optional zone after a time: `Z`, `±HH:MM`, `±HHMM`, `±HH`, optionally after one space
    /// for the four-digit form (`13:55:36 -0700`). Returns (offset seconds, end).
    static func zone(_ b: Bytes, _ i: Int) -> (Int, Int) {
        let c = byte(b, i)
        if c == 0x5A && !isLetter(byte(b, i + 1)) { return (0, i + 1) }  // Z
        var j = i
        if c == 0x20 && (byte(b, i + 1) == 0x2B || byte(b, i + 1) == 0x2D) && digitRun(b, i + 2) == 4 { j = i + 1 }
        let sign = byte(b, j)
        guard sign == 0x2B || sign == 0x2D, let hh = digits(b, j + 1, 2), hh <= 14 else { return (0, i) }
        var mm = 0
        var end = j + 3
        if byte(b, end) == 0x3A, let m = digits(b, end + 1, 2) { mm = m; end += 3 }
        else if let m = digits(b, end, 2) { mm = m; end += 2 }
        if isDigit(byte(b, end)) { return (0, i) }
        let offset = (hh * 3600 + mm * 60) * (sign == 0x2D ? -1 : 1)
        return (offset, end)
    }

    /// Tries every form at `i`, strong forms first.
    ///
    /// A form that starts with a digit can match only at a run of digits of certain lengths,
    /// so after `iso` (the first and commonest) the run's length picks the forms to try (in
    /// the order of strength, which among them is: `iso`, `dayMonthNameYear`, `epoch`, then
    /// the weak `twoDigitYear` and `monthDay`):
    /// - `iso`: 4 digits and a separator (`2026-`), or 8 and a non-digit (`20261130T`);
    /// - `dayMonthNameYear`: 1 or 2 (`4 Dec`, `10/Oct`);
    /// - `epoch`: 10 or 13;
    /// - `twoDigitYear`: 6 (`081109 203615`) or 2 and a slash (`17/06/09`);
    /// - `monthDay`: 2 and a separator (`03-17`).
    /// Trying them all at every digit cost HDFS-like lines (a 6-digit date) three failed
    /// forms each.
    public static func parse(_ b: Bytes, at i: Int, allowWeak: Bool) -> Match? {
        guard i < b.count else { return nil }
        let c = b[i]
        if isDigit(c) {
            if let m = iso(b, i) { return m }   // first of them all: no run to measure for the commonest form
            switch digitRun(b, i) {
            case 1:
                return dayMonthNameYear(b, i)
            case 2:
                if let m = dayMonthNameYear(b, i) { return m }
                return allowWeak ? twoDigitYear(b, i) ?? monthDay(b, i) : nil
            case 6:
                return allowWeak ? twoDigitYear(b, i) : nil
            case 10, 13:
                return epoch(b, i)
            default:
                return nil
            }
        }
        if isLetter(c) {
            if let m = syslog(b, i) { return m }
            if let m = ctime(b, i) { return m }
            if let m = glog(b, i) { return m }
        }
        return nil
    }

    /// ISO 8601 and relatives: a four-digit year first.
    static func iso(_ b: Bytes, _ i: Int) -> Match? {
        // A year from 1970 to 2200 starts `19`, `20`, `21` or `22`: most digit runs that are
        // no year (an epoch, `081109`) fail here, before their four digits are read.
        let c0 = byte(b, i), c1 = byte(b, i + 1)
        guard (c0 == 0x31 && c1 == 0x39) || (c0 == 0x32 && c1 &- 0x30 <= 2) else { return nil }
        guard let y = digits(b, i, 4), y >= 1970, y <= 2200 else { return nil }
        var j = i + 4
        let month: Int, day: Int
        let s1 = byte(b, j)
        if s1 == 0x2D || s1 == 0x2F || s1 == 0x2E {     // - / .
            guard let mo = digits(b, j + 1, 2), byte(b, j + 3) == s1, let d = digits(b, j + 4, 2) else { return nil }
            month = mo; day = d; j += 6
        } else if let mo = digits(b, j, 2), let d = digits(b, j + 2, 2) {  // YYYYMMDD
            month = mo; day = d; j += 4
        } else { return nil }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let sep = byte(b, j)
        guard sep == 0x54 || sep == 0x20 || sep == 0x2D || sep == 0x5F || sep == 0x3A else { return nil }  // T ' ' - _ :
        var t = j + 1
        if sep == 0x20 { while byte(b, t) == 0x20 { t += 1 } }
        let clockValue: (Int, Int, Int, Int, Int)
        if let cl = clock(b, t, allowDots: sep == 0x2D) {
            clockValue = cl
        } else if sep == 0x54, let h = digits(b, t, 2), let mi = digits(b, t + 2, 2), let s = digits(b, t + 4, 2),
                  h < 24, mi < 60, s <= 60 {   // 20261130T085519
            clockValue = (h, mi, s, 0, t + 6)
        } else { return nil }
        let (h, mi, s, ms, afterClock) = clockValue
        let (offset, end) = zone(b, afterClock)
        return Match(time: PartialTime(year: y, month: month, day: day, hour: h, minute: mi, second: s, millisecond: ms, offsetSeconds: offset), end: end)
    }

    /// `10/Oct/2000:13:55:36 -0700`, `30-Nov-2026 08:55:19.123`, `4 Dec 2005 04:47:44`.
    static func dayMonthNameYear(_ b: Bytes, _ i: Int) -> Match? {
        let dayDigits = digitRun(b, i)
        guard dayDigits == 1 || dayDigits == 2, let day = digits(b, i, dayDigits) else { return nil }
        var j = i + dayDigits
        let s1 = byte(b, j)
        guard s1 == 0x2F || s1 == 0x2D || s1 == 0x20, let month = month(b, j + 1), byte(b, j + 4) == s1,
              let y = digits(b, j + 5, 4), y >= 1970 else { return nil }
        j += 9
        let s2 = byte(b, j)
        guard s2 == 0x3A || s2 == 0x20, let (h, mi, s, ms, afterClock) = clock(b, j + 1) else { return nil }
        let (offset, end) = zone(b, afterClock)
        guard let _ = PartialTime(year: y, month: month, day: day, hour: h, minute: mi, second: s).resolved(year: y) else { return nil }
        return Match(time: PartialTime(year: y, month: month, day: day, hour: h, minute: mi, second: s, millisecond: ms, offsetSeconds: offset), end: end)
    }

    /// Epoch seconds (10 digits, 2001…2038, optional `.fraction`) or milliseconds (13 digits).
    static func epoch(_ b: Bytes, _ i: Int) -> Match? {
        let run = digitRun(b, i)
        guard run == 10 || run == 13 else { return nil }
        guard let v = digits(b, i, run) else { return nil }
        var end = i + run
        var ms: Int64
        if run == 10 {
            guard v >= 978_307_200 && v < 2_147_483_648 else { return nil }
            ms = Int64(v) * 1000
            if byte(b, end) == 0x2E {
                let frac = digitRun(b, end + 1)
                if frac >= 1 && frac <= 9 {
                    ms += Int64(milliseconds(b, end + 1, frac))
                    end += 1 + frac
                }
            }
        } else {
            guard v >= 978_307_200_000 && v < 2_147_483_648_000 else { return nil }
            ms = Int64(v)
        }
        // An epoch stands alone: followed by white space, the end, or closing punctuation.
        let next = byte(b, end)
        guard next == 0 || next == 0x20 || next == 0x09 || next == 0x5D || next == 0x29 || next == 0x2C || next == 0x7C || next == 0x3A else { return nil }
        return Match(time: PartialTime(epochMilliseconds: ms), end: end)
    }

    /// `YYMMDD HHMMSS` (HDFS) and `YY/MM/DD HH:MM:SS` (Spark): years 2000–2099.
    static func twoDigitYear(_ b: Bytes, _ i: Int) -> Match? {
        if digitRun(b, i) == 6, byte(b, i + 6) == 0x20, digitRun(b, i + 7) == 6,
           let yy = digits(b, i, 2), let mo = digits(b, i + 2, 2), let d = digits(b, i + 4, 2),
           let h = digits(b, i + 7, 2), let mi = digits(b, i + 9, 2), let s = digits(b, i + 11, 2),
           (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s <= 60 {
            return Match(time: PartialTime(year: 2000 + yy, month: mo, day: d, hour: h, minute: mi, second: s), end: i + 13)
        }
        if let yy = digits(b, i, 2), byte(b, i + 2) == 0x2F, let mo = digits(b, i + 3, 2), byte(b, i + 5) == 0x2F,
           let d = digits(b, i + 6, 2), byte(b, i + 8) == 0x20, let (h, mi, s, ms, end) = clock(b, i + 9),
           (1...12).contains(mo), (1...31).contains(d) {
            return Match(time: PartialTime(year: 2000 + yy, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms), end: end)
        }
        return nil
    }

    /// `MM-DD HH:MM:SS.mmm` (Android logcat), `MM.DD HH:MM:SS` and `MM/DD HH:MM:SS`: no year.
    static func monthDay(_ b: Bytes, _ i: Int) -> Match? {
        let sep = byte(b, i + 2)
        guard sep == 0x2D || sep == 0x2E || sep == 0x2F, let mo = digits(b, i, 2), let d = digits(b, i + 3, 2),
              (1...12).contains(mo), (1...31).contains(d), byte(b, i + 5) == 0x20 else { return nil }
        var t = i + 6
        while byte(b, t) == 0x20 { t += 1 }
        guard let (h, mi, s, ms, end) = clock(b, t) else { return nil }
        return Match(time: PartialTime(year: nil, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms), end: end)
    }

    /// RFC 3164: `Nov 30 08:55:19`, `Nov  3 08:55:19`, and `Nov 30 2026 08:55:19`.
    static func syslog(_ b: Bytes, _ i: Int) -> Match? {
        if let m = paddedSyslog(b, i) { return m }
        return syslogFieldByField(b, i)
    }

    /// `syslog`'s commonest case read in one go: `Mmm dd HH:MM:SS` or `Mmm  d HH:MM:SS`, a
    /// space after it, and no digit after that, or a year then (`Dec 04 04:47:44 2005`, as
    /// ctime has it); nil leaves every other case to `syslogFieldByField`, which gives the
    /// same answer for these (a test checks both on texts around each condition).
    @inline(__always)
    static func paddedSyslog(_ b: Bytes, _ i: Int) -> Match? {
        guard i >= 0 && i + 16 <= b.count, let month = month(b, i), b[i + 3] == 0x20, b[i + 6] == 0x20, b[i + 15] == 0x20 else { return nil }
        let d0 = b[i + 4], d1 = b[i + 5] &- 0x30
        guard d1 < 10 else { return nil }
        let day: Int
        if d0 == 0x20 {
            day = Int(d1)
        } else {
            guard d0 &- 0x30 < 10 else { return nil }
            day = Int(d0 &- 0x30) * 10 + Int(d1)
        }
        guard day >= 1 && day <= 31, let (h, mi, s) = paddedClock(b, i + 7, allowDots: false) else { return nil }
        let year = isDigit(byte(b, i + 16)) ? yearAfterClock(b, i + 15) : nil
        return Match(time: PartialTime(year: year, month: month, day: day, hour: h, minute: mi, second: s), end: i + (year == nil ? 15 : 20))
    }

    /// `Nov 30 08:55:19 2026` (some daemons put the year after the time): the year after the
    /// space at `end`, where the clock ended, when four digits stand alone there (then
    /// followed by a space, `]` or the end).
    @inline(__always)
    static func yearAfterClock(_ b: Bytes, _ end: Int) -> Int? {
        let after = byte(b, end + 5)
        guard byte(b, end) == 0x20, digitRun(b, end + 1) == 4, !isDigit(after), after == 0x20 || after == 0 || after == 0x5D,
              let y = digits(b, end + 1, 4), y >= 1970, y <= 2200 else { return nil }
        return y
    }

    /// `syslog`, field by field.
    static func syslogFieldByField(_ b: Bytes, _ i: Int) -> Match? {
        guard let month = month(b, i), byte(b, i + 3) == 0x20 else { return nil }
        var j = i + 4
        while byte(b, j) == 0x20 && j < i + 6 { j += 1 }
        let dd = digitRun(b, j)
        guard dd == 1 || dd == 2, let day = digits(b, j, dd), (1...31).contains(day), byte(b, j + dd) == 0x20 else { return nil }
        j += dd + 1
        var year: Int?
        if digitRun(b, j) == 4, byte(b, j + 4) == 0x20, let y = digits(b, j, 4), y >= 1970 {
            year = y
            j += 5
        }
        guard let (h, mi, s, ms, afterClock) = clock(b, j) else { return nil }
        var end = afterClock
        if year == nil, let y = yearAfterClock(b, end) {
            year = y
            end += 5
        }
        return Match(time: PartialTime(year: year, month: month, day: day, hour: h, minute: mi, second: s, millisecond: ms), end: end)
    }

    /// ctime: `Sun Dec 04 04:47:44 2005`, `Mon Nov 30 08:55:19.123456 2026`, `Mon Nov 30 08:55:19 UTC 2026`.
    static func ctime(_ b: Bytes, _ i: Int) -> Match? {
        guard isWeekday(b, i), byte(b, i + 3) == 0x20 || byte(b, i + 3) == 0x2C else { return nil }
        var j = i + 4
        while byte(b, j) == 0x20 { j += 1 }
        guard var m = syslog(b, j) else { return nil }
        if m.time.year == nil {
            // a zone name between time and year
            var k = m.end
            if byte(b, k) == 0x20 {
                var z = k + 1
                while isLetter(byte(b, z)) && z < k + 6 { z += 1 }
                if z > k + 1 && byte(b, z) == 0x20 { k = z }
            }
            guard byte(b, k) == 0x20, let y = digits(b, k + 1, 4), y >= 1970, !isDigit(byte(b, k + 5)) else { return nil }
            m.time.year = y
            m.end = k + 5
        }
        return m
    }

    /// glog/klog: `I1130 08:55:19.123456` with the level letter first.
    static func glog(_ b: Bytes, _ i: Int) -> Match? {
        let letter = b[i]
        guard letter == 0x49 || letter == 0x57 || letter == 0x45 || letter == 0x46,  // I W E F
              let mo = digits(b, i + 1, 2), let d = digits(b, i + 3, 2), (1...12).contains(mo), (1...31).contains(d),
              byte(b, i + 5) == 0x20, let (h, mi, s, ms, end) = clock(b, i + 6) else { return nil }
        return Match(time: PartialTime(year: nil, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms), end: end, glogLetter: letter)
    }
}
