import Testing
import LookoutCore
@testable import LookoutEvents

struct CollectedEvent: Equatable {
    var line: Int
    var lines: Int
    var time: String?
    var level: String?
    var body: String
}

struct Collector: EventSink {
    var events: [CollectedEvent] = []
    mutating func consume(event: EventView) {
        events.append(CollectedEvent(line: event.line, lines: event.lines, time: event.time?.rfc3339, level: event.level?.name,
                                     body: String(decoding: event.body, as: UTF8.self)))
    }
}

/// Feeds `text` line by line (split on LF) and returns the events and the report.
func assemble(_ text: String, kind: SourceReport.Kind = .file, options: EventOptions = EventOptions(),
              clock: (() -> Timestamp)? = nil) -> ([CollectedEvent], EventTally) {
    var a = EventAssembler(sink: Collector(), kind: kind,
                           reference: Timestamp(year: 2026, month: 11, day: 30)!, options: options, arrivalClock: clock)
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { a.consume(line: UnsafeRawBufferPointer($0), number: i + 1, truncated: false) }
    }
    a.finish()
    return (a.sink.events, a.tally)
}

@Test func javaStackTraceIsOneEvent() {
    let (events, report) = assemble("""
        2026-11-30 08:00:00,000 ERROR [main] com.example.Api - request failed
        java.lang.IllegalStateException: pool exhausted
        \tat com.example.Pool.get(Pool.java:42)
        \tat com.example.Api.handle(Api.java:7)
        Caused by: java.net.ConnectException: Connection refused
        \t... 12 more
        2026-11-30 08:00:01,000 INFO [main] com.example.Api - recovered
        """)
    #expect(events.count == 2)
    #expect(events[0].line == 1 && events[0].lines == 6 && events[0].level == "error")
    #expect(events[0].body.hasPrefix("request failed\njava.lang.IllegalStateException: pool exhausted\n\tat com.example.Pool"))
    #expect(events[1] == CollectedEvent(line: 7, lines: 1, time: "2026-11-30T08:00:01Z", level: "info", body: "recovered"))
    #expect(report.events == 2 && report.timestampedLines == 2)
}

@Test func pythonTracebackIncludesTheExceptionLine() {
    let (events, _) = assemble("""
        2026-11-30 08:00:00 ERROR worker crashed
        Traceback (most recent call last):
          File "w.py", line 3, in <module>
            main()
        ValueError: bad input
        2026-11-30 08:00:05 INFO worker restarted
        """)
    #expect(events.map(\.lines) == [5, 1])
    #expect(events[0].body.hasSuffix("ValueError: bad input"))
}

@Test func goPanicIsOneEvent() {
    let (events, _) = assemble("""
        panic: runtime error: index out of range [3] with length 3

        goroutine 1 [running]:
        main.main()
        \t/app/main.go:8 +0x1d
        exit status 2
        2026-11-30T08:00:05Z INFO next
        """)
    #expect(events.map(\.lines) == [6, 1])
    #expect(events[0].time == nil)
}

@Test func nodeErrorJoinsTheLogLine() {
    let (events, _) = assemble("""
        2026-11-30T08:00:00Z ERROR unhandled rejection
        TypeError: Cannot read properties of undefined (reading 'id')
            at handler (/app/index.js:10:15)
            at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
        """)
    #expect(events.count == 1 && events[0].lines == 4)
}

@Test func eventsAreBoundedInLines() {
    var options = EventOptions()
    options.maxLinesPerEvent = 3
    let (events, _) = assemble("2026-11-30T08:00:00Z ERROR x\n a\n b\n c\n d", options: options)
    #expect(events.map(\.lines) == [3, 2])
    #expect(events.reduce(0) { $0 + $1.lines } == 5)
}

@Test func eventsAreBoundedInBytes() {
    var options = EventOptions()
    options.maxEventBytes = 10
    let (events, _) = assemble("2026-11-30T08:00:00Z ERROR 0123456789abcdef\n more", options: options)
    #expect(events.count == 1 && events[0].lines == 2)
    #expect(events[0].body == "0123456789")
}

@Test func linesWithoutTimestampInheritTheLastOne() {
    let (events, report) = assemble("""
        untimed first line
        2026-11-30T08:00:00Z INFO a
        Exception-free plain line
        """)
    #expect(events.map(\.time) == [nil, "2026-11-30T08:00:00Z", "2026-11-30T08:00:00Z"])
    #expect(report.timeBasis == .timestamps)
    #expect(report.timestampedLines == 1)
}

@Test func sourceWithoutTimestampsUsesLineOrderOrArrival() {
    let (fileEvents, fileReport) = assemble("a\nb")
    #expect(fileEvents.allSatisfy { $0.time == nil })
    #expect(fileReport.timeBasis == .lineOrder)
    let now = Timestamp(year: 2026, month: 11, day: 30, hour: 9)!
    let (stdinEvents, stdinReport) = assemble("a\nb", kind: .stdin, clock: { now })
    #expect(stdinEvents.allSatisfy { $0.time == "2026-11-30T09:00:00Z" })
    #expect(stdinReport.timeBasis == .arrival)
}

@Test func jsonLinesGiveMessageLevelAndTime() {
    let (events, report) = assemble("""
        {"level":"error","ts":"2026-11-30T08:00:00Z","msg":"db down"}
        {"log":"2026-11-30 08:00:01 WARN cache cold\\n","stream":"stdout","time":"2026-11-30T08:00:01.9Z"}
        {"not json
        """)
    #expect(events[0] == CollectedEvent(line: 1, lines: 1, time: "2026-11-30T08:00:00Z", level: "error", body: "db down"))
    #expect(events[1] == CollectedEvent(line: 2, lines: 1, time: "2026-11-30T08:00:01.900Z", level: "warning", body: "cache cold"))
    #expect(events[2].body == "{\"not json")
    #expect(report.levelCounts[Level.error.rawValue] == 1)
}

@Test func everyLineIsInExactlyOneEvent() {
    let text = (0..<200).map { i in i % 7 == 0 ? "2026-11-30T08:00:00Z ERROR e\(i)" : (i % 3 == 0 ? "\tat frame\(i)" : "") }.joined(separator: "\n")
    let (events, _) = assemble(text)
    #expect(events.reduce(0) { $0 + $1.lines } == 200)
    var next = 1
    for e in events { #expect(e.line == next); next += e.lines }
}

/// A header memo handed from one assembler to the next (a worker's segments of one file)
/// answers the next one's lines from its first, and the events are the ones fresh
/// assemblers give: first line ids included, which stay the same for lines that fold alike.
@Test func aHeaderMemoHandedOnGivesTheSameEvents() {
    let lines = (0..<40).map { i in
        ["2026-11-30 08:55:\(10 + i % 40) ERROR [main] db: timeout after \(i) ms",
         "Nov 30 08:55:\(10 + i % 40) host sshd[\(400 + i)]: Failed password for root from 10.0.0.\(i) port \(2000 + i) ssh2",
         "2026-11-30 08:55:\(10 + i % 40) INFO [pool-\(i % 3)] cache: hit ratio \(i)%"][i % 3]
    }
    func run(_ part: ArraySlice<String>, memo: HeaderMemo?) -> (events: [CollectedEvent], ids: [UInt64], memo: HeaderMemo) {
        struct IDs: EventSink {
            var collector = Collector()
            var ids: [UInt64] = []
            mutating func consume(event: EventView) {
                collector.consume(event: event)
                ids.append(event.firstLineID)
            }
        }
        var a = EventAssembler(sink: IDs(), kind: .file, reference: Timestamp(year: 2026, month: 11, day: 30)!, headers: memo ?? HeaderMemo())
        for (i, line) in part.enumerated() {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBytes { a.consume(line: UnsafeRawBufferPointer($0), number: part.startIndex + i + 1, truncated: false) }
        }
        a.finish()
        return (a.sink.collector.events, a.sink.ids, a.takeHeaderMemo())
    }
    let first = run(lines[0..<20], memo: nil)
    let handedOn = run(lines[20...], memo: first.memo)
    let fresh = run(lines[20...], memo: nil)
    #expect(handedOn.events == fresh.events)
    #expect(handedOn.memo.answered - first.memo.answered == 20)   // every line of the second part
    #expect(fresh.memo.answered < 20)
    // Lines of a kind whose numbers have as many digits fold alike: the same id, in the
    // first part and the second (line 22 is line 13's kind, with two-digit numbers).
    #expect(first.ids[0] != 0 && first.ids[0] == first.ids[3] && handedOn.ids[1] == first.ids[12])
    #expect(first.ids[0] != first.ids[12] && fresh.ids[1] != first.ids[12])
}

/// With `linesStay` (a segment's lines, held until the segment is done), an event's first
/// line is pointed at, not copied, until a continuation comes. The events must be the same
/// as with every line copied: traces of each kind, JSON lines, lines cut at `maxEventBytes`,
/// events cut at `maxLinesPerEvent`, and a last event that ends the input.
@Test func pointingAtFirstLinesGivesTheEventsThatCopyingThemGives() {
    let text = """
        2026-11-30 08:00:00,000 ERROR [main] com.example.Api - request failed
        java.lang.IllegalStateException: pool exhausted
        \tat com.example.Pool.get(Pool.java:42)
        Caused by: java.net.ConnectException: Connection refused
        \t... 12 more
        2026-11-30 08:00:01,000 INFO [main] com.example.Api - recovered after a rather long pause of many words
        2026-11-30 08:00:02 ERROR worker crashed
        Traceback (most recent call last):
          File "w.py", line 3, in <module>
        ValueError: bad input
        {"time":"2026-11-30T08:00:03Z","level":"warn","msg":"disk at 91%"}
        panic: runtime error: index out of range
        goroutine 1 [running]:
        main.main()

        Nov 30 08:00:04 host sshd[42]: Accepted publickey for root
        a line without a header
          an indented one after it
        2026-11-30 08:00:05 INFO the last event
          and its continuation
        """
    func events(_ options: EventOptions, linesStay: Bool) -> ([CollectedEvent], EventTally) {
        // Every line in one buffer that outlives the assembler's use of it.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let all = lines.flatMap { $0 }
        var a = EventAssembler(sink: Collector(), kind: .file, reference: Timestamp(year: 2026, month: 11, day: 30)!,
                               options: options, linesStay: linesStay)
        all.withUnsafeBytes { bytes in
            var at = 0
            for (i, line) in lines.enumerated() {
                a.consume(line: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + line.count)]), number: i + 1, truncated: false)
                at += line.count
            }
            a.finish()
        }
        return (a.sink.events, a.tally)
    }
    var small = EventOptions()
    small.maxEventBytes = 24
    small.maxLinesPerEvent = 2
    for options in [EventOptions(), small] {
        let (copied, copiedTally) = events(options, linesStay: false)
        let (pointed, pointedTally) = events(options, linesStay: true)
        #expect(pointed == copied)
        #expect(pointedTally.events == copiedTally.events && pointedTally.timestampedLines == copiedTally.timestampedLines)
        #expect(copied.count >= 8 && copied.contains { $0.lines > 1 })
    }
}
