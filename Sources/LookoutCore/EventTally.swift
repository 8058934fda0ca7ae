/// The events stage's figures for one source: events, their times and their levels.
public struct EventTally: Sendable, Equatable {
    /// Where event times come from: the log's own timestamps, the moment each line
    /// arrived (stdin without timestamps), or nowhere (a file without timestamps: line order).
    public enum TimeBasis: String, Sendable { case timestamps, arrival, lineOrder = "line-order" }

    public var events: Int = 0
    /// Events whose own header carried a timestamp.
    public var timestampedLines: Int = 0
    public var firstTime: Timestamp?
    public var lastTime: Timestamp?
    public var timeBasis: TimeBasis = .timestamps
    /// Events per level, indexed by `Level.rawValue`; events without a level are not counted here.
    public var levelCounts: [Int] = Array(repeating: 0, count: Level.allCases.count)

    public init() {}

    public mutating func note(time: Timestamp) {
        if firstTime.map({ time < $0 }) ?? true { firstTime = time }
        if lastTime.map({ time > $0 }) ?? true { lastTime = time }
    }

    /// Adds another part of the same source's tally (the time basis is left to `settle`).
    public mutating func absorb(_ other: EventTally) {
        events += other.events
        timestampedLines += other.timestampedLines
        if let t = other.firstTime { note(time: t) }
        if let t = other.lastTime { note(time: t) }
        for (i, n) in other.levelCounts.enumerated() { levelCounts[i] += n }
    }

    /// Sets the time basis once the source is read: its timestamps when it had any, else
    /// arrival (stdin) or line order.
    public mutating func settleTimeBasis(stdin: Bool) {
        if timestampedLines > 0 { timeBasis = .timestamps }
        else { timeBasis = stdin ? .arrival : .lineOrder }
    }
}
