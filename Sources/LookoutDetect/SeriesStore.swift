import LookoutCore

/// Event counts per series (a signature, or all events) on one shared time axis of at
/// most `capacity` fine buckets. When events fall outside the axis, its bucket width
/// steps up a ladder of round widths (1s, 5s, 10s, 30s, 1m, 5m, 15m, 30m, 1h, 3h, 6h, 12h,
/// 1d, 1w; each a multiple of the one before, so buckets merge whole) until they fit:
/// memory is `capacity` counters per series whatever the time span, and detection buckets
/// are whole multiples of these.
public final class SeriesStore {
    public let capacity: Int
    /// Time of the start of fine bucket 0, in ms.
    @exclusivity(unchecked) public private(set) var origin: Int64?
    /// Fine bucket width in ms: a step of `SeriesStore.ladder`.
    @exclusivity(unchecked) public private(set) var width: Int64
    /// Fine buckets in use: 0..<used.
    @exclusivity(unchecked) public private(set) var used = 0
    // The properties touched for every event are `@exclusivity(unchecked)` (as in
    // `TemplateMiner`): no run-time access checks; a store is used from one thread at a time.
    @exclusivity(unchecked) private var series: [[UInt32]] = []
    /// Error-level events, all series together, per fine bucket (for level shifts).
    @exclusivity(unchecked) public private(set) var errors: [UInt32]
    /// All events, per fine bucket.
    @exclusivity(unchecked) public private(set) var totals: [UInt32]

    /// Round bucket widths, in ms, each a multiple of the one before.
    public static let ladder: [Int64] = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 10800, 21600, 43200, 86400, 604800].map { $0 * 1000 }

    /// `initialWidthMilliseconds`: the finest resolution (a chosen detection bucket, or 1 s).
    public init(capacity: Int = 4096, initialWidthMilliseconds: Int64 = 1000) {
        self.capacity = max(64, capacity)
        width = max(1, initialWidthMilliseconds)
        errors = Array(repeating: 0, count: self.capacity)
        totals = Array(repeating: 0, count: self.capacity)
    }

    /// Starts a new series and returns its index.
    public func makeSeries() -> Int {
        series.append(Array(repeating: 0, count: capacity))
        return series.count - 1
    }

    public var seriesCount: Int { series.count }

    public func add(series s: Int, time: Timestamp, error: Bool) {
        let index = slot(for: time.millisecondsSinceEpoch)
        series[s][index] &+= 1
        totals[index] &+= 1
        if error { errors[index] &+= 1 }
    }

    /// The fine bucket of time `t` (ms), after making room for it: the axis shifts right for
    /// a time before the origin and coarsens while the span does not fit. The result is a
    /// function of the earliest and latest times placed, whatever their order: the origin is
    /// the earliest time floored to the width, and the width the first step of the ladder
    /// (from the initial width) at which the span fits.
    private func slot(for t: Int64) -> Int {
        if let o = origin, t >= o {   // the usual case: on the axis as it is
            let index = Int((t - o) / width)
            if index < used { return index }
            if index < capacity { used = index + 1; return index }
        }
        guard let origin0 = origin else {
            origin = t - (t % width + width) % width
            used = 1
            return 0
        }
        var originNow = origin0
        if t < originNow {
            // Earlier than anything so far: shift right to make room at the front.
            while true {
                let shift = Int((originNow - t + width - 1) / width)
                if used + shift <= capacity {
                    shiftRight(shift)
                    originNow -= Int64(shift) * width
                    origin = originNow
                    break
                }
                coarsen()
                originNow = origin!
            }
        }
        var index = Int((t - originNow) / width)
        while index >= capacity {
            coarsen()
            index = Int((t - origin!) / width)
        }
        used = max(used, index + 1)
        return index
    }

    /// Adds the counts of `other` as if its events had been added here (a parallel scan
    /// merges its workers' stores): `map[i]` is the series here of `other`'s series `i`.
    /// Both stores must have the same capacity and initial width, so that their widths are
    /// steps of one ladder and each of `other`'s buckets falls whole into one bucket here.
    /// Since the axis depends only on the earliest and latest times (`slot(for:)`), the
    /// result is the same as one store fed every event, in any order.
    public func absorb(_ other: SeriesStore, series map: [Int]) {
        precondition(other.capacity == capacity && map.count == other.series.count, "stores of different shapes")
        guard let otherOrigin = other.origin, other.used > 0 else { return }
        if origin == nil {
            width = other.width   // nothing here yet: take the other's axis (its width is minimal for its span)
        } else {
            while width < other.width { coarsen() }
        }
        _ = slot(for: otherOrigin)
        _ = slot(for: otherOrigin + Int64(other.used - 1) * other.width)
        let first = Int((otherOrigin - origin!) / width)
        let r = Int(width / other.width)
        let offset = Int((otherOrigin - origin!) % width / other.width)   // other's buckets before bucket `first`'s start
        func add(_ from: [UInt32], into to: inout [UInt32]) {
            for i in 0..<other.used where from[i] != 0 { to[first + (i + offset) / r] &+= from[i] }
        }
        for (s, target) in map.enumerated() { add(other.series[s], into: &series[target]) }
        add(other.totals, into: &totals)
        add(other.errors, into: &errors)
    }

    /// Renumbers the series: series `i` becomes series `map[i]`, of `count` in all (those no
    /// series maps to start empty). Lets a merge adopt one store instead of copying it.
    public func renumberSeries(_ map: [Int], count: Int) {
        precondition(map.count == series.count && map.allSatisfy { (0..<count).contains($0) }, "a series mapped out of range")
        var renumbered: [[UInt32]?] = Array(repeating: nil, count: count)
        for (i, target) in map.enumerated() {
            precondition(renumbered[target] == nil, "two series mapped to one")
            renumbered[target] = series[i]
        }
        series = []
        series = renumbered.map { $0 ?? Array(repeating: 0, count: capacity) }
    }

    /// Steps the width up the ladder (or doubles it past the top): each new bucket is `r`
    /// whole old buckets, aligned on the new width.
    private func coarsen() {
        var next = SeriesStore.ladder.first { $0 > width } ?? width * 2
        if next % width != 0 { next = width * 2 }   // a width off the ladder (--bucket 7m) doubles
        let r = Int(next / width)
        let o = origin!
        let aligned = o - (o % next + next) % next
        let offset = Int((o - aligned) / width)   // old buckets in front of the old origin
        func merge(_ a: inout [UInt32]) {
            var out = Array(repeating: UInt32(0), count: capacity)
            for i in 0..<used { out[(i + offset) / r] &+= a[i] }
            a = out
        }
        for s in series.indices { merge(&series[s]) }
        merge(&errors)
        merge(&totals)
        used = (used + offset + r - 1) / r
        width = next
        origin = aligned
    }

    private func shiftRight(_ n: Int) {
        func shift(_ a: inout [UInt32]) {
            for i in stride(from: used - 1, through: 0, by: -1) { a[i + n] = a[i] }
            for i in 0..<n { a[i] = 0 }
        }
        for s in series.indices { shift(&series[s]) }
        shift(&errors)
        shift(&totals)
        used += n
    }

    /// Counts of several series summed, re-bucketed at `factor` fine buckets per bucket.
    public func counts(of members: [Int], factor: Int) -> [Int] {
        let n = (used + factor - 1) / factor
        var out = Array(repeating: 0, count: n)
        for m in members { for i in 0..<used { out[i / factor] += Int(series[m][i]) } }
        return out
    }

    /// Counts summed into absolute buckets of `width` ms (bucket starts are multiples of
    /// `width` since the epoch), nonzero ones only. `width` must be a multiple of the store's.
    public func absoluteCounts(of members: [Int]?, width: Int64) -> [(start: Int64, count: Int, errors: Int)] {
        guard let origin, width % self.width == 0 else { return [] }
        var out: [Int64: (Int, Int)] = [:]
        for i in 0..<used {
            var c = 0
            if let members { for m in members { c += Int(series[m][i]) } } else { c = Int(totals[i]) }
            let e = members == nil ? Int(errors[i]) : 0
            guard c > 0 else { continue }
            let t = origin + Int64(i) * self.width
            let start = t - (t % width + width) % width
            let previous = out[start] ?? (0, 0)
            out[start] = (previous.0 + c, previous.1 + e)
        }
        return out.keys.sorted().map { ($0, out[$0]!.0, out[$0]!.1) }
    }

    public func totalCounts(factor: Int) -> (all: [Int], errors: [Int]) {
        let n = (used + factor - 1) / factor
        var all = Array(repeating: 0, count: n), err = Array(repeating: 0, count: n)
        for i in 0..<used { all[i / factor] += Int(totals[i]); err[i / factor] += Int(errors[i]) }
        return (all, err)
    }
}
