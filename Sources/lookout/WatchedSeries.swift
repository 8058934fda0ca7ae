import LookoutCore
import LookoutDetect

/// The series of the signatures watched for anomalies: tally entry `i` gets series `i` on
/// its first event with a time while fewer than `maxSeries` exist (made for every entry up
/// to it, in entry order); events of later entries are counted as unwatched.
struct WatchedSeries {
    let store: SeriesStore
    let maxSeries: Int
    /// The series of each tally entry (-1: none, beyond `maxSeries`).
    private(set) var entrySeries: [Int] = []
    private(set) var unwatchedEvents = 0

    init(store: SeriesStore, maxSeries: Int, entrySeries: [Int] = [], unwatchedEvents: Int = 0) {
        self.store = store
        self.maxSeries = maxSeries
        self.entrySeries = entrySeries
        self.unwatchedEvents = unwatchedEvents
    }

    mutating func add(entry: Int, time: Timestamp, error: Bool) {
        while entrySeries.count <= entry {
            entrySeries.append(store.seriesCount < maxSeries ? store.makeSeries() : -1)
        }
        let series = entrySeries[entry]
        guard series >= 0 else { unwatchedEvents += 1; return }
        store.add(series: series, time: time, error: error)
    }
}
