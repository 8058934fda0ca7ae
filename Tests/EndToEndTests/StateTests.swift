import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LookoutStore

/// End-to-end: the state database across runs (Fixtures/detect/incident.log split in two:
/// a first "night" of 150 lines, then the rest with the incident).
@Suite(.serialized) struct StateTests {
    func halves(_ dir: Scratch) throws {
        try dir.write("night1.log", Array((CLI.shell("head -150 Fixtures/detect/incident.log") + "\n").utf8))
        try dir.write("night2.log", Array((CLI.shell("tail -220 Fixtures/detect/incident.log") + "\n").utf8))
    }

    func rows(_ path: String, _ sql: String) throws -> Int {
        let db = try SQLiteDatabase(path: path)
        let s = try db.prepare(sql)
        return try s.step() ? s.int(0) : -1
    }

    @Test func theNextRunIsJudgedAgainstHistory() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try halves(dir)
        let db = dir.file("state/lookout.db")
        #expect(CLI.run(["scan", dir.file("night1.log"), "--state", db]).status == 0)
        let (r, doc) = try CLI.json(["scan", dir.file("night2.log"), "--state", db])
        #expect(r.status == 0)
        let detection = try #require(doc["detection"] as? [String: Any])
        #expect(detection["baseline"] as? String == "history")
        let anomalies = try #require(doc["anomalies"] as? [[String: Any]])
        #expect(Set(anomalies.compactMap { $0["kind"] as? String }) == ["new", "silence", "level-shift"])
        #expect(anomalies.allSatisfy { ($0["reason"] as? String)?.contains("from history (15 buckets of 5m)") == true
                                       || ($0["reason"] as? String)?.contains("not in history") == true })
        #expect(try rows(db, "SELECT COUNT(*) FROM runs") == 2)
        #expect(try rows(db, "PRAGMA user_version") == StateStore.schemaVersion)
        #expect(try rows(db, "SELECT COUNT(*) FROM signatures") == 3)
    }

    @Test func readingTheSameLogsTwiceCountsThemOnce() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let db = dir.file("s.db")
        for _ in 0..<2 { #expect(CLI.run(["scan", "Fixtures/detect/incident.log", "--state", db]).status == 0) }
        #expect(try rows(db, "SELECT SUM(count) FROM counts WHERE signature = '*'") == 370)
    }

    /// A night's logs written in steps, rotated as logrotate's `create`, `compress` and
    /// `delaycompress` do, scanned after each step: every line is counted once.
    @Test func nightlyRunsReadEachLineOnceAcrossRotations() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let logs = dir.file("logs")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let db = dir.file("s.db")
        var written = 0
        func write(_ n: Int, appending: Bool = true) throws {
            let text = (0..<n).map { i in
                let t = written + i
                return String(format: "2026-11-30T%02d:%02d:%02dZ INFO request %d served in %d ms", t / 3600 % 24, t / 60 % 60, t % 60, t, t % 97)
            }.joined(separator: "\n") + "\n"
            written += n
            let path = logs + "/app.log"
            if appending, let h = FileHandle(forWritingAtPath: path) {
                h.seekToEndOfFile(); h.write(Data(text.utf8)); try h.close()
            } else {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            }
        }
        func scanned() throws -> Int {
            let r = CLI.run(["scan", logs, "--state", db])
            #expect(r.status == 0, "\(r.stderr)")
            return try rows(db, "SELECT SUM(lines) FROM runs")
        }
        try write(300, appending: false)
        #expect(try scanned() == 300)
        try write(200)                                                   // grows
        #expect(try scanned() == 500)
        try FileManager.default.moveItem(atPath: logs + "/app.log", toPath: logs + "/app.log.1")   // rotated: renamed
        try write(100, appending: false)                                 // created afresh
        #expect(try scanned() == 600)
        _ = CLI.shell("cd '\(logs)' && gzip -n app.log.1 && mv app.log.1.gz app.log.2.gz && mv app.log app.log.1")   // delaycompress, then the next rotation
        try write(50, appending: false)
        #expect(try scanned() == written)
        #expect(try scanned() == written)                                // nothing new, nothing counted
        #expect(try rows(db, "SELECT SUM(count) FROM counts WHERE signature = '*'") == written)
        #expect(try rows(db, "SELECT COUNT(*) FROM checkpoints") == 3)
    }

    /// SIGKILL at random points of a run, many times: the store stays as before it (or, where
    /// the kill came after the run's commit, holds that whole run), and the next clean run
    /// counts every line exactly once.
    @Test func aKilledRunIsFollowedByOneThatCountsEveryLineOnce() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let db = dir.file("s.db")
        let lines = 200_000
        _ = CLI.shell("awk 'BEGIN { for (i = 0; i < \(lines); i++) printf \"2026-11-30T%02d:%02d:%02dZ ERROR job %d failed: timeout after %d ms\\n\", i / 3600 % 24, i / 60 % 60, i % 60, i, i % 1000 }' > '\(dir.file("big.log"))'")
        #expect(CLI.run(["scan", "Fixtures/sample/app.log", "--state", db]).status == 0)
        let before = try rows(db, "SELECT SUM(lines) FROM runs")
        let files = [db, db + "-wal", db + "-shm"], kept = dir.file("kept")
        _ = CLI.shell("mkdir '\(kept)' && cp -p '\(db)'* '\(kept)/'")
        func restore() throws {
            for f in files { try? FileManager.default.removeItem(atPath: f) }
            _ = CLI.shell("cp -p '\(kept)'/* '\(dir.file(""))'")
        }
        // Kills land within the time a whole run takes here (measured, without the store:
        // a run with it takes longer), so each lands before the run ends however fast it is.
        let started = Date()
        #expect(CLI.run(["scan", dir.file("big.log"), "--no-state"]).status == 0)
        let whole = Date().timeIntervalSince(started)
        var killedMidway = 0
        // Twelve kills at random points of the run (seeded: a failure can be replayed).
        var generator = SplitMix(seed: 20261130)
        for _ in 0..<12 {
            let delay = Double(generator.next() % 1000) / 1000 * 0.8 * whole + 0.02
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = ["scan", dir.file("big.log"), "--state", db]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal {
                // Killed before its commit, the store is as it was; killed after it (while the
                // digest was being written, which a release build reaches within the delays),
                // it holds the whole run: never anything in between.
                let now = try rows(db, "SELECT SUM(lines) FROM runs")
                if now == before {
                    killedMidway += 1
                    #expect(try rows(db, "SELECT COUNT(*) FROM checkpoints") == 1)
                } else {
                    #expect(now == before + lines)
                }
            }
            // A run that finished leaves nothing for the next kill: the store goes back to
            // what it was before (its files copied while no run had it open).
            if try rows(db, "SELECT SUM(lines) FROM runs") != before { try restore() }
        }
        #expect(killedMidway > 0, "every run ended before its SIGKILL: make big.log bigger")
        let check = try SQLiteDatabase(path: db).prepare("PRAGMA integrity_check")
        #expect(try check.step() && check.text(0) == "ok")
        if try rows(db, "SELECT SUM(lines) FROM runs") == before {
            #expect(CLI.run(["scan", dir.file("big.log"), "--state", db]).status == 0)
        }
        #expect(try rows(db, "SELECT SUM(lines) FROM runs") == before + lines)
        #expect(CLI.run(["scan", dir.file("big.log"), "--state", db]).status == 0)
        #expect(try rows(db, "SELECT SUM(lines) FROM runs") == before + lines)
    }

    /// Four days of history in which a batch job writes 60 lines between 02:00 and 03:00 and
    /// one an hour otherwise: on day five the 02:00 burst is its usual self (the history's
    /// hour-of-day rhythm), while the same burst at 14:00 is a spike.
    @Test func historyWithADailyRhythmJudgesEachHourByItsOwn() throws {
        func day(_ d: Int, burstHour: Int) -> String {
            var lines: [String] = []
            for h in 0..<24 {
                for m in 0..<60 {
                    lines.append(String(format: "2026-11-%02dT%02d:%02d:00Z INFO heartbeat ok", d, h, m))
                    if h == burstHour || m == 30 {
                        lines.append(String(format: "2026-11-%02dT%02d:%02d:30Z INFO batch job finished chunk %d", d, h, m, h * 60 + m))
                    }
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
        let dir = try Scratch(); defer { dir.cleanup() }
        let db = dir.file("s.db")
        try dir.write("history.log", Array((20...23).map { day($0, burstHour: 2) }.joined().utf8))
        #expect(CLI.run(["scan", dir.file("history.log"), "--state", db]).status == 0)
        try FileManager.default.copyItem(atPath: db, toPath: dir.file("copy.db"))

        try dir.write("usual.log", Array(day(24, burstHour: 2).utf8))
        let (r, doc) = try CLI.json(["scan", dir.file("usual.log"), "--state", db])
        #expect(r.status == 0)
        let usual = try #require(doc["anomalies"] as? [[String: Any]])
        #expect(!usual.contains { $0["kind"] as? String == "spike" }, "\(usual)")

        try dir.write("odd.log", Array(day(24, burstHour: 14).utf8))
        let (r2, doc2) = try CLI.json(["scan", dir.file("odd.log"), "--state", dir.file("copy.db")])
        #expect(r2.status == 0)
        let odd = try #require(doc2["anomalies"] as? [[String: Any]])
        let spike = try #require(odd.first { $0["kind"] as? String == "spike" })
        #expect((spike["start"] as? String)?.hasPrefix("2026-11-24T14:") == true)
        #expect((spike["reason"] as? String)?.contains("at this hour of the day") == true, "\(spike)")
    }

    /// Two and four runs started at once on one store, each on a log of its own: with a long
    /// enough --state-wait they run one after the other and every line is counted once; with
    /// none, the ones that find the store busy stop with status 2 and say why. The store
    /// passes SQLite's integrity check either way.
    @Test(arguments: [2, 4])
    func concurrentRunsAreSerializedOrRefusedNeverCorrupting(runs: Int) throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let lines = 20_000
        for i in 0..<runs {
            _ = CLI.shell("awk 'BEGIN { for (i = 0; i < \(lines); i++) printf \"2026-11-30T%02d:%02d:%02dZ INFO worker \(i) step %d\\n\", i / 3600, i / 60 % 60, i % 60, i }' > '\(dir.file("w\(i).log"))'")
        }
        func startAll(_ db: String, wait: String) throws -> [(Process, Pipe)] {
            try (0..<runs).map { i in
                let p = Process()
                p.executableURL = URL(fileURLWithPath: CLI.binary)
                p.arguments = ["scan", dir.file("w\(i).log"), "--state", db, "--state-wait", wait]
                let err = Pipe()
                p.standardOutput = FileHandle.nullDevice
                p.standardError = err
                try p.run()
                return (p, err)
            }
        }
        func integrity(_ db: String) throws -> Bool {
            let check = try SQLiteDatabase(path: db).prepare("PRAGMA integrity_check")
            return try check.step() && check.text(0) == "ok"
        }

        let waiting = dir.file("waiting.db")
        for (p, _) in try startAll(waiting, wait: "120") { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        #expect(try rows(waiting, "SELECT COUNT(*) FROM runs") == runs)
        #expect(try rows(waiting, "SELECT SUM(lines) FROM runs") == runs * lines)
        #expect(try integrity(waiting))

        let refusing = dir.file("refusing.db")
        var done = 0, refused = 0
        for (p, err) in try startAll(refusing, wait: "0") {
            p.waitUntilExit()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if p.terminationStatus == 0 { done += 1 } else {
                refused += 1
                #expect(p.terminationStatus == 2)
                #expect(message.contains("another lookout run is using this state database"), "\(message)")
            }
        }
        #expect(done >= 1 && done + refused == runs)
        #expect(try rows(refusing, "SELECT COUNT(*) FROM runs") == done)
        #expect(try rows(refusing, "SELECT SUM(lines) FROM runs") == done * lines)
        #expect(try integrity(refusing))
    }

    /// The same logs piped in twice (stdin has no checkpoint) do not double the history.
    @Test func pipingTheSameLogsTwiceDoesNotDoubleTheHistory() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let db = dir.file("s.db")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: CLI.root + "/Fixtures/detect/incident.log")))
        for _ in 0..<2 { #expect(CLI.run(["scan", "-", "--state", db], stdin: bytes).status == 0) }
        #expect(try rows(db, "SELECT SUM(count) FROM counts WHERE signature = '*'") == 370)
    }

    @Test func noStateWritesNothing() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let r = CLI.run(["scan", "Fixtures/sample/app.log", "--no-state"], environment: ["XDG_STATE_HOME": dir.path])
        #expect(r.status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.file("lookout/state.db")))
        #expect(CLI.run(["scan", "Fixtures/sample/app.log"], environment: ["XDG_STATE_HOME": dir.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.file("lookout/state.db")))
    }

    /// A run holds the store while it reads (here: stdin left open). A second run waits
    /// --state-wait seconds, then stops with a clear message; the first still commits.
    /// Then a run killed with SIGKILL mid-way leaves the store as it was.
    @Test func concurrentAndKilledRunsNeverCorruptTheStore() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let db = dir.file("s.db")
        #expect(CLI.run(["scan", "Fixtures/sample/app.log", "--state", db]).status == 0)

        let (first, input) = try scanReadingStdin(db, firstLine: "2026-11-30T09:00:00Z INFO holding the store")

        let second = CLI.run(["scan", "Fixtures/sample/app.log", "--state", db, "--state-wait", "1"])
        #expect(second.status == 2)
        #expect(second.stderr.contains("another lookout run is using this state database; waited 1 s for it."))

        try input.fileHandleForWriting.close()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(try rows(db, "SELECT COUNT(*) FROM runs") == 2)

        // Killed mid-way: nothing of it is kept.
        let (killed, _) = try scanReadingStdin(db, firstLine: "2026-11-30T10:00:00Z ERROR half a run")
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        #expect(try rows(db, "SELECT COUNT(*) FROM runs") == 2)
        let check = try SQLiteDatabase(path: db).prepare("PRAGMA integrity_check")
        #expect(try check.step() && check.text(0) == "ok")
        #expect(CLI.run(["scan", "Fixtures/sample/app.log", "--state", db]).status == 0)
        #expect(try rows(db, "SELECT COUNT(*) FROM runs") == 3)
    }

    /// A `scan -` on `db` that has read one line and waits for more (holding the store).
    func scanReadingStdin(_ db: String, firstLine: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["scan", "-", "--state", db]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((firstLine + "\n").utf8))
        Thread.sleep(forTimeInterval: 0.5)
        return (process, input)
    }

    @Test func aNewerOrCorruptStoreIsRefusedClearly() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let newer = dir.file("newer.db")
        try SQLiteDatabase(path: newer).execute("PRAGMA user_version = 99")
        let r = CLI.run(["scan", "Fixtures/sample/app.log", "--state", newer])
        #expect(r.status == 2)
        #expect(r.stderr.contains("was written by a newer lookout"))
        try dir.write("corrupt.db", Array(repeating: 0x5A, count: 8192))
        let c = CLI.run(["scan", "Fixtures/sample/app.log", "--state", dir.file("corrupt.db")])
        #expect(c.status == 2)
        #expect(c.stderr.contains("corrupt.db: "))
        #expect(c.stderr.contains("Move it away to start afresh, or run with --no-state."))
    }

    @Test func contradictoryStateOptionsAreAUsageError() {
        let r = CLI.run(["scan", "Fixtures/sample/app.log", "--state", "/tmp/x.db", "--no-state"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--state and --no-state contradict each other"))
    }
}

/// Pipe mode: SIGINT or SIGTERM stops the reading and the digest of what was read is still written.
@Suite(.serialized) struct SignalTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStillGivesTheDigest(signal: Int32) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["scan", "--no-state", "--format", "json"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("2026-11-30T09:00:00Z ERROR first\n2026-11-30T09:00:01Z INFO second\n".utf8))
        // Wait until lookout has taken the lines out of the pipe (slow starts, as under a
        // sanitizer, must not turn "what was read" into nothing), then a little longer.
        var pending: Int32 = 1
        let deadline = Date().addingTimeInterval(30)
        while pending > 0 && Date() < deadline {
            // FIONREAD on either end of a pipe gives the bytes waiting in it.
            guard ioctl(input.fileHandleForWriting.fileDescriptor, UInt(FIONREAD), &pending) == 0 else {
                Thread.sleep(forTimeInterval: 0.5)
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, signal)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let totals = try #require((doc["input"] as? [String: Any])?["totals"] as? [String: Any])
        #expect(totals["lines"] as? Int == 2)
        let problems = try #require((doc["input"] as? [String: Any])?["problems"] as? [[String: Any]])
        #expect(problems.contains { ($0["message"] as? String)?.hasPrefix("interrupted (SIGINT or SIGTERM)") == true })
    }
}

/// A small seeded generator (SplitMix64), so that random test schedules can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
