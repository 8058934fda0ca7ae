import Testing
import LookoutCore
@testable import LookoutReport

@Suite struct RateChartTests {
    /// Zero is the lowest block; any event at all stands above it; the peak is the full block.
    @Test func sparklineScalesToThePeak() throws {
        let d = DigestFixtures.twoAnomalies()
        let chart = try #require(RateChart(d, anomaly: DigestFixtures.spike, maxColumns: 60))
        #expect(chart.sparkline == "▂▃▂▁▂▃▂▁██▃▃")
        #expect(chart.legend == "per 5m, peak 21")
        #expect(chart.marked == 8...9)   // 08:40 to 08:50: buckets 8 and 9 (`end` is exclusive)
    }

    /// More buckets than columns: whole buckets summed in equal groups, the marks following.
    @Test func bucketsAreSummedToFit() throws {
        let d = DigestFixtures.twoAnomalies()
        let chart = try #require(RateChart(d, anomaly: DigestFixtures.spike, maxColumns: 5))
        #expect(chart.bucketsPerColumn == 3 && chart.counts == [4, 3, 21, 29])
        #expect(chart.legend == "per 15m, peak 29")
        #expect(chart.marked == 2...3)
        #expect(chart.sparkline == "▃▃▆█")
    }

    @Test func noRatesNoChart() {
        var d = DigestFixtures.twoAnomalies()
        d.rates = [:]
        #expect(RateChart(d, anomaly: DigestFixtures.spike, maxColumns: 60) == nil)
    }
}
