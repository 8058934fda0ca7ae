/// The severity a log event was written with, normalised across formats.
///
/// Syslog's eight priorities, log4j's and Python's level names, glog's letters and
/// bunyan/pino's numbers all map onto these seven. `critical` absorbs fatal, severe,
/// alert, emergency and panic: above "error" an operator needs no finer distinction.
public enum Level: Int, Sendable, Comparable, CaseIterable, Hashable {
    case trace, debug, info, notice, warning, error, critical

    /// The lower-case name used in every output format.
    public var name: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

    /// The level of a syslog priority value (RFC 5424 §6.2.1): severity is `pri % 8`.
    public init(syslogPriority pri: Int) {
        switch pri & 7 {
        case 0, 1, 2: self = .critical   // emerg, alert, crit
        case 3: self = .error
        case 4: self = .warning
        case 5: self = .notice
        case 6: self = .info
        default: self = .debug
        }
    }

    /// The level of a bunyan/pino numeric level (10 trace … 60 fatal).
    public init?(bunyanNumber n: Int) {
        switch n {
        case ..<10: return nil
        case 10..<20: self = .trace
        case 20..<30: self = .debug
        case 30..<40: self = .info
        case 40..<50: self = .warning
        case 50..<60: self = .error
        default: self = .critical
        }
    }

    /// Recognises a level word, case-insensitively: `ERROR`, `warn`, `Fatal`, `notice`,
    /// `CRIT`, `emerg`, `severe`, `dbg`, … Returns nil for anything else.
    public init?(word: UnsafeRawBufferPointer) {
        let n = word.count
        guard n >= 3, n <= 16 else { return nil }
        var lower = (UInt64(0), UInt64(0))  // up to 16 bytes, folded to lower case
        for i in 0..<n {
            var c = word[i]
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            guard c >= 0x61 && c <= 0x7A else { return nil }
            if i < 8 { lower.0 |= UInt64(c) << (8 * UInt64(i)) } else { lower.1 |= UInt64(c) << (8 * UInt64(i - 8)) }
        }
        guard let level = Level.words[Key(a: lower.0, b: lower.1)] else { return nil }
        self = level
    }

    /// Recognises a level word given as a Swift string (configuration, JSON fields).
    public init?(word: String) {
        var bytes = Array(word.utf8)
        guard let level = bytes.withUnsafeMutableBytes({ Level(word: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = level
    }

    private struct Key: Hashable { var a: UInt64; var b: UInt64 }

    private static let words: [Key: Level] = {
        let table: [(String, Level)] = [
            ("trace", .trace), ("finest", .trace), ("finer", .trace), ("verbose", .trace),
            ("debug", .debug), ("dbg", .debug), ("fine", .debug),
            ("info", .info), ("information", .info), ("informational", .info),
            ("notice", .notice),
            ("warn", .warning), ("warning", .warning),
            ("error", .error), ("err", .error),
            ("crit", .critical), ("critical", .critical), ("fatal", .critical), ("severe", .critical),
            ("alert", .critical), ("emerg", .critical), ("emergency", .critical), ("panic", .critical),
        ]
        var out: [Key: Level] = [:]
        for (word, level) in table {
            var key = Key(a: 0, b: 0)
            for (i, c) in word.utf8.enumerated() {
                if i < 8 { key.a |= UInt64(c) << (8 * UInt64(i)) } else { key.b |= UInt64(c) << (8 * UInt64(i - 8)) }
            }
            out[key] = level
        }
        return out
    }()
}
