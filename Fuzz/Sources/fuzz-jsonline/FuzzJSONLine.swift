// Fuzz target: JSON-line parsing (JSONLine.parse), alone and as the events stage calls
// it (a line that begins with `{` and ends with `}` goes through EventAssembler).
// Checks: no trap on any bytes; a parsed time resolves and prints; the event built from
// the line keeps to its bounds.
import LookoutCore
import LookoutEvents
import FuzzSupport

let reference = Timestamp(year: 2026, month: 1, day: 15, hour: 12)!

struct Sink: EventSink {
    var events = 0
    mutating func consume(event e: EventView) {
        check(e.firstLineBodyLength <= e.body.count, "first line length beyond the body")
        check(e.body.count <= EventOptions().maxEventBytes, "body beyond the bound")
        if let t = e.time { _ = t.rfc3339 }
        events += 1
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let b = UnsafeRawBufferPointer(start: size > 0 ? UnsafeRawPointer(data) : nil, count: size)
    if let json = JSONLine.parse(b) {
        if let t = json.time {
            var years = YearInference(reference: reference)
            if let ts = years.resolve(t) { _ = ts.rfc3339 }
        }
        _ = json.level?.rawValue
        _ = json.message.map { String(decoding: $0, as: UTF8.self) }
    }
    var assembler = EventAssembler(sink: Sink(), kind: .stdin, reference: reference)
    assembler.consume(line: b, number: 1, truncated: false)
    assembler.finish()
    check(assembler.sink.events == 1, "one line gave \(assembler.sink.events) events")
    return 0
}

@_cdecl("fuzz_jsonline_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzz($0, $1) }
}
