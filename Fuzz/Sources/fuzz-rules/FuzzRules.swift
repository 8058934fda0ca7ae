// Fuzz target: the rule-file loader (YAML → rules and masks → RuleSet), and the rules
// it accepts put to use.
//
// The input is a rule file's text. When it parses: the rule set is built (literal
// prefilter included), every rule's examples are checked as `lookout rules check` does,
// and examples, counterexamples and a few fixed lines are classified with the rules'
// masks applied. Oracle: the prefilter never hides a rule whose pattern matches — an
// example that the pattern matches on its own must not fail the through-prefilter check.
import LookoutCore
import LookoutClassify
import FuzzSupport

let fixedLines = [
    "2026-01-15 12:00:00 ERROR connection refused to 10.0.0.1:5432",
    "Failed password for invalid user admin from 192.168.1.9 port 22 ssh2",
    "java.lang.OutOfMemoryError: Java heap space",
    "",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: size > 0 ? UnsafeRawPointer(data) : nil, count: size), as: UTF8.self)
    guard let (rules, masks) = try? RuleFile.parse(yaml: text, file: "fuzz.yaml") else { return 0 }
    let set = RuleSet(rules: rules, masks: masks)
    let matcher = PCRE2Matcher()
    for failure in set.checkExamples(matcher: matcher) where failure.problem == "example does not match" {
        check(!matcher.matches(failure.rule.pattern, in: failure.text),
              "prefilter hides rule `\(failure.rule.id)` (pattern `\(failure.rule.pattern.source)`) from an example its pattern matches: `\(failure.text)`")
    }
    let classifier = Classifier(rules: set, templateCapacity: 64)
    var texts = fixedLines
    for rule in rules { texts += rule.examples + rule.counterexamples }
    for t in texts {
        var bytes = Array(t.utf8)
        bytes.withUnsafeMutableBytes { raw in
            let body = UnsafeRawBufferPointer(raw)
            let firstLine = body.firstIndex(of: 0x0A) ?? body.count
            let c = classifier.classify(body: body, firstLineLength: firstLine)
            if let r = c.ruleIndex {
                check(r < rules.count, "rule index \(r) of \(rules.count)")
                check(c.split.count == rules[r].splitBy.count, "split values \(c.split.count), split-by names \(rules[r].splitBy.count)")
            }
            _ = classifier.signature(of: c)
        }
    }
    return 0
}

@_cdecl("fuzz_rules_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzz($0, $1) }
}
