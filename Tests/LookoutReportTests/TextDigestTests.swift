import Testing
import LookoutCore
@testable import LookoutReport

@Suite struct TextDigestTests {
    @Test func anomaliesHaveASparkline() {
        let text = TextDigest(color: false).render(DigestFixtures.twoAnomalies())
        #expect(text.contains("""
              0.93  spike  high  payment-gateway-refused/t1a2b3c4d5e6f
                    since 2026-11-30T08:40:00Z: 41 in 10m (2 buckets), expected 3.0 ± 1.7 from the 8 buckets before
                    template gateway refused connection to <*>  (rule payment-gateway-refused)
                    rate ▂▃▂▁▂▃▂▁██▃▃  per 5m, peak 21
                    e.g. logs/api.log:812: ERROR gateway refused connection to pay-3.internal:443

            """))
    }

    /// Log text is cut to the width; the sparkline sums buckets to fit in `width - 40` columns.
    @Test func widthBoundsLogTextAndTheChart() {
        var d = DigestFixtures.twoAnomalies()
        d.signatures[1].examples = ["logs/api.log:812: " + String(repeating: "x", count: 300)]
        d.rates[DigestFixtures.refused.id] = Array(repeating: 1, count: 500)
        for width in [60, 100, 160] {
            let lines = TextDigest(color: false, width: width).render(d).split(separator: "\n")
            let example = lines.first { $0.hasPrefix("        e.g. logs/api.log:812: xxx") }
            #expect(example?.count == width && example?.hasSuffix("x…") == true, "width \(width)")
            let rate = lines.first { $0.hasPrefix("        rate ") && $0.contains("peak") }
            let blocks = rate?.unicodeScalars.filter { (0x2581...0x2588).contains($0.value) }.count ?? 0
            #expect(blocks > 0 && blocks <= width - 40, "width \(width)")
        }
    }
}
