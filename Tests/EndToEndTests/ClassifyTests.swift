import Testing
import Foundation

/// End-to-end: `lookout classify` and `lookout rules` on fixtures.
@Suite(.serialized) struct ClassifyTests {
    func events(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func outputIsExact() {
        let r = CLI.run(["classify", "Fixtures/classify/sessions.log", "--rules", "Fixtures/classify/payments.yaml"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 10)
        #expect(lines[0] == #"{"source":"Fixtures/classify/sessions.log","line":1,"lines":1,"time":"2026-11-30T08:00:00Z","level":"info","signature":"tb78e705c4ca8","rule":null,"template":"session opened for user <*> from <*>"}"#)
        #expect(lines[2] == #"{"source":"Fixtures/classify/sessions.log","line":3,"lines":1,"time":"2026-11-30T08:00:02Z","level":"info","signature":"tdb36209da1ab","rule":null,"template":"session closed for user <*>"}"#)
        #expect(lines[5] == #"{"source":"Fixtures/classify/sessions.log","line":6,"lines":1,"time":"2026-11-30T08:00:05Z","level":"error","signature":"payment-gateway-refused:pay-3.internal","rule":"payment-gateway-refused","template":"payment gateway refused connection to <*>:<*>"}"#)
        #expect(lines[7] == #"{"source":"Fixtures/classify/sessions.log","line":8,"lines":1,"time":"2026-11-30T08:00:07Z","level":"error","signature":"disk-full/t6fab28adaf02","rule":"disk-full","template":"write <*> failed: No space left on device"}"#)
    }

    /// When the held lines cannot be written (here a file-size limit stands in for a full
    /// disk: writes past it fail with EFBIG, SIGXFSZ ignored), classify exits 2 saying where
    /// and what to do, on one thread and in segments. (It also stops reading then: on the
    /// 2 M-line benchmark corpus such a run took 0.04–0.09 s, where reading it all takes 1.9.)
    @Test func aFullTemporaryDirectoryStopsTheRunWithAClearError() throws {
        // A sanitizer's runtime cannot start under this file-size limit (ThreadSanitizer dies
        // of SIGBUS before `main`, `lookout --version` too): checked without one.
        guard !CLI.underSanitizer else { return }
        let scratch = try Scratch()
        let log = scratch.file("big.log")
        let text = (0..<50_000).map { "2026-11-30T08:00:00Z INFO request \($0) served\n" }.joined()
        try text.write(toFile: log, atomically: true, encoding: .utf8)
        // A binary file read before it: its notice is still given, whichever way the run went.
        try scratch.write("a.bin", [0x61, 0, 0x62, 0x0A])
        for jobs in ["1", "2"] {
            let r = CLI.run(["classify", "--jobs", jobs, scratch.file("a.bin"), log],
                            prefix: ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\""],
                            environment: ["LOOKOUT_SEGMENT_BYTES": "65536"])
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("cannot write a temporary file in"), "\(r.stderr)")
            #expect(r.stderr.contains("File too large") && r.stderr.contains("set TMPDIR"))
            #expect(r.stderr.contains("a.bin (byte 1): binary file skipped"), "jobs \(jobs): \(r.stderr)")
        }
    }

    /// The held lines' file has its space reserved ahead of the writes and given back
    /// behind the replay's reads (`HeldSpace`); with steps of 8 KiB, a 30,000-line input
    /// reserves and gives back many times over, on one thread and in segments, and every
    /// line comes back whole and in order, as a stream (which holds nothing) writes it.
    @Test func heldLinesComeBackWholeWhileTheirSpaceIsGivenBack() throws {
        let scratch = try Scratch()
        let log = scratch.file("app.log")
        let text = (1...30_000).map { "2026-11-30T08:\(String(format: "%02d", $0 / 1000 % 60)):00Z INFO request \($0) served in \($0 % 97) ms\n" }.joined()
        try text.write(toFile: log, atomically: true, encoding: .utf8)
        let streamed = CLI.run(["classify"], stdin: Array(text.utf8))
        #expect(streamed.status == 0)
        let expected = streamed.stdout.replacingOccurrences(of: #"{"source":"-","#, with: #"{"source":"\#(log)","#)
        #expect(expected.split(separator: "\n").count == 30_000)
        for jobs in ["1", "2"] {
            let r = CLI.run(["classify", "--jobs", jobs, log],
                            environment: ["LOOKOUT_HELD_STEP_BYTES": "8192", "LOOKOUT_SEGMENT_BYTES": "65536"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == expected, "jobs \(jobs)")
        }
    }

    /// Split-by values go through the held lines as they are: an optional group that did
    /// not take part gives an empty value (`opt-host:`, not the rule's template signature),
    /// and values with commas stay whole. A stream, which holds nothing, says the same.
    @Test func splitByValuesComeBackFromTheHeldLinesAsTheyWere() throws {
        let scratch = try Scratch()
        try """
            rules:
              - id: opt-host
                title: Refused, with or without a host
                pattern: 'refused connection(?: to (?<host>[\\w.,-]+))?'
                severity: high
                split-by: [host]
                examples: ["ERROR refused connection to a.example"]
                counterexamples: ["INFO connection accepted"]
            """.write(toFile: scratch.file("rules.yaml"), atomically: true, encoding: .utf8)
        let text = "2026-11-30T08:00:00Z ERROR refused connection\n2026-11-30T08:00:01Z ERROR refused connection to a.example,b.example\n"
        try text.write(toFile: scratch.file("app.log"), atomically: true, encoding: .utf8)
        let expected = ["opt-host:", "opt-host:a.example,b.example"]
        for jobs in ["1", "2"] {
            let r = CLI.run(["classify", "--jobs", jobs, "--rules", scratch.file("rules.yaml"), scratch.file("app.log")])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try events(r.stdout).map { $0["signature"] as? String ?? "" } == expected)
        }
        let streamed = CLI.run(["classify", "--rules", scratch.file("rules.yaml")], stdin: Array(text.utf8))
        #expect(try events(streamed.stdout).map { $0["signature"] as? String ?? "" } == expected)
    }

    /// The same lines in reverse order, and a second run: the same signature for each message.
    @Test func signaturesAreStableAcrossOrderAndRuns() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let reversed = CLI.shell("tac Fixtures/classify/sessions.log")
        try dir.write("reversed.log", Array((reversed + "\n").utf8))
        let forward = try events(CLI.run(["classify", "Fixtures/classify/sessions.log"]).stdout)
        let again = try events(CLI.run(["classify", "Fixtures/classify/sessions.log"]).stdout)
        let backward = try events(CLI.run(["classify", dir.file("reversed.log")]).stdout)
        #expect(forward.count == 10 && backward.count == 10)
        for (i, e) in forward.enumerated() {
            #expect(e["signature"] as? String == again[i]["signature"] as? String)
            #expect(e["signature"] as? String == backward[9 - i]["signature"] as? String, "line \(i + 1)")
            #expect(e["template"] as? String == backward[9 - i]["template"] as? String)
        }
    }

    @Test func multiLineEventsAreOneObject() throws {
        let out = try events(CLI.run(["classify", "Fixtures/sample/app.log"]).stdout)
        #expect(out.count == 12)
        #expect(out[5]["line"] as? Int == 6 && out[5]["lines"] as? Int == 7)
        #expect(out.reduce(0) { $0 + ($1["lines"] as? Int ?? 0) } == 18)
    }

    /// Line numbers are written two digits at a time: every count of digits up to five, odd
    /// and even, and the powers of ten come out as the numbers they are (from a file and from
    /// stdin, which write them on different paths).
    @Test func lineNumbersOfEveryWidthAreWrittenExactly() throws {
        let text = (1...12_345).map { "2026-11-30T08:00:00Z INFO job \($0) finished" }.joined(separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-numbers-\(UUID().uuidString).log").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for r in [CLI.run(["classify", path]), CLI.run(["classify"], stdin: Array(text.utf8))] {
            #expect(r.status == 0)
            let numbers = try events(r.stdout).map { $0["line"] as? Int }
            #expect(numbers == (1...12_345).map { $0 })
        }
    }

    /// A time of the same day as the event before it has only its clock rewritten: with and
    /// without milliseconds (three digits, leading zeros kept), across midnight, and back to a
    /// day seen before; from a file and from stdin.
    @Test func timesOfOneDayAreWrittenExactly() throws {
        let times = ["2026-11-30T23:59:58.100Z", "2026-11-30T23:59:58.005Z", "2026-11-30T23:59:59Z", "2026-11-30T23:59:59.999Z",
                     "2026-12-01T00:00:00Z", "2026-12-01T00:00:00.010Z", "2026-12-01T09:05:07.200Z", "2026-11-30T01:02:03.004Z"]
        let text = times.map { "\($0) INFO job finished\n" }.joined()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-times-\(UUID().uuidString).log").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for r in [CLI.run(["classify", path]), CLI.run(["classify"], stdin: Array(text.utf8))] {
            #expect(r.status == 0)
            #expect(try events(r.stdout).map { $0["time"] as? String } == times)
        }
    }

    /// The replay keeps rule-named lines' tails per rule and shape for the first 4,096 shapes,
    /// and looks up the others another way: both give the tail of the template the shape has
    /// among all of them (here one template for 5,000 shapes, each line a word pair of its own).
    @Test func ruleNamedLinesOfManyShapesGetTheirTemplatesTail() throws {
        var generator = SplitMix(seed: 7)
        func word() -> String {
            var letters: [UInt8] = []
            for _ in 0..<8 { letters.append(UInt8(97 + generator.next() % 26)) }
            return String(decoding: letters, as: UTF8.self)
        }
        var text = ""
        for _ in 0..<5_000 { text += "2026-11-30T08:00:00Z ERROR connection refused by \(word()) \(word())\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-shapes-\(UUID().uuidString).log").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try events(CLI.run(["classify", path]).stdout)
        #expect(out.count == 5_000)
        #expect(Set(out.map { "\($0["rule"] ?? "-") \($0["signature"] ?? "-") \($0["template"] ?? "-")" }).count == 1)
        #expect(out.first?["rule"] as? String == "connection-refused")
    }

    @Test func stdinIsClassifiedInOnePass() throws {
        let text = (1...6).map { "2026-11-30T08:00:0\($0)Z INFO job \($0) finished in \($0 * 10) ms" }.joined(separator: "\n")
        let r = CLI.run(["classify"], stdin: Array(text.utf8))
        let out = try events(r.stdout)
        #expect(out.count == 6)
        #expect(Set(out.compactMap { $0["signature"] as? String }).count == 1)
        #expect(out.allSatisfy { $0["source"] as? String == "-" })
    }

    /// A file's lines are held until every shape is known: every event of a family gets
    /// the template of all of them, the first ones too. A stream (stdin, or a named pipe,
    /// which may never end) gives its first events the templates known when they came.
    @Test func aFileWaitsForAllItsShapesAndAStreamDoesNot() throws {
        let names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
                     "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yolanda"]
        let text = names.enumerated().map { "2026-11-30T08:00:\($0.offset + 10)Z INFO session opened for user \($0.element)\n" }.joined()
        let scratch = try Scratch()
        try text.write(toFile: scratch.file("plain.log"), atomically: true, encoding: .utf8)
        let fifo = scratch.file("pipe.log")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {   // blocks until lookout opens the pipe
            guard let h = FileHandle(forWritingAtPath: fifo) else { return }
            h.write(Data(text.utf8))
            try? h.close()
        }
        writer.start()
        let piped = CLI.run(["classify", fifo], timeout: 30)
        let filed = CLI.run(["classify", scratch.file("plain.log")])
        let streamed = CLI.run(["classify"], stdin: Array(text.utf8))
        #expect(piped.status == 0 && filed.status == 0 && streamed.status == 0)
        let fromFile = try events(filed.stdout)
        #expect(fromFile.count == 20)
        #expect(Set(fromFile.map { $0["template"] as? String ?? "" }) == ["session opened for user <*>"])
        let fromStdin = try events(streamed.stdout).map { $0["template"] as? String ?? "" }
        // The 16th shape rebuilds the stream's templates (at 16, 32, 64, … shapes).
        #expect(fromStdin.first == "session opened for user alice" && fromStdin[15] == "session opened for user <*>")
        #expect(try events(piped.stdout).map { $0["template"] as? String ?? "" } == fromStdin)
    }

    /// The held lines need a temporary directory: when it cannot be written, classify
    /// stops with status 2 and says where and what to do, before it writes anything.
    @Test func anUnwritableTemporaryDirectoryIsAClearError() {
        let r = CLI.run(["classify", "Fixtures/sample/app.log"], environment: ["TMPDIR": "/nonexistent/lookout-tmp"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("cannot create a temporary file in /nonexistent/lookout-tmp: No such file or directory"))
        #expect(r.stderr.contains("set TMPDIR"))
    }

    @Test func overflowBeyondTheTemplateCapIsCountedNotDropped() throws {
        let out = try events(CLI.run(["classify", "Fixtures/classify/sessions.log", "--max-templates", "1", "--no-default-rules"]).stdout)
        // The cap counts distinct shapes (user names are still literal in them): only the
        // first line's shape fits; the other nine events are counted under `overflow`.
        #expect(out.count == 10)
        #expect(out.filter { $0["signature"] as? String == "overflow" }.count == 9)
        #expect(out[0]["signature"] as? String != "overflow")
    }

    /// A catastrophic pattern over 1 MB lines: stopped by PCRE2's limits, reported once with
    /// the rule's id and the number of events, and the run goes on.
    @Test func aCatastrophicRuleIsStoppedAndReportedOnce() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let line = String(repeating: "word ", count: 200_000) + "!"
        try dir.write("long.log", Array((line + "\n" + line + "\nshort line\n").utf8))
        let r = CLI.run(["classify", dir.file("long.log"), "--rules", "Fixtures/classify/catastrophic.yaml", "--no-default-rules",
                         "--max-line-bytes", "2000000"], timeout: 60)
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 3)
        // Which limit stops it (backtracking steps or the JIT's stack) depends on the line; one message either way.
        #expect(r.stderr.hasPrefix("lookout: rule `catastrophic` (Fixtures/classify/catastrophic.yaml:4) hit a PCRE2 limit on 2 event(s) ("))
        #expect(r.stderr.hasSuffix("); they were classified as if it did not match. Simplify its pattern.\n"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func aBadPatternExitsTwoNamingFileLineAndOffset() {
        let r = CLI.run(["classify", "Fixtures/classify/sessions.log", "--rules", "Fixtures/classify/bad-pattern.yaml"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == "lookout: Fixtures/classify/bad-pattern.yaml:5: bad pattern: missing closing parenthesis at offset 15 of `unclosed (group`.\n")
    }

    @Test func aFailingExampleExitsTwo() {
        let r = CLI.run(["rules", "test", "Fixtures/classify/failing-example.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr == "lookout: Fixtures/classify/failing-example.yaml:3: rule `disk-full-typo`: example does not match: write failed: No space left on device\n")
    }

    @Test func aMissingRuleFileExitsTwo() {
        let r = CLI.run(["classify", "Fixtures/classify/sessions.log", "--rules", "Fixtures/classify/none.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Fixtures/classify/none.yaml: cannot read the rule file: No such file or directory."))
    }

    /// CI checks the built-in pack: every example matches, no counterexample does.
    @Test func theBuiltInPackPassesItsOwnTests() throws {
        let r = CLI.run(["rules", "test"], environment: ["XDG_CONFIG_HOME": "/nonexistent"])
        #expect(r.status == 0, "\(r.stderr)")
        let counts = r.stdout.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(counts.count == 3)
        #expect(counts[0] >= 40)                 // rules
        #expect(counts[1] >= 2 * counts[0])      // examples: two per rule at least
        #expect(counts[2] >= counts[0])          // counterexamples: one per rule at least
    }

    @Test func rulesListShowsPrecedence() {
        let r = CLI.run(["rules", "list", "--rules", "Fixtures/classify/payments.yaml"], environment: ["XDG_CONFIG_HOME": "/nonexistent"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines[1].hasPrefix("payment-gateway-refused "))
        #expect(lines[1].hasSuffix("Fixtures/classify/payments.yaml:3"))
        #expect(lines.last?.hasSuffix("0 tried on every event (no literal to prefilter on)") == true)
    }

    @Test func configDirectoryRulesAreLoaded() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("lookout/rules/payments.yaml", Array(try String(contentsOfFile: CLI.root + "/Fixtures/classify/payments.yaml", encoding: .utf8).utf8))
        let r = CLI.run(["classify", "Fixtures/classify/sessions.log"], environment: ["XDG_CONFIG_HOME": dir.path])
        #expect(r.stdout.contains("\"signature\":\"payment-gateway-refused:pay-7.internal\""))
    }

    /// The config directory's rules and the built-in ones are loaded from the start of a run
    /// that names no rules (`DefaultRules`), beside the parsing of its command line; a bad
    /// file there stops it as it stops a run that loads them after (with `--rules`).
    @Test func aBadConfigDirectoryRuleFileStopsTheRunLoadedEarlyOrLate() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("lookout/rules/bad.yaml", Array("rules:\n  - id: x\n    title: t\n    pattern: 'unclosed ('\n    severity: low\n".utf8))
        let env = ["XDG_CONFIG_HOME": dir.path]
        let early = CLI.run(["classify", "Fixtures/classify/sessions.log"], environment: env)
        #expect(early.status == 2 && early.stdout.isEmpty, "\(early.stderr)")
        #expect(early.stderr.contains("lookout/rules/bad.yaml:4: bad pattern: missing closing parenthesis"), "\(early.stderr)")
        let late = CLI.run(["classify", "Fixtures/classify/sessions.log", "--rules", "Fixtures/classify/payments.yaml"], environment: env)
        #expect(late.status == 2 && late.stderr == early.stderr, "\(late.stderr)")
        let none = CLI.run(["classify", "Fixtures/classify/sessions.log", "--no-default-rules"], environment: env)
        #expect(none.status == 0, "\(none.stderr)")
    }
}
