// Fuzz target: the header and timestamp detector, and event assembly over them.
//
// The whole input is (1) one line for HeaderParser.parse, (2) a byte string for
// TimestampParser.parse at each of its first 256 offsets, weak forms allowed and not,
// and (3) a file's lines fed through EventAssembler with small bounds taken from the
// first two bytes, and (4) those lines through HeaderParser with a HeaderMemo. Checks:
// offsets stay inside the input, resolved times print, every line lands in exactly one
// event, events keep to their bounds, and the memo gives the parser's answers.
import LookoutCore
import LookoutEvents
import FuzzSupport

let reference = Timestamp(year: 2026, month: 1, day: 15, hour: 12)!

func exercise(_ t: PartialTime) {
    var years = YearInference(reference: reference)
    for time in [t.resolved(year: 2025), years.resolve(t), years.resolve(t)] {
        guard let time else { continue }
        _ = time.rfc3339
        var out: [UInt8] = []
        time.appendRFC3339(to: &out)
    }
}

struct CheckingEventSink: EventSink {
    let options: EventOptions
    var events = 0
    var lines = 0
    var nextLine = 1
    mutating func consume(event e: EventView) {
        check(e.line == nextLine, "event begins at line \(e.line); expected \(nextLine)")
        check(e.lines >= 1 && e.lines <= options.maxLinesPerEvent, "event spans \(e.lines) lines, bound \(options.maxLinesPerEvent)")
        check(e.body.count <= options.maxEventBytes, "event body \(e.body.count) bytes, bound \(options.maxEventBytes)")
        check(e.firstLineBodyLength >= 0 && e.firstLineBodyLength <= e.body.count, "first line length \(e.firstLineBodyLength) of a \(e.body.count)-byte body")
        if let t = e.time { _ = t.rfc3339 }
        events += 1
        lines += e.lines
        nextLine = e.line + e.lines
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let b = UnsafeRawBufferPointer(start: size > 0 ? UnsafeRawPointer(data) : nil, count: size)

    let header = HeaderParser.parse(b)
    check(header.bodyStart >= 0 && header.bodyStart <= b.count, "bodyStart \(header.bodyStart) outside a \(b.count)-byte line")
    if let t = header.time { exercise(t) }

    for i in 0..<min(b.count, 256) {
        for weak in [false, true] {
            guard let m = TimestampParser.parse(b, at: i, allowWeak: weak) else { continue }
            check(m.end > i && m.end <= b.count, "timestamp at \(i) ends at \(m.end) of \(b.count)")
            exercise(m.time)
        }
    }

    var p = FuzzParams(b)
    var options = EventOptions()
    options.maxLinesPerEvent = 1 + Int(p.byte() % 8)
    options.maxEventBytes = 1 + Int(p.byte()) * 4
    let lines = splitLines(b)
    var assembler = EventAssembler(sink: CheckingEventSink(options: options), kind: .file, reference: reference, options: options)
    for (n, line) in lines.enumerated() { assembler.consume(line: line, number: n + 1, truncated: false) }
    assembler.finish()
    check(assembler.sink.lines == lines.count, "events cover \(assembler.sink.lines) lines of \(lines.count)")
    check(assembler.tally.events == assembler.sink.events, "tally says \(assembler.tally.events) events, sink got \(assembler.sink.events)")

    // HeaderMemo answers as the parser does, whatever lines it saw before (twice over, so
    // that lines meet their own remembered answers too).
    var memo = HeaderMemo()
    for (n, line) in (lines + lines).enumerated() {
        let remembered = HeaderParser.parse(line, memo: &memo)
        let plain = HeaderParser.parse(line)
        check(remembered.bodyStart == plain.bodyStart && remembered.level == plain.level && remembered.time == plain.time,
              "HeaderMemo differs from HeaderParser on line \(n % max(lines.count, 1) + 1): body at \(remembered.bodyStart), not \(plain.bodyStart)")
    }
    return 0
}

@_cdecl("fuzz_header_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzz($0, $1) }
}
