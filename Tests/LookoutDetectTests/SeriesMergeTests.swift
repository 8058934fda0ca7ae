import Testing
import LookoutCore
@testable import LookoutDetect

/// `SeriesStore.absorb` (a parallel scan's merge): stores fed parts of the events, absorbed
/// into one, equal the store fed every event — axis (origin, width, buckets used) and every
/// count — whatever the split, the order, and however far apart the parts' times lie.
struct SeriesMergeTests {
    struct Event { var series: Int; var time: Int64; var error: Bool }

    func state(_ s: SeriesStore, series: Int) -> [String] {
        ["origin \(s.origin.map(String.init) ?? "nil") width \(s.width) used \(s.used)",
         "totals \(s.totals)", "errors \(s.errors)"] + (0..<series).map { "series \($0) \(s.counts(of: [$0], factor: 1))" }
    }

    /// Seeded cases: spans from seconds to years (the axis coarsens, shifts right for
    /// earlier times), events split between three stores at random, or by time (the store
    /// adopted holds only the earliest events, another only the latest, on finer axes).
    @Test(arguments: [(Int64, UInt64)]([(1000, 1), (1000, 2), (420_000, 3), (1000, 4), (60_000, 5), (1000, 6)]))
    func absorbedStoresEqualOneStoreFedEveryEvent(initialWidth: Int64, seed: UInt64) {
        var random = Poisson(state: seed)
        let spans: [Double] = [30_000, 4_000_000, 90_000_000, 40_000_000_000]
        let span = spans[Int(seed) % spans.count]
        let events = (0..<3000).map { _ in
            Event(series: Int(random.uniform() * 4), time: 1_796_025_600_000 + Int64((random.uniform() - 0.3) * span),
                  error: random.uniform() < 0.2)
        }
        let whole = SeriesStore(capacity: 256, initialWidthMilliseconds: initialWidth)
        for _ in 0..<4 { _ = whole.makeSeries() }
        for e in events { whole.add(series: e.series, time: Timestamp(millisecondsSinceEpoch: e.time), error: e.error) }

        // Three parts; in each, series are numbered in order of first appearance (as a worker does).
        var parts: [(store: SeriesStore, map: [Int], local: [Int: Int])] = (0..<3).map { _ in
            (SeriesStore(capacity: 256, initialWidthMilliseconds: initialWidth), [], [:])
        }
        let sorted = events.map(\.time).sorted()
        let (early, late) = (sorted[events.count / 20], sorted[events.count - events.count / 20])
        for e in events {
            // Odd seeds: the earliest twentieth goes to part 0, the latest to part 2, each
            // a narrow span on a finer axis: the store adopted (part 0) must coarsen to take
            // part 1, and part 2's fine buckets must land inside coarse ones.
            let p = seed % 2 == 1 ? (e.time <= early ? 0 : e.time >= late ? 2 : 1) : Int(random.uniform() * 3)
            if parts[p].local[e.series] == nil {
                parts[p].local[e.series] = parts[p].store.makeSeries()
                parts[p].map.append(e.series)
            }
            parts[p].store.add(series: parts[p].local[e.series]!, time: Timestamp(millisecondsSinceEpoch: e.time), error: e.error)
        }
        // Merge as ParallelScan does: adopt the first (renumbered), absorb the others.
        let merged = parts[0].store
        merged.renumberSeries(parts[0].map, count: 4)
        for p in parts.dropFirst() { merged.absorb(p.store, series: p.map) }
        #expect(state(merged, series: 4) == state(whole, series: 4))
        #expect(merged.totals.reduce(0, +) == 3000)
    }

    @Test func anEmptyStoreTakesTheOthersAxis() {
        let empty = SeriesStore(capacity: 64, initialWidthMilliseconds: 1000)
        _ = empty.makeSeries()
        let other = SeriesStore(capacity: 64, initialWidthMilliseconds: 1000)
        _ = other.makeSeries()
        for i in 0..<10 { other.add(series: 0, time: Timestamp(millisecondsSinceEpoch: Int64(i) * 3_600_000), error: i == 3) }
        empty.absorb(other, series: [0])
        #expect(empty.width == other.width && empty.origin == other.origin && empty.used == other.used)
        #expect(empty.counts(of: [0], factor: 1) == other.counts(of: [0], factor: 1))
        #expect(empty.errors.reduce(0, +) == 1)
    }
}
