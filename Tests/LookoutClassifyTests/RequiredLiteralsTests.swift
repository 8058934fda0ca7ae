import Testing
@testable import LookoutClassify

@Test(arguments: [
    ("(?i)connection refused", ["connection refused"]),
    (#"gateway refused connection to (?<host>[\w.-]+)"#, ["gateway refused connection to "]),
    (#"(?i)out of memory: kill(ed)? process \d+"#, ["out of memory: kill"]),
    (#"No space left on device"#, ["no space left on device"]),
    (#"(?:timed out|timeout) after \d+ ?ms"#, [" after "]),
    (#"(?:timed out|timeout) \d+"#, ["timed out", "timeout"]),
    (#"HTTP/\d\.\d" (?<status>5\d\d) "#, [#"http/"#]),
    (#"\bsegfault at [0-9a-f]+ ip"#, ["segfault at "]),
    (#"(?i)ssl(?:_| )handshake (?:failed|failure)"#, ["handshake "]),
    (#"java\.lang\.OutOfMemoryError"#, ["java.lang.outofmemoryerror"]),
    (#"a{2,}bcd"#, ["abcd"]),
    (#"x?yzw+"#, ["yzw"]),
    (#"fooa+bar"#, ["fooa"]),     // "abar" is as good; the first of equals is kept
    (#"(foo|bar)baz"#, ["baz"]),
    (#"(?<class>[\w.$]+(?:Exception|Error))(?::|$)"#, ["error", "exception"]),
])
func literalsAreFound(pattern: String, expected: [String]) {
    #expect(RequiredLiterals.extract(pattern) == expected.sorted())
}

@Test(arguments: [
    #"\d+"#,                    // nothing literal
    #"(foo|\d+)"#,              // a branch with nothing literal
    #"ab"#,                     // too short
    #"(?=needle)\w+"#,          // lookahead: not trusted
    #"(?x) s p a c e d"#,       // extended mode
    #"(?:abc)?"#,               // optional
    #"(?:abc)*def?"#,           // `de` is too short, `abc` optional
])
func nothingIsClaimedWithoutProof(pattern: String) {
    #expect(RequiredLiterals.extract(pattern) == nil)
}

@Test func scannerFindsEveryLiteralInOnePass() {
    let scanner = LiteralScanner(literals: [("refused", 0), ("he", 1), ("she", 2), ("hers", 3), ("Disk Full", 70)])
    var found = [UInt64](repeating: 0, count: 2)
    var text = Array("ushers saw the disk full".utf8)
    text.withUnsafeMutableBytes { scanner.scan(UnsafeRawBufferPointer($0), into: &found) }
    #expect(found[0] == (1 << 1) | (1 << 2) | (1 << 3))
    #expect(found[1] == 1 << 6)
}

/// Digits are folded like case: a literal with digits is found wherever digits stand in
/// their places (its rule's pattern decides), so what a scan finds depends on digits only as
/// digits.
@Test func scannerFoldsDigits() {
    let scanner = LiteralScanner(literals: [("HTTP 401", 0), ("x509:", 1), ("timeout", 2)])
    for (text, expected) in [("http 403 sent", UInt64(0b001)), ("X123: bad", 0b010), ("HTTP/401", 0), ("timeout 42", 0b100)] {
        var found = [UInt64](repeating: 0, count: 1)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { scanner.scan(UnsafeRawBufferPointer($0), into: &found) }
        #expect(found[0] == expected, "\(text)")
    }
}

/// Long texts are walked as two halves at once; long literals are cut to `maxLength`. On
/// random texts, in every length around the split, every literal found must be found by a
/// plain search, and the other way round (for literals within `maxLength`).
@Test func theTwoHalvesOfALongTextFindWhatAPlainSearchFinds() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("abcdeABCDE .:-".utf8)
    let literals = (0..<40).map { i -> (String, Int) in
        let length = Int.random(in: 2...LiteralScanner.maxLength, using: &generator)
        return (String(decoding: (0..<length).map { _ in alphabet[Int.random(in: 0..<5, using: &generator)] }, as: UTF8.self), i)
    }
    let scanner = LiteralScanner(literals: literals)
    for length in [1, 50, 127, 128, 129, 200, 333, 1000] {
        for _ in 0..<40 {
            var text = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            // Plant literals across the places where the parts meet (halves, quarters), and at the end.
            for place in [length / 4, length / 2, 3 * length / 4, length] {
                let planted = literals[Int.random(in: 0..<literals.count, using: &generator)].0.utf8
                let at = max(0, place - planted.count / 2 - (place == length ? planted.count / 2 + 1 : 0))
                for (k, byte) in planted.enumerated() where at + k < length { text[at + k] = byte }
            }
            var found = [UInt64](repeating: 0, count: 1)
            text.withUnsafeBytes { scanner.scan($0, into: &found) }
            let folded = String(decoding: text, as: UTF8.self).lowercased()
            for (literal, value) in literals {
                #expect((found[0] >> UInt64(value) & 1 == 1) == folded.contains(literal.lowercased()),
                        "length \(length): \(literal) in \(folded)")
            }
        }
    }
    // A literal longer than `maxLength` is looked for by its first `maxLength` bytes, even
    // when they end inside a character (byte 16 of this one is the first of `é`).
    let long = LiteralScanner(literals: [("connection refused by the server", 0), ("connexion refusée par le serveur", 1)])
    var found = [UInt64](repeating: 0, count: 1)
    var text = Array("CONNECTION REFUSED; connexion refusée".utf8)
    text.withUnsafeMutableBytes { long.scan(UnsafeRawBufferPointer($0), into: &found) }
    #expect(found[0] == 0b11)
}

@Test func everyRequiredSetIsFound() {
    // Both sides of the sequence are required; per branch of an alternation, one set is
    // chosen and the choices joined.
    #expect(RequiredLiterals.extractAll(#"(?i)\b(?:checksum|crc) (?:mismatch|failed)\b|\bbad checksum\b"#)
        == [["bad checksum", "failed", "mismatch"], ["bad checksum", "checksum", "crc"]])
    #expect(RequiredLiterals.extractAll(#"connect(?:ion)? refused by (?:peer|server)"#)
        == [[" refused by "], ["connect"], ["peer", "server"]])
    // An optional group requires nothing; a set with a short literal is left out.
    #expect(RequiredLiterals.extractAll(#"disk (?:quota )?full on (?:sd|hd)\w"#) == [["full on "], ["disk "]])
    #expect(RequiredLiterals.extractAll(#"\d+"#) == nil)
}

/// The prefilter may only skip rules that cannot match: on every example and
/// counterexample of the built-in pack (and each with a prefix and a suffix), the verdict
/// through the prefilter is the one trying every rule in order gives.
@Test func prefilterNeverChangesTheVerdict() throws {
    let set = try RulePack.load(ruleFiles: [], configDirectory: nil, builtIn: RulePack.builtIn)
    let matcher = PCRE2Matcher()
    var texts: [String] = []
    for rule in set.rules {
        for t in rule.examples + rule.counterexamples { texts += [t, "x " + t, t + " y", t.uppercased(), t.lowercased()] }
    }
    for text in texts {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            let subject = UnsafeRawBufferPointer(raw)
            let expected = set.rules.firstIndex { matcher.matches($0.pattern, in: subject) }
            let verdict = set.classify(subject, matcher: matcher)
            switch verdict {
            case .none: #expect(expected == nil, "\(text)")
            case .rule(let index, _): #expect(expected == index, "\(text)")
            }
        }
    }
}

/// A pattern that never ignores case holds its literals as written; `setsCaselessOption`
/// says where a pattern may ignore case, erring on the side of yes.
@Test func literalsKeepTheirCaseWhereThePatternDoes() {
    #expect(RequiredLiterals.extractAll(#"(?<class>[\w.$]+(?:Exception|Error))(?::|$)"#, keepingCase: true) == [["Error", "Exception"]])
    #expect(RequiredLiterals.extractAll(#"Connection Refused\."#, keepingCase: true) == [["Connection Refused."]])
    for (pattern, caseless) in [("(?i)x", true), ("a(?i:b)c", true), ("(?is)x", true), ("(?-i)x", true), (#"\(?i)"#, true),
                                ("(?<signal>x)", false), ("(?P<id>x)", false), ("(?s)x", false), ("(?:x)", false), ("plain", false)] {
        #expect(RequiredLiterals.setsCaselessOption(pattern) == caseless, "\(pattern)")
    }
}

/// Escapes that take an argument, and extended mode set anywhere, are not read as literal
/// text: through the prefilter, each of these rules still names the line its pattern
/// matches (each used to be tried never, its "literal" being absent from the line).
@Test(arguments: [
    (#"(?sx)Error code"#, "Errorcode 7"),          // extended mode after another option
    (#"(?i-x)x(?x: y z)"#, "xyz"),
    (#"foo\cAbar"#, "foo\u{01}bar"),               // \cA: a control character
    (#"(Err)-\g1ors"#, "Err-Errors"),              // \g1, \g-1: back references
    (#"(Err)-\g-1ors"#, "Err-Errors"),
    (#"code=\pLxyz"#, "code=Axyz"),                // \pL, \PL: one-letter properties
    (#"code=\PLxyz"#, "code=1xyz"),
    (#"code [\E]{2}] end"#, "code 2 end"),        // `\E` at a class's start: the `]` after it is a member
])
func escapesWithArgumentsAreNotLiterals(pattern: String, line: String) throws {
    let set = RuleSet(rules: try RuleFile.parse(yaml: "rules:\n  - {id: r, title: t, pattern: '\(pattern)', severity: low}\n", file: "r.yaml").rules)
    var bytes = Array(line.utf8)
    let (expected, verdict) = bytes.withUnsafeMutableBytes { raw in
        (PCRE2Matcher().matches(set.rules[0].pattern, in: UnsafeRawBufferPointer(raw)), set.classify(UnsafeRawBufferPointer(raw), matcher: PCRE2Matcher()))
    }
    #expect(expected)
    #expect(verdict == .rule(index: 0, split: []))
}
