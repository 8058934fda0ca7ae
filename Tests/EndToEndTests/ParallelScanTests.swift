import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// End-to-end: reading a directory's files on several threads (`--jobs`) gives exactly the
/// digest one thread gives — byte for byte — and falls back to one thread where it could not.
///
/// The directory is built so that an unfaithful merge shows:
/// - `a.log` is planned first and small, `z.log` planned last and the largest (the queue
///   hands out the largest first, so `z.log` is read first): both hold the shared signatures,
///   with other values, so examples, first ids and first/last seen depend on planned order;
/// - `user <name> logged in` takes six names, two in each of three files: only all the
///   shapes together make the column variable (one template), none of the files alone;
/// - `z.log` spans three days (its worker's series axis coarsens to 5-minute buckets),
///   `a.log` ten minutes (1-second buckets): the merge must rescale one to the other;
/// - `notime.log` has no timestamps (signatures without series, before ones with series);
/// - `svc.log`, `svc.log.1`, `svc.log.2.gz` are a rotation set, read oldest first.
@Suite(.serialized) struct ParallelScanTests {
    static func line(_ t: Int, _ text: String) -> String {
        let day = 1 + t / 86_400
        return String(format: "2026-11-%02dT%02d:%02d:%02dZ ", day, t / 3600 % 24, t / 60 % 60, t % 60) + text
    }

    func makeDirectory(_ dir: Scratch) throws -> String {
        let logs = dir.file("logs")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        func write(_ name: String, _ lines: [String]) throws {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: logs + "/" + name))
        }
        // Planned first, small, ten minutes of 2026-11-02.
        try write("a.log", (0..<60).map { i in
            let t = 86_400 + 36_000 + i * 10
            switch i % 4 {
            case 0: return Self.line(t, "ERROR gateway refused connection to pay-\(i % 3).internal:443")
            case 1: return Self.line(t, "INFO user \(["alice", "dave"][i / 4 % 2]) logged in from 10.0.0.\(i)")
            case 2: return Self.line(t, "WARN cache miss for key session-\(i)")
            default: return Self.line(t, "ERROR java.lang.IllegalStateException: pool exhausted after \(i) ms")
            }
        })
        try write("b.log", (0..<40).map { i in Self.line(86_400 + 40_000 + i, "INFO user \(["bob", "erin"][i % 2]) logged in from 10.0.1.\(i)") }
                  + [Self.line(86_400 + 40_100, "ERROR disk full on /var/lib/data")])
        try write("notime.log", (0..<30).map { i in i % 2 == 0 ? "starting worker \(i)" : "worker \(i) ready after warmup" })
        try write("svc.log.1", (0..<50).map { i in Self.line(86_400 + 50_000 + i * 60, "INFO svc heartbeat \(i) ok") })
        try write("svc.log", (0..<50).map { i in Self.line(86_400 + 53_000 + i * 60, "INFO svc heartbeat \(i) ok") }
                  + [Self.line(86_400 + 56_000, "ERROR svc lost connection to broker-7: connection reset by peer")])
        try write("svc.log.2", (0..<50).map { i in Self.line(86_400 + 47_000 + i * 60, "INFO svc heartbeat \(i) ok") })
        _ = CLI.shell("gzip -n '\(logs)/svc.log.2'")
        // Planned last, the largest: three days, earlier and later than everything else.
        try write("z.log", (0..<3000).map { i in
            let t = i * 86      // 2026-11-01 to 2026-11-03
            switch i % 5 {
            case 0: return Self.line(t, "ERROR gateway refused connection to pay-\(i % 5 + 3).internal:443")
            case 1: return Self.line(t, "INFO user \(["carol", "frank"][i / 5 % 2]) logged in from 10.0.2.\(i % 250)")
            case 2: return Self.line(t, "WARN cache miss for key session-\(i)")
            case 3: return Self.line(t, "ERROR java.lang.IllegalStateException: pool exhausted after \(i) ms")
            default: return Self.line(t, "INFO request \(i) served in \(i % 97) ms")
            }
        })
        return logs
    }

    func scan(_ args: [String], jobs: Int) -> CLI.Result {
        CLI.run(["scan", "--no-state", "--format", "json", "--jobs", String(jobs)] + args, environment: ["LOOKOUT_TRACE_JOBS": "1"])
    }

    @Test(arguments: [[], ["--bucket", "7m"], ["--rules", "Fixtures/classify/payments.yaml"], ["--since", "2026-11-02T00:00:00Z"]])
    func aDirectoryReadInParallelGivesTheSequentialDigest(extra: [String]) throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let logs = try makeDirectory(dir)
        let one = scan([logs] + extra, jobs: 1)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stderr.contains("jobs: read on one thread: one job"))
        for jobs in [2, 3] {
            let many = scan([logs] + extra, jobs: jobs)
            #expect(many.status == 0, "\(many.stderr)")
            #expect(many.stderr.contains("jobs: read 7 sources on \(jobs) threads"), "\(many.stderr)")
            #expect(many.stdout == one.stdout, "--jobs \(jobs) differs from --jobs 1")
        }
        // The digest is the one expected, not merely the same twice.
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        let signatures = try #require(doc["signatures"] as? [[String: Any]])
        let sources = try #require((doc["input"] as? [String: Any])?["sources"] as? [[String: Any]])
        #expect(sources.map { ($0["path"] as? String ?? "").split(separator: "/").last.map(String.init) ?? "" }
                == ["a.log", "b.log", "notime.log", "svc.log.2.gz", "svc.log.1", "svc.log", "z.log"])
        let users = signatures.filter { ($0["template"] as? String)?.hasPrefix("user <*> logged in") == true }
        #expect(users.count == 1, "one template for the six users: \(signatures.map { $0["template"] ?? "" })")
        if extra.isEmpty {
            #expect(users.first?["count"] as? Int == 15 + 40 + 600)
            let cache = try #require(signatures.first { ($0["template"] as? String)?.hasPrefix("cache miss") == true })
            let examples = try #require(cache["examples"] as? [String])
            #expect(examples.first?.contains("/a.log:3:") == true, "examples come from the first file planned: \(examples)")
            #expect(cache["firstSeen"] as? String == "2026-11-01T00:02:52Z")   // z.log's line 3
        }
    }

    @Test func whatCannotBeMergedIdenticallyIsReadOnOneThread() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let logs = try makeDirectory(dir)
        // Fewer template slots than shapes: which shapes overflow depends on the order of events.
        let capped = scan([logs, "--max-templates", "5"], jobs: 2)
        #expect(capped.stderr.contains("jobs: read on one thread: more shapes than --max-templates"), "\(capped.stderr)")
        #expect(capped.stdout == scan([logs, "--max-templates", "5"], jobs: 1).stdout)
        #expect(capped.stdout.contains("\"overflow\""))
        let single = scan([logs + "/z.log"], jobs: 2)   // one file is read in segments instead (SegmentedScanTests)
        #expect(single.stderr.contains("jobs: read 1 source in 1 segments on 2 threads"), "\(single.stderr)")
        #expect(single.stdout == scan([logs + "/z.log"], jobs: 1).stdout)
        let piped = CLI.run(["scan", "--no-state", "--jobs", "2", "-", logs + "/a.log"], stdin: Array("hello\n".utf8),
                            environment: ["LOOKOUT_TRACE_JOBS": "1"])
        #expect(piped.stderr.contains("jobs: read on one thread: stdin"), "\(piped.stderr)")
        let fifo = dir.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread { if let h = FileHandle(forWritingAtPath: fifo) { h.write(Data("hello\n".utf8)); try? h.close() } }
        writer.start()
        let withFIFO = scan([fifo, logs + "/a.log"], jobs: 2)
        #expect(withFIFO.stderr.contains("jobs: read on one thread: a FIFO or device among the inputs"), "\(withFIFO.stderr)")
    }

    @Test func aBaselineMadeInParallelIsTheSequentialOne() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let logs = try makeDirectory(dir)
        func baseline(_ jobs: Int) throws -> String {
            let out = dir.file("baseline-\(jobs).json")
            let r = CLI.run(["baseline", logs, "-o", out, "--jobs", String(jobs)])
            #expect(r.status == 0, "\(r.stderr)")
            // `created` is the clock's; everything else comes from the logs.
            return try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").filter { !$0.contains("\"created\"") }.joined(separator: "\n")
        }
        let one = try baseline(1)
        #expect(one.contains("user <*> logged in"))
        #expect(try baseline(2) == one)
    }

    /// Nightly runs with a state database: checkpoints resume the same way, and the second
    /// night's digest (judged against the first's history) is the same, on one thread or two.
    @Test func nightlyRunsWithStateAreTheSameInParallel() throws {
        let (digests, rows) = try nightlyScans(nights: 3, environment: ["LOOKOUT_TRACE_JOBS": "1"], twoThreadTrace: "on 2 threads",
                                               query: "SELECT path, offset, lines FROM checkpoints ORDER BY path; SELECT signature, count FROM counts ORDER BY 1, 2",
                                               input: makeDirectory) { night, logs in
            if night == 1 {   // the logs grow
                _ = CLI.shell("cd '\(logs)' && for f in a.log b.log z.log; do tail -5 $f | sed 's/2026-11-0/2026-11-1/' >> $f; done")
            }
            if night == 2 {   // and rotate: svc.log.1 is compressed away, svc.log renamed, a new one begins
                // (created before gzip deletes a file, so it cannot reuse a known inode, which would add a notice)
                _ = CLI.shell("cd '\(logs)' && mv svc.log.1 svc.log.3 && mv svc.log svc.log.1 && cp a.log svc.log && gzip -n svc.log.3")
            }
        }
        // The digests name the scratch directory, which differs between the two runs: taken out.
        #expect(digests[1]! == digests[2]!)
        #expect(rows[1]! == rows[2]!)
        #expect(digests[1]![1].contains("\"resumedLines\": 60"), "a.log resumes where the first night stopped")
        #expect(digests[1]![2].contains("\"resumedLines\": 3005"), "z.log resumes where the second night stopped")
    }

    /// SIGINT while several files are being read: the digest still comes, and accounts for
    /// every line read (lines in sources = lines in events, nothing counted twice).
    @Test func aSignalDuringAParallelReadStillGivesTheDigest() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        for name in ["one.log", "two.log", "three.log"] {
            _ = CLI.shell("awk 'BEGIN { for (i = 0; i < 400000; i++) printf \"2026-11-30T%02d:%02d:%02dZ ERROR job %d failed: timeout after %d ms\\n\", i / 3600 % 24, i / 60 % 60, i % 60, i, i % 1000 }' > '\(dir.file(name))'")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["scan", "--no-state", "--format", "json", "--jobs", "2", dir.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        #expect(CLI.waitUntilReading(pid: process.processIdentifier, path: dir.file("one.log"))
                || CLI.waitUntilReading(pid: process.processIdentifier, path: dir.file("three.log")))
        kill(process.processIdentifier, SIGINT)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let input = try #require(doc["input"] as? [String: Any])
        let sources = try #require(input["sources"] as? [[String: Any]])
        let lines = sources.reduce(0) { $0 + ($1["lines"] as? Int ?? 0) }
        let events = sources.reduce(0) { $0 + ($1["events"] as? Int ?? 0) }
        let counted = (doc["signatures"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
        #expect(lines > 0 && lines == events && events == counted, "lines \(lines), events \(events), counted \(counted)")
        let problems = try #require(input["problems"] as? [[String: Any]])
        #expect(problems.contains { ($0["message"] as? String)?.hasPrefix("interrupted (SIGINT or SIGTERM)") == true })
    }

    @Test func jobsIsValidated() {
        let r = CLI.run(["scan", "--no-state", "--jobs", "0", "Fixtures/sample/app.log"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--jobs must be between 1 and 256"))
    }
}
