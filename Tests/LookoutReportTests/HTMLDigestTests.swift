import Testing
import LookoutCore
@testable import LookoutReport

@Suite struct HTMLDigestTests {
    let html = HTMLDigest().render(DigestFixtures.twoAnomalies())

    @Test func fetchesNothing() {
        for external in ["http://", "https://", "src=", "href=", "url(", "@import", "//"] {
            #expect(!html.contains(external), "\(external)")
        }
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"))
    }

    @Test func readsOnAPhone() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.hasSuffix("</body>\n</html>\n"))
    }

    /// One chart per anomaly, its buckets shaded: the spike covers 08:40–08:50, buckets 8 and 9.
    @Test func oneChartPerAnomalyWithItsBucketsMarked() {
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2)
        #expect(html.contains("<rect class=\"mark\" x=\"32\" y=\"0\" width=\"8\" height=\"60\"/>"))
        #expect(html.contains("<rect class=\"bar hot\" x=\"32\" y=\"7\" width=\"3\" height=\"53\"/><rect class=\"bar hot\" x=\"36\" y=\"4\" width=\"3\" height=\"56\"/>"))
        #expect(html.contains("<rect class=\"mark\" x=\"44\" y=\"0\" width=\"4\" height=\"60\"/>"))
    }

    @Test func tablesAreSortable() {
        #expect(html.components(separatedBy: "<table class=\"sortable\">").count - 1 == 4)   // sources, anomalies, new, top
        #expect(html.contains("<td class=\"num\" data-sort=\"98304\">96.0 KiB</td>"))
        #expect(html.contains("th.addEventListener(\"click\""))
    }

    @Test func cleanRunSaysClean() {
        let clean = HTMLDigest().render(DigestFixtures.clean())
        #expect(clean.contains("<h1 class=\"clean\">Lookout: clean</h1>"))
        #expect(clean.contains("<li>Detection: no anomalies in 12 buckets of 5m, baseline: the run&#39;s own past</li>"))
        #expect(!clean.contains("<svg"))
    }
}
