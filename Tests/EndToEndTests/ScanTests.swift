import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// End-to-end: the built `lookout` binary on the fixtures, exact output and exit status.
@Suite(.serialized) struct ScanTests {
    @Test func sampleDigestIsExact() {
        let r = CLI.run(["scan", "Fixtures/sample/app.log"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout == """
            Read 1 source: 18 lines, 12 events, 1.5 KiB
            Time span: 2026-11-30T08:00:01.120Z to 2026-11-30T08:00:12.900Z (11s), timestamps on 12 of 18 lines
            Levels: error 2, warning 2, info 8

            source                   lines  events    bytes  first                     last                      levels                      notes
            Fixtures/sample/app.log     18      12  1.5 KiB  2026-11-30T08:00:01.120Z  2026-11-30T08:00:12.900Z  error 2, warning 2, info 8

            Anomalies: 2, by score (12 buckets of 1s, baseline: the run's own past)
              0.80  new  high  connection-refused/t962a0b2ba0ef
                    since 2026-11-30T08:00:07Z: not seen in the first 6 buckets of 1s (the run's baseline); 1 event since 2026-11-30T08:00:07Z
                    template connect to <*>:<*> failed: Connection refused  (rule connection-refused)
                    rate ▁▁▁▁▁▁█▁▁▁▁▁  per 1s, peak 1
                    e.g. Fixtures/sample/app.log:14: connect to db-1.internal:5432 failed: Connection refused
              0.50  new  low  t420f964d4d19
                    since 2026-11-30T08:00:08Z: not seen in the first 6 buckets of 1s (the run's baseline); 1 event since 2026-11-30T08:00:08Z
                    template retrying in <*> (attempt <*> of <*>)
                    rate ▁▁▁▁▁▁▁█▁▁▁▁  per 1s, peak 1
                    e.g. Fixtures/sample/app.log:15: retrying in 2000 ms (attempt 2 of 5)

            New signatures: 2
              high  connection-refused/t962a0b2ba0ef  connect to <*>:<*> failed: Connection refused
              low  t420f964d4d19  retrying in <*> (attempt <*> of <*>)

            Signatures: 8, by count
            count  severity  signature                                template
                4  info      te3955c35d1c4                            GET <*> in <*>
                2  info      ta413617bd78c                            POST <*> in <*>
                1  medium    connection-pool-exhausted/tfe16750a18ce  POST <*> failed
                1  high      connection-refused/t962a0b2ba0ef         connect to <*>:<*> failed: Connection ref…
                1  low       t420f964d4d19                            retrying in <*> (attempt <*> of <*>)
                1  low       t867f9098632e                            connection pool <*> used (<*> of <*>)
                1  info      tb251e3db4dd3                            listening on <*>:<*>
                1  info      teb82428cee1c                            reconnected to <*>:<*>

            Problems: none

            """)
    }

    /// The rotation set: every line once, oldest file first, the multi-member gzip whole.
    @Test func rotationSetIsReadOnceOldestFirst() {
        let r = CLI.run(["scan", "Fixtures/rotation"])
        #expect(r.status == 0)
        #expect(r.stdout == """
            Read 4 sources: 12 lines, 12 events, 552 B (469 B stored)
            Time span: 2026-11-26T10:00:00Z to 2026-11-29T10:02:00Z (3d 0h), timestamps on 12 of 12 lines
            Levels: error 3, warning 1, info 8

            source                          lines  events  bytes  first                 last                  levels                      notes
            Fixtures/rotation/app.log.3.gz      4       4  215 B  2026-11-26T10:00:00Z  2026-11-26T10:03:00Z  error 1, warning 1, info 2  gzip 174 B
            Fixtures/rotation/app.log.2.gz      3       3  121 B  2026-11-27T10:00:00Z  2026-11-27T10:02:00Z  error 1, info 2             gzip 79 B
            Fixtures/rotation/app.log.1         2       2   80 B  2026-11-28T10:00:00Z  2026-11-28T10:01:00Z  info 2
            Fixtures/rotation/app.log           3       3  136 B  2026-11-29T10:00:00Z  2026-11-29T10:02:00Z  error 1, info 2

            Rotation sets, read oldest first:
              Fixtures/rotation/app.log (4 files)

            Anomalies: 1, by score (865 buckets of 5m, baseline: the run's own past)
              0.65  new  medium  t9c37ddb2a5bb
                    since 2026-11-27T10:00:00Z: not seen in the first 216 buckets of 5m (the run's baseline); 7 events since 2026-11-27T10:00:00Z
                    template day <*> line <*>
                    rate ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁█▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▆▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▆  per 75m, peak 3
                    e.g. Fixtures/rotation/app.log.2.gz:1: day 27 line 1
                    e.g. Fixtures/rotation/app.log.2.gz:2: day 27 line 2

            New signatures: 1
              medium  t9c37ddb2a5bb  day <*> line <*>

            Signatures: 4, by count
            count  severity  signature      template
                7  medium    t9c37ddb2a5bb  day <*> line <*>
                2  medium    t3bb8b1119d85  day <*> first member line <*>
                2  low       te5b6647bf8c1  day <*> second member line <*>
                1  info      tbeed99aa2113  day <*> line <*> without newline

            Problems: none

            """)
    }

    /// Per-source line counts equal `wc -l` (plus one for a last line without newline)
    /// for plain files and `gzip -dc | wc -l` for gzip.
    @Test func lineCountsMatchWcAndGzip() throws {
        let (r, doc) = try CLI.json(["scan", "Fixtures/rotation", "Fixtures/formats", "Fixtures/sample"])
        #expect(r.status == 0)
        let sources = try #require((doc["input"] as? [String: Any])?["sources"] as? [[String: Any]])
        #expect(sources.count == 9)
        for s in sources {
            let path = try #require(s["path"] as? String)
            let lines = try #require(s["lines"] as? Int)
            let isGzip = (s["compression"] as? String) == "gzip"
            let cat = isGzip ? "gzip -dc '\(path)'" : "cat '\(path)'"
            let newlines = Int(CLI.shell("\(cat) | wc -l"))!
            let lastByte = CLI.shell("\(cat) | tail -c 1 | od -An -c").trimmingCharacters(in: .whitespaces)
            let unterminated = lastByte.isEmpty || lastByte == "\\n" ? 0 : 1
            #expect(lines == newlines + unterminated, "\(path)")
            let bytes = Int(CLI.shell("\(cat) | wc -c"))!
            #expect(s["bytes"] as? Int == bytes, "\(path)")
        }
    }

    @Test func truncatedGzipKeepsEarlierLinesAndExitsThree() throws {
        let r = CLI.run(["scan", "Fixtures/gzip/truncated.log.gz"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("Fixtures/gzip/truncated.log.gz (byte 3245): gzip stream truncated: the file ends inside a compressed member; the 389 lines before it were read."))
        let (_, doc) = try CLI.json(["scan", "Fixtures/gzip/truncated.log.gz"])
        let source = try #require(((doc["input"] as? [String: Any])?["sources"] as? [[String: Any]])?.first)
        let whole = Int(CLI.shell("gzip -dc Fixtures/gzip/truncated.log.gz 2>/dev/null | wc -l"))!
        #expect(source["lines"] as? Int == whole + 1)   // 388 whole lines and the partial 389th
        let errors = try #require(source["errors"] as? [[String: Any]])
        #expect(errors.count == 1 && errors[0]["offset"] as? Int == 3245)
    }

    /// Both gzip decoders give the byte-identical digest: ISA-L (the default where
    /// libisal.so.2 loads) and zlib (`LOOKOUT_INFLATE=zlib`), on the fixtures and on a
    /// multi-member file larger than the input buffer and the inflate thread's slots. The
    /// fuzz regressions are left out: damaged files, on which the two may stop at
    /// different bytes before the fault (README, "How input is read").
    @Test func bothGzipDecodersGiveTheSameDigest() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        _ = CLI.shell("for i in $(seq 400); do cat Fixtures/detect/incident.log; done | gzip -1 > '\(dir.file("big.log.gz"))' && for i in $(seq 300); do cat Fixtures/sample/app.log; done | gzip -9 >> '\(dir.file("big.log.gz"))'")
        for input in ["Fixtures", "Fixtures/gzip/truncated.log.gz", dir.file("big.log.gz")] {
            let args = ["scan", input, "--no-state", "--format", "json", "--exclude", "fuzz/regressions"]
            let isal = CLI.run(args)
            let zlib = CLI.run(args, environment: ["LOOKOUT_INFLATE": "zlib"])
            #expect(isal.status == zlib.status && isal.stderr == zlib.stderr, "\(input)")
            #expect(isal.stdout == zlib.stdout, "\(input)")
            #expect(isal.stdout.contains("\"compression\":\"gzip\"") || isal.stdout.contains("\"compression\": \"gzip\""), "\(input)")
        }
    }

    /// Signatures in scan are counted in one pass but named with the templates of all
    /// shapes: the same ids as the two-pass `classify`.
    @Test func scanSignaturesMatchClassify() throws {
        let (r, doc) = try CLI.json(["scan", "Fixtures/classify/sessions.log", "--rules", "Fixtures/classify/payments.yaml"])
        #expect(r.status == 0)
        let signatures = try #require(doc["signatures"] as? [[String: Any]])
        let classify = CLI.run(["classify", "Fixtures/classify/sessions.log", "--rules", "Fixtures/classify/payments.yaml"]).stdout
        var counts: [String: Int] = [:]
        for line in classify.split(separator: "\n") {
            let e = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            counts[e["signature"] as! String, default: 0] += 1
        }
        #expect(Dictionary(uniqueKeysWithValues: signatures.map { ($0["id"] as! String, $0["count"] as! Int) }) == counts)
        let first = signatures[0]
        #expect(first["id"] as? String == "tb78e705c4ca8" && first["count"] as? Int == 4)
        #expect(first["template"] as? String == "session opened for user <*> from <*>")
        #expect(first["rule"] is NSNull && first["severity"] as? String == "info")
        #expect(first["firstSeen"] as? String == "2026-11-30T08:00:00Z" && first["lastSeen"] as? String == "2026-11-30T08:00:08Z")
        #expect(first["examples"] as? [String] == [
            "Fixtures/classify/sessions.log:1: session opened for user alice from 10.0.0.1",
            "Fixtures/classify/sessions.log:2: session opened for user bob from 10.0.0.2",
            "Fixtures/classify/sessions.log:4: session opened for user carol from 10.0.0.3",
        ])
        let refused = try #require(signatures.first { $0["id"] as? String == "payment-gateway-refused:pay-7.internal" })
        #expect(refused["rule"] as? String == "payment-gateway-refused" && refused["severity"] as? String == "high")
    }

    @Test func jsonDigestHasTheDocumentedFields() throws {
        let (r, doc) = try CLI.json(["scan", "Fixtures/formats/json.log", "Fixtures/formats/no-timestamps.log"])
        #expect(r.status == 0)
        #expect(doc["schemaVersion"] as? Int == 1)
        let range = try #require(doc["timeRange"] as? [String: Any])
        #expect(range["start"] as? String == "2026-11-30T08:00:00Z")
        #expect(range["end"] as? String == "2026-11-30T08:00:03Z")
        #expect(range["basis"] as? String == "timestamps")
        let input = try #require(doc["input"] as? [String: Any])
        let sources = try #require(input["sources"] as? [[String: Any]])
        let keys: Set = ["path", "kind", "compression", "rotationSet", "lines", "bytes", "storedBytes", "events", "truncatedLines", "resumedLines", "resumedBytes",
                         "timestampedLines", "timeRange", "levels", "skipped", "errors", "notices"]
        for s in sources { #expect(Set(s.keys) == keys) }
        #expect(sources[0]["levels"] as? [String: Int] == ["error": 1, "warning": 1, "info": 2])
        #expect(sources[1]["timeRange"] is NSNull)
        let totals = try #require(input["totals"] as? [String: Any])
        #expect(totals["lines"] as? Int == 7 && totals["events"] as? Int == 7)
    }

    @Test func stdinIsReadWhenNoPathIsGiven() {
        let r = CLI.run(["scan"], stdin: Array("2026-11-30T08:00:00Z ERROR boom\nplain\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout.contains("Read 1 source: 2 lines, 2 events, 38 B"))
        #expect(r.stdout.contains("\n-           2       2   38 B  2026-11-30T08:00:00Z  2026-11-30T08:00:00Z  error 1  stdin; timestamps on 1 of 2 lines\n"))
        let dash = CLI.run(["scan", "-", "--format", "json"], stdin: Array("no timestamps here\n".utf8))
        #expect(dash.stdout.contains("\"basis\": \"arrival\""))
    }

    /// No input and stdin a terminal: a usage error, not a wait for typing. `script` gives
    /// lookout a pseudo-terminal as its stdin.
    @Test func noInputOnATerminalIsAUsageError() {
        let r = CLI.shellStatus("script -qec '\(CLI.binary) scan' /dev/null")
        #expect(r.status == 2)
        #expect(r.output.contains("no input: name files or directories, or pipe logs in"))
    }

    @Test func stdinIsNeverSkippedAsBinary() {
        let r = CLI.run(["scan", "--format", "json"], stdin: Array("a\u{0}b\nc\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"lines\": 2"))
        #expect(r.stdout.contains("\"skipped\": null"))
    }

    @Test func outputFileIsWritten() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let r = CLI.run(["scan", "Fixtures/sample/app.log", "--format", "json", "-o", dir.file("d.json")])
        #expect(r.status == 0 && r.stdout == "")
        let text = try String(contentsOfFile: dir.file("d.json"), encoding: .utf8)
        #expect(text.contains("\"schemaVersion\": 1"))
    }

    @Test(arguments: [
        (["scan", "--no-such-flag", "x"], "Unknown option '--no-such-flag'"),
        (["scan", "--format", "xml", "x"], "The value 'xml' is invalid for '--format <format>'"),
        (["scan", "--max-line-bytes", "0", "x"], "--max-line-bytes must be between 16"),
        (["scan", "--false-alarm-rate", "1.5", "x"], "--false-alarm-rate takes a probability between 0 and 1"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func usageErrorsExitTwo(args: [String], message: String) {
        let r = CLI.run(args)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout == "")
    }

    @Test func helpAndVersionExitZero() {
        let help = CLI.run(["scan", "--help"])
        #expect(help.status == 0 && help.stdout.contains("Examples:"))
        let version = CLI.run(["--version"])
        #expect(version.status == 0 && version.stdout == "0.1.0\n")
    }

    @Test func missingInputExitsThreeAndTheRestIsReported() {
        let r = CLI.run(["scan", "Fixtures/sample/app.log", "Fixtures/does-not-exist.log"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("Read 1 source: 18 lines"))
        #expect(r.stdout.contains("error   Fixtures/does-not-exist.log: cannot read: No such file or directory. Check the path."))
    }

    @Test func controlCharactersInNamesAreMadeVisible() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("evil\u{1B}[31mred\u{07}.log", Array("x\n".utf8))
        let r = CLI.run(["scan", dir.path])
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.stdout.contains("evil\\x1b[31mred\\x07.log"))
    }
}
