import Testing
import Foundation

/// End-to-end: anomalies in `lookout scan` on a fixture with a known incident
/// (Fixtures/detect/incident.log: at 10:30 a new error bursts, the heartbeat stops for
/// 20 minutes, and the share of errors jumps).
@Suite(.serialized) struct DetectTests {
    @Test func theIncidentIsFoundAndNothingElse() throws {
        let (r, doc) = try CLI.json(["scan", "Fixtures/detect/incident.log"])
        #expect(r.status == 0)
        let anomalies = try #require(doc["anomalies"] as? [[String: Any]])
        let kinds = Set(anomalies.compactMap { $0["kind"] as? String })
        #expect(kinds == ["new", "silence", "level-shift"])
        #expect(anomalies.count == 3)
        for a in anomalies {
            #expect(a["start"] as? String == "2026-11-30T10:30:00Z")
            let score = try #require(a["score"] as? Double)
            #expect(score >= 0 && score <= 1)
            #expect((a["reason"] as? String)?.isEmpty == false)
            for key in ["signature", "end", "observed", "expected", "severity", "examples"] { #expect(a[key] != nil, "\(key)") }
        }
        let silence = try #require(anomalies.first { $0["kind"] as? String == "silence" })
        #expect(silence["end"] as? String == "2026-11-30T10:50:00Z")
        #expect(silence["reason"] as? String == "0 in 20m, expected 20.0 (1.0 per 1m) from the 48 buckets before")
        let new = try #require(anomalies.first { $0["kind"] as? String == "new" })
        #expect(new["signature"] as? String == "connection-refused/t962a0b2ba0ef")
        #expect(new["severity"] as? String == "high" && new["observed"] as? Double == 30)
        let detection = try #require(doc["detection"] as? [String: Any])
        #expect(detection["bucketSeconds"] as? Double == 60 && detection["buckets"] as? Int == 180)
    }

    @Test func failOnSetsTheExitStatus() {
        #expect(CLI.run(["scan", "Fixtures/detect/incident.log"]).status == 0)
        #expect(CLI.run(["scan", "Fixtures/detect/incident.log", "--fail-on", "high"]).status == 1)
        #expect(CLI.run(["scan", "Fixtures/detect/incident.log", "--fail-on", "critical"]).status == 0)
        #expect(CLI.run(["scan", "Fixtures/sample/app.log", "--fail-on", "info"]).status == 1)
    }

    /// An unread input must never look like a clean run: 3 wins over 1.
    @Test func unreadableInputWinsOverAnomalies() {
        let r = CLI.run(["scan", "Fixtures/detect/incident.log", "Fixtures/gzip/truncated.log.gz", "--fail-on", "info"])
        #expect(r.status == 3)
    }

    @Test func bucketWidthCanBeChosen() throws {
        let (r, doc) = try CLI.json(["scan", "Fixtures/detect/incident.log", "--bucket", "10m"])
        #expect(r.status == 0)
        let detection = try #require(doc["detection"] as? [String: Any])
        #expect(detection["bucketSeconds"] as? Double == 600 && detection["buckets"] as? Int == 18)
    }

    @Test(arguments: [
        (["--bucket", "soon"], "--bucket takes a duration such as 30s, 5m, 1h or 1d; got `soon`."),
        (["--fail-on", "urgent"], "--fail-on takes critical, high, medium, low or info; got `urgent`."),
    ])
    func badDetectionOptionsExitTwo(args: [String], message: String) {
        let r = CLI.run(["scan", "Fixtures/detect/incident.log"] + args)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    /// The CI loop: a baseline from the good first part; the last 80 lines alone (too short
    /// to learn from themselves) are judged against it, with the same signature ids.
    @Test func aBaselineFileIsTheReference() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let good = CLI.shell("head -300 Fixtures/detect/incident.log"), late = CLI.shell("tail -80 Fixtures/detect/incident.log")
        try dir.write("good.log", Array((good + "\n").utf8))
        try dir.write("late.log", Array((late + "\n").utf8))
        let made = CLI.run(["baseline", dir.file("good.log"), "-o", dir.file("base.json")])
        #expect(made.status == 0, "\(made.stderr)")
        let alone = try CLI.json(["scan", dir.file("late.log")]).1
        #expect((alone["anomalies"] as? [Any])?.isEmpty == true)
        let (r, doc) = try CLI.json(["scan", dir.file("late.log"), "--baseline", dir.file("base.json"), "--fail-on", "high"])
        #expect(r.status == 1)
        let anomalies = try #require(doc["anomalies"] as? [[String: Any]])
        #expect(Set(anomalies.compactMap { $0["kind"] as? String }) == ["new", "silence", "level-shift"])
        #expect(anomalies.allSatisfy { ($0["reason"] as? String)?.contains("the baseline file") == true })
        let silence = try #require(anomalies.first { $0["kind"] as? String == "silence" })
        #expect(silence["signature"] as? String == "tf6ba9832746f")   // the id the full log gives it
        let detection = try #require(doc["detection"] as? [String: Any])
        #expect(detection["baseline"] as? String == "file" && detection["baselineFile"] as? String == dir.file("base.json"))
    }

    @Test func aBaselineThatIsNotJSONExitsTwo() {
        let r = CLI.run(["scan", "Fixtures/detect/incident.log", "--baseline", "Fixtures/sample/app.log"])
        #expect(r.status == 2)
        #expect(r.stderr == "lookout: Fixtures/sample/app.log: not a JSON object; make a baseline with `lookout baseline LOGS -o FILE`.\n")
    }

    /// Early warning: alerts come out while the input is read, as soon as the evidence
    /// suffices — the spike alert fires within its minute, long before the burst is over.
    @Test func alertsComeAsSoonAsTheEvidenceSuffices() throws {
        var lines: [String] = []
        for minute in 0..<60 {
            for k in 0..<5 { lines.append(String(format: "2026-11-30T08:%02d:%02dZ INFO GET /orders/%d 200", minute, k * 10, minute * 5 + k)) }
        }
        for k in 0..<40 { lines.append(String(format: "2026-11-30T09:00:%02dZ INFO GET /orders/%d 200", k, 9000 + k)) }
        lines.append("2026-11-30T09:01:00Z ERROR disk full: No space left on device")
        let dir = try Scratch(); defer { dir.cleanup() }
        let r = CLI.run(["scan", "--no-state", "--alerts", dir.file("alerts.jsonl")], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(r.status == 0)
        let alerts = try String(contentsOfFile: dir.file("alerts.jsonl"), encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(alerts.count == 2)
        let spike = try #require(alerts.first { $0["kind"] as? String == "spike" })
        #expect(spike["start"] as? String == "2026-11-30T09:00:00Z")
        let observed = try #require(spike["observed"] as? Double)
        #expect(observed > 7 && observed < 40)                                 // fired mid-burst
        #expect((spike["detected"] as? String)! < "2026-11-30T09:00:40Z")     // within the minute
        let new = try #require(alerts.first { $0["kind"] as? String == "new" })
        #expect((new["signature"] as? String)?.hasPrefix("disk-full/t") == true)
        #expect(new["detected"] as? String == "2026-11-30T09:01:00Z" && new["severity"] as? String == "critical")
        #expect(new["at"] as? String == "-:341")
    }

    @Test func aLogWithoutTimesSaysDetectionCouldNotRun() throws {
        let (_, doc) = try CLI.json(["scan", "Fixtures/formats/no-timestamps.log"])
        let detection = try #require(doc["detection"] as? [String: Any])
        #expect(detection["note"] as? String == "no event has a time: nothing to detect")
        #expect((doc["anomalies"] as? [Any])?.isEmpty == true)
    }
}
