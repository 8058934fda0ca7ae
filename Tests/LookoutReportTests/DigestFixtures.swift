import LookoutCore
@testable import LookoutReport

/// Hand-built digests for the format tests, with figures a real run could give.
enum DigestFixtures {
    static func time(_ hour: Int, _ minute: Int) -> Timestamp { Timestamp(year: 2026, month: 11, day: 30, hour: hour, minute: minute)! }

    /// One source of 1,200 lines over an hour, 5m buckets from 08:00.
    static func source(path: String = "logs/api.log", problems: [InputProblem] = []) -> SourceReport {
        var r = SourceReport(path: path, kind: .file)
        r.lines = 1200
        r.bytes = 98_304
        r.storedBytes = r.bytes
        r.tally.events = 1180
        r.tally.timestampedLines = 1180
        r.tally.firstTime = time(8, 0)
        r.tally.lastTime = time(8, 59)
        r.tally.levelCounts[Level.error.rawValue] = 60
        r.tally.levelCounts[Level.info.rawValue] = 1120
        r.problems = problems
        return r
    }

    static let refused = SignatureSummary(
        id: "payment-gateway-refused/t1a2b3c4d5e6f", template: "gateway refused connection to <*>", rule: "payment-gateway-refused",
        severity: .high, count: 57, firstSeen: time(8, 1), lastSeen: time(8, 58),
        examples: ["logs/api.log:812: ERROR gateway refused connection to pay-3.internal:443",
                   "logs/api.log:815: ERROR gateway refused connection to pay-1.internal:443",
                   "logs/api.log:830: ERROR gateway refused connection to pay-3.internal:443"])
    static let quota = SignatureSummary(
        id: "t0f1e2d3c4b5a", template: "disk quota exceeded on <*>", rule: nil, severity: .medium, count: 3,
        firstSeen: time(8, 55), lastSeen: time(8, 57), examples: ["logs/api.log:1150: ERROR disk quota exceeded on /var/lib/pg"])
    static let requests = SignatureSummary(
        id: "t9a8b7c6d5e4f", template: "GET <*> in <*> ms", rule: nil, severity: .info, count: 1120,
        firstSeen: time(8, 0), lastSeen: time(8, 59), examples: ["logs/api.log:1: INFO GET /health in 2 ms"])

    static let spike = Anomaly(kind: .spike, signature: refused.id, start: time(8, 40), end: time(8, 50), observed: 41, expected: 3,
                               score: 0.93, severity: .high, reason: "41 in 10m (2 buckets), expected 3.0 ± 1.7 from the 8 buckets before")
    static let new = Anomaly(kind: .new, signature: quota.id, start: time(8, 55), end: time(9, 0), observed: 3, expected: 0, score: 0.65,
                             severity: .medium, reason: "not seen in the first 6 buckets of 5m (the run's baseline); 3 events since 2026-11-30T08:55:00Z")

    /// A spike and a new signature, with their rates.
    static func twoAnomalies(problems: [InputProblem] = []) -> Digest {
        var d = Digest(input: InputSummary(sources: [source(problems: problems)], planProblems: []),
                       signatures: [requests, refused, quota], anomalies: [spike, new],
                       bucketMilliseconds: 300_000, buckets: 12)
        d.rates = [refused.id: [1, 2, 1, 0, 1, 2, 1, 0, 20, 21, 5, 3], quota.id: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3],
                   "*": [95, 99, 98, 96, 97, 101, 96, 94, 118, 120, 104, 99]]
        d.ratesStart = time(8, 0)
        return d
    }

    /// The same input, nothing found.
    static func clean() -> Digest {
        var d = Digest(input: InputSummary(sources: [source()], planProblems: []), signatures: [requests],
                       bucketMilliseconds: 300_000, buckets: 12)
        d.rates = ["*": [95, 99, 98, 96, 97, 101, 96, 94, 98, 97, 104, 99]]
        d.ratesStart = time(8, 0)
        return d
    }

    /// Every kind of text that could break out of a format: markup, quotes, table pipes,
    /// backticks, CDATA's end, and terminal escapes (CSI, OSC with BEL, 8-bit CSI).
    static let hostile = "<script>alert(1)</script> \"'& | `tick` ]]> \u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{07} \u{9B}2J \u{FFFE}end"

    static func hostileDigest() -> Digest {
        let sig = SignatureSummary(id: "evil/" + hostile, template: hostile + " <*>", rule: "rule|" + hostile, severity: .critical, count: 2,
                                   firstSeen: time(8, 10), lastSeen: time(8, 11),
                                   examples: ["logs/<b>api</b>.log:7: " + hostile, "logs/<b>api</b>.log:8: ```\n" + hostile])
        let a = Anomaly(kind: .new, signature: sig.id, start: time(8, 10), end: time(8, 15), observed: 2, expected: 0, score: 0.95,
                        severity: .critical, reason: "reason " + hostile)
        var d = Digest(input: InputSummary(sources: [source(path: "logs/<b>api</b>.log")],
                                           planProblems: [InputProblem(.error, source: hostile, hostile)]),
                       signatures: [sig], anomalies: [a], bucketMilliseconds: 300_000, buckets: 12, detectionNote: hostile,
                       baselineKind: "file", baseline: hostile)
        d.rates = [sig.id: [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]]
        d.ratesStart = time(8, 0)
        return d
    }
}
