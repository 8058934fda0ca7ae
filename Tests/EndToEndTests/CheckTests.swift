import Testing
import Foundation

/// End-to-end: `lookout check` (CI defaults and exit statuses), the config file, and
/// --since/--until.
@Suite struct CheckTests {
    /// Fixtures/detect/incident.log has anomalies of severity high (a new error signature).
    @Test func exitStatusesFollowTheSpec() throws {
        // The CI loop: a baseline from known-good logs, then the same logs are clean against it.
        let dir = try Scratch(); defer { dir.cleanup() }
        #expect(CLI.run(["baseline", "Fixtures/sample/app.log", "-o", dir.file("base.json")]).status == 0)
        let clean = CLI.run(["check", "Fixtures/sample/app.log", "--baseline", dir.file("base.json")])
        #expect(clean.status == 0, "\(clean.stdout)")
        let failing = CLI.run(["check", "Fixtures/detect/incident.log"])
        #expect(failing.status == 1)
        #expect(CLI.run(["check", "Fixtures/detect/incident.log", "--fail-on", "critical"]).status == 0)
        #expect(CLI.run(["check", "Fixtures/detect/incident.log", "--fail-on-kind", "drop"]).status == 0)
        #expect(CLI.run(["check", "Fixtures/detect/incident.log", "--fail-on-kind", "spike,new"]).status == 1)
        let usage = CLI.run(["check", "Fixtures/sample/app.log", "--fail-on-kind", "meltdown"])
        #expect(usage.status == 2 && usage.stderr.contains("--fail-on-kind takes new, spike, drop, silence or level-shift; got `meltdown`."))
        // Unreadable input wins over anomalies: an unread input never looks clean.
        let unreadable = CLI.run(["check", "Fixtures/detect/incident.log", "Fixtures/gzip/truncated.log.gz"])
        #expect(unreadable.status == 3)
    }

    /// check writes every format (Markdown by default), its exit status unchanged by the format.
    @Test(arguments: ["markdown", "json", "html", "junit", "github", "text"])
    func checkWritesEveryFormat(format: String) throws {
        let r = CLI.run(["check", "Fixtures/detect/incident.log", "--format", format])
        #expect(r.status == 1 && !r.stdout.isEmpty)
        #expect(r.stdout.contains("connect to") || r.stdout.contains("connection-refused"))
        let byDefault = CLI.run(["check", "Fixtures/detect/incident.log"])
        #expect(byDefault.stdout.hasPrefix("## Lookout: 3 anomalies"))
    }

    @Test func checkKeepsNoStateUnlessAsked() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        #expect(CLI.run(["check", "Fixtures/formats/json.log"], environment: ["XDG_STATE_HOME": dir.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.file("lookout/state.db")))
        #expect(CLI.run(["check", "Fixtures/formats/json.log", "--state", dir.file("s.db")]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.file("s.db")))
    }

    @Test func formatsPairWithOutputsInOrder() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let r = CLI.run(["scan", "Fixtures/sample/app.log", "--no-state", "--format", "json", "-o", dir.file("d.json"), "--format", "text"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Read 1 source: 18 lines"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("d.json")))) as? [String: Any]
        #expect(json?["schemaVersion"] as? Int == 1)
        let two = CLI.run(["scan", "Fixtures/sample/app.log", "--format", "json", "--format", "text"])
        #expect(two.status == 2 && two.stderr.contains("only one format can go to stdout"))
        let extra = CLI.run(["scan", "Fixtures/sample/app.log", "-o", "a", "-o", "b"])
        #expect(extra.status == 2 && extra.stderr.contains("give one --format per -o"))
    }

    @Test func theConfigFileGivesDefaultsThatTheCommandLineOverrides() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("lookout/config.yaml", Array("scan:\n  format: json\n  no-state: true\n".utf8))
        let env = ["XDG_CONFIG_HOME": dir.path]
        let configured = CLI.run(["scan", "Fixtures/sample/app.log"], environment: env)
        #expect(configured.status == 0 && configured.stdout.hasPrefix("{"))
        let overridden = CLI.run(["scan", "Fixtures/sample/app.log", "--format", "text"], environment: env)
        #expect(overridden.status == 0 && overridden.stdout.hasPrefix("Read 1 source"))

        // The command line's --format sets the format and output pair; a YAML `yes` is a flag;
        // `-o=FILE` counts as -o.
        try dir.write("lookout/config.yaml", Array("scan:\n  format: [json, markdown]\n  output: [\(dir.file("a.json")), \(dir.file("b.md"))]\n  no-state: yes\n".utf8))
        let pair = CLI.run(["scan", "Fixtures/sample/app.log", "--format", "text"], environment: env)
        #expect(pair.status == 0 && pair.stdout.hasPrefix("Read 1 source"), "\(pair.stderr)")
        let attached = CLI.run(["scan", "Fixtures/sample/app.log", "-o=\(dir.file("c.txt"))"], environment: env)
        #expect(attached.status == 0, "\(attached.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("c.txt")) && !FileManager.default.fileExists(atPath: dir.file("b.md")))

        try dir.write("lookout/config.yaml", Array("scan:\n  colour: true\n".utf8))
        let bad = CLI.run(["scan", "Fixtures/sample/app.log"], environment: env)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("config.yaml: Unknown option '--colour' (from the config file"))
        try dir.write("lookout/config.yaml", Array("scan:\n  format: json\nnightly:\n  x: 1\n".utf8))
        let section = CLI.run(["scan", "Fixtures/sample/app.log"], environment: env)
        #expect(section.status == 2 && section.stderr.contains("config.yaml:3: unknown section `nightly`"))
        #expect(CLI.run(["scan", "Fixtures/sample/app.log"], environment: env.merging(["LOOKOUT_CONFIG": "none"]) { $1 }).status == 0)
    }

    /// Fixtures/detect/incident.log runs from 2026-11-30T08:00:00Z, one event every 10 s or so.
    @Test func sinceAndUntilKeepEventsInTheirWindow() throws {
        let (all, full) = try CLI.json(["scan", "Fixtures/detect/incident.log", "--no-state"])
        #expect(all.status == 0)
        let total = (full["signatures"] as? [[String: Any]])?.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } ?? 0
        let (r, doc) = try CLI.json(["scan", "Fixtures/detect/incident.log", "--no-state", "--since", "2026-11-30T08:30:00Z", "--until", "2026-11-30T09:00:00Z"])
        #expect(r.status == 0)
        let kept = (doc["signatures"] as? [[String: Any]])?.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } ?? 0
        #expect(kept > 0 && kept < total)
        let note = (doc["detection"] as? [String: Any])?["note"] as? String ?? ""
        #expect(note.contains("\(total - kept) events outside --since/--until were left out"))
        // With a state database, a window leaves it unwritten (its lines stay unread).
        let dir = try Scratch(); defer { dir.cleanup() }
        let windowed = CLI.run(["scan", "Fixtures/detect/incident.log", "--state", dir.file("s.db"), "--since", "2026-11-30T08:30:00Z"])
        #expect(windowed.status == 0 && windowed.stdout.contains("the state database was read, not written"))
        #expect(CLI.run(["scan", "Fixtures/detect/incident.log", "--state", dir.file("s.db"), "--format", "json"]).stdout.contains("\"resumedLines\": 0"))
        let bad = CLI.run(["scan", "x", "--since", "yesterday-ish"])
        #expect(bad.status == 2 && bad.stderr.contains("--since takes a date"))
    }

    /// The progress bar shows on a terminal (a pseudo-terminal from `script`) and never
    /// when stderr is not one. It shows from the run's start here (`LOOKOUT_PROGRESS_AFTER=0`,
    /// not after a second: how long a run lasts depends on the build and the machine), at the
    /// first of 400,000 lines' segments merged (read on two threads).
    @Test func progressShowsOnATerminalOnly() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        _ = CLI.shell("awk 'BEGIN { for (i = 0; i < 400000; i++) printf \"2026-11-30T%02d:%02d:%02dZ INFO job %d done in %d ms\\n\", i / 3600 % 24, i / 60 % 60, i % 60, i, i % 1000 }' > '\(dir.file("big.log"))'")
        let onTerminal = CLI.shell("LOOKOUT_PROGRESS_AFTER=0 script -qec \"'\(CLI.binary)' scan '\(dir.file("big.log"))' --no-state > /dev/null\" /dev/null")
        #expect(onTerminal.contains("] ") && onTerminal.contains(" of ") && onTerminal.contains(" left"), "\(onTerminal)")
        let piped = CLI.run(["scan", dir.file("big.log"), "--no-state"], environment: ["LOOKOUT_PROGRESS_AFTER": "0"])
        #expect(piped.status == 0 && piped.stderr.isEmpty)
    }
}
