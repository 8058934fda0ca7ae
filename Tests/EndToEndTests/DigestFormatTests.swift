import Testing
import Foundation

/// End-to-end: the six digest formats from the built binary — the example digests in
/// docs/examples are what the binary writes today (golden files; regenerate them with
/// docs/examples/make-examples.sh), hostile log text comes out inert in every format, and
/// the HTML and JUnit files pass their real consumers (headless Chromium, junitparser).
@Suite struct DigestFormatTests {
    static let formats = [("text", "txt"), ("markdown", "md"), ("json", "json"), ("html", "html"), ("junit", "xml"), ("github", "github")]

    @Test(arguments: formats)
    func theExampleDigestsAreCurrent(format: String, suffix: String) throws {
        let r = CLI.run(["scan", "Fixtures/detect/incident.log", "--no-state", "--format", format, "--fail-on", "high"],
                        environment: ["LOOKOUT_CONFIG": "none"])
        #expect(r.status == 1)
        let expected = try String(contentsOfFile: CLI.root + "/docs/examples/incident." + suffix, encoding: .utf8)
        #expect(r.stdout == expected, "docs/examples/incident.\(suffix) is stale: run docs/examples/make-examples.sh and review the diff")
    }

    @Test func theCleanCheckExampleIsCurrent() throws {
        let r = CLI.run(["check", "Fixtures/sample/app.log", "--baseline", "docs/examples/sample-baseline.json"])
        #expect(r.status == 0)
        #expect(r.stdout == (try String(contentsOfFile: CLI.root + "/docs/examples/clean.md", encoding: .utf8)))
        #expect(r.stdout.hasPrefix("## Lookout: clean\n"))
    }

    /// Fixtures/hostile/inert.log holds `<script>alert(1)</script>`, OSC/CSI escape sequences
    /// with BEL, and a C1 CSI. No format lets a terminal or a browser act on them.
    @Test(arguments: formats)
    func hostileLogTextIsInert(format: String, suffix: String) throws {
        let r = CLI.run(["scan", "Fixtures/hostile/inert.log", "--no-state", "--format", format])
        #expect(r.status == 0)
        let bytes = Array(r.stdout.utf8)
        #expect(!bytes.contains(0x1B) && !bytes.contains(0x07), "raw ESC or BEL in \(format)")
        #expect(!r.stdout.unicodeScalars.contains { (0x80...0x9F).contains($0.value) }, "raw C1 control in \(format)")
        #expect(r.stdout.contains("alert(1)"), "the text itself is still shown")
        if ["markdown", "html", "junit"].contains(format) {
            #expect(!r.stdout.contains("<script>alert"), "markup from the log in \(format)")
        }
    }

    /// The checkers need Chromium and junitparser (Debian packages chromium and
    /// python3-junitparser, which .ci/run installs); .ci/run sets LOOKOUT_REQUIRE_CHECKERS=1
    /// so that CI fails rather than skips when they are missing.
    static var checkersAvailable: Bool {
        if ProcessInfo.processInfo.environment["LOOKOUT_REQUIRE_CHECKERS"] == "1" { return true }
        return CLI.shellStatus("command -v chromium && /usr/bin/python3 -c 'import junitparser'").status == 0
    }

    @Test(.enabled(if: checkersAvailable, "needs chromium and python3-junitparser"))
    func theHTMLDigestRendersInHeadlessChromiumWithNoErrorsOrRequests() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        #expect(CLI.run(["scan", "Fixtures/hostile/inert.log", "--no-state", "--format", "html", "-o", dir.file("hostile.html")]).status == 0)
        for file in ["docs/examples/incident.html", dir.file("hostile.html")] {
            let r = CLI.shellStatus("cd '\(CLI.root)' && /usr/bin/python3 Tests/tools/check_html.py '\(file)'")
            #expect(r.status == 0, "\(file): \(r.output)")
        }
    }

    @Test(.enabled(if: checkersAvailable, "needs chromium and python3-junitparser"))
    func theJUnitDigestParsesWithJunitparser() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        #expect(CLI.run(["scan", "Fixtures/hostile/inert.log", "--no-state", "--format", "junit", "-o", dir.file("hostile.xml")]).status == 0)
        let r = CLI.shellStatus("cd '\(CLI.root)' && /usr/bin/python3 Tests/tools/check_junit.py docs/examples/incident.xml '\(dir.file("hostile.xml"))'")
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("FAIL"))   // incident.xml: the new high-severity error fails at --fail-on high
    }
}
