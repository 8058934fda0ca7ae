import LookoutCore

/// One log event, as the events stage hands it on: valid only during the sink call.
///
/// `body` is the message after the header (for JSON lines, the decoded message field);
/// the continuation lines of a multi-line event follow it, each after a `\n`.
public struct EventView {
    /// 1-based number of the event's first physical line in its source.
    public var line: Int
    /// How many physical lines the event spans.
    public var lines: Int
    public var time: Timestamp?
    /// True when `time` came from the event's own header, false when inherited or arrival time.
    public var timeIsOwn: Bool
    public var level: Level?
    public var body: UnsafeRawBufferPointer
    /// The bytes of `body` that belong to the first line.
    public var firstLineBodyLength: Int
    /// Nonzero when events with the same id have the same first line of `body`, digits
    /// folded (`DigitFolding`): the header memo's `lineID`, which a later stage may key what
    /// it makes of that line on.
    public var firstLineID: UInt64 = 0
}

/// Receives assembled events in order.
public protocol EventSink {
    mutating func consume(event: EventView)
}

/// Bounds for multi-line assembly.
public struct EventOptions: Sendable {
    /// An event never spans more lines than this; the next continuation line starts a new event.
    public var maxLinesPerEvent = 500
    /// Bytes of body kept per event; the rest of its lines are counted, not kept.
    public var maxEventBytes = 64 * 1024
    public init() {}
}
