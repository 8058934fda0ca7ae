import Testing
import Foundation
import LookoutCore
import LookoutEvents

/// Inputs the fuzz targets (Fuzz/) found to crash the events stage, saved in
/// Fixtures/fuzz/regressions/jsonline/. Each runs the fuzz target's entry logic —
/// JSONLine.parse, then the line through EventAssembler — in a child process (an exit
/// test), so that a trap fails this test instead of ending the whole run.
@Suite struct FuzzRegressionTests {
    /// `{"level":1e19}`: a numeric level beyond Int's range traps in
    /// JSONLine.level(fromNumber:) (`Int(n)`), JSONLine.swift.
    @Test func jsonLevelNumberBeyondInt64() async {
        await #expect(processExitsWith: .success) {
            runJSONLineEntry("level-number-beyond-int64", filePath: #filePath)
        }
    }

    /// `{"level":-nan}`: `-nan` passes JSONLine's number check (Double("-nan") is NaN)
    /// and `Int(NaN)` traps in JSONLine.level(fromNumber:).
    @Test func jsonLevelNaN() async {
        await #expect(processExitsWith: .success) {
            runJSONLineEntry("level-nan", filePath: #filePath)
        }
    }
}

private struct DiscardingSink: EventSink {
    mutating func consume(event: EventView) {}
}

/// What the jsonline fuzz target does with one input.
private func runJSONLineEntry(_ name: String, filePath: String) {
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Fixtures/fuzz/regressions/jsonline/\(name)")
    guard let data = try? Data(contentsOf: url) else { fatalError("cannot read \(url.path)") }
    let bytes = [UInt8](data)
    bytes.withUnsafeBytes { line in
        _ = JSONLine.parse(line)
        var assembler = EventAssembler(sink: DiscardingSink(), kind: .stdin, reference: Timestamp(millisecondsSinceEpoch: 0))
        assembler.consume(line: line, number: 1, truncated: false)
        assembler.finish()
    }
}
