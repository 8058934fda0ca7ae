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
