/// The accounting of one input source: what was read, what it held, what went wrong.
///
/// Ingest fills the byte and line figures, the events stage the event, time and level
/// figures. Every physical line read is counted in `lines`, whether or not it was
/// truncated, joined into a multi-line event, or came before a fault.
public struct SourceReport: Sendable {
    public enum Kind: String, Sendable { case stdin, file, fifo, device }
    public enum Compression: String, Sendable { case gzip }
    /// Where event times come from: the log's own timestamps, the moment each line
    /// arrived (stdin without timestamps), or nowhere (a file without timestamps: line order).
    public enum TimeBasis: String, Sendable { case timestamps, arrival, lineOrder = "line-order" }

    /// Display path (`-` for stdin).
    public var path: String
    public var kind: Kind
    public var compression: Compression?
    /// The rotation set this source belongs to (its live file's path), when it is one of several.
    public var rotationSet: String?
    /// Physical lines read (LF-terminated, plus a final line without LF).
    public var lines: Int = 0
    /// Bytes of content (after decompression).
    public var bytes: Int64 = 0
    /// Bytes read from storage: equals `bytes` for plain input, the compressed size for gzip.
    public var storedBytes: Int64 = 0
    /// Lines longer than the line bound: counted, and cut for later stages.
    public var truncatedLines: Int = 0
    /// Why the source was not read as text, when it was not (binary content).
    public var skipped: String?
    public var problems: [InputProblem] = []

    public var events: Int = 0
    /// Lines whose own header carried a timestamp.
    public var timestampedLines: Int = 0
    public var firstTime: Timestamp?
    public var lastTime: Timestamp?
    public var timeBasis: TimeBasis = .timestamps
    /// Events per level, indexed by `Level.rawValue`; events without a level are not counted here.
    public var levelCounts: [Int] = Array(repeating: 0, count: Level.allCases.count)

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    public mutating func note(time: Timestamp) {
        if firstTime.map({ time < $0 }) ?? true { firstTime = time }
        if lastTime.map({ time > $0 }) ?? true { lastTime = time }
    }
}
