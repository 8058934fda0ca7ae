import Foundation
import Testing
@testable import LookoutClassify

/// `DigitBlindness` says which patterns cannot tell one digit from another, so that their
/// verdict on a message may be kept for messages that differ only in their digits' values.
@Suite struct DigitBlindnessTests {
    static let blind = [
        #"(?i)\bauthentication failure\b"#,
        #"\bFailed (?:password|publickey) for\b"#,
        #"(?i)\b(?:invalid|illegal) user\s{1,4}\S{1,64}\s{1,4}from\b"#,
        #"[0-9]+ errors"#, #"[^0-9a-f]x"#, #"[!-~]{2,}"#, #"\d{3} ms"#, #"[[:digit:]]+k"#, #"[\d\s]+"#, #"[\t-~]"#,
        #"(?<name1>\w+) says"#, #"(?P<n>a)b"#, #"(?'q'a)b"#, #"(*UTF)abc"#, #"(?#note 5)a"#, #"\Qa.b\E"#, #"a\.b\$"#,
        #"(?<=x)y(?!z)(?<!w)"#, #"(?i:abc)|(?-i)def"#, #"^.+\b$"#, #"x{2}y{1,}z{1,3}"#, #"[]a]"#, #"[^]a]"#,
        #"[[:^digit:][:alpha:]]x"#,
    ]
    static let notBlind = [
        #"HTTP/1\.1" 5\d\d"#, #"[1-5]xx"#, #"[5]"#, #"[+-9]"#, #"\x35"#, #"\065"#, #"(\w)\1"#, #"(a)\g1"#, #"(?<n>a)\k<n>"#,
        #"(?P<n>a)(?P=n)"#, #"(a)(?1)"#, #"a(?R)?"#, #"(?C)a"#, #"\p{Nd}"#, #"\cp"#, #"\N{U+0035}"#, #"\Q5\E"#,
        "(?x) a # 5", #"(*pla:5)x"#, #"a{1"#, #"[a"#, #"(?(1)a|b)"#, #"[\x30-\x39]"#, #"[a-\d]"#,
        // Found in review: `\E` or `\Q\E` at a class's start is skipped and the `]` after it
        // is a member, and `[:x[:]` is no POSIX class; in each, the digits are in the class.
        #"code [\Q\E]{2}] end"#, #"val [\E]{7}]\Q\E done"#, #"val [^\Q\E]{7}] done"#, #"id [[:x[:]0-9]"#,
    ]

    @Test func patternsThatTreatEveryDigitAlikeAreBlind() {
        for pattern in DigitBlindnessTests.blind {
            #expect(DigitBlindness.holds(for: pattern), "\(pattern)")
        }
    }

    @Test func patternsThatWriteADigitOrAreNotUnderstoodAreNot() {
        for pattern in DigitBlindnessTests.notBlind {
            #expect(!DigitBlindness.holds(for: pattern), "\(pattern)")
        }
    }

    /// What the answer promises, checked with PCRE2: a blind pattern matches a text, at the
    /// same place, exactly when it matches the text with every digit replaced. The texts are
    /// the rules' own examples and counterexamples with digits written into them, and digit
    /// runs alone; the built-in rules said to be blind are checked too.
    @Test func aBlindPatternMatchesTheSameWhateverTheDigits() throws {
        let builtIn = try RulePack.load(ruleFiles: [], configDirectory: nil, builtIn: RulePack.builtIn).rules
        var patterns = try DigitBlindnessTests.blind.map { try PCRE2Pattern($0) }
        var texts = ["0", "12 errors", "abc 1 says x", "d 7 ms", "x5", "99k", "Failed password for 8"]
        for rule in builtIn where DigitBlindness.holds(for: rule.pattern.source) {
            patterns.append(rule.pattern)
            texts += rule.examples + rule.counterexamples
        }
        #expect(patterns.count > DigitBlindnessTests.blind.count + 20)   // most of the built-in pack is blind
        // Each text as written, with digits written into it, and with each digit replaced.
        var variants: [[String]] = []
        for text in texts {
            let withDigits = text.replacingOccurrences(of: " ", with: " 40 ").replacingOccurrences(of: "e", with: "e3")
            for base in [text, withDigits] {
                let bytes = Array(base.utf8)
                var group = [base]
                for shift in 1...9 {
                    group.append(String(decoding: bytes.map { $0 &- 0x30 < 10 ? 0x30 + ($0 - 0x30 + UInt8(shift)) % 10 : $0 }, as: UTF8.self))
                }
                variants.append(group)
            }
        }
        let matcher = PCRE2Matcher()
        func outcome(_ pattern: PCRE2Pattern, _ text: String) -> String {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBytes { raw in
                switch matcher.match(pattern, in: UnsafeRawBufferPointer(raw)) {
                case .noMatch: return "no"
                case .limitExceeded: return "limit"
                case .match(let groups): return "\(groups.map { $0.map { "\($0)" } ?? "-" })"
                }
            }
        }
        var matched = 0
        for pattern in patterns {
            for group in variants {
                let first = outcome(pattern, group[0])
                if first != "no" { matched += 1 }
                for other in group.dropFirst() {
                    #expect(outcome(pattern, other) == first, "\(pattern.source) on \(other) and \(group[0])")
                }
            }
        }
        #expect(matched > 50)
    }
}
