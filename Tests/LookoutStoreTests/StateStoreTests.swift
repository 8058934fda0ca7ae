import Testing
import Foundation
import LookoutCore
@testable import LookoutStore

func scratchDatabase() -> String { NSTemporaryDirectory() + "lookout-store-" + UUID().uuidString + "/state.db" }

func scalar(_ path: String, _ sql: String) throws -> Int {
    let s = try SQLiteDatabase(path: path).prepare(sql)
    return try s.step() ? s.int(0) : -1
}

func run(lines: Int) -> StateStore.Run {
    let t = Timestamp(year: 2026, month: 11, day: 30)!
    return StateStore.Run(started: t, finished: t, version: "test", inputs: ["a.log"], lines: lines, events: lines, firstEvent: nil, lastEvent: nil)
}

/// A store written by the first schema (no checkpoints) is migrated in place, its history kept.
@Test func aVersion1StoreIsMigrated() throws {
    let path = scratchDatabase()
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try SQLiteDatabase(path: path).execute("""
        CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT NOT NULL, version TEXT NOT NULL,
            inputs TEXT NOT NULL, lines INTEGER NOT NULL, events INTEGER NOT NULL, first_event INTEGER, last_event INTEGER);
        CREATE TABLE signatures (id TEXT PRIMARY KEY, template TEXT NOT NULL, rule TEXT, severity TEXT NOT NULL, first_seen INTEGER, last_seen INTEGER);
        CREATE TABLE counts (signature TEXT NOT NULL, bucket_start INTEGER NOT NULL, width INTEGER NOT NULL,
            count INTEGER NOT NULL, errors INTEGER NOT NULL, PRIMARY KEY (signature, bucket_start, width)) WITHOUT ROWID;
        CREATE TABLE templates (id INTEGER PRIMARY KEY CHECK (id = 1), text TEXT NOT NULL);
        INSERT INTO counts VALUES ('*', 0, 300000, 7, 1);
        PRAGMA user_version = 1;
        """)
    let store = try StateStore(path: path)
    #expect(try store.checkpoints().isEmpty)
    try store.commit(run: run(lines: 3), signatures: [], counts: [.init(signature: "*", bucketStart: 0, width: 300_000, count: 3, errors: 0)],
                     templates: "")
    #expect(try scalar(path, "PRAGMA user_version") == StateStore.schemaVersion)
    #expect(try scalar(path, "SELECT count FROM counts WHERE signature = '*'") == 10)   // added, not replaced
}

@Test func checkpointsRoundTripAndRetiredOnesAreForgotten() throws {
    let path = scratchDatabase()
    let a = Checkpoint(device: UInt64.max - 1, inode: 42, fingerprint: 0xDEAD_BEEF_0000_0001, fingerprintLength: 4096,
                       offset: 1 << 40, lines: 123_456, midLine: true, path: "/var/log/app.log")
    let b = Checkpoint(device: 7, inode: 43, fingerprint: 1, fingerprintLength: 10, offset: 10, lines: 1, midLine: false, path: "b.log")
    do {
        let store = try StateStore(path: path)
        try store.commit(run: run(lines: 1), signatures: [], counts: [], templates: "", checkpoints: [a, b])
    }
    do {
        let store = try StateStore(path: path)
        #expect(Set(try store.checkpoints().map(\.inode)) == [42, 43])
        #expect(try store.checkpoints().first { $0.inode == 42 } == a)
        var c = b
        c.device = 8; c.inode = 99
        try store.commit(run: run(lines: 0), signatures: [], counts: [], templates: "", checkpoints: [c], retired: [b])
    }
    #expect(Set(try StateStore(path: path).checkpoints().map(\.inode)) == [42, 99])
}

/// A run that may have read again what an earlier one counted (stdin) keeps the larger count
/// of a bucket instead of adding.
@Test func countsAreAddedOnlyWhenEveryLineWasReadOnce() throws {
    let path = scratchDatabase()
    let c = StateStore.Count(signature: "*", bucketStart: 0, width: 300_000, count: 5, errors: 1)
    for add in [true, true, false] {
        let store = try StateStore(path: path)
        try store.commit(run: run(lines: 5), signatures: [], counts: [c], templates: "", addCounts: add)
    }
    #expect(try scalar(path, "SELECT count FROM counts WHERE signature = '*'") == 10)
}

/// Runs that open a new store at the same moment take turns, each waiting for the one
/// before: none is told the store is busy while it may still wait, and with no wait one of
/// them goes through. (Each reads the new file before one of them can switch it to WAL, and
/// SQLite does not call the busy handler where waiting could deadlock; before `useWAL`
/// retried, one of two such runs often stopped at once, and with no wait often both.)
/// The runs' failures, from their threads, behind an `NSLock` (a pthread mutex, which
/// ThreadSanitizer follows). Behind `Synchronization.Mutex`, whose futex and atomics it
/// does not see, full sanitizer runs sometimes reported the list's updates as a race.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.withLock { list.append(failure) } }
    var all: [String] { lock.withLock { list } }
}

@Test(arguments: [30_000, 0])
func runsOpeningANewStoreAtOnceTakeTurns(waitMilliseconds: Int32) throws {
    for _ in 0..<20 {
        let path = scratchDatabase()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let runs = 4
        let failures = Failures()
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for _ in 0..<runs {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                start.wait()
                do {
                    let store = try StateStore(path: path, waitMilliseconds: waitMilliseconds)
                    try store.commit(run: run(lines: 1), signatures: [], counts: [], templates: "")
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        for _ in 0..<runs { start.signal() }
        group.wait()
        let failed = failures.all
        if waitMilliseconds > 0 {
            #expect(failed == [])
        } else {   // no wait: the runs that find another one holding the store stop, but one goes through
            #expect(failed.count < runs && failed.allSatisfy { $0.contains("another lookout run is using this state database") }, "\(failed)")
        }
        #expect(try scalar(path, "SELECT COUNT(*) FROM runs") == runs - failed.count)
    }
}
