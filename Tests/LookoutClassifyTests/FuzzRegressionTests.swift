import Testing
import Foundation
import LookoutClassify

/// Template sets the fuzz targets (Fuzz/) found to crash TemplateMiner.load, saved in
/// Fixtures/fuzz/regressions/templates/. They reach it from a baseline file's
/// `templates` field (`lookout check --baseline`) and from the state store. Each runs in
/// a child process (an exit test), so that a trap fails this test instead of ending the
/// whole run. Loading may throw LoadError; it must not trap.
@Suite struct FuzzRegressionTests {
    /// The same shape twice with count Int.max: the second `learn` traps on
    /// `counts[i] += 1` (TemplateMiner.learn, TemplateMiner.swift).
    @Test func templateCountOverflowInLearn() async {
        await #expect(processExitsWith: .success) {
            runTemplatesEntry("count-overflow", filePath: #filePath)
        }
    }

    /// Count 2, then Int.max for the same shape: `counts[i] += count - 1` traps in
    /// TemplateMiner.load (TemplateMiner.swift).
    @Test func templateCountOverflowInLoad() async {
        await #expect(processExitsWith: .success) {
            runTemplatesEntry("count-overflow-add", filePath: #filePath)
        }
    }
}

private func runTemplatesEntry(_ name: String, filePath: String) {
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Fixtures/fuzz/regressions/templates/\(name)")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("cannot read \(url.path)") }
    try? TemplateMiner(capacity: 1_000).load(text)
}
