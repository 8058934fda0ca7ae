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
        // The words, packed as above (little-endian: first letter in the low byte). A
        // switch, not a dictionary: this runs on header tokens of every line, and hashing
        // the key cost more than the rest of the recognition.
        switch (lower.0, lower.1) {
        case (0x0000_0065_6361_7274, 0): self = .trace        // trace
        case (0x0000_7473_656e_6966, 0): self = .trace        // finest
        case (0x0000_0072_656e_6966, 0): self = .trace        // finer
        case (0x0065_736f_6272_6576, 0): self = .trace        // verbose
        case (0x0000_0067_7562_6564, 0): self = .debug        // debug
        case (0x0000_0000_0067_6264, 0): self = .debug        // dbg
        case (0x0000_0000_656e_6966, 0): self = .debug        // fine
        case (0x0000_0000_6f66_6e69, 0): self = .info         // info
        case (0x7461_6d72_6f66_6e69, 0x6e_6f69): self = .info       // information
        case (0x7461_6d72_6f66_6e69, 0x6c_616e_6f69): self = .info  // informational
        case (0x0000_6563_6974_6f6e, 0): self = .notice       // notice
        case (0x0000_0000_6e72_6177, 0): self = .warning      // warn
        case (0x0067_6e69_6e72_6177, 0): self = .warning      // warning
        case (0x0000_0072_6f72_7265, 0): self = .error        // error
        case (0x0000_0000_0072_7265, 0): self = .error        // err
        case (0x0000_0000_7469_7263, 0): self = .critical     // crit
        case (0x6c61_6369_7469_7263, 0): self = .critical     // critical
        case (0x0000_006c_6174_6166, 0): self = .critical     // fatal
        case (0x0000_6572_6576_6573, 0): self = .critical     // severe
        case (0x0000_0074_7265_6c61, 0): self = .critical     // alert
        case (0x0000_0067_7265_6d65, 0): self = .critical     // emerg
        case (0x636e_6567_7265_6d65, 0x79): self = .critical  // emergency
        case (0x0000_0063_696e_6170, 0): self = .critical     // panic
        default: return nil
        }
    }

    /// Recognises a level word given as a Swift string (configuration, JSON fields).
    public init?(word: String) {
        var bytes = Array(word.utf8)
        guard let level = bytes.withUnsafeMutableBytes({ Level(word: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = level
    }
}
