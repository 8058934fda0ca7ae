import Testing
@testable import lookout

/// A `classify` line's number is counted up in place from the one before (as an odometer
/// turns) when it follows it, and spelt afresh otherwise: both must spell every number as
/// `String` does, across carries (`9`, `99`, `999` and on), jumps (multi-line events) and
/// a first digit carried past (`99999999` to `100000000`).
@Test func lineNumbersCountedUpReadAsTheyWouldSpelt() {
    var fields = EventFields()
    let out = BufferedOutput(fd: -1)
    var expected = ""
    let lines = Array(1...1_200) + [5_000, 5_001, 9_998, 9_999, 10_000, 10_002, 10_003, 99_999_998, 99_999_999, 100_000_000,
                                    100_000_001, 7, 8, 9, 10, 1_234_567_890_123]
    for line in lines {
        fields.appendLineNumber(line, to: out)
        out.append(" ")
        expected += "\(line) "
    }
    #expect(out.withBufferedBytes { String(decoding: $0, as: UTF8.self) } == expected)
}
