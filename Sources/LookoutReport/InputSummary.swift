import LookoutCore

/// What a run read: every source's report in reading order, and the problems met while
/// planning (paths that do not exist, loops, special files in a directory walk).
public struct InputSummary: Sendable {
    public var sources: [SourceReport]
    public var planProblems: [InputProblem]

    public init(sources: [SourceReport], planProblems: [InputProblem]) {
        self.sources = sources
        self.planProblems = planProblems
    }

    public var allProblems: [InputProblem] { planProblems + sources.flatMap(\.problems) }
    /// True when some input could not be read: the run must exit with status 3.
    public var hasErrors: Bool { allProblems.contains { $0.severity == .error } }

    public var lines: Int { sources.reduce(0) { $0 + $1.lines } }
    public var events: Int { sources.reduce(0) { $0 + $1.tally.events } }
    public var bytes: Int64 { sources.reduce(0) { $0 + $1.bytes } }
    public var storedBytes: Int64 { sources.reduce(0) { $0 + $1.storedBytes } }
    /// Lines of resumed files that earlier runs read (skipped by this one).
    public var resumedLines: Int { sources.reduce(0) { $0 + $1.resumedLines } }
    public var truncatedLines: Int { sources.reduce(0) { $0 + $1.truncatedLines } }
    public var timestampedLines: Int { sources.reduce(0) { $0 + $1.tally.timestampedLines } }

    public var firstTime: Timestamp? { sources.compactMap(\.tally.firstTime).min() }
    public var lastTime: Timestamp? { sources.compactMap(\.tally.lastTime).max() }

    /// Where the run's times come from, taken over all sources: the log's own timestamps
    /// when any source had them, else arrival time (stdin), else line order.
    public var timeBasis: EventTally.TimeBasis {
        if sources.contains(where: { $0.tally.timeBasis == .timestamps }) { return .timestamps }
        if sources.contains(where: { $0.tally.timeBasis == .arrival }) { return .arrival }
        return .lineOrder
    }

    public var levelCounts: [Int] {
        var out = Array(repeating: 0, count: Level.allCases.count)
        for s in sources { for i in out.indices { out[i] += s.tally.levelCounts[i] } }
        return out
    }
}
