import Testing
import Foundation

/// End-to-end: one file read on two threads in segments (`SegmentedScan`, `SegmentedClassify`)
/// gives exactly the digest (or the lines) one thread gives, byte for byte, and falls back to
/// one thread where it could not.
///
/// The file (about 3 MB, so it is cut into segments of about 1 MB) is built so that an
/// unfaithful cut or merge shows:
/// - Java stack traces (`\tat` lines, `Caused by:`) every few lines, so cuts fall next to
///   them and a trace cut off its event would change counts and templates;
/// - lines without a timestamp, which take the time of the line before;
/// - forwarded syslog lines without a year among dated lines (`YearInference`);
/// - `user <name> logged in` whose names change from one segment to the next: only the
///   shapes of every segment together make the column a variable;
/// - three days of times, so each worker's series axis coarsens on its own.
@Suite(.serialized) struct SegmentedScanTests {
    /// Segments of 1 MiB (not the default 2 MiB), so that a 3.5 MB file has a middle one.
    static let environment = ["LOOKOUT_TRACE_JOBS": "1", "LOOKOUT_SEGMENT_BYTES": String(1 << 20)]

    func scan(_ args: [String], jobs: Int) -> CLI.Result {
        CLI.run(["scan", "--no-state", "--format", "json", "--jobs", String(jobs)] + args, environment: Self.environment)
    }

    func makeFile(_ dir: Scratch) throws -> String {
        var lines: [String] = []
        let names = ["alice", "bob", "carol", "dave"]
        for i in 0..<36_000 {
            let t = i * 7   // 2026-11-01 to 2026-11-03
            let stamp = String(format: "2026-11-%02dT%02d:%02d:%02dZ", 1 + t / 86_400, t / 3600 % 24, t / 60 % 60, t % 60)
            switch i % 9 {
            case 0:
                lines.append("\(stamp) ERROR request \(i) failed: java.lang.IllegalStateException: pool exhausted")
                lines.append("\tat com.example.Pool.take(Pool.java:\(i % 300))")
                lines.append("Caused by: java.net.SocketTimeoutException: read timed out after \(i % 1000) ms")
                lines.append("\t... \(i % 40 + 1) more")
            case 1: lines.append("\(stamp) INFO user \(names[i / 9_000]) logged in from 10.0.\(i % 256).\(i % 250)")
            case 2: lines.append("worker \(i) still waiting for its lease")
            case 3: lines.append(String(format: "Nov %2d %02d:%02d:%02d gateway sshd[%d]: Accepted publickey for deploy",
                                        1 + t / 86_400, t / 3600 % 24, t / 60 % 60, t % 60, i % 30_000))
            case 4: lines.append("\(stamp) WARN cache miss for key session-\(i)")
            default: lines.append("\(stamp) INFO request \(i) served in \(i % 97) ms")
            }
        }
        let path = dir.file("app.log")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [[], ["--bucket", "7m"], ["--since", "2026-11-02T00:00:00Z"]])
    func aFileReadInSegmentsGivesTheSequentialDigest(extra: [String]) throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let log = try makeFile(dir)
        let one = scan([log] + extra, jobs: 1)
        #expect(one.status == 0, "\(one.stderr)")
        let two = scan([log] + extra, jobs: 2)
        #expect(two.status == 0, "\(two.stderr)")
        // 1 MiB segments, the first four cut at a sixteenth, an eighth, a quarter and a half of that.
        #expect(two.stderr.contains("jobs: read 1 source in 6 segments on 2 threads"), "\(two.stderr)")
        #expect(two.stdout == one.stdout, "--jobs 2 differs from --jobs 1")
        // The digest is the one expected, not merely the same twice.
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        let signatures = try #require(doc["signatures"] as? [[String: Any]])
        let users = signatures.filter { ($0["template"] as? String)?.hasPrefix("user <*> logged in") == true }
        #expect(users.count == 1, "one template for the four users: \(signatures.map { $0["template"] ?? "" })")
        if extra.isEmpty {
            #expect(users.first?["count"] as? Int == 4_000)
            let traces = signatures.filter { ($0["template"] as? String)?.contains("pool exhausted") == true }
            #expect(traces.map { $0["count"] as? Int } == [4_000], "every trace stays one event: \(traces)")
            let sources = try #require((doc["input"] as? [String: Any])?["sources"] as? [[String: Any]])
            #expect(sources.first?["lines"] as? Int == 36_000 + 3 * 4_000)
        }
    }

    /// A gzip file is inflated on a thread of its own: with two jobs it is read on one thread
    /// beside it, in segments from three jobs on; `scan` and `classify` give the same output.
    @Test func aGzipFileIsReadInSegmentsFromThreeJobsOn() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let log = try makeFile(dir)
        _ = CLI.shell("gzip -n '\(log)'")
        let gz = log + ".gz"
        let one = scan([gz], jobs: 1), two = scan([gz], jobs: 2), three = scan([gz], jobs: 3)
        #expect(two.stderr.contains("read on one thread: a single gzip file"), "\(two.stderr)")
        #expect(three.stderr.contains("segments on 3 threads"), "\(three.stderr)")
        #expect(one.status == 0 && two.stdout == one.stdout && three.stdout == one.stdout)
        func classify(_ jobs: Int) -> CLI.Result {
            CLI.run(["classify", "--jobs", String(jobs), gz], environment: Self.environment)
        }
        let (c1, c2, c3) = (classify(1), classify(2), classify(3))
        #expect(c2.stderr.contains("read on one thread") || !c2.stderr.contains("segments"), "\(c2.stderr)")
        #expect(c3.stderr.contains("segments on 3 threads"), "\(c3.stderr)")
        #expect(c1.status == 0 && !c1.stdout.isEmpty && c2.stdout == c1.stdout && c3.stdout == c1.stdout)
        // Among other files, a gzip file does not keep classify's run from segments (review).
        let plain = dir.file("other.log")
        _ = CLI.shell("gzip -dc '\(gz)' > '\(plain)'")
        let both = CLI.run(["classify", "--jobs", "2", plain, gz], environment: Self.environment)
        #expect(both.stderr.contains("in segments on 2 threads"), "\(both.stderr)")
        #expect(both.stdout == CLI.run(["classify", "--jobs", "1", plain, gz]).stdout)
    }

    /// Nightly runs with a state database over one growing file: the second night resumes
    /// mid-file and reads its new part in segments; digests and stored rows are one thread's.
    @Test func nightlyRunsOnOneFileWithStateAreTheSameInSegments() throws {
        let (digests, rows) = try nightlyScans(nights: 2, environment: Self.environment, twoThreadTrace: "segments on 2 threads",
                                               query: "SELECT offset, lines FROM checkpoints; SELECT signature, count FROM counts ORDER BY 1, 2",
                                               input: makeFile) { night, log in
            if night == 1 {   // the log grows by its own last 20,000 lines, a day later
                _ = CLI.shell("cd '\((log as NSString).deletingLastPathComponent)' && tail -20000 app.log | sed 's/2026-11-0/2026-11-1/; s/^Nov  /Nov 1/' >> app.log")
            }
        }
        #expect(digests[1]! == digests[2]!)
        #expect(rows[1]! == rows[2]!)
        #expect(digests[1]![1].contains("\"resumedLines\": 48000"), "the second night resumes where the first stopped")
    }

    @Test func classifyInSegmentsGivesTheSequentialLines() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let log = try makeFile(dir)
        func classify(_ jobs: Int, _ extra: [String] = []) -> CLI.Result {
            CLI.run(["classify", "--jobs", String(jobs), log] + extra, environment: Self.environment)
        }
        let one = classify(1)
        #expect(one.status == 0, "\(one.stderr)")
        let two = classify(2)
        #expect(two.stderr.contains("jobs: read 1 sources in segments on 2 threads"), "\(two.stderr)")
        #expect(two.stdout == one.stdout, "--jobs 2 differs from --jobs 1")
        #expect(one.stdout.split(separator: "\n").count == 36_000)   // one line per event: traces are one each
        // Fewer template slots than shapes: which overflow depends on order, so one thread.
        let capped = classify(2, ["--max-templates", "3"])
        #expect(capped.stderr.contains("jobs: read on one thread: more shapes than --max-templates"), "\(capped.stderr)")
        #expect(capped.stdout == classify(1, ["--max-templates", "3"]).stdout)
    }

    /// JSON lines with a time field are cut before too; a file with no line to cut before
    /// gives segments up past eight times their size, and is read on one thread.
    @Test func jsonLinesAreCutAndUncuttableFilesAreReadOnOneThread() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let json = dir.file("app.jsonl")
        let lines = (0..<12_000).map { (i: Int) -> String in
            let stamp = String(format: "2026-11-30T%02d:%02d:%02dZ", i / 3600 % 24, i / 60 % 60, i % 60)
            let level = i % 7 == 0 ? "error" : "info"
            return #"{"time":""# + stamp + #"","level":""# + level + #"","msg":"request \#(i) served in \#(i % 97) ms by worker-\#(i % 5)"}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: json))
        let small = ["LOOKOUT_TRACE_JOBS": "1", "LOOKOUT_SEGMENT_BYTES": "65536"]
        func run(_ args: [String], jobs: Int) -> CLI.Result {
            CLI.run(["scan", "--no-state", "--format", "json", "--jobs", String(jobs)] + args, environment: small)
        }
        let cut = run([json], jobs: 2)
        #expect(cut.stderr.contains("segments on 2 threads") && !cut.stderr.contains("in 1 segments"), "\(cut.stderr)")
        #expect(cut.stdout == run([json], jobs: 1).stdout)
        let plain = dir.file("plain.log")   // no timestamps at all: nothing to cut before
        try Data((0..<20_000).map { "worker \($0) finished its batch without a timestamp\n" }.joined().utf8).write(to: URL(fileURLWithPath: plain))
        let uncut = run([plain], jobs: 2)
        #expect(uncut.stderr.contains("read on one thread: no line to cut the file at in 524288 bytes"), "\(uncut.stderr)")
        #expect(uncut.stdout == run([plain], jobs: 1).stdout)
        #expect(uncut.stdout.contains("\"lines\": 20000"))
    }

    /// Yearless times only, with two turns of the year before the first cut: a segment's
    /// fresh guess (from the file's modification time) is not the year one reader reaches.
    @Test func yearlessTimesThatOneThreadWouldDateOtherwiseAreReadOnOneThread() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let months = [(6, 5_000), (12, 5_000), (1, 2_000), (6, 2_000), (12, 2_000), (1, 9_000)]
        var lines: [String] = []
        for (month, count) in months {
            let name = ["Jan", "", "", "", "", "Jun", "", "", "", "", "", "Dec"][month - 1]
            for i in 0..<count {
                lines.append(String(format: "\(name) %2d %02d:%02d:%02d host cron[%d]: job %d finished with status 0 after the nightly backup of /srv/data/archive",
                                    1 + i / 1_000, i / 60 % 24, i % 60, i % 60, i, i))
            }
        }
        let log = dir.file("syslog")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: log))
        _ = CLI.shell("touch -d 2026-01-15T00:00:00Z '\(log)'")
        let two = scan([log], jobs: 2)
        #expect(two.stderr.contains("jobs: read on one thread: a segment's yearless timestamps would take another year on one thread"), "\(two.stderr)")
        #expect(two.stdout == scan([log], jobs: 1).stdout)
        #expect(two.stdout.contains("\"lastSeen\": \"2027-01-"), "two turns of the year after June 2025")
    }
}
