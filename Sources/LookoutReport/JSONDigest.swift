import LookoutCore

/// The machine-readable digest (`--format json`), schema version 1. The README documents
/// every field; fields are only ever added within a schema version.
public enum JSONDigest {
    public static let schemaVersion = 1

    public static func render(_ digest: Digest) -> String {
        let input = digest.input
        let doc: JSONValue = .object([
            ("schemaVersion", .int(schemaVersion)),
            ("input", inputObject(input)),
            ("timeRange", timeRange(first: input.firstTime, last: input.lastTime, basis: input.timeBasis)),
            ("detection", .object([
                ("baseline", .string(digest.baselineKind)),
                ("baselineFile", .optional(digest.baselineKind == "file" ? digest.baseline : nil)),
                ("bucketSeconds", digest.bucketMilliseconds.map { .double(Double($0) / 1000) } ?? .null),
                ("buckets", .int(digest.buckets)),
                ("note", .optional(digest.detectionNote)),
            ])),
            ("anomalies", .array(digest.anomalies.map { anomaly($0, examples: digest.examples(of: $0)) })),
            ("signatures", .array(digest.signatures.map(signature))),
        ])
        return doc.rendered(indent: 2) + "\n"
    }

    static func timeRange(first: Timestamp?, last: Timestamp?, basis: EventTally.TimeBasis) -> JSONValue {
        guard let first, let last else { return .null }
        return .object([("start", .string(first.rfc3339)), ("end", .string(last.rfc3339)), ("basis", .string(basis.rawValue))])
    }

    /// An anomaly's members as both the digest and `--alerts` write them.
    public static func anomalyMembers(_ a: Anomaly) -> [(String, JSONValue)] {
        [
            ("kind", .string(a.kind.rawValue)),
            ("signature", .string(a.signature)),
            ("start", .string(a.start.rfc3339)),
            ("end", .string(a.end.rfc3339)),
            ("observed", .double(a.observed)),
            ("expected", .double((a.expected * 1000).rounded() / 1000)),
            ("score", .double((a.score * 1000).rounded() / 1000)),
            ("severity", .string(a.severity.rawValue)),
            ("reason", .string(a.reason)),
        ]
    }

    static func anomaly(_ a: Anomaly, examples: [String]) -> JSONValue {
        .object(anomalyMembers(a) + [("examples", .array(examples.map { .string($0) }))])
    }

    static func signature(_ s: SignatureSummary) -> JSONValue {
        .object([
            ("id", .string(s.id)),
            ("template", .string(s.template)),
            ("rule", .optional(s.rule)),
            ("severity", .string(s.severity.rawValue)),
            ("count", .int(s.count)),
            ("firstSeen", .optional(s.firstSeen?.rfc3339)),
            ("lastSeen", .optional(s.lastSeen?.rfc3339)),
            ("examples", .array(s.examples.map { .string($0) })),
        ])
    }

    static func problems(_ list: [InputProblem], _ severity: InputProblem.Severity) -> JSONValue {
        .array(list.filter { $0.severity == severity }.map { p in
            .object([("offset", p.offset.map { .int($0) } ?? .null), ("message", .string(p.message))])
        })
    }

    static func levels(_ counts: [Int]) -> JSONValue {
        .object(Level.allCases.reversed().compactMap { l in counts[l.rawValue] > 0 ? (l.name, .int(counts[l.rawValue])) : nil })
    }

    static func source(_ s: SourceReport) -> JSONValue {
        .object([
            ("path", .string(s.path)),
            ("kind", .string(s.kind.rawValue)),
            ("compression", .optional(s.compression?.rawValue)),
            ("rotationSet", .optional(s.rotationSet)),
            ("lines", .int(s.lines)),
            ("bytes", .int(s.bytes)),
            ("storedBytes", .int(s.storedBytes)),
            ("events", .int(s.tally.events)),
            ("truncatedLines", .int(s.truncatedLines)),
            ("resumedLines", .int(s.resumedLines)),
            ("resumedBytes", .int(s.resumedBytes)),
            ("timestampedLines", .int(s.tally.timestampedLines)),
            ("timeRange", timeRange(first: s.tally.firstTime, last: s.tally.lastTime, basis: s.tally.timeBasis)),
            ("levels", levels(s.tally.levelCounts)),
            ("skipped", .optional(s.skipped)),
            ("errors", problems(s.problems, .error)),
            ("notices", problems(s.problems, .notice)),
        ])
    }

    static func inputObject(_ input: InputSummary) -> JSONValue {
        .object([
            ("sources", .array(input.sources.map(source))),
            ("problems", .array(input.planProblems.map { p in
                .object([("path", .string(p.source)), ("severity", .string(p.severity.rawValue)), ("message", .string(p.message))])
            })),
            ("totals", .object([
                ("sources", .int(input.sources.count)),
                ("lines", .int(input.lines)),
                ("bytes", .int(input.bytes)),
                ("storedBytes", .int(input.storedBytes)),
                ("events", .int(input.events)),
                ("truncatedLines", .int(input.truncatedLines)),
                ("resumedLines", .int(input.resumedLines)),
                ("timestampedLines", .int(input.timestampedLines)),
                ("levels", levels(input.levelCounts)),
            ])),
        ])
    }
}
