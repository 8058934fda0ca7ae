import LookoutCore

/// Turns one source's lines into events: finds each header, joins stack traces and
/// indented continuation lines to the event above (up to `EventOptions` bounds), gives
/// every event a time, and tallies events, times and levels.
///
/// Continuation lines, without a timestamp of their own:
/// - blank lines, and lines that begin with a space or a tab (Java's `\tat …`, Python's
///   `  File "…"`, Node's `    at …`, indented continuations of any kind);
/// - `Caused by:`, `Suppressed:`, `... 12 more` (Java);
/// - `Traceback (most recent call last):` and, after it, the exception line (Python);
/// - `goroutine N [...]:` and the frames after it (Go panics);
/// - an exception line such as `java.lang.IllegalStateException: …` or `TypeError: …`.
/// Times: a line without a timestamp inherits the last one seen in its source; before any,
/// stdin uses the arrival time and a file has none (line order).
public struct EventAssembler<Sink: EventSink>: LineSink {
    public var sink: Sink
    public private(set) var tally = EventTally()
    private let kind: SourceReport.Kind
    public let options: EventOptions
    private let arrivalClock: (() -> Timestamp)?
    /// The source's year inference so far (read by `SegmentedScan`'s merge).
    public private(set) var years: YearInference

    /// The event's text is `body[0..<bodyCount]`; the rest is room. The array only grows,
    /// and bytes are copied in with one memcpy (Array's removeAll/append(contentsOf:) cost
    /// some 300 instructions an event in generic code).
    private var body: [UInt8] = []
    private var bodyCount = 0
    private var firstLineBodyLength = 0
    private var eventLine = 0
    private var eventLines = 0
    private var eventTime: Timestamp?
    private var eventTimeIsOwn = false
    private var eventLevel: Level?
    /// The first line's `HeaderMemo.lineID` (0: none).
    private var eventLineID: UInt64 = 0
    private var lastTime: Timestamp?
    private var trace = Trace.none
    /// The source's recent header shapes (`HeaderMemo`): its lines mostly share a few.
    private var headers = HeaderMemo()
    /// Whether each line given to `consume` stays where it is until the next one has been
    /// given (a segment's lines do; a reader's rolling buffer may move them when it fills).
    /// Then an event's first line is not copied into `body`: `borrowed` points at it, until
    /// a continuation line comes (most events have one line).
    private let linesStay: Bool
    private var borrowed: UnsafeRawBufferPointer?

    /// `arrivalClock` gives the time of lines that have no timestamp before any timestamp
    /// was seen (pass it for stdin); `reference` dates yearless timestamps. `headers`: a
    /// memo to go on with (one thread's assemblers of the segments of one file pass theirs
    /// on, `takeHeaderMemo`, so that each does not learn the file's headers afresh; the memo's
    /// answers are the parser's whatever it saw before). `linesStay`: each line stays where
    /// it is until the next one is given (see `borrowed`).
    public init(sink: Sink, kind: SourceReport.Kind, reference: Timestamp, options: EventOptions = EventOptions(),
                arrivalClock: (() -> Timestamp)? = nil, headers: HeaderMemo = HeaderMemo(), linesStay: Bool = false) {
        self.headers = headers
        self.linesStay = linesStay
        self.sink = sink
        self.kind = kind
        self.options = options
        self.arrivalClock = arrivalClock
        years = YearInference(reference: reference)
        body = Array(repeating: 0, count: min(options.maxEventBytes, 4096))
    }

    public mutating func consume(line: UnsafeRawBufferPointer, number: Int, truncated: Bool) {
        if eventLines > 0 && eventLines < options.maxLinesPerEvent && isPlainContinuation(line) {
            appendContinuation(line)
            return
        }
        // JSON lines
        if line.count >= 2 && line[0] == 0x7B && line[line.count - 1] == 0x7D, let json = JSONLine.parse(line) {
            flush()
            startJSONEvent(json, line: line, number: number)
            return
        }
        let header = HeaderParser.parse(line, memo: &headers)
        if eventLines > 0 && eventLines < options.maxLinesPerEvent && header.time == nil && continuesTrace(line) {
            appendContinuation(line)
            return
        }
        flush()
        trace = line.first == 0x70 && EventBoundary.startsWith(line, "panic: ") ? .go : .none
        startEvent(time: header.time, level: header.level, body: UnsafeRawBufferPointer(rebasing: line[header.bodyStart...]), number: number,
                   mayBorrow: linesStay)
        eventLineID = headers.lineID   // this line's: set by the parse above
    }

    /// The header memo, for the next assembler of the same thread. This one goes on with a
    /// new memo: two memos going on from one copy would give one id to different lines.
    public mutating func takeHeaderMemo() -> HeaderMemo {
        defer { headers = HeaderMemo() }
        return headers
    }

    /// Sends the last event on and closes the source's accounting.
    public mutating func finish() {
        flush()
        tally.settleTimeBasis(stdin: kind == .stdin)
    }

    // MARK: - Continuations

    private mutating func isPlainContinuation(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let opens = EventBoundary.plainContinuation(line) else { return false }
        if let opens { trace = opens }
        return true
    }

    private mutating func continuesTrace(_ line: UnsafeRawBufferPointer) -> Bool {
        switch trace {
        case .python:
            trace = .none   // the exception line closes a Python traceback
            return true
        case .go:
            return true
        case .none:
            return isExceptionLine(line)
        }
    }

    /// `java.lang.IllegalStateException: boom`, `org.x.FooError`, `TypeError: x`, `ValueError: x`.
    private func isExceptionLine(_ b: UnsafeRawBufferPointer) -> Bool {
        var end = 0
        while end < b.count && end < 256 {
            let c = b[end]
            if c == 0x3A || c == 0x20 { break }
            guard TimestampParser.isLetter(c) || TimestampParser.isDigit(c) || c == 0x2E || c == 0x24 || c == 0x5F else { return false }
            end += 1
        }
        guard end >= 5, end == b.count || b[end] == 0x3A else { return false }
        let name = UnsafeRawBufferPointer(rebasing: b[0..<end])
        let lastDot = name.lastIndex(of: 0x2E).map { $0 + 1 } ?? 0
        let simple = UnsafeRawBufferPointer(rebasing: name[lastDot...])
        guard simple.count >= 5, simple[0] &- 0x41 < 26 else { return false }
        return EventBoundary.endsWith(simple, "Exception") || EventBoundary.endsWith(simple, "Error") || EventBoundary.endsWith(simple, "Throwable")
    }

    private mutating func appendContinuation(_ line: UnsafeRawBufferPointer) {
        if let first = borrowed {
            // The event goes on: its first line is copied in after all.
            borrowed = nil
            bodyCount = 0
            appendBody(first)
        }
        eventLines += 1
        guard !line.isEmpty else { return }
        let room = options.maxEventBytes - bodyCount - 1
        guard room > 0 else { return }
        let newline: UInt8 = 0x0A
        withUnsafeBytes(of: newline) { appendBody($0) }
        appendBody(UnsafeRawBufferPointer(rebasing: line[0..<min(line.count, room)]))
    }

    /// Appends `bytes` to the event's text.
    private mutating func appendBody(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0 else { return }
        if bodyCount + n > body.count {
            body += repeatElement(0, count: max(bodyCount + n, min(2 * body.count, options.maxEventBytes)) - body.count)
        }
        let at = bodyCount
        body.withUnsafeMutableBytes { ($0.baseAddress! + at).copyMemory(from: bytes.baseAddress!, byteCount: n) }
        bodyCount += n
    }

    // MARK: - Starting and sending events

    private mutating func startJSONEvent(_ json: JSONLine, line: UnsafeRawBufferPointer, number: Int) {
        trace = .none
        guard let message = json.message else {
            startEvent(time: json.time, level: json.level, body: line, number: number)
            return
        }
        var text = message
        while let last = text.last, last == 0x0A || last == 0x0D { text.removeLast() }   // Docker's `log` ends in \n
        text.withUnsafeBytes { inner in
            // The message may carry a header of its own (a container's log line).
            let header = HeaderParser.parse(inner)
            let time = json.time ?? header.time
            let level = json.level ?? header.level
            let bodyStart = json.level == nil || header.time != nil ? header.bodyStart : 0
            startEvent(time: time, level: level, body: UnsafeRawBufferPointer(rebasing: inner[bodyStart...]), number: number)
        }
    }

    private mutating func startEvent(time: PartialTime?, level: Level?, body text: UnsafeRawBufferPointer, number: Int, mayBorrow: Bool = false) {
        eventLine = number
        eventLineID = 0
        eventLines = 1
        eventLevel = level
        bodyCount = 0
        let first = UnsafeRawBufferPointer(rebasing: text[0..<min(text.count, options.maxEventBytes)])
        if mayBorrow {
            borrowed = first
            firstLineBodyLength = first.count
        } else {
            borrowed = nil
            appendBody(first)
            firstLineBodyLength = bodyCount
        }
        if let time, let t = years.resolve(time) {
            eventTime = t
            eventTimeIsOwn = true
            lastTime = t
            tally.timestampedLines += 1
        } else {
            eventTime = lastTime ?? arrivalClock?()
            eventTimeIsOwn = false
        }
    }

    private mutating func flush() {
        guard eventLines > 0 else { return }
        tally.events += 1
        if let eventTime { tally.note(time: eventTime) }
        if let eventLevel { tally.levelCounts[eventLevel.rawValue] += 1 }
        var event = EventView(line: eventLine, lines: eventLines, time: eventTime, timeIsOwn: eventTimeIsOwn, level: eventLevel,
                              body: UnsafeRawBufferPointer(start: nil, count: 0), firstLineBodyLength: firstLineBodyLength,
                              firstLineID: eventLineID)
        eventLines = 0
        if let first = borrowed {
            borrowed = nil
            event.body = first
            sink.consume(event: event)
            return
        }
        let count = bodyCount
        // The text is moved out of `self` for the call: left in, it is retained and released
        // around it (the sink is part of `self`), two atomic operations an event.
        var text: [UInt8] = []
        swap(&text, &body)
        text.withUnsafeBytes { all in
            event.body = UnsafeRawBufferPointer(rebasing: all[0..<count])
            sink.consume(event: event)
        }
        swap(&text, &body)
    }
}

/// A line that continues a trace keeps the event open (`EventAssembler`).
enum Trace { case none, python, go }

/// Where events begin and end, by a line's look alone.
public enum EventBoundary {
    /// nil: `line` does not continue an event by its look alone. Else it does, and may open
    /// a trace whose next lines continue the event too.
    static func plainContinuation(_ line: UnsafeRawBufferPointer) -> Trace?? {
        if line.isEmpty { return .some(nil) }
        let c = line[0]
        if c == 0x20 || c == 0x09 { return .some(nil) }
        // Each marker is looked for only after its first byte (every line comes here).
        switch c {
        case 0x43: if startsWith(line, "Caused by:") { return .some(nil) }
        case 0x53: if startsWith(line, "Suppressed:") { return .some(nil) }
        case 0x2E: if startsWith(line, "... ") && line.count > 4 && TimestampParser.isDigit(line[4]) { return .some(nil) }
        case 0x54: if startsWith(line, "Traceback (most recent call last):") { return .python }
        case 0x67: if startsWith(line, "goroutine ") && line.contains(0x5B) { return .go }
        default: break
        }
        return nil
    }

    /// The time of a line that starts a new event whatever came before it in its source:
    /// a JSON line with a time field, or a line that is no continuation by its look and whose
    /// header has a timestamp (nil for any other line). A source may be cut into segments
    /// before such a line and each segment assembled on its own.
    public static func timeOfEventStart(_ line: UnsafeRawBufferPointer) -> PartialTime? {
        guard plainContinuation(line) == nil else { return nil }
        if line[0] == 0x7B {   // `EventAssembler.consume`'s JSON test, and the time it starts the event with
            guard line.count >= 2, line[line.count - 1] == 0x7D, let json = JSONLine.parse(line) else { return nil }
            return json.time
        }
        return HeaderParser.parse(line).time
    }

    static func startsWith(_ b: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard b.count >= n else { return false }
        let p = prefix.utf8Start
        for i in 0..<n where b[i] != p[i] { return false }
        return true
    }

    static func endsWith(_ b: UnsafeRawBufferPointer, _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard b.count >= n else { return false }
        let p = suffix.utf8Start
        for i in 0..<n where b[b.count - n + i] != p[i] { return false }
        return true
    }
}
