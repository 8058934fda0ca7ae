/// How bad a signature is, from the rule that names it (or the level of its events).
public enum Severity: String, Sendable, CaseIterable, Comparable, Hashable {
    case info, low, medium, high, critical

    public static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The severity an event's level implies when no rule names it.
    public init(level: Level?) {
        switch level {
        case .critical: self = .high
        case .error: self = .medium
        case .warning: self = .low
        default: self = .info
        }
    }
}

/// What a run saw of one signature.
public struct SignatureSummary: Sendable, Equatable {
    public var id: String
    public var template: String
    /// The id of the rule that names it, if one does.
    public var rule: String?
    public var severity: Severity
    /// The severity its events usually have: the rule's when a rule names it, else the one
    /// the median event's level implies. `severity` takes the highest level seen, so an
    /// info message written once at error level is graded medium; the detector's
    /// false-alarm budget (`FalseAlarmBudget`) goes by this one.
    public var usualSeverity: Severity
    public var count: Int
    public var firstSeen: Timestamp?
    public var lastSeen: Timestamp?
    /// Up to `SignatureSummary.maxExamples` lines as `source:line: text` (raw, unsanitised).
    public var examples: [String]

    public static let maxExamples = 3

    public init(id: String, template: String, rule: String?, severity: Severity, usualSeverity: Severity? = nil, count: Int,
                firstSeen: Timestamp?, lastSeen: Timestamp?, examples: [String]) {
        self.id = id; self.template = template; self.rule = rule; self.severity = severity
        self.usualSeverity = usualSeverity ?? severity
        self.count = count; self.firstSeen = firstSeen; self.lastSeen = lastSeen; self.examples = examples
    }
}
