/// Receives the physical lines of one source, in order, as ingest frames them.
///
/// The push model of ripgrep's searcher: ingest drives, the sink receives. `line` is
/// valid only for the duration of the call (it points into ingest's rolling buffer) and
/// excludes the line terminator (`\n` or `\r\n`). `number` is 1-based. `truncated` is true
/// when the line was longer than the line bound and only its first part is given.
public protocol LineSink {
    mutating func consume(line: UnsafeRawBufferPointer, number: Int, truncated: Bool)
}
