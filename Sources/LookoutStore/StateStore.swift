#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LookoutCore

/// The state database (SQLite, WAL): signatures, bucketed counts with retention, runs, and
/// the learnt template set, so that nightly runs compare today with history.
///
/// A run works inside one write transaction, taken when it starts (`BEGIN IMMEDIATE`)
/// and committed when it ends: a run killed at any point leaves the store as before it,
/// and a second run on the same store waits (bounded) for the first, then stops with a
/// clear message. Per-file checkpoints make each run read only what earlier runs did not,
/// so counts of a bucket are added and every line is counted once across runs.
public final class StateStore {
    /// The schema this build writes; stores with a higher version are refused.
    public static let schemaVersion = 2
    /// Counts are kept per bucket of at least this width …
    public static let storageWidthMilliseconds: Int64 = 300_000
    /// … for this long (in event time, from the newest bucket), then as hourly sums …
    public static let fineRetentionMilliseconds: Int64 = 14 * 86_400_000
    /// … for this long.
    public static let coarseRetentionMilliseconds: Int64 = 90 * 86_400_000

    public let path: String
    private let db: SQLiteDatabase
    private var inTransaction = false
    /// The store was written by schema 1 (no checkpoints) and is migrated by this run: its
    /// files will be read again from the start, so its counts must not be added again.
    public private(set) var wasVersion1 = false

    public struct StoreError: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// `$XDG_STATE_HOME/lookout/state.db`, else `~/.local/state/lookout/state.db`.
    public static func defaultPath() -> String? {
        if let x = getenv("XDG_STATE_HOME").map({ String(cString: $0) }), !x.isEmpty { return x + "/lookout/state.db" }
        if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty { return home + "/.local/state/lookout/state.db" }
        return nil
    }

    /// Opens (creating it and its directory if needed), migrates, and takes the run's write
    /// lock, waiting at most `waitMilliseconds` for another run to finish.
    public init(path: String, waitMilliseconds: Int32 = 10_000) throws(StoreError) {
        self.path = path
        func fail(_ message: String) -> StoreError { StoreError(path: path, message: message) }
        StateStore.makeDirectories(for: path)
        do {
            db = try SQLiteDatabase(path: path, busyTimeoutMilliseconds: waitMilliseconds)
        } catch {
            throw fail("cannot open the state database: \(error). Check the path and its permissions, or run with --no-state.")
        }
        do {
            // One wait in all: the WAL switch's retries and the lock's busy handler share it.
            // The switch is made once in a store's life, when runs that create it together
            // can block each other without either holding it: that is retried for a second
            // even with no wait (else two such runs could both stop).
            let now = StateStore.monotonicMilliseconds()
            let deadline = now + Int64(waitMilliseconds)
            try StateStore.useWAL(db, until: max(deadline, now + 1000))
            db.setBusyTimeout(milliseconds: Int32(clamping: max(0, deadline - StateStore.monotonicMilliseconds())))
            try db.execute("BEGIN IMMEDIATE")
            inTransaction = true
            db.setBusyTimeout(milliseconds: waitMilliseconds)   // the run's later statements, as before
            let version = try db.userVersion
            if version > StateStore.schemaVersion {
                throw SQLiteError(code: 0, message: "newer schema")
            }
            if version < 1 { try migrateToVersion1() }
            if version < 2 {
                wasVersion1 = version == 1
                try migrateToVersion2()
            }
        } catch let error as SQLiteError {
            if inTransaction { try? db.execute("ROLLBACK"); inTransaction = false }
            if error.message == "newer schema" {
                throw fail("the state database was written by a newer lookout (schema version above \(StateStore.schemaVersion)); use that version, or another --state path.")
            }
            if error.isBusy {
                throw fail("another lookout run is using this state database; waited \(waitMilliseconds / 1000) s for it. Try again when it ends, wait longer with --state-wait, or use another --state path.")
            }
            throw fail("the state database is unusable: \(error). Move it away to start afresh, or run with --no-state.")
        } catch {
            throw fail("\(error)")
        }
    }

    /// Puts the store in WAL mode, retrying while another run holds it, until `deadline`
    /// (`monotonicMilliseconds`). SQLite does not call the busy handler where waiting could
    /// deadlock, and two runs that open a new store at once can: each reads it (a shared
    /// lock), then each needs it alone to switch the journal mode, so one of them was told at
    /// once that the store was busy (and said it had waited).
    private static func useWAL(_ db: SQLiteDatabase, until deadline: Int64) throws(SQLiteError) {
        while true {
            db.setBusyTimeout(milliseconds: Int32(clamping: max(0, deadline - monotonicMilliseconds())))
            do throws(SQLiteError) {
                try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
                return
            } catch {
                guard error.isBusy && monotonicMilliseconds() < deadline else { throw error }
                usleep(5_000)
            }
        }
    }

    private static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    deinit {
        // Not committed: the run did not finish, and the store stays as it was before it.
        if inTransaction { try? db.execute("ROLLBACK") }
    }

    private static func makeDirectories(for path: String) {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var current = path.hasPrefix("/") ? "" : "."
        if path.hasPrefix("/") { components = components.dropFirst() }
        for c in components {
            current += "/" + c
            mkdir(current, 0o755)
        }
    }

    private func migrateToVersion1() throws(SQLiteError) {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS runs (
                id INTEGER PRIMARY KEY,
                started TEXT NOT NULL, finished TEXT NOT NULL, version TEXT NOT NULL,
                inputs TEXT NOT NULL, lines INTEGER NOT NULL, events INTEGER NOT NULL,
                first_event INTEGER, last_event INTEGER);
            CREATE TABLE IF NOT EXISTS signatures (
                id TEXT PRIMARY KEY, template TEXT NOT NULL, rule TEXT, severity TEXT NOT NULL,
                first_seen INTEGER, last_seen INTEGER);
            CREATE TABLE IF NOT EXISTS counts (
                signature TEXT NOT NULL, bucket_start INTEGER NOT NULL, width INTEGER NOT NULL,
                count INTEGER NOT NULL, errors INTEGER NOT NULL,
                PRIMARY KEY (signature, bucket_start, width)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS templates (id INTEGER PRIMARY KEY CHECK (id = 1), text TEXT NOT NULL);
            PRAGMA user_version = 1;
            """)
    }

    /// Version 2: per-file checkpoints. Counts of a bucket are added from then on (each
    /// line is read once across runs), where version 1 replaced them.
    private func migrateToVersion2() throws(SQLiteError) {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS checkpoints (
                device INTEGER NOT NULL, inode INTEGER NOT NULL,
                fingerprint INTEGER NOT NULL, fingerprint_length INTEGER NOT NULL,
                offset INTEGER NOT NULL, lines INTEGER NOT NULL, mid_line INTEGER NOT NULL,
                path TEXT NOT NULL, updated INTEGER NOT NULL,
                PRIMARY KEY (device, inode)) WITHOUT ROWID;
            PRAGMA user_version = 2;
            """)
    }

    /// Checkpoints not updated for this long are forgotten (their files are long gone).
    public static let checkpointRetentionMilliseconds: Int64 = 90 * 86_400_000

    /// Every file checkpoint kept.
    public func checkpoints() throws(StoreError) -> [Checkpoint] {
        do {
            let s = try db.prepare("SELECT device, inode, fingerprint, fingerprint_length, offset, lines, mid_line, path FROM checkpoints")
            var out: [Checkpoint] = []
            while try s.step() {
                out.append(Checkpoint(device: UInt64(bitPattern: Int64(s.int(0))), inode: UInt64(bitPattern: Int64(s.int(1))),
                                      fingerprint: UInt64(bitPattern: Int64(s.int(2))), fingerprintLength: s.int(3),
                                      offset: Int64(s.int(4)), lines: s.int(5), midLine: s.int(6) != 0, path: s.text(7) ?? ""))
            }
            return out
        } catch { throw StoreError(path: path, message: "cannot read the file checkpoints: \(error)") }
    }

    /// The template set learnt by earlier runs (`TemplateMiner.saved()` text), if any.
    public func templates() throws(StoreError) -> String? {
        do {
            let s = try db.prepare("SELECT text FROM templates WHERE id = 1")
            return try s.step() ? s.text(0) : nil
        } catch { throw StoreError(path: path, message: "cannot read the template set: \(error)") }
    }

    /// The signature id under which all events of a bucket (and their errors) are stored.
    public static let allEvents = "*"

    /// Stored counts per signature before `before` (ms), re-bucketed at `width` (ms),
    /// over at most `window` (ms) back from `before`. Buckets: index 0 starts at `before - window`.
    /// `totals` and `errors` are all events' (the `*` rows).
    public func history(before: Int64, window: Int64, width: Int64) throws(StoreError) -> (perSignature: [String: [Int]], totals: [Int], errors: [Int]) {
        let n = Int(window / width)
        var per: [String: [Int]] = [:]
        var totals = Array(repeating: 0, count: n), errors = Array(repeating: 0, count: n)
        let from = before - window
        do {
            let s = try db.prepare("SELECT signature, bucket_start, count, errors FROM counts WHERE bucket_start >= ? AND bucket_start < ?")
            try s.bind([.int(from), .int(before)])
            while try s.step() {
                let i = Int((Int64(s.int(1)) - from) / width)
                guard i >= 0 && i < n else { continue }
                let id = s.text(0) ?? ""
                if id == StateStore.allEvents {
                    totals[i] += s.int(2)
                    errors[i] += s.int(3)
                } else {
                    per[id, default: Array(repeating: 0, count: n)][i] += s.int(2)
                }
            }
        } catch { throw StoreError(path: path, message: "cannot read the history: \(error)") }
        return (per, totals, errors)
    }

    /// The earliest stored bucket's start, if any.
    public func earliestBucket() throws(StoreError) -> Int64? {
        do {
            let s = try db.prepare("SELECT MIN(bucket_start) FROM counts")
            return try s.step() && !s.isNull(0) ? Int64(s.int(0)) : nil
        } catch { throw StoreError(path: path, message: "\(error)") }
    }

    public struct Count {
        public var signature: String
        public var bucketStart: Int64
        public var width: Int64
        public var count: Int
        public var errors: Int
        public init(signature: String, bucketStart: Int64, width: Int64, count: Int, errors: Int) {
            self.signature = signature; self.bucketStart = bucketStart; self.width = width; self.count = count; self.errors = errors
        }
    }

    public struct Run {
        public var started: Timestamp
        public var finished: Timestamp
        public var version: String
        public var inputs: [String]
        public var lines: Int
        public var events: Int
        public var firstEvent: Timestamp?
        public var lastEvent: Timestamp?
        public init(started: Timestamp, finished: Timestamp, version: String, inputs: [String], lines: Int, events: Int,
                    firstEvent: Timestamp?, lastEvent: Timestamp?) {
            self.started = started; self.finished = finished; self.version = version; self.inputs = inputs
            self.lines = lines; self.events = events; self.firstEvent = firstEvent; self.lastEvent = lastEvent
        }
    }

    /// Writes a run's results and commits them, all at once. `checkpoints`: where each file
    /// read stopped; `retired`: checkpoints whose content a copy took over (forgotten).
    /// With `addCounts`, counts are added to those already stored for the same bucket (every
    /// line was read once: checkpointed files); without, the larger of the two is kept (the
    /// run may have read again what an earlier run counted: stdin, a FIFO, or files read
    /// from the start after the migration from schema 1).
    public func commit(run: Run, signatures: [SignatureSummary], counts: [Count], templates: String,
                       checkpoints: [Checkpoint] = [], retired: [Checkpoint] = [], addCounts: Bool = true) throws(StoreError) {
        do {
            let forget = try db.prepare("DELETE FROM checkpoints WHERE device = ? AND inode = ?")
            for c in retired { try forget.run([.int(Int64(bitPattern: c.device)), .int(Int64(bitPattern: c.inode))]) }
            let keep = try db.prepare("""
                INSERT OR REPLACE INTO checkpoints (device, inode, fingerprint, fingerprint_length, offset, lines, mid_line, path, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = run.finished.millisecondsSinceEpoch
            for c in checkpoints {
                try keep.run([.int(Int64(bitPattern: c.device)), .int(Int64(bitPattern: c.inode)), .int(Int64(bitPattern: c.fingerprint)),
                              .int(c.fingerprintLength), .int(c.offset), .int(c.lines), .int(c.midLine ? 1 : 0), .text(c.path), .int(now)])
            }
            try db.prepare("DELETE FROM checkpoints WHERE updated < ?").run([.int(now - StateStore.checkpointRetentionMilliseconds)])
            let sig = try db.prepare("""
                INSERT INTO signatures (id, template, rule, severity, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET template = excluded.template, rule = excluded.rule, severity = excluded.severity,
                  first_seen = MIN(COALESCE(first_seen, excluded.first_seen), COALESCE(excluded.first_seen, first_seen)),
                  last_seen = MAX(COALESCE(last_seen, excluded.last_seen), COALESCE(excluded.last_seen, last_seen))
                """)
            for s in signatures {
                try sig.run([.text(s.id), .text(s.template), .optional(s.rule), .text(s.severity.rawValue),
                             s.firstSeen.map { .int($0.millisecondsSinceEpoch) } ?? .null, s.lastSeen.map { .int($0.millisecondsSinceEpoch) } ?? .null])
            }
            let count = try db.prepare("""
                INSERT INTO counts (signature, bucket_start, width, count, errors) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(signature, bucket_start, width) DO UPDATE SET
                  count = CASE WHEN ? THEN count + excluded.count ELSE MAX(count, excluded.count) END,
                  errors = CASE WHEN ? THEN errors + excluded.errors ELSE MAX(errors, excluded.errors) END
                """)
            for c in counts {
                try count.run([.text(c.signature), .int(c.bucketStart), .int(c.width), .int(c.count), .int(c.errors),
                               .int(addCounts ? 1 : 0), .int(addCounts ? 1 : 0)])
            }
            try db.prepare("INSERT OR REPLACE INTO templates (id, text) VALUES (1, ?)").run([.text(templates)])
            try db.prepare("""
                INSERT INTO runs (started, finished, version, inputs, lines, events, first_event, last_event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).run([.text(run.started.rfc3339), .text(run.finished.rfc3339), .text(run.version),
                          .text(run.inputs.joined(separator: "\n")), .int(run.lines), .int(run.events),
                          run.firstEvent.map { .int($0.millisecondsSinceEpoch) } ?? .null, run.lastEvent.map { .int($0.millisecondsSinceEpoch) } ?? .null])
            try applyRetention()
            try db.execute("COMMIT")
            inTransaction = false
        } catch {
            throw StoreError(path: path, message: "cannot save the run: \(error); the store is unchanged.")
        }
    }

    /// Fine buckets older than `fineRetention` become hourly sums; hourly ones older than
    /// `coarseRetention` go. Ages count back from the newest bucket stored (event time).
    private func applyRetention() throws(SQLiteError) {
        let newest = try db.prepare("SELECT MAX(bucket_start) FROM counts")
        guard try newest.step(), !newest.isNull(0) else { return }
        let top = Int64(newest.int(0))
        let fineLimit = top - StateStore.fineRetentionMilliseconds
        let coarseLimit = top - StateStore.coarseRetentionMilliseconds
        let hour: Int64 = 3_600_000
        try db.prepare("""
            INSERT INTO counts (signature, bucket_start, width, count, errors)
              SELECT signature, (bucket_start / \(hour)) * \(hour), \(hour), SUM(count), SUM(errors) FROM counts
              WHERE width < \(hour) AND bucket_start < ? GROUP BY signature, (bucket_start / \(hour)) * \(hour)
            ON CONFLICT(signature, bucket_start, width) DO UPDATE SET count = count + excluded.count, errors = errors + excluded.errors
            """).run([.int(fineLimit)])
        try db.prepare("DELETE FROM counts WHERE width < \(hour) AND bucket_start < ?").run([.int(fineLimit)])
        try db.prepare("DELETE FROM counts WHERE bucket_start < ?").run([.int(coarseLimit)])
    }
}
