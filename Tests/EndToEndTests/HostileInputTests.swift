import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Inputs that must neither crash nor hang Lookout, nor grow its memory.
@Suite(.serialized) struct HostileInputTests {
    /// A directory holding a file of random bytes, an empty file, an unreadable file, a
    /// symbolic-link loop, a FIFO (with no writer) and a file that is one 1 GiB line: each
    /// gets a clear message, the readable lines are counted, memory stays under 100 MB, and
    /// the run ends (exit 3: one file was unreadable).
    @Test func nastyDirectory() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        var random = [UInt8](repeating: 0, count: 100_000)
        for i in random.indices { random[i] = UInt8.random(in: 0...255) }
        random[10] = 0   // random data almost always has a NUL early; make it certain
        try dir.write("random.bin", random)
        try dir.write("empty.log", [])
        try dir.write("locked.log", Array("secret\n".utf8))
        chmod(dir.file("locked.log"), 0o000)
        try FileManager.default.createSymbolicLink(atPath: dir.file("loop"), withDestinationPath: "loop")
        #expect(mkfifo(dir.file("pipe"), 0o644) == 0)
        // 1 GiB of 'a', then a newline and a short line: written in 1 MiB pieces.
        FileManager.default.createFile(atPath: dir.file("long.log"), contents: nil)
        let long = try #require(FileHandle(forWritingAtPath: dir.file("long.log")))
        let chunk = Data(repeating: 0x61, count: 1 << 20)
        for _ in 0..<1024 { try long.write(contentsOf: chunk) }
        try long.write(contentsOf: Data("\nok\n".utf8))
        try long.close()
        try dir.write("good.log", Array("2026-11-30T08:00:00Z INFO fine\n".utf8))

        // root reads any file: run as nobody then, so that "permission denied" is real.
        let prefix = getuid() == 0 ? ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : []
        let r = CLI.run(["scan", dir.path, "--format", "json"], prefix: prefix, timeout: 60)
        #expect(r.status == 3, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let input = try #require(doc?["input"] as? [String: Any])
        let sources = try #require(input["sources"] as? [[String: Any]])
        func source(_ name: String) -> [String: Any]? { sources.first { ($0["path"] as? String) == dir.file(name) } }
        #expect(source("empty.log")?["lines"] as? Int == 0)
        #expect(source("good.log")?["lines"] as? Int == 1)
        #expect(source("long.log")?["lines"] as? Int == 2)
        #expect(source("long.log")?["truncatedLines"] as? Int == 1)
        #expect(source("long.log")?["bytes"] as? Int == (1 << 30) + 4)
        #expect((source("random.bin")?["skipped"] as? String)?.hasPrefix("binary file (NUL byte at offset") == true)
        let locked = try #require(source("locked.log")?["errors"] as? [[String: Any]])
        #expect((locked.first?["message"] as? String)?.hasPrefix("cannot open: Permission denied.") == true)
        let problems = try #require(input["problems"] as? [[String: Any]])
        let messages = problems.map { "\($0["path"] as? String ?? ""): \($0["message"] as? String ?? "")" }
        #expect(messages.contains(dir.file("loop") + ": symbolic-link loop; not followed."))
        #expect(messages.contains(dir.file("pipe") + ": FIFO, not a regular file; skipped in a directory walk. Name it on the command line to read it."))
        #expect(r.peakMemory < 100_000_000)
    }

    /// A single 1 GiB line piped in: counted once, cut for later stages, memory flat.
    @Test func oneGibibyteLine() {
        let chunk = Data(repeating: 0x61, count: 1 << 20)
        let r = CLI.run(["scan", "--format", "json"], stdinStream: { handle in
            for _ in 0..<1024 { try? handle.write(contentsOf: chunk) }
            try? handle.write(contentsOf: Data("\nlast\n".utf8))
        }, timeout: 300)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"lines\": 2"))
        #expect(r.stdout.contains("\"truncatedLines\": 1"))
        #expect(r.stdout.contains("\"bytes\": \(1 << 30 + 6)"))
        #expect(r.peakMemory < 100_000_000, "peak RSS \(r.peakMemory) bytes")
    }

    /// A FIFO named on the command line is read (it is how `<(cmd)` arrives).
    @Test func namedFIFOIsRead() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        #expect(mkfifo(dir.file("p"), 0o644) == 0)
        let writer = Thread {
            if let h = FileHandle(forWritingAtPath: dir.file("p")) {
                h.write(Data("2026-11-30T08:00:00Z WARN via fifo\n".utf8))
                try? h.close()
            }
        }
        writer.start()
        let r = CLI.run(["scan", dir.file("p"), "--format", "json"], timeout: 30)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"kind\": \"fifo\""))
        #expect(r.stdout.contains("\"warning\": 1"))
    }

    /// `/dev/zero` named on the command line: endless NULs are binary, so it ends at once.
    @Test func endlessBinaryDeviceEnds() {
        let r = CLI.run(["scan", "/dev/zero", "--format", "json"], timeout: 30)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"skipped\": \"binary file (NUL byte at offset 0)\""))
    }
}
