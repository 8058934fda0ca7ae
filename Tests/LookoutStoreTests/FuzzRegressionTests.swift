import Testing
import Foundation
import LookoutStore

/// Baseline files the fuzz targets (Fuzz/) found to crash the reader, saved in
/// Fixtures/fuzz/regressions/baseline/. Each runs BaselineFile.decode (the baseline
/// target's entry logic) in a child process (an exit test), so that a trap fails this
/// test instead of ending the whole run. Decoding may throw ReadError; it must not trap.
@Suite struct FuzzRegressionTests {
    /// `"bucketSeconds": 1e16`: `Int64((bucketSeconds * 1000).rounded())` traps in
    /// BaselineFile.decode(_:path:) when the product is beyond Int64 (BaselineFile.swift).
    @Test func bucketSecondsBeyondInt64() async {
        await #expect(processExitsWith: .success) {
            runBaselineEntry("bucket-seconds-beyond-int64", filePath: #filePath)
        }
    }
}

private func runBaselineEntry(_ name: String, filePath: String) {
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Fixtures/fuzz/regressions/baseline/\(name)")
    guard let data = try? Data(contentsOf: url) else { fatalError("cannot read \(url.path)") }
    _ = try? BaselineFile.decode(data, path: name)
}
