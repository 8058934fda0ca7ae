import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `lookout` binary, as a user would, and captures what it writes.
enum CLI {
    /// The package root, found from this file's path.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `lookout` executable beside the test bundle in the build directory.
    /// Set by scripts/sanitizers.sh: the binary runs under a sanitizer, whose shadow memory
    /// and slowness make memory bounds and timings meaningless (they are checked without it).
    static let underSanitizer = ProcessInfo.processInfo.environment["LOOKOUT_SANITIZER"] != nil

    /// Waits (at most `timeout` seconds) until process `pid` has read past the start of
    /// `path`: its descriptor's offset in /proc/PID/fdinfo is above zero.
    static func waitUntilReading(pid: Int32, path: String, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            for fd in fds where (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) == path {
                let info = (try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8)) ?? ""
                if let pos = info.split(separator: "\n").first(where: { $0.hasPrefix("pos:") }),
                   let n = Int(pos.dropFirst(4).trimmingCharacters(in: .whitespaces)), n > 0 { return true }
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// A peak-memory bound for a test, lifted under a sanitizer.
    static func memoryBound(_ bytes: Int) -> Int { underSanitizer ? Int.max : bytes }

    static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("lookout").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Peak resident memory of the child, in bytes (from wait4's rusage).
        var peakMemory: Int
    }

    /// Runs `lookout args…` in the package root. `stdin`: bytes to pipe in, or nil for
    /// /dev/null. `stdinStream`: a writer that feeds a pipe (for inputs too big to hold).
    /// `prefix`: a command to run it under (setpriv, timeout).
    static func run(_ args: [String], stdin: [UInt8]? = nil, stdinStream: ((FileHandle) -> Void)? = nil,
                    prefix: [String] = [], environment: [String: String] = [:], timeout: Double = 120) -> Result {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }

        // env -C: run in the package root, so fixture paths are relative as a user types them.
        // GNU time measures the peak memory: wait4's own ru_maxrss is no good here, as a
        // child started by posix_spawn (vfork) keeps the test process's high-water mark
        // across exec. time forks, so its figure is timeout's and lookout's alone.
        let memory = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-rss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: memory) }
        let measure = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? ["/usr/bin/time", "-f", "%M", "-o", memory.path] : []
        let argv = ["/usr/bin/env", "-C", root] + measure + ["timeout", "-s", "KILL", String(Int(timeout))] + prefix + [binary] + args
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Each run gets a state directory of its own (the default store would carry history
        // from one test to the next); tests of the store pass --state or XDG_STATE_HOME.
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-state-\(UUID().uuidString)")
        env["XDG_STATE_HOME"] = state.path
        // … and no config file or rule directory of the user's (tests of those pass XDG_CONFIG_HOME).
        env["XDG_CONFIG_HOME"] = state.path + "/config"
        env["LOOKOUT_CONFIG"] = nil
        defer { try? FileManager.default.removeItem(at: state) }
        for (k, v) in environment { env[k] = v }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeFDs: [Int32] = [-1, -1]
        if stdin != nil || stdinStream != nil {
            _ = pipe(&pipeFDs)
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)
            posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, out.path, O_WRONLY | O_TRUNC, 0)
        posix_spawn_file_actions_addopen(&actions, 2, err.path, O_WRONLY | O_TRUNC, 0)

        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        precondition(rc == 0, "posix_spawn failed: \(rc)")

        if pipeFDs[0] >= 0 {
            close(pipeFDs[0])
            let handle = FileHandle(fileDescriptor: pipeFDs[1], closeOnDealloc: true)
            signal(SIGPIPE, SIG_IGN)
            if let stdin { try? handle.write(contentsOf: Data(stdin)) }
            if let stdinStream { stdinStream(handle) }
            try? handle.close()
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: exit,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
                      peakMemory: measuredPeak(memory.path) ?? Int(usage.ru_maxrss) * 1024)
    }

    /// GNU time's `%M` (KiB) from its output file: the last line that is a number.
    static func measuredPeak(_ path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").reversed().lazy.compactMap { Int($0) }.first.map { $0 * 1024 }
    }

    /// The JSON digest as a dictionary.
    static func json(_ args: [String]) throws -> (Result, [String: Any]) {
        let r = run(args + ["--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return (r, object ?? [:])
    }

    /// Runs a shell command; its exit status and its standard output and error together.
    static func shellStatus(_ command: String) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        try? p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a shell pipeline and returns its standard output, trimmed (for `wc -l`, `gzip -dc`).
    static func shell(_ command: String) -> String {
        shellStatus("(\(command)) 2>/dev/null").output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A scratch directory for tests that build odd inputs.
struct Scratch {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o755)
    }
    func file(_ name: String) -> String { path + "/" + name }
    /// `text` with every scratch directory's name written `DIR` (to compare the outputs of
    /// runs in two scratch directories).
    static func withoutNames(_ text: String) -> String {
        text.replacingOccurrences(of: #"lookout-e2e-[0-9A-F-]+"#, with: "DIR", options: .regularExpression)
    }
    /// Writes the file `name` (a path in the directory: the directories on it are made).
    func write(_ name: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: file(name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
    func cleanup() {
        _ = CLI.shell("chmod -R u+rwx '\(path)'")
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Nightly `scan` runs with a state database, once on one thread and once on two, to show
/// that the second gives the first's digests and stored rows. For each job count: a fresh
/// scratch directory, `input` made in it, then `nights` runs, `grow(night, input)` changing
/// the input before each. Returns each job count's digests and the rows `query` reads from
/// the database after the last night, scratch names taken out.
func nightlyScans(nights: Int, environment: [String: String], twoThreadTrace: String, query: String,
                  input: (Scratch) throws -> String, grow: (Int, String) -> Void) throws -> (digests: [Int: [String]], rows: [Int: [String]]) {
    var digests: [Int: [String]] = [:]
    var rows: [Int: [String]] = [:]
    for jobs in [1, 2] {
        let dir = try Scratch(); defer { dir.cleanup() }
        let path = try input(dir)
        let db = dir.file("state.db")
        var runs: [String] = []
        for night in 0..<nights {
            grow(night, path)
            let r = CLI.run(["scan", path, "--state", db, "--format", "json", "--jobs", String(jobs)], environment: environment)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains(jobs == 1 ? "one thread" : twoThreadTrace), "\(r.stderr)")
            runs.append(Scratch.withoutNames(r.stdout))
        }
        digests[jobs] = runs
        rows[jobs] = CLI.shell("sqlite3 '\(db)' '\(query)'").split(separator: "\n").map { Scratch.withoutNames(String($0)) }
    }
    return (digests, rows)
}
