#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The rules of a run in precedence order, with the prefilter that keeps the cost per event
/// flat however many rules there are.
///
/// Precedence: rules from `--rules` files first, in the order the files are given and the
/// order rules are written in each; then the user's config directory
/// (`$XDG_CONFIG_HOME/lookout/rules/*.yaml`, by file name); then the built-in pack. The first
/// rule that matches an event names it, so a user rule can refine or override a built-in
/// one. Two rules may not share an id.
public final class RuleSet: @unchecked Sendable {
    public let rules: [Rule]
    public let masks: [Mask]
    private let scanner: LiteralScanner
    /// Rules with no provable literal: tried on every event.
    private let alwaysTried: [Int]
    /// Bits of the candidate set: bit `i < rules.count` is rule `i`'s first required set
    /// (`RequiredLiterals.extractAll`); the bits after them are further sets a rule requires.
    /// A rule is a candidate when its first set and every further set of it were seen.
    private let wordCount: Int
    /// For rule `i`, its further sets are bits `furtherSets[furtherStart[i]..<furtherStart[i + 1]]`.
    private let furtherStart: [Int32]
    private let furtherSets: [Int32]
    /// Per rule whose required sets the scanner cannot settle alone, the sets as the rule
    /// needs them, checked before its pattern is tried:
    /// - a rule with a digit in one of its literals: the scanner folds digits (`401` is found
    ///   in `403`), so the sets as written (cut to `LiteralScanner.maxLength`, ASCII lower case);
    /// - a rule whose pattern never ignores case (`exactCase`): the scanner folds case, so the
    ///   sets as written, compared byte for byte (`ddr error` holds no `Error`).
    /// Its pattern then runs, and can hit a limit, on the same texts as with a scanner that
    /// folds neither.
    private let requiredSets: [RequiredSets?]
    /// Per rule: whether it is the same on texts that differ only in their digits' values
    /// (`DigitBlindness`; a rule with split-by groups is not: their values are the text).
    private let digitBlind: [Bool]
    private struct RequiredSets {
        var sets: [[[UInt8]]]
        var exactCase: Bool
    }

    public init(rules: [Rule], masks: [Mask] = []) {
        self.rules = rules
        self.masks = masks
        var literals: [(String, Int)] = []
        var always: [Int] = []
        var starts: [Int32] = []
        var further: [Int32] = []
        var nextBit = rules.count
        var required: [RequiredSets?] = Array(repeating: nil, count: rules.count)
        for (index, rule) in rules.enumerated() {
            starts.append(Int32(further.count))
            if let sets = RequiredLiterals.extractAll(rule.pattern.source) {
                if !rule.pattern.caseless && !RequiredLiterals.setsCaselessOption(rule.pattern.source),
                   let written = RequiredLiterals.extractAll(rule.pattern.source, keepingCase: true) {
                    required[index] = RequiredSets(sets: written.map { set in set.map { Array($0.utf8) } }, exactCase: true)
                } else if sets.joined().contains(where: { $0.utf8.contains { $0 &- 0x30 < 10 } }) {
                    required[index] = RequiredSets(sets: sets.map { set in
                        set.map { $0.utf8.prefix(LiteralScanner.maxLength).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
                    }, exactCase: false)
                }
                for literal in sets[0] { literals.append((literal, index)) }
                for set in sets.dropFirst() {
                    for literal in set { literals.append((literal, nextBit)) }
                    further.append(Int32(nextBit))
                    nextBit += 1
                }
            } else {
                always.append(index)
            }
        }
        starts.append(Int32(further.count))
        scanner = LiteralScanner(literals: literals)
        alwaysTried = always
        wordCount = (nextBit + 63) / 64
        furtherStart = starts
        furtherSets = further
        requiredSets = required
        digitBlind = rules.map { $0.splitGroups.isEmpty && DigitBlindness.holds(for: $0.pattern.source) }
    }

    /// Whether `text` holds a literal of each of the sets (ASCII case aside, unless `exactCase`).
    private static func holdsOneOfEach(_ required: RequiredSets, _ text: UnsafeRawBufferPointer) -> Bool {
        required.sets.allSatisfy { set in set.contains { holds($0, text, exactCase: required.exactCase) } }
    }

    /// Whether `text` holds `literal` (ASCII lower case unless `exactCase`), ASCII case aside
    /// unless `exactCase`.
    private static func holds(_ literal: [UInt8], _ text: UnsafeRawBufferPointer, exactCase: Bool) -> Bool {
        let n = literal.count
        guard n > 0, n <= text.count, let base = text.baseAddress else { return n == 0 }
        return literal.withUnsafeBytes { l in
            exactCase ? holdsExactly(l, UnsafeRawBufferPointer(start: base, count: text.count))
                      : holdsIgnoringCase(l, UnsafeRawBufferPointer(start: base, count: text.count))
        }
    }

    /// Whether `text` holds `literal` (ASCII lower case), ASCII case aside. The places to
    /// compare at are found by `memchr` for the literal's first byte that is no letter (so
    /// has one case: a digit, a space, punctuation), else sixteen bytes at a time for its
    /// first letter in either case.
    static func holdsIgnoringCase(_ literal: UnsafeRawBufferPointer, _ text: UnsafeRawBufferPointer) -> Bool {
        let n = literal.count, base = text.baseAddress!
        let last = text.count - n   // the last place the literal can start
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c &- 0x41 < 26 ? c | 0x20 : c }
        @inline(__always) func matches(at start: Int) -> Bool {
            for k in 0..<n where lower(base.load(fromByteOffset: start + k, as: UInt8.self)) != literal[k] { return false }
            return true
        }
        if let anchor = literal.firstIndex(where: { $0 &- 0x61 >= 26 }) {
            let byte = Int32(literal[anchor])
            var from = anchor   // the anchor's place in the text, for a start at `from - anchor`
            while from <= last + anchor, let hit = memchr(base + from, byte, last + anchor - from + 1) {
                let at = UnsafeRawPointer(hit) - base
                if matches(at: at - anchor) { return true }
                from = at + 1
            }
            return false
        }
        // All letters: their first, in either case (`| 0x20` folds a letter; a byte it maps
        // onto the letter by mistake is ruled out by the comparison).
        let first = SIMD16<UInt8>(repeating: literal[0]), caseBit = SIMD16<UInt8>(repeating: 0x20)
        var at = 0
        while at + 16 <= last + 1 {
            let v = base.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self)
            if any((v | caseBit) .== first) {
                for k in at..<(at + 16) where matches(at: k) { return true }
            }
            at += 16
        }
        while at <= last {
            if matches(at: at) { return true }
            at += 1
        }
        return false
    }

    /// Whether `text` holds `literal` byte for byte: `memchr` finds each place its first
    /// byte is, `memcmp` compares the rest.
    private static func holdsExactly(_ literal: UnsafeRawBufferPointer, _ text: UnsafeRawBufferPointer) -> Bool {
        let n = literal.count, first = Int32(literal[0])
        var at = text.baseAddress!
        let last = text.baseAddress! + (text.count - n)   // the last place the literal can start
        while at <= last, let found = memchr(at, first, last - at + 1) {
            if memcmp(found + 1, literal.baseAddress! + 1, n - 1) == 0 { return true }
            at = UnsafeRawPointer(found) + 1
        }
        return false
    }

    /// Whether rule `index`, whose first set was seen (or which is always tried), saw every further set too.
    @inline(__always)
    private func hasFurtherSets(_ index: Int, _ found: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        var k = Int(furtherStart[index])
        let end = Int(furtherStart[index + 1])
        while k < end {
            let bit = Int(furtherSets[k])
            if found[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
            k += 1
        }
        return true
    }

    /// How many rules the prefilter cannot rule out in advance.
    public var alwaysTriedCount: Int { alwaysTried.count }

    /// The result of classifying one text by rules.
    public enum Verdict: Equatable {
        case none
        /// Rule `index` matched; `split` holds the values of its split-by groups.
        case rule(index: Int, split: [String])
    }

    /// The first rule (in precedence order) that matches `text`. Rules whose match attempt
    /// hit a limit are reported to `limitHit` and treated as not matching.
    public func classify(_ text: UnsafeRawBufferPointer, matcher: PCRE2Matcher, limitHit: (Int, String) -> Void = { _, _ in }) -> Verdict {
        // The candidate bits live on the stack (no allocation per event).
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: candidateWords) { found in
            candidates(text, into: found)
            return verdict(text, candidates: found, matcher: matcher, limitHit: limitHit)
        }
    }

    /// How many words the candidate bits of a text take.
    public var candidateWords: Int { wordCount }

    /// The prefilter's candidate bits for `text` (`found` holds `candidateWords` words; they
    /// are overwritten). They depend on `text` only through its bytes with ASCII case and
    /// digits folded (`LiteralScanner`), so they may be kept for texts that fold alike.
    public func candidates(_ text: UnsafeRawBufferPointer, into found: UnsafeMutableBufferPointer<UInt64>) {
        found.initialize(repeating: 0)
        scanner.scan(text, into: found)
        for index in alwaysTried { found[index >> 6] |= 1 << UInt64(index & 63) }
    }

    /// The first rule (in precedence order) among `found`, the candidates of `text`, that
    /// matches it.
    public func verdict(_ text: UnsafeRawBufferPointer, candidates found: UnsafeMutableBufferPointer<UInt64>, matcher: PCRE2Matcher,
                        limitHit: (Int, String) -> Void = { _, _ in }) -> Verdict {
        var sameForOtherDigits = false
        return verdict(text, candidates: found, matcher: matcher, sameForOtherDigits: &sameForOtherDigits, limitHit: limitHit)
    }

    /// `verdict`, and whether it is also the verdict on every text that differs from `text`
    /// only in the values of its digits and has the same candidates: every rule it tried is
    /// digit-blind and none hit a limit. (Checking the required sets of such a rule, which
    /// hold no digit, comes out the same on such a text too.)
    public func verdict(_ text: UnsafeRawBufferPointer, candidates found: UnsafeMutableBufferPointer<UInt64>, matcher: PCRE2Matcher,
                        sameForOtherDigits: inout Bool, limitHit: (Int, String) -> Void = { _, _ in }) -> Verdict {
        sameForOtherDigits = true
        let ruleWords = (rules.count + 63) / 64
        for w in 0..<ruleWords where found[w] != 0 {
            var bits = found[w]
            if w == ruleWords - 1 && rules.count & 63 != 0 { bits &= (1 << UInt64(rules.count & 63)) - 1 }   // further sets' bits
            while bits != 0 {
                let index = w * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                guard hasFurtherSets(index, found) else { continue }
                if !digitBlind[index] { sameForOtherDigits = false }
                if let sets = requiredSets[index], !RuleSet.holdsOneOfEach(sets, text) { continue }
                switch matcher.match(rules[index].pattern, in: text) {
                case .noMatch: continue
                case .limitExceeded(let why):
                    sameForOtherDigits = false
                    limitHit(index, why)
                case .match(let groups):
                    let split = rules[index].splitGroups.map { g -> String in
                        guard g < groups.count, let r = groups[g] else { return "" }
                        return String(decoding: UnsafeRawBufferPointer(rebasing: text[r]), as: UTF8.self)
                    }
                    return .rule(index: index, split: split)
                }
            }
        }
        return .none
    }

    /// A rule whose examples or counterexamples fail, with what failed.
    public struct ExampleFailure: Sendable, CustomStringConvertible {
        public var rule: Rule
        public var text: String
        public var problem: String
        public var description: String { "\(rule.location): rule `\(rule.id)`: \(problem): \(text)" }
    }

    /// Checks every rule's examples (each must match the rule's pattern, through the
    /// prefilter, as in a real run) and counterexamples (none may match). An example on
    /// which the pattern hits a PCRE2 limit fails the rule at once (the pattern backtracks
    /// catastrophically): its other examples are not tried, so a file of costly examples
    /// cannot make checking slow. `stopAtFirst`: return as soon as one failure is found.
    public func checkExamples(matcher: PCRE2Matcher, stopAtFirst: Bool = false) -> [ExampleFailure] {
        var failures: [ExampleFailure] = []
        for (index, rule) in rules.enumerated() {
            func outcome(_ text: String) -> (matched: Bool, limit: String?) {
                var bytes = Array(text.utf8)
                return bytes.withUnsafeMutableBytes { raw in
                    switch matcher.match(rule.pattern, in: UnsafeRawBufferPointer(raw)) {
                    case .match: return (true, nil)
                    case .noMatch: return (false, nil)
                    case .limitExceeded(let why): return (false, why)
                    }
                }
            }
            examples: for example in rule.examples {
                var bytes = Array(example.utf8)
                let candidate: Bool = bytes.withUnsafeMutableBytes { raw in
                    var found = [UInt64](repeating: 0, count: wordCount)
                    return found.withUnsafeMutableBufferPointer { found in
                        scanner.scan(UnsafeRawBufferPointer(raw), into: found)
                        return (alwaysTried.contains(index) || found[index >> 6] & (1 << UInt64(index & 63)) != 0)
                            && hasFurtherSets(index, found)
                            && requiredSets[index].map { RuleSet.holdsOneOfEach($0, UnsafeRawBufferPointer(raw)) } ?? true
                    }
                }
                let (matched, limit) = candidate ? outcome(example) : (false, nil)
                if let limit {
                    failures.append(ExampleFailure(rule: rule, text: example, problem: "the pattern hits a PCRE2 limit on this example (\(limit)): it backtracks catastrophically"))
                    if stopAtFirst { return failures }
                    break examples
                }
                if !matched {
                    failures.append(ExampleFailure(rule: rule, text: example, problem: "example does not match"))
                    if stopAtFirst { return failures }
                }
            }
            for counter in rule.counterexamples {
                let (matched, limit) = outcome(counter)
                guard matched || limit != nil else { continue }
                failures.append(ExampleFailure(rule: rule, text: counter, problem: limit.map { "the pattern hits a PCRE2 limit on this counterexample (\($0)): it backtracks catastrophically" } ?? "counterexample matches"))
                if stopAtFirst { return failures }
                if limit != nil { break }
            }
        }
        return failures
    }
}
