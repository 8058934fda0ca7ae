/// The accounting of one input source: what was read, what it held, what went wrong.
///
/// Ingest fills the byte and line figures, the events stage the event, time and level
/// figures. Every physical line read is counted in `lines`, whether or not it was
/// truncated, joined into a multi-line event, or came before a fault.
public struct SourceReport: Sendable {
    public enum Kind: String, Sendable { case stdin, file, fifo, device }
    public enum Compression: String, Sendable { case gzip }

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
    /// Lines and content bytes that earlier runs read (the file resumed from a checkpoint);
    /// not in `lines` and `bytes`.
    public var resumedLines: Int = 0
    public var resumedBytes: Int64 = 0
    /// Where this run stopped reading the file, for the next run (nil without a state store).
    public var checkpoint: Checkpoint?
    /// Why the source was not read as text, when it was not (binary content).
    public var skipped: String?
    public var problems: [InputProblem] = []

    /// What the events stage found in this source's lines.
    public var tally = EventTally()

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}
