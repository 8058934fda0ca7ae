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
}
