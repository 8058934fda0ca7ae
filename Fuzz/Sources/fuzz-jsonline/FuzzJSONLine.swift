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

#if canImport(Glibc)
import Glibc
#endif

/// LOOKOUT_FUZZ_SKIP_KNOWN=1 steps over inputs that may hit the bug already reported
/// (see README.md): any bare word that reads as a number (as JSONLine reads one) beyond
/// Int's range, infinite or NaN. Crude — it skips such numbers in every field — but it
/// lets a run reach past that bug.
let skipKnown = getenv("LOOKOUT_FUZZ_SKIP_KNOWN") != nil

func hitsKnownBug(_ b: UnsafeRawBufferPointer) -> Bool {
    var start = 0
    func word(_ end: Int) -> Bool {
        guard end > start, end - start < 40 else { return false }
        let c = b[start]
        guard c == 0x2D || (c &- 0x30) < 10 else { return false }
        guard let d = Double(String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<end]), as: UTF8.self)) else { return false }
        return !(abs(d) < 9.2e18)
    }
    for i in 0..<b.count {
        switch b[i] {
        case 0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D, 0x3A, 0x7B, 0x5B, 0x22:
            if word(i) { return true }
            start = i + 1
        default: break
        }
    }
    return word(b.count)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let b = UnsafeRawBufferPointer(start: size > 0 ? UnsafeRawPointer(data) : nil, count: size)
    if skipKnown && hitsKnownBug(b) { return 0 }
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
