import LookoutCore

/// Event counts per series (a signature, or all events) on one shared time axis of at
/// most `capacity` fine buckets. When events fall outside the axis, its bucket width
/// doubles (adjacent buckets merge) until they fit: memory is `capacity` counters per
/// series whatever the time span, and the detection buckets are built from these.
public final class SeriesStore {
    public let capacity: Int
    /// Time of the start of fine bucket 0, in ms.
    public private(set) var origin: Int64?
    /// Fine bucket width in ms (a power of two times the initial width).
    public private(set) var width: Int64
    /// Fine buckets in use: 0..<used.
    public private(set) var used = 0
    private var series: [[UInt32]] = []
    /// Error-level events, all series together, per fine bucket (for level shifts).
    public private(set) var errors: [UInt32]
    /// All events, per fine bucket.
    public private(set) var totals: [UInt32]

    public init(capacity: Int = 1024, initialWidthMilliseconds: Int64 = 1000) {
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
        let t = time.millisecondsSinceEpoch
        guard let origin0 = origin else {
            origin = t - (t % width + width) % width
            add(series: s, time: time, error: error)
            return
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
        series[s][index] &+= 1
        totals[index] &+= 1
        if error { errors[index] &+= 1 }
        used = max(used, index + 1)
    }

    /// Halves the resolution: bucket i of the new axis is buckets 2i and 2i+1 of the old.
    private func coarsen() {
        // Keep the origin aligned to the new width.
        let o = origin!
        let aligned = o - (o % (2 * width) + 2 * width) % (2 * width)
        let offset = Int((o - aligned) / width)   // 0 or 1 old bucket in front
        func merge(_ a: inout [UInt32]) {
            var out = Array(repeating: UInt32(0), count: capacity)
            for i in 0..<used { out[(i + offset) / 2] &+= a[i] }
            a = out
        }
        for s in series.indices { merge(&series[s]) }
        merge(&errors)
        merge(&totals)
        used = (used + offset + 1) / 2
        width *= 2
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

    public func totalCounts(factor: Int) -> (all: [Int], errors: [Int]) {
        let n = (used + factor - 1) / factor
        var all = Array(repeating: 0, count: n), err = Array(repeating: 0, count: n)
        for i in 0..<used { all[i / factor] += Int(totals[i]); err[i / factor] += Int(errors[i]) }
        return (all, err)
    }
}
