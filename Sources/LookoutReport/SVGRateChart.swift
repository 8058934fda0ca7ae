import LookoutCore

/// An anomaly's rate as an inline SVG bar chart for `HTMLDigest`: one bar per column of a
/// `RateChart`, the anomaly's columns shaded behind and their bars in the alert colour, and
/// under it the times the chart spans. Drawn in a fixed grid (4 units a column, 60 high)
/// stretched to the page's width; colours come from the page's style sheet.
enum SVGRateChart {
    static let maxColumns = 240
    static let height = 60

    static func render(_ digest: Digest, anomaly: Anomaly) -> String? {
        guard let chart = RateChart(digest, anomaly: anomaly, maxColumns: maxColumns) else { return nil }
        let width = chart.counts.count * 4
        let label = "Rate \(chart.legend); anomaly from \(anomaly.start.rfc3339) to \(anomaly.end.rfc3339) shaded"
        var out = "<figure><svg class=\"rate\" viewBox=\"0 0 \(width) \(height)\" preserveAspectRatio=\"none\" role=\"img\">"
        out += "<title>\(Markup.text(label))</title>"
        if let marked = chart.marked {
            out += "<rect class=\"mark\" x=\"\(marked.lowerBound * 4)\" y=\"0\" width=\"\(marked.count * 4)\" height=\"\(height)\"/>"
        }
        let peak = max(chart.peak, 1)
        for (i, count) in chart.counts.enumerated() where count > 0 {
            let h = max(1, count * (height - 4) / peak)
            let hot = chart.marked?.contains(i) == true ? " hot" : ""
            out += "<rect class=\"bar\(hot)\" x=\"\(i * 4)\" y=\"\(height - h)\" width=\"3\" height=\"\(h)\"/>"
        }
        out += "</svg>"
        if let start = digest.ratesStart, let width = digest.bucketMilliseconds, let buckets = digest.rates[anomaly.signature]?.count {
            let end = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + width * Int64(buckets))
            out += "<div class=\"axis\"><span>\(start.rfc3339)</span><span>\(end.rfc3339)</span></div>"
        }
        out += "<figcaption>\(Markup.text(label))</figcaption></figure>"
        return out
    }
}
