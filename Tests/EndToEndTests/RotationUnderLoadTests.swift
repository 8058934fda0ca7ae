import Testing
import Foundation
import LookoutStore

/// End-to-end: Debian's logrotate rotates a log that a writer appends to at a steady rate,
/// while `lookout scan` runs again and again on the same state store. At the end the lines
/// lookout counted equal the lines written: none lost, none counted twice.
///
/// The writer appends by path (open, append, close: an application that reopens its log),
/// and pauses while logrotate runs, so that copytruncate's own window — lines written
/// between its copy and its truncate are lost by logrotate itself, as its manual says — is
/// not blamed on lookout. lookout is not paused: it reads while files are renamed,
/// compressed, truncated and created under it.
@Suite(.serialized) struct RotationUnderLoadTests {
    @Test(arguments: [
        ("copytruncate", "copytruncate"),
        ("create-compress", "create\n  compress\n  delaycompress"),
    ])
    func everyLineIsCountedOnceThroughRotations(name: String, directives: String) throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let logs = dir.file("logs")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let config = dir.file("logrotate.conf")
        try dir.write("logrotate.conf", Array("\(logs)/app.log {\n  rotate 1000\n  missingok\n  \(directives)\n}\n".utf8))
        let db = dir.file("state.db")

        let state = WriterState()
        let lock = state.lock
        let writer = Thread {
            while true {
                lock.lock()
                if state.stop { lock.unlock(); return }
                var batch = ""
                for _ in 0..<50 {
                    let n = state.written
                    batch += String(format: "2026-11-30T08:%02d:%02dZ INFO request %d served in %d ms\n", n / 600 % 60, n / 10 % 60, n, n % 97)
                    state.written += 1
                }
                let fd = open(logs + "/app.log", O_WRONLY | O_APPEND | O_CREAT, 0o644)
                _ = batch.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                lock.unlock()
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        writer.start()

        var scans = 0, failures: [String] = []
        let deadline = Date().addingTimeInterval(20)
        var nextRotation = Date().addingTimeInterval(2)
        var rotations = 0
        while Date() < deadline {
            let r = CLI.run(["scan", logs, "--state", db, "--format", "json"], timeout: 60)
            scans += 1
            if r.status != 0 { failures.append("scan \(scans): status \(r.status): \(r.stderr)") }
            if Date() >= nextRotation {
                lock.lock()
                let rotated = CLI.shellStatus("logrotate -f -s '\(dir.file("status"))' '\(config)'")
                lock.unlock()
                if rotated.status != 0 { failures.append("logrotate: \(rotated.output)") }
                rotations += 1
                nextRotation = Date().addingTimeInterval(2.5)
            }
        }
        lock.lock(); state.stop = true; let written = state.written; lock.unlock()
        while writer.isExecuting { Thread.sleep(forTimeInterval: 0.01) }
        let last = CLI.run(["scan", logs, "--state", db], timeout: 60)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(failures.isEmpty, "\(failures)")

        let s = try SQLiteDatabase(path: db).prepare("SELECT SUM(lines) FROM runs")
        let counted = try s.step() ? s.int(0) : -1
        #expect(rotations >= (CLI.underSanitizer ? 1 : 5) && scans >= (CLI.underSanitizer ? 3 : 10), "\(rotations) rotations, \(scans) scans")
        #expect(counted == written, "\(name): counted \(counted) of \(written) lines written, over \(scans) scans and \(rotations) rotations")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? []
        if name == "create-compress" { #expect(files.contains { $0.hasSuffix(".gz") }) }
    }
}

/// What the writer thread and the test share, under `lock`.
final class WriterState: @unchecked Sendable {
    let lock = NSLock()
    var written = 0
    var stop = false
}
