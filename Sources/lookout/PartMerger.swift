import LookoutClassify
import LookoutCore
import LookoutDetect

/// Folds the parts a parallel read found (whole files, or segments of one file), in planned
/// order, into what one reader would have ended with: one tally whose entries have the
/// indices of their first appearance, the run's miner holding every shape, and a series
/// store whose series `i` is entry `i`'s.
///
/// Parts come in one at a time (`absorb`). Whole files (`ParallelScan`) come with their
/// workers' series, which `finish` adopts at the end; segments (`SegmentedScan`) bring
/// their events' times instead, which their merge puts on one store (`WatchedSeries`).
final class PartMerger {
    let classifier: Classifier
    let tally: SignatureTally
    let maxSeries: Int
    /// Per worker: the run's entry (= series) of each of its series (-1: none seen yet).
    private var seriesEntry: [[Int]]
    private var seriesNeeded = 0
    /// Per worker: the run's shape of each worker shape merged so far (-1: none yet).
    private var runShape: [[Int]]
    private(set) var outsideWindow = 0

    init(classifier: Classifier, tallyCapacity: Int, maxSeries: Int, workers: Int) {
        self.classifier = classifier
        tally = SignatureTally(capacity: tallyCapacity)
        self.maxSeries = maxSeries
        seriesEntry = Array(repeating: [], count: workers)
        runShape = Array(repeating: [], count: workers)
    }

    /// Merges the next part in planned order and returns the run's entry of each of the
    /// part's entries; or says why the result could not be one reader's (an overflow, whose
    /// victims depend on the order events come in).
    func absorb(_ part: FilePart) -> Swift.Result<[Int], ParallelScan.Fallback> {
        classifier.addLimitHits(part.limitHits)
        outsideWindow += part.outsideWindow
        let miner = classifier.miner
        let w = part.worker
        let mapped = tally.absorb(part.tally) { shape, count in
            if shape < runShape[w].count, runShape[w][shape] >= 0 {
                miner.addCount(count, toShape: runShape[w][shape])
                return runShape[w][shape]
            }
            guard let bytes = part.shapes[shape], let learnt = miner.learn(bytes, count: count) else { return nil }
            if shape >= runShape[w].count { runShape[w] += repeatElement(-1, count: shape + 1 - runShape[w].count) }
            runShape[w][shape] = learnt
            return learnt
        }
        guard let entries = mapped else {
            return .failure(ParallelScan.Fallback(reason: "more shapes than --max-templates, or signatures than the tally holds"))
        }
        for (e, s) in part.entrySeries.enumerated() where s >= 0 {
            while seriesEntry[part.worker].count <= s { seriesEntry[part.worker].append(-1) }
            seriesEntry[part.worker][s] = entries[e]
            seriesNeeded = max(seriesNeeded, entries[e] + 1)
        }
        return .success(entries)
    }

    /// The run's series store, made from the workers' (`stores[w]` is worker `w`'s; the
    /// first one is adopted, so one store fewer is in memory at the peak), and the series of
    /// each tally entry.
    func finish(stores: [SeriesStore]) -> Swift.Result<(store: SeriesStore, entrySeries: [Int]), ParallelScan.Fallback> {
        // A sequential run gives entry i series i while i < maxSeries, and counts the events
        // of later entries as unwatched (kept out of the store's totals): not merged here.
        let complete = zip(stores, seriesEntry).allSatisfy { store, map in
            map.count == store.seriesCount && !map.contains(-1)
        }
        guard seriesNeeded <= maxSeries, complete else {
            return .failure(ParallelScan.Fallback(reason: "more signatures than are watched"))
        }
        let store = stores[0]
        store.renumberSeries(seriesEntry[0], count: seriesNeeded)
        for (w, other) in stores.enumerated().dropFirst() {
            store.absorb(other, series: seriesEntry[w])
        }
        return .success((store, Array(0..<seriesNeeded)))
    }
}
