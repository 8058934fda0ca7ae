import Testing
import LookoutCore
@testable import LookoutReport

@Suite struct MarkdownDigestTests {
    /// Ends in a blank line: text appended after it to `$GITHUB_STEP_SUMMARY` cannot become a table row.
    @Test func twoAnomaliesDigestIsExact() {
        #expect(MarkdownDigest().render(DigestFixtures.twoAnomalies()) == """
            ## Lookout: 2 anomalies

            Read 1 source: 1200 lines, 1180 events, 96.0 KiB.

            - Time span: 2026-11-30T08:00:00Z to 2026-11-30T08:59:00Z (59m 0s), timestamps on 1180 of 1200 lines
            - Levels: error 60, info 1120
            - Detection: 2 anomalies in 12 buckets of 5m, baseline: the run's own past
            - Problems: none

            | source | lines | events | bytes | first | last | notes |
            | --- | ---: | ---: | ---: | --- | --- | --- |
            | logs/api.log | 1200 | 1180 | 96.0 KiB | 2026-11-30T08:00:00Z | 2026-11-30T08:59:00Z | - |

            ### Anomalies, by score

            | # | kind | severity | template | rule | observed | expected | start | score |
            | ---: | --- | --- | --- | --- | ---: | ---: | --- | ---: |
            | 1 | spike | high | <code>gateway refused connection to &lt;&#42;&gt;</code> | payment-gateway-refused | 41 | 3 | 2026-11-30T08:40:00Z | 0.93 |
            | 2 | new | medium | <code>disk quota exceeded on &lt;&#42;&gt;</code> | - | 3 | 0 | 2026-11-30T08:55:00Z | 0.65 |

            #### 1. spike, high: <code>payment-gateway-refused/t1a2b3c4d5e6f</code>

            2026-11-30T08:40:00Z to 2026-11-30T08:50:00Z: 41 in 10m (2 buckets), expected 3.0 ± 1.7 from the 8 buckets before

            Rate per 5m, peak 21: `▂▃▂▁▂▃▂▁██▃▃`

            <pre><code>logs/api.log:812: ERROR gateway refused connection to pay-3.internal:443
            logs/api.log:815: ERROR gateway refused connection to pay-1.internal:443
            logs/api.log:830: ERROR gateway refused connection to pay-3.internal:443</code></pre>

            #### 2. new, medium: <code>t0f1e2d3c4b5a</code>

            2026-11-30T08:55:00Z to 2026-11-30T09:00:00Z: not seen in the first 6 buckets of 5m (the run's baseline); 3 events since 2026-11-30T08:55:00Z

            Rate per 5m, peak 3: `▁▁▁▁▁▁▁▁▁▁▁█`

            <pre><code>logs/api.log:1150: ERROR disk quota exceeded on /var/lib/pg</code></pre>

            ### New signatures (1)

            | count | severity | signature | rule | first seen | template |
            | ---: | --- | --- | --- | --- | --- |
            | 3 | medium | t0f1e2d3c4b5a | - | 2026-11-30T08:55:00Z | <code>disk quota exceeded on &lt;&#42;&gt;</code> |

            ### Signatures (3, by count)

            | count | severity | signature | rule | first seen | template |
            | ---: | --- | --- | --- | --- | --- |
            | 1120 | info | t9a8b7c6d5e4f | - | 2026-11-30T08:00:00Z | <code>GET &lt;&#42;&gt; in &lt;&#42;&gt; ms</code> |
            | 57 | high | payment-gateway-refused/t1a2b3c4d5e6f | payment-gateway-refused | 2026-11-30T08:01:00Z | <code>gateway refused connection to &lt;&#42;&gt;</code> |
            | 3 | medium | t0f1e2d3c4b5a | - | 2026-11-30T08:55:00Z | <code>disk quota exceeded on &lt;&#42;&gt;</code> |


            """)
    }

    /// A clean run says so in its heading, with the same coverage figures and no anomaly section.
    @Test func cleanRunSaysCleanWithCoverage() {
        let md = MarkdownDigest().render(DigestFixtures.clean())
        #expect(md.hasPrefix("## Lookout: clean\n\nRead 1 source: 1200 lines, 1180 events, 96.0 KiB.\n"))
        #expect(md.contains("- Detection: no anomalies in 12 buckets of 5m, baseline: the run's own past\n- Problems: none\n"))
        #expect(!md.contains("### Anomalies") && !md.contains("### New signatures"))
        #expect(md.contains("### Signatures (1, by count)"))
    }

    /// An unread input is never called clean, even with no anomaly.
    @Test func inputErrorIsNotClean() {
        var d = DigestFixtures.clean()
        d.input.planProblems = [InputProblem(.error, source: "gone.log", "no such file.")]
        let md = MarkdownDigest().render(d)
        #expect(md.hasPrefix("## Lookout: no anomalies, 1 input error\n"))
        #expect(md.contains("- Problems: 1\n  - error: gone.log: no such file.\n"))
    }

    /// Only the ten most frequent signatures are listed; the heading says how many there are.
    @Test func topSignaturesAreAtMostTen() {
        var d = DigestFixtures.clean()
        d.signatures = (0..<14).map { i in
            SignatureSummary(id: "t\(i)", template: "message \(i)", rule: nil, severity: .info, count: 100 - i,
                             firstSeen: nil, lastSeen: nil, examples: [])
        }
        let md = MarkdownDigest().render(d)
        #expect(md.contains("### Signatures (top 10 of 14, by count)"))
        #expect(md.contains("| t9 |") && !md.contains("| t10 |"))
    }

    @Test func inlineTextIsEntityEscaped() {
        #expect(MarkdownText.inline("a|b `c` <d> & *e* _f_ [g](h) ~i~ $j$ \\k 'l\" \u{1B}[1m")
                == "a&#124;b &#96;c&#96; &lt;d&gt; &amp; &#42;e&#42; &#95;f&#95; &#91;g&#93;(h) &#126;i&#126; &#36;j&#36; &#92;k 'l\" &#92;x1b&#91;1m")
        #expect(MarkdownText.inline("abcdef", limit: 3) == "abc…")
        #expect(MarkdownText.preformatted(["x <y>", "z\nw"]) == "<pre><code>x &lt;y&gt;\nz&#92;x0aw</code></pre>\n")
    }
}
