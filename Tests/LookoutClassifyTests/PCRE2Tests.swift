import Foundation
import Testing
@testable import LookoutClassify

@Test func compilesMatchesAndCaptures() throws {
    let p = try PCRE2Pattern(#"refused connection to (?<host>[\w.-]+)"#)
    #expect(p.captureCount == 1)
    #expect(p.groupNumber(named: "host") == 1)
    #expect(p.groupNumber(named: "nope") == nil)
    let m = PCRE2Matcher()
    var line = Array("ERROR gateway refused connection to pay-3.internal:443".utf8)
    let outcome = line.withUnsafeMutableBytes { m.match(p, in: UnsafeRawBufferPointer($0)) }
    guard case .match(let groups) = outcome, let host = groups[1] else { Issue.record("no match: \(outcome)"); return }
    #expect(String(decoding: line[host], as: UTF8.self) == "pay-3.internal")
    #expect(!m.matches(p, in: "INFO gateway connection to pay-3.internal established"))
}

@Test func badPatternsSayWhereAndWhy() {
    #expect(throws: PCRE2Pattern.CompileError.self) { try PCRE2Pattern("unclosed (group") }
    do {
        _ = try PCRE2Pattern("abc[")
        Issue.record("compiled")
    } catch {
        #expect(error.message.contains("missing terminating ]"))
        #expect(error.offset == 4)
    }
}

@Test func invalidUTF8SubjectsAreMatchedNotRejected() throws {
    let p = try PCRE2Pattern("(?i)disk full")
    let m = PCRE2Matcher()
    var bytes: [UInt8] = [0xFF, 0xFE] + Array(" DISK FULL on /var ".utf8) + [0xC0, 0xAF]
    #expect(bytes.withUnsafeMutableBytes { m.matches(p, in: UnsafeRawBufferPointer($0)) })
}

/// Catastrophic backtracking on a 1 MB subject: the limits stop it, quickly.
@Test func catastrophicPatternsHitALimitInsteadOfHanging() throws {
    let p = try PCRE2Pattern("^(a+)+$")
    var limits = MatchLimits()
    limits.matchLimit = 100_000
    let m = PCRE2Matcher(limits: limits)
    var subject = [UInt8](repeating: 0x61, count: 1_000_000) + [0x21]
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = subject.withUnsafeMutableBytes { m.match(p, in: UnsafeRawBufferPointer($0)) }
    guard case .limitExceeded(let why) = outcome else { Issue.record("expected a limit, got \(outcome)"); return }
    #expect(why.contains("limit"))
    #expect(clock.now - start < .seconds(10))
}

@Test func matchDataGrowsForManyGroups() throws {
    let groups = (0..<40).map { "(\($0 % 10))" }.joined()
    let p = try PCRE2Pattern(groups)
    let subject = (0..<40).map { String($0 % 10) }.joined()
    #expect(PCRE2Matcher().matches(p, in: subject))
}

/// A pattern compiled without JIT (`RulePack.load` JIT-compiles its rules on a thread of its
/// own) is JIT-compiled by `compileJIT` as `init` would have, and matches the same.
@Test func aPatternLeftForJITLaterIsCompiledByCompileJIT() throws {
    let source = #"(?i)\b(?:connection (?:refused|reset)|timed? ?out) to (?<host>[\w.-]+)"#
    let now = try PCRE2Pattern(source)
    let later = try PCRE2Pattern(source, jit: false)
    #expect(!later.isJITCompiled)
    later.compileJIT()
    #expect(later.isJITCompiled == now.isJITCompiled)
    let m = PCRE2Matcher()
    for text in ["ERROR Connection refused to db-1.internal", "WARN timeout to cache", "INFO connected to db-1", "connection reset to x"] {
        #expect(m.matches(later, in: text) == m.matches(now, in: text), "\(text)")
    }
}

/// `RulePack.load` hands back every rule's and mask's pattern JIT-compiled (when this
/// platform JIT-compiles at all), though it compiles them without and JITs them beside
/// building the prefilter.
@Test func loadedRulesAreJITCompiled() throws {
    let yaml = """
        rules:
          - id: refused
            title: Refused
            pattern: 'connection refused'
            severity: high
            examples: ["connection refused by peer"]
        masks:
          - name: order
            pattern: 'ORD-\\d{8}'
        """
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-jit-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("r.yaml").path
    try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    let set = try RulePack.load(ruleFiles: [file], configDirectory: nil, builtIn: RulePack.builtIn)
    let platformJITs = try PCRE2Pattern("x").isJITCompiled
    #expect(set.rules.count > 40 && set.masks.count == 1)
    #expect(set.rules.allSatisfy { $0.pattern.isJITCompiled == platformJITs })
    #expect(set.masks.allSatisfy { $0.pattern.isJITCompiled == platformJITs })
}
