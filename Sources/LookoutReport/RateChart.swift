import LookoutCore

/// An anomaly's rate, ready to draw in at most `maxColumns` columns: its signature's count in
/// every detection bucket of the run (`Digest.rates`; `*`, all events, for a level shift),
/// and the columns its `start..<end` covers.
///
/// With more buckets than columns, whole buckets are summed in equal groups (the last may be
/// shorter). Summed rather than averaged: a column's height is still a count of events, over a
/// longer span, and one bucket's burst still shows in its group.
struct RateChart: Equatable {
    /// Events per column, oldest first.
    var counts: [Int]
    /// Detection buckets summed into one column.
    var bucketsPerColumn: Int
    /// The time one column spans, when the digest knows its bucket width.
    var columnMilliseconds: Int64?
    /// The columns holding the anomaly's buckets, when they fall inside the chart.
    var marked: ClosedRange<Int>?

    /// Nil when the digest has no counts for the anomaly's signature.
    init?(_ digest: Digest, anomaly: Anomaly, maxColumns: Int) {
        guard let buckets = digest.rates[anomaly.signature], !buckets.isEmpty else { return nil }
        let perColumn = max(1, (buckets.count + max(1, maxColumns) - 1) / max(1, maxColumns))
        counts = stride(from: 0, to: buckets.count, by: perColumn).map { buckets[$0..<min($0 + perColumn, buckets.count)].reduce(0, +) }
        bucketsPerColumn = perColumn
        columnMilliseconds = digest.bucketMilliseconds.map { $0 * Int64(perColumn) }
        if let first = digest.bucket(of: anomaly.start), let end = digest.bucket(of: anomaly.end) {
            let last = max(first, end - 1)   // `end` is exclusive: the start of the bucket after the anomaly
            if first < buckets.count && last >= 0 {
                marked = max(first, 0) / perColumn...min(last, buckets.count - 1) / perColumn
            }
        }
    }

    var peak: Int { counts.max() ?? 0 }

    /// `per 5m, peak 41`: what a column and the tallest bar stand for.
    var legend: String {
        let per = columnMilliseconds.map { "per " + Formatting.exactDuration(milliseconds: $0) }
            ?? (bucketsPerColumn == 1 ? "per bucket" : "per \(bucketsPerColumn) buckets")
        return "\(per), peak \(peak)"
    }

    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One block per column: `▁` for none, `▂`…`█` in proportion to the peak, so a column with
    /// any event at all stands above an empty one.
    var sparkline: String {
        let peak = self.peak
        return String(counts.map { c in
            c <= 0 || peak <= 0 ? RateChart.blocks[0] : RateChart.blocks[1 + Int((Double(c) * 6 / Double(peak)).rounded())]
        })
    }
}
