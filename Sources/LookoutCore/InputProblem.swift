/// Something that went wrong, or was worth saying, while reading one input.
///
/// An `error` means some of the input could not be read (the run exits with status 3);
/// a `notice` is information that leaves nothing unread by mistake (a binary file skipped
/// as grep skips it, a symbolic-link loop not followed, a FIFO left alone in a directory).
public struct InputProblem: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable { case notice, error }

    public var severity: Severity
    /// The path as the user gave it or as the directory walk found it; `-` for stdin.
    public var source: String
    /// Byte offset in the file as stored (compressed offset for gzip), where one applies.
    public var offset: Int64?
    /// What happened and, where there is something to do, what to do: a full sentence.
    public var message: String

    public init(_ severity: Severity, source: String, offset: Int64? = nil, _ message: String) {
        self.severity = severity
        self.source = source
        self.offset = offset
        self.message = message
    }

    /// `path: message` or `path (byte N): message`, the form written to stderr and reports.
    public var description: String {
        if let offset { return "\(source) (byte \(offset)): \(message)" }
        return "\(source): \(message)"
    }
}
