import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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

    /// Two shapes (` a b`, ` a c`) of count 5e18 each: load succeeds, then rebuild traps
    /// summing them, `frequency[c][…] += shape.count` in TemplateBuilder.buildGroup
    /// (TemplateBuilder.swift).
    @Test func templateCountSumOverflowInBuild() async {
        await #expect(processExitsWith: .success) {
            runTemplatesEntry("count-sum-overflow", filePath: #filePath)
        }
    }
}

/// Rule files that take the loader past the fuzz targets' 10-second bound, saved in
/// Fixtures/fuzz/regressions/rules/. The child process runs what RulePack.load runs on a
/// file (parse, build the rule set, check every example) under a 10-second alarm.
@Suite struct FuzzRuleFileRegressionTests {
    /// 4 KB: one catastrophic example (`^(\w+\s?)*$` on words ending in `!`) repeated
    /// by YAML alias in a list of 500, that list shared by alias among 34 rules with their
    /// own ids: ~17,000 matches that each run to PCRE2's match limit in
    /// RuleSet.checkExamples (RuleSet.swift). Loading time grows with the square of the
    /// file's size; RuleFile.maxRules does not bound it.
    @Test func aliasAmplifiedExamples() async {
        await #expect(processExitsWith: .success) {
            alarm(10)
            runRulesEntry("alias-amplified-examples.yaml", filePath: #filePath)
        }
    }
}

private func runRulesEntry(_ name: String, filePath: String) {
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Fixtures/fuzz/regressions/rules/\(name)")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("cannot read \(url.path)") }
    guard let (rules, masks) = try? RuleFile.parse(yaml: text, file: name) else { return }
    _ = RuleSet(rules: rules, masks: masks).checkExamples(matcher: PCRE2Matcher())
}

private func runTemplatesEntry(_ name: String, filePath: String) {
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Fixtures/fuzz/regressions/templates/\(name)")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("cannot read \(url.path)") }
    try? TemplateMiner(capacity: 1_000).load(text)
}
