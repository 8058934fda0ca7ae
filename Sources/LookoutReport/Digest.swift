import LookoutCore

/// Everything a digest shows: what was read, the signatures, and the anomalies found.
public struct Digest: Sendable {
    public var input: InputSummary
    /// Most frequent first.
    public var signatures: [SignatureSummary]
    /// Highest score first.
    public var anomalies: [Anomaly]
    /// The detection bucket width, when detection ran.
    public var bucketMilliseconds: Int64?
    public var buckets: Int
    /// Why detection could not run, or what it left out.
    public var detectionNote: String?
    /// What the run was compared with: `run` (its own past), `history` (the state
    /// database) or `file` (a baseline file).
    public var baselineKind: String
    /// The baseline file's path or the state database's, in words; nil for the run's own past.
    public var baseline: String?
    /// Rate charts: for each signature with an anomaly (and `*`, all events), its count in
    /// every detection bucket of the run, bucket 0 starting at `ratesStart`.
    public var rates: [String: [Int]] = [:]
    public var ratesStart: Timestamp?

    public init(input: InputSummary, signatures: [SignatureSummary] = [], anomalies: [Anomaly] = [],
                bucketMilliseconds: Int64? = nil, buckets: Int = 0, detectionNote: String? = nil, baselineKind: String = "run",
                baseline: String? = nil) {
        self.input = input
        self.signatures = signatures
        self.anomalies = anomalies
        self.bucketMilliseconds = bucketMilliseconds
        self.buckets = buckets
        self.detectionNote = detectionNote
        self.baselineKind = baselineKind
        self.baseline = baseline
    }

    /// The examples of an anomaly: those of its signature.
    public func examples(of anomaly: Anomaly) -> [String] {
        signatures.first { $0.id == anomaly.signature }?.examples ?? []
    }

    /// The signature an anomaly is about (nil for `*`, all events).
    public func signature(of anomaly: Anomaly) -> SignatureSummary? {
        signatures.first { $0.id == anomaly.signature }
    }

    /// Index of the detection bucket holding `time` in `rates`.
    public func bucket(of time: Timestamp) -> Int? {
        guard let ratesStart, let width = bucketMilliseconds, width > 0 else { return nil }
        return Int((time.millisecondsSinceEpoch - ratesStart.millisecondsSinceEpoch) / width)
    }
}
