import Testing
import LookoutCore
@testable import LookoutIngest

/// Frames `input` delivered in pieces of `chunk` bytes, as reads of any size would.
func frame(_ input: [UInt8], chunk: Int, maxLine: Int = 64) -> LineCollector {
    let framer = LineFramer(maxLineBytes: maxLine, chunkBytes: 4096)
    var sink = LineCollector()
    var offset = 0
    while offset < input.count {
        let space = framer.freeSpace
        let n = min(chunk, space.count, input.count - offset)
        input.withUnsafeBytes { space.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        framer.take(n, into: &sink)
        offset += n
    }
    framer.finish(into: &sink)
    return sink
}

@Test(arguments: [1, 2, 3, 7, 64, 4096])
func linesAreTheSameWhateverTheReadSize(chunk: Int) {
    let text = "first\nsecond\r\n\nthird without newline"
    let sink = frame(Array(text.utf8), chunk: chunk)
    #expect(sink.lines == ["first", "second", "", "third without newline"])
    #expect(sink.numbers == [1, 2, 3, 4])
}

@Test func aFinalNewlineAddsNoLine() {
    #expect(frame(Array("a\nb\n".utf8), chunk: 3).lines == ["a", "b"])
    #expect(frame([], chunk: 3).lines == [])
    #expect(frame(Array("\n".utf8), chunk: 3).lines == [""])
}

@Test(arguments: [1, 5, 100, 4096])
func longLinesAreCutAndCountedOnce(chunk: Int) {
    let long = String(repeating: "x", count: 1000)
    let sink = frame(Array("short\n\(long)\nafter\n\(long)".utf8), chunk: chunk, maxLine: 64)
    #expect(sink.lines == ["short", String(repeating: "x", count: 64), "after", String(repeating: "x", count: 64)])
    #expect(sink.truncated == [false, true, false, true])
    #expect(sink.numbers == [1, 2, 3, 4])
}

@Test func invalidUTF8AndNULBytesPassThroughAsBytes() {
    let input: [UInt8] = [0xFF, 0xFE, 0x0A, 0x61, 0x00, 0x62, 0x0A, 0xC0, 0xAF]
    let framer = LineFramer(maxLineBytes: 64)
    var raw: [[UInt8]] = []
    struct RawSink: LineSink {
        var lines: [[UInt8]] = []
        mutating func consume(line: UnsafeRawBufferPointer, number: Int, truncated: Bool) { lines.append(Array(line)) }
    }
    var sink = RawSink()
    let space = framer.freeSpace
    input.withUnsafeBytes { space.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: input.count) }
    framer.take(input.count, into: &sink)
    framer.finish(into: &sink)
    raw = sink.lines
    #expect(raw == [[0xFF, 0xFE], [0x61, 0x00, 0x62], [0xC0, 0xAF]])
    #expect(framer.bytes == Int64(input.count))
}
