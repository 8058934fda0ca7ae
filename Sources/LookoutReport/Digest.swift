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
}
