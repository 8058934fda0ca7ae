/// A departure from a signature's usual rate that the detect stage found.
public struct Anomaly: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A signature that the baseline never saw.
        case new
        /// A count significantly above what the baseline predicts.
        case spike
        /// A count significantly below what the baseline predicts (but not zero).
        case drop
        /// A regular signature that stopped (no events where several were expected).
        case silence
        /// The share of error-level events jumped.
        case levelShift = "level-shift"
    }

    public var kind: Kind
    /// The signature id (for `level-shift`, `*`: all events).
    public var signature: String
    public var start: Timestamp
    public var end: Timestamp
    public var observed: Double
    public var expected: Double
    /// 0…1: 0.5 at the detection threshold, 1 far beyond it.
    public var score: Double
    public var severity: Severity
    /// Why it fired, in words: "41 in 5m, expected 3.0 ± 1.7 from the 24 buckets before".
    public var reason: String

    public init(kind: Kind, signature: String, start: Timestamp, end: Timestamp, observed: Double, expected: Double,
                score: Double, severity: Severity, reason: String) {
        self.kind = kind; self.signature = signature; self.start = start; self.end = end
        self.observed = observed; self.expected = expected; self.score = score; self.severity = severity; self.reason = reason
    }
}
