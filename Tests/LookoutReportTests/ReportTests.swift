import Testing
import Foundation
import LookoutCore
@testable import LookoutReport

@Test func controlSequencesBecomeVisible() {
    #expect(TerminalText.sanitize("red \u{1B}[31mALERT\u{1B}[0m bell\u{07}") == "red \\x1b[31mALERT\\x1b[0m bell\\x07")
    #expect(TerminalText.sanitize("c1 \u{9B}31m") == "c1 \\x9b31m")
    #expect(TerminalText.sanitize("tab\there") == "tab here")
    #expect(TerminalText.sanitize("abcdef", limit: 3) == "abc…")
    #expect(TerminalText.sanitize("/a/very/long/path/file.log", keepingEnd: 9) == "…file.log")
    #expect(TerminalText.sanitize(String(decoding: [0x61, 0xFF, 0x62] as [UInt8], as: UTF8.self)) == "a\u{FFFD}b")
}

@Test func jsonStringsAreEscaped() throws {
    let value = JSONValue.object([("s", .string("q\" b\\ nl\n c\u{01} del\u{7F} é"))])
    let text = value.rendered()
    #expect(text == #"{"s":"q\" b\\ nl\n c\u0001 del\u007f é"}"#)
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
    #expect(parsed?["s"] == "q\" b\\ nl\n c\u{01} del\u{7F} é")
}

@Test func sizesAndDurations() {
    #expect(Formatting.bytes(0) == "0 B")
    #expect(Formatting.bytes(1023) == "1023 B")
    #expect(Formatting.bytes(1536) == "1.5 KiB")
    #expect(Formatting.bytes(1 << 30) == "1.0 GiB")
    #expect(Formatting.duration(milliseconds: 0) == "0s")
    #expect(Formatting.duration(milliseconds: 61_000) == "1m 1s")
    #expect(Formatting.duration(milliseconds: 90_061_000) == "1d 1h")
    // Figures from a hand-made baseline can be anything: never a trap.
    #expect(Formatting.figure(1e300) == "1e+300" && Formatting.figure(.nan) == "?" && Formatting.figure(-2.45) == "-2.5")
    #expect(Formatting.oneDecimal(.infinity) == "?" && Formatting.twoDecimals(1e20) == "1e+20")
}

func report(_ path: String, lines: Int, problems: [InputProblem] = []) -> SourceReport {
    var r = SourceReport(path: path, kind: .file)
    r.lines = lines
    r.bytes = Int64(lines * 10)
    r.storedBytes = r.bytes
    r.tally.events = lines
    r.tally.timestampedLines = lines
    r.tally.firstTime = Timestamp(year: 2026, month: 11, day: 30)
    r.tally.lastTime = Timestamp(year: 2026, month: 11, day: 30, hour: 1)
    r.tally.levelCounts[Level.error.rawValue] = 1
    r.problems = problems
    return r
}

@Test func problemsAreListedWithTheirSeverity() {
    let bad = InputProblem(.error, source: "b.gz", offset: 10, "gzip stream truncated.")
    let loop = InputProblem(.notice, source: "loop", "symbolic-link loop; not followed.")
    let summary = InputSummary(sources: [report("a.log", lines: 3), report("b.gz", lines: 2, problems: [bad])], planProblems: [loop])
    #expect(summary.hasErrors)
    let text = TextDigest(color: false).render(Digest(input: summary))
    #expect(text.hasPrefix("Read 2 sources: 5 lines, 5 events, 50 B\n"))
    #expect(text.contains("Time span: 2026-11-30T00:00:00Z to 2026-11-30T01:00:00Z (1h 0m), timestamps on 5 of 5 lines\n"))
    #expect(text.hasSuffix("Problems (2):\n  notice  loop: symbolic-link loop; not followed.\n  error   b.gz (byte 10): gzip stream truncated.\n"))
}

@Test func aCleanRunSaysSo() {
    let summary = InputSummary(sources: [report("a.log", lines: 3)], planProblems: [])
    #expect(!summary.hasErrors)
    #expect(TextDigest(color: false).render(Digest(input: summary)).hasSuffix("\nProblems: none\n"))
    #expect(!TextDigest(color: false).render(Digest(input: summary)).contains("\u{1B}"))
    #expect(TextDigest(color: true).render(Digest(input: summary)).contains("\u{1B}[1m"))
}

@Test func jsonDigestCarriesTotalsAndProblems() throws {
    let bad = InputProblem(.error, source: "b.gz", offset: 10, "gzip stream truncated.")
    let summary = InputSummary(sources: [report("a.log", lines: 3), report("b.gz", lines: 2, problems: [bad])], planProblems: [])
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(JSONDigest.render(Digest(input: summary)).utf8)) as? [String: Any])
    let input = try #require(doc["input"] as? [String: Any])
    let totals = try #require(input["totals"] as? [String: Any])
    #expect(totals["lines"] as? Int == 5 && totals["sources"] as? Int == 2)
    let sources = try #require(input["sources"] as? [[String: Any]])
    #expect((sources[1]["errors"] as? [[String: Any]])?.first?["offset"] as? Int == 10)
    #expect((doc["timeRange"] as? [String: Any])?["basis"] as? String == "timestamps")
}
