import Testing
@testable import LookoutClassify

let goodFile = """
rules:
  - id: payment-gateway-refused
    title: Payment gateway refused the connection
    pattern: 'gateway refused connection to (?<host>[\\w.-]+)'
    severity: high
    tags: [payments, network]
    split-by: [host]
    examples: ["ERROR gateway refused connection to pay-3.internal:443"]
    counterexamples: ["INFO gateway connection to pay-3.internal established"]
masks:
  - name: order-id
    pattern: 'ORD-\\d{8}'
"""

@Test func theSpecExampleLoads() throws {
    let (rules, masks) = try RuleFile.parse(yaml: goodFile, file: "pay.yaml")
    #expect(rules.count == 1 && masks.count == 1)
    let r = rules[0]
    #expect(r.id == "payment-gateway-refused" && r.severity == .high && r.tags == ["payments", "network"])
    #expect(r.splitBy == ["host"] && r.splitGroups == [1])
    #expect(r.location == SourceLocation(file: "pay.yaml", line: 2))
    #expect(masks[0].name == "order-id")
    let set = RuleSet(rules: rules)
    #expect(set.checkExamples(matcher: PCRE2Matcher()).isEmpty)
    var line = Array("ERROR gateway refused connection to pay-3.internal:443".utf8)
    let verdict = line.withUnsafeMutableBytes { set.classify(UnsafeRawBufferPointer($0), matcher: PCRE2Matcher()) }
    #expect(verdict == .rule(index: 0, split: ["pay-3.internal"]))
}

@Test(arguments: [
    ("rules:\n  - id: x\n    title: t\n    pattern: 'a(b'\n    severity: high\n", 4, "bad pattern: missing closing parenthesis at offset 3"),
    ("rules:\n  - id: x\n    title: t\n    pattern: 'ab'\n    severity: urgent\n", 5, "severity `urgent` is not one of"),
    ("rules:\n  - id: x\n    title: t\n    severty: high\n", 4, "unknown key `severty` in a rule"),
    ("rules:\n  - id: x\n    pattern: 'abc'\n    severity: high\n", 2, "a rule needs `title`"),
    ("rules:\n  - id: 'has space'\n    title: t\n    pattern: 'abc'\n    severity: low\n", 2, "may hold only letters"),
    ("rules:\n  - id: x\n    title: t\n    pattern: 'a(?<g>b)'\n    severity: low\n    split-by: [h]\n", 6, "split-by names `h`"),
    ("rules: [unclosed\n", 2, "not valid YAML"),
    ("just a string\n", 1, "the top level must be a mapping"),
    ("rules: {}\n", 1, "`rules` must be a list"),
    ("ruels: []\n", 1, "unknown key `ruels` at the top level"),
])
func badFilesNameTheLine(yaml: String, line: Int, message: String) {
    do {
        _ = try RuleFile.parse(yaml: yaml, file: "bad.yaml")
        Issue.record("parsed")
    } catch {
        #expect(error.file == "bad.yaml")
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }
}

@Test func failingExamplesAreReported() throws {
    let yaml = """
    rules:
      - id: disk
        title: Disk full
        pattern: 'No space left'
        severity: critical
        examples: ["write failed: No space left on device", "disk is full"]
        counterexamples: ["No space left? no: plenty"]
    """
    let (rules, _) = try RuleFile.parse(yaml: yaml, file: "d.yaml")
    let failures = RuleSet(rules: rules).checkExamples(matcher: PCRE2Matcher())
    #expect(failures.map(\.description) == [
        "d.yaml:2: rule `disk`: example does not match: disk is full",
        "d.yaml:2: rule `disk`: counterexample matches: No space left? no: plenty",
    ])
}

@Test func firstMatchingRuleWins() throws {
    let yaml = """
    rules:
      - {id: oom-killer, title: OOM killer, pattern: 'Out of memory: Killed process', severity: critical}
      - {id: oom, title: Out of memory, pattern: '(?i)out of memory', severity: high}
    """
    let set = RuleSet(rules: try RuleFile.parse(yaml: yaml, file: "o.yaml").rules)
    let m = PCRE2Matcher()
    func verdict(_ s: String) -> RuleSet.Verdict {
        var b = Array(s.utf8)
        return b.withUnsafeMutableBytes { set.classify(UnsafeRawBufferPointer($0), matcher: m) }
    }
    #expect(verdict("kernel: Out of memory: Killed process 42 (java)") == .rule(index: 0, split: []))
    #expect(verdict("malloc: OUT OF MEMORY") == .rule(index: 1, split: []))
    #expect(verdict("all good") == .none)
}

@Test func aRuleThatHitsALimitIsReportedAndSkipped() throws {
    let yaml = """
    rules:
      - {id: slow, title: Slow, pattern: '^(\\w+\\s?)*$', severity: low}
      - {id: words, title: Words, pattern: 'aaaa', severity: low}
    """
    let set = RuleSet(rules: try RuleFile.parse(yaml: yaml, file: "s.yaml").rules)
    var limits = MatchLimits()
    limits.matchLimit = 10_000
    var hits: [Int] = []
    var text = Array((String(repeating: "aaaa ", count: 2000) + "!").utf8)
    let v = text.withUnsafeMutableBytes { set.classify(UnsafeRawBufferPointer($0), matcher: PCRE2Matcher(limits: limits), limitHit: { i, _ in hits.append(i) }) }
    #expect(hits == [0])
    #expect(v == .rule(index: 1, split: []))
}

/// An example on which the pattern hits a PCRE2 limit fails its rule at once: the rule's
/// other examples are not tried, so costly examples cannot make loading slow.
@Test func anExampleThatHitsALimitFailsTheRuleAtOnce() throws {
    let long = String(repeating: "word ", count: 40) + "!"
    let yaml = "rules:\n  - id: slow\n    title: t\n    pattern: '^(\\w+\\s?)+$'\n    severity: low\n    examples: [" +
        Array(repeating: "'\(long)'", count: 50).joined(separator: ", ") + "]\n"
    let (rules, _) = try RuleFile.parse(yaml: yaml, file: "slow.yaml")
    let failures = RuleSet(rules: rules).checkExamples(matcher: PCRE2Matcher())
    #expect(failures.count == 1)
    #expect(failures.first?.problem.contains("hits a PCRE2 limit") == true)
    let tooMany = "rules:\n  - id: x\n    title: t\n    pattern: 'x'\n    severity: low\n    examples: [" +
        Array(repeating: "'x'", count: 101).joined(separator: ", ") + "]\n"
    #expect(throws: RuleFileError.self) { try RuleFile.parse(yaml: tooMany, file: "many.yaml") }
}

/// A classifier of one rule with `pattern` (and `example`, which must match), and a function
/// that classifies a one-line event with it.
func oneRuleClassifier(_ pattern: String, example: String? = nil) throws -> (Classifier, (String) -> Classification) {
    let examples = example.map { "\n    examples: ['\($0)']" } ?? ""
    let yaml = "rules:\n  - id: slow\n    title: t\n    pattern: '\(pattern)'\n    severity: low\(examples)\n"
    let classifier = Classifier(rules: RuleSet(rules: try RuleFile.parse(yaml: yaml, file: "slow.yaml").rules))
    return (classifier, { line in
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBytes { classifier.classify(body: UnsafeRawBufferPointer($0), firstLineLength: $0.count) }
    })
}

/// The prefilter folds digits (`401` is found in `403`), but a rule whose literal holds
/// digits is tried only on texts that hold it as written: a costly pattern with `401` does
/// not run, nor hit a PCRE2 limit, on a line with `403` (it would backtrack for long there).
@Test func aLiteralWithDigitsIsCheckedAsWrittenBeforeThePattern() throws {
    let (classifier, classify) = try oneRuleClassifier("^(?:a|aa)+(?:a|aa)+(?:a|aa)+(?:a|aa)+x err 401", example: "aaaax err 401")
    let a = String(repeating: "a", count: 40)
    #expect(classify(a + "x err 403 1").ruleIndex == nil)
    #expect(classifier.limitHits.isEmpty)
    #expect(classify(a + "x err 401 1").ruleIndex == 0)
}

/// The prefilter folds case, but a rule whose pattern never ignores case is tried only on
/// texts that hold its literals in its case: a costly `Error` pattern does not run, nor hit a
/// PCRE2 limit, on a line with `error`. A pattern that may ignore case (`(?i)` anywhere,
/// even where it only touches another part) runs on both.
@Test func aCaseSensitiveRuleIsTriedOnlyOnItsLiteralsInItsCase() throws {
    let slow = "^(?:a|aa)+(?:a|aa)+(?:a|aa)+(?:a|aa)+x (?:Error|Fatal)"
    for (pattern, tried, ignoresCase) in [(slow, false, false), ("(?i)" + slow, true, true), ("(?i:z)?" + slow, true, false)] {
        let (classifier, classify) = try oneRuleClassifier(pattern)
        let a = String(repeating: "a", count: 40)
        // Lines the pattern does not match, after backtracking for long: where it runs, it
        // hits a limit.
        #expect(classify(a + "y error 1").ruleIndex == nil)
        #expect(classifier.limitHits.isEmpty == !tried, "\(pattern)")
        #expect(classify(a + "y Error 2").ruleIndex == nil)
        #expect(classifier.limitHits[0]?.count == (tried ? 2 : 1), "\(pattern)")
        #expect(classify("aaaax Fatal 3").ruleIndex == 0)
        #expect(classify("aaaax fatal 4").ruleIndex == (ignoresCase ? 0 : nil), "\(pattern)")
    }
}

/// The case-blind search for a required literal (by `memchr` for a byte with one case, else
/// sixteen bytes at a time for the first letter) finds what a plain search finds: random
/// texts and literals, the literal at every place, across sixteen-byte steps.
@Test func aCaseBlindLiteralSearchFindsWhatAPlainSearchFinds() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("aAbBsS4 0\"/:".utf8)
    func plain(_ literal: [UInt8], _ text: [UInt8]) -> Bool {
        let lowered = text.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
        guard literal.count <= lowered.count else { return false }
        return (0...(lowered.count - literal.count)).contains { Array(lowered[$0..<($0 + literal.count)]) == literal }
    }
    var found = 0
    for _ in 0..<4000 {
        let literal = (0..<Int.random(in: 1...5, using: &generator)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            .map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
        let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        let expected = plain(literal, text)
        let got = literal.withUnsafeBytes { l in text.withUnsafeBytes { t in literal.count <= t.count && RuleSet.holdsIgnoringCase(l, t) } }
        #expect(got == expected, "\(String(decoding: literal, as: UTF8.self)) in \(String(decoding: text, as: UTF8.self))")
        if expected { found += 1 }
    }
    #expect(found > 400)
}
