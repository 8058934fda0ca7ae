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
        #expect(r.peakMemory < CLI.memoryBound(100_000_000))
    }

    /// A single 3 GiB line piped in: counted once, cut for later stages, memory flat.
    @Test func aThreeGibibyteLine() {
        let chunk = Data(repeating: 0x61, count: 1 << 20)
        let r = CLI.run(["scan", "--format", "json"], stdinStream: { handle in
            for _ in 0..<3072 { try? handle.write(contentsOf: chunk) }
            try? handle.write(contentsOf: Data("\nlast\n".utf8))
        }, timeout: 300)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"lines\": 2"))
        #expect(r.stdout.contains("\"truncatedLines\": 1"))
        #expect(r.stdout.contains("\"bytes\": \(3 << 30 + 6)"))
        #expect(r.peakMemory < CLI.memoryBound(100_000_000), "peak RSS \(r.peakMemory) bytes")
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

    /// A gzip bomb: 10 MiB that would inflate to 10 GiB (one endless line). Reading stops past
    /// 1000:1 with an error naming the file and offset (exit 3), the lines before it counted
    /// (the first, and the endless one, cut at the line bound).
    @Test func aGzipBombIsStoppedByTheRatioLimit() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        // One member of 64 MiB of `a` (no newline; about 65 KiB compressed), repeated 160 times.
        _ = CLI.shell("cd '\(dir.path)' && printf '2026-11-30T08:00:00Z INFO before the bomb\\n' | gzip > bomb.log.gz && head -c 67108864 /dev/zero | tr '\\0' a | gzip -9 > zeros.gz && for i in $(seq 160); do cat zeros.gz; done >> bomb.log.gz")
        let r = CLI.run(["scan", dir.file("bomb.log.gz"), "--no-state", "--format", "json"], timeout: 120)
        #expect(r.status == 3)
        #expect(r.stdout.contains("decompresses to more than 1000 times its compressed size (a gzip bomb?)"))
        #expect(r.stdout.contains("If the file is genuine, raise --max-gzip-ratio."))
        #expect(r.stdout.contains("\"lines\": 2") && r.stdout.contains("\"truncatedLines\": 1"))
        #expect(r.peakMemory < CLI.memoryBound(100_000_000))
    }

    /// A file truncated, and one deleted, by another process while lookout reads them: no
    /// crash, what was read is counted, and a notice says what happened.
    @Test(arguments: ["truncate -s 1000", "rm -f"])
    func aFileChangedWhileBeingRead(change: String) throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let lines = 300_000
        _ = CLI.shell("awk 'BEGIN { for (i = 0; i < \(lines); i++) printf \"2026-11-30T08:%02d:%02dZ INFO line %d of a busy log\\n\", i / 60 % 60, i % 60, i }' > '\(dir.file("busy.log"))'")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["scan", dir.file("busy.log"), "--no-state", "--format", "json"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        #expect(CLI.waitUntilReading(pid: p.processIdentifier, path: dir.file("busy.log")))
        _ = CLI.shell("\(change) '\(dir.file("busy.log"))'")
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        let text = String(decoding: data, as: UTF8.self)
        let counted = try #require(text.firstMatch(of: /"lines": (\d+)/).map { Int($0.1)! })
        #expect(counted > 0 && counted <= lines)
        if change.hasPrefix("rm") {
            #expect(counted == lines)   // an open file's content stays readable after unlink
            #expect(text.contains("deleted while being read"))
        } else if counted < lines {
            #expect(text.contains("shrank while being read"))
        }
    }

    /// 100,000 empty files in one directory: each is a source of 0 lines, memory stays flat.
    @Test func aDirectoryOfAHundredThousandEmptyFiles() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        _ = CLI.shell("cd '\(dir.path)' && mkdir many && cd many && seq -f 'f%06g.log' 1 100000 | xargs touch")
        let r = CLI.run(["scan", dir.file("many"), "--no-state", "--format", "json"], timeout: 300)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"sources\": 100000"))
        #expect(r.peakMemory < CLI.memoryBound(400_000_000), "peak RSS \(r.peakMemory)")
    }

    /// YAML aliases that would expand exponentially (a "billion laughs") in a rule file and
    /// in the config file: a clear refusal in bounded time and memory, never an expansion.
    @Test func exponentialYAMLAliasesAreRefused() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        var yaml = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try dir.write("laughs.yaml", Array((yaml + "rules:\n  - id: x\n    title: t\n    pattern: 'x'\n    severity: low\n    tags: *a9\n    examples: *a9\n").utf8))
        let r = CLI.run(["rules", "test", dir.file("laughs.yaml")], timeout: 30)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("laughs.yaml"))
        #expect(r.peakMemory < CLI.memoryBound(200_000_000))
        try dir.write("lookout/config.yaml", Array((yaml.replacingOccurrences(of: "a0:", with: "scan:\n  x0:") + "").utf8))
        let c = CLI.run(["scan", "Fixtures/sample/app.log"], environment: ["XDG_CONFIG_HOME": dir.path], timeout: 30)
        #expect(c.status == 2, "\(c.stderr)")
        #expect(c.peakMemory < CLI.memoryBound(200_000_000))
    }
}
