import LookoutCore

/// Reads the message, level and time of a JSON log line (Docker, Kubernetes, bunyan,
/// pino, zap, logstash, journald's JSON export) without building a document.
///
/// Only top-level members are looked at; nested values are skipped, bounded in depth.
/// Field names tried, first found wins:
/// - message: `message`, `msg`, `log`, `MESSAGE`, `text`, `body`
/// - level: `level`, `lvl`, `severity`, `levelname`, `loglevel`, `log.level`, `PRIORITY`
///   (names, syslog numbers 0–7 as in journald, or bunyan/pino numbers 10–60)
/// - time: `time`, `timestamp`, `ts`, `@timestamp`, `t`, `date`, `datetime`,
///   `__REALTIME_TIMESTAMP` (RFC 3339 strings or epoch numbers in s, ms, µs or ns)
public struct JSONLine {
    public var message: [UInt8]?
    public var level: Level?
    public var time: PartialTime?

    static let maxDepth = 32

    /// Parses `b`; nil when it is not one well-formed JSON object.
    public static func parse(_ b: UnsafeRawBufferPointer) -> JSONLine? {
        var r = Reader(b: b, i: 0)
        var out = JSONLine()
        var messageRank = Int.max, levelRank = Int.max, timeRank = Int.max
        r.skipSpace()
        guard r.peek == 0x7B else { return nil }
        r.i += 1
        r.skipSpace()
        if r.peek == 0x7D { r.i += 1 } else {
            while true {
                r.skipSpace()
                guard let key = r.string() else { return nil }
                r.skipSpace()
                guard r.peek == 0x3A else { return nil }
                r.i += 1
                r.skipSpace()
                let keyText = String(decoding: key, as: UTF8.self)
                let valueStart = r.i
                let c = r.peek
                if c == 0x22 {
                    guard let value = r.string() else { return nil }
                    if let rank = messageKeys.firstIndex(of: keyText), rank < messageRank { out.message = value; messageRank = rank }
                    else if let rank = levelKeys.firstIndex(of: keyText), rank < levelRank, let l = level(fromString: value) { out.level = l; levelRank = rank }
                    else if let rank = timeKeys.firstIndex(of: keyText), rank < timeRank, let t = time(fromString: value) { out.time = t; timeRank = rank }
                } else {
                    guard r.skipValue(depth: 0) else { return nil }
                    let raw = UnsafeRawBufferPointer(rebasing: b[valueStart..<r.i])
                    if let number = number(raw) {
                        if let rank = levelKeys.firstIndex(of: keyText), rank < levelRank, let l = level(fromNumber: number) { out.level = l; levelRank = rank }
                        else if let rank = timeKeys.firstIndex(of: keyText), rank < timeRank, let t = epochTime(number) { out.time = t; timeRank = rank }
                    }
                }
                r.skipSpace()
                if r.peek == 0x2C { r.i += 1; continue }
                if r.peek == 0x7D { r.i += 1; break }
                return nil
            }
        }
        r.skipSpace()
        return r.i == b.count ? out : nil
    }

    static let messageKeys = ["message", "msg", "log", "MESSAGE", "text", "body"]
    static let levelKeys = ["level", "lvl", "severity", "levelname", "loglevel", "log.level", "PRIORITY"]
    static let timeKeys = ["time", "timestamp", "ts", "@timestamp", "t", "date", "datetime", "__REALTIME_TIMESTAMP"]

    static func level(fromString s: [UInt8]) -> Level? {
        if s.count == 1, TimestampParser.isDigit(s[0]) { return Level(syslogPriority: Int(s[0] - 0x30)) }
        if let n = Int(String(decoding: s, as: UTF8.self)) { return level(fromNumber: Double(n)) }
        return s.withUnsafeBytes { Level(word: $0) }
    }

    static func level(fromNumber n: Double) -> Level? {
        // Syslog priorities are 0-7, bunyan/pino levels 10-60: anything far outside is no level
        // (and converting it to Int would trap).
        guard n.isFinite, n >= -1_000_000, n <= 1_000_000 else { return nil }
        if n >= 0 && n <= 7 && n == n.rounded() { return Level(syslogPriority: Int(n)) }
        return Level(bunyanNumber: Int(n))
    }

    static func time(fromString s: [UInt8]) -> PartialTime? {
        if let n = Double(String(decoding: s, as: UTF8.self)) { return epochTime(n) }
        return s.withUnsafeBytes { TimestampParser.parse($0, at: 0, allowWeak: false)?.time }
    }

    /// Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude.
    static func epochTime(_ n: Double) -> PartialTime? {
        var ms: Double
        switch n {
        case 1e8..<1e11: ms = n * 1000
        case 1e11..<1e14: ms = n
        case 1e14..<1e17: ms = n / 1000
        case 1e17..<1e20: ms = n / 1_000_000
        default: return nil
        }
        ms.round(.down)
        return PartialTime(epochMilliseconds: Int64(ms))
    }

    static func number(_ raw: UnsafeRawBufferPointer) -> Double? {
        guard raw.count > 0, raw.count < 40 else { return nil }
        let c = raw[0]
        guard c == 0x2D || (c &- 0x30) < 10 else { return nil }
        // JSON numbers are finite: `-nan`, `-inf` and the like are not numbers here.
        return Double(String(decoding: raw, as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }

    private struct Reader {
        let b: UnsafeRawBufferPointer
        var i: Int
        var peek: UInt8 { i < b.count ? b[i] : 0 }

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        }

        /// A JSON string at `i`, unescaped to UTF-8 bytes.
        mutating func string() -> [UInt8]? {
            guard peek == 0x22 else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == 0x22 { i += 1; return out }
                if c == 0x5C {
                    guard i + 1 < b.count else { return nil }
                    let e = b[i + 1]
                    i += 2
                    switch e {
                    case 0x22, 0x5C, 0x2F: out.append(e)
                    case 0x62: out.append(0x08)
                    case 0x66: out.append(0x0C)
                    case 0x6E: out.append(0x0A)
                    case 0x72: out.append(0x0D)
                    case 0x74: out.append(0x09)
                    case 0x75:
                        guard var scalar = hex4() else { return nil }
                        if scalar >= 0xD800 && scalar < 0xDC00, peek == 0x5C, i + 1 < b.count, b[i + 1] == 0x75 {
                            let save = i
                            i += 2
                            if let low = hex4(), low >= 0xDC00 && low < 0xE000 {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else { i = save }
                        }
                        let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: return nil
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= b.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x37)
                case 0x61...0x66: d = UInt32(c - 0x57)
                default: return nil
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        /// Skips one value of any kind; false when it is malformed or nested too deep.
        mutating func skipValue(depth: Int) -> Bool {
            guard depth < JSONLine.maxDepth else { return false }
            skipSpace()
            let c = peek
            switch c {
            case 0x22: return string() != nil
            case 0x7B, 0x5B:
                let close: UInt8 = c == 0x7B ? 0x7D : 0x5D
                i += 1
                skipSpace()
                if peek == close { i += 1; return true }
                while true {
                    if c == 0x7B {
                        skipSpace()
                        guard string() != nil else { return false }
                        skipSpace()
                        guard peek == 0x3A else { return false }
                        i += 1
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    skipSpace()
                    if peek == 0x2C { i += 1; continue }
                    if peek == close { i += 1; return true }
                    return false
                }
            default:
                let start = i
                while i < b.count {
                    let d = b[i]
                    if d == 0x2C || d == 0x7D || d == 0x5D || d == 0x20 || d == 0x09 || d == 0x0A || d == 0x0D { break }
                    i += 1
                }
                guard i > start else { return false }
                let word = UnsafeRawBufferPointer(rebasing: b[start..<i])
                if word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) || word.elementsEqual("null".utf8) { return true }
                return JSONLine.number(word) != nil
            }
        }
    }
}

