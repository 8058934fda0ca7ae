import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LookoutCore
@testable import LookoutReport

/// The JUnit report's figures as an XML parser reads them, and whether it parsed.
final class JUnitReading: NSObject, XMLParserDelegate {
    var suites: [[String: String]] = []
    var cases: [(name: String, failed: Bool)] = []
    var error: Error?

    init(_ xml: String) {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError ?? CocoaError(.coderReadCorrupt) }
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "testsuite": suites.append(attributes)
        case "testcase": cases.append((attributes["name"] ?? "", false))
        case "failure": cases[cases.count - 1].failed = true
        default: break
        }
    }
}

@Suite struct JUnitDigestTests {
    @Test(arguments: [(Severity?.none, 0), (.critical, 0), (.high, 1), (.medium, 2), (.info, 2)])
    func failuresFollowTheThreshold(failOn: Severity?, failures: Int) throws {
        let reading = JUnitReading(JUnitDigest(failOn: failOn).render(DigestFixtures.twoAnomalies()))
        #expect(reading.error == nil)
        let suite = try #require(reading.suites.first)
        #expect(suite["name"] == "lookout" && suite["tests"] == "3" && suite["failures"] == "\(failures)")
        #expect(reading.cases.count == 3 && reading.cases.filter(\.failed).count == failures)
        #expect(reading.cases.map(\.name) == ["spike payment-gateway-refused/t1a2b3c4d5e6f at 2026-11-30T08:40:00Z",
                                              "new t0f1e2d3c4b5a at 2026-11-30T08:55:00Z", "no input errors"])
    }

    /// `--fail-on-kind`: an anomaly of another kind passes, whatever its severity (as the exit status does).
    @Test func onlyTheKindsThatFailTheRunFail() throws {
        let reading = JUnitReading(JUnitDigest(failOn: .info, failKinds: [.new]).render(DigestFixtures.twoAnomalies()))
        #expect(reading.cases.filter(\.failed).map(\.name) == ["new t0f1e2d3c4b5a at 2026-11-30T08:55:00Z"])
    }

    @Test func cleanDigestIsAPassingSuite() throws {
        let xml = JUnitDigest(failOn: .info).render(DigestFixtures.clean())
        let reading = JUnitReading(xml)
        #expect(reading.error == nil)
        #expect(reading.suites.first?["tests"] == "2" && reading.suites.first?["failures"] == "0")
        #expect(reading.cases.map(\.name) == ["no input errors", "no anomalies"] && !reading.cases.contains(where: \.failed))
        #expect(xml.contains("<system-out>detection: no anomalies in 12 buckets of 5m, baseline: the run&#39;s own past</system-out>"))
    }

    /// Whatever the threshold, an input that could not be read fails the report.
    @Test func inputErrorsFailWithoutThreshold() {
        var d = DigestFixtures.clean()
        d.input.planProblems = [InputProblem(.error, source: "gone.log", "no such file.")]
        let reading = JUnitReading(JUnitDigest().render(d))
        #expect(reading.cases.first { $0.name == "no input errors" }?.failed == true)
        #expect(reading.suites.first?["failures"] == "1")
    }

    /// A passing anomaly still carries its details, for the reader of the report.
    @Test func belowTheThresholdDetailsAreInSystemOut() {
        let xml = JUnitDigest(failOn: .high).render(DigestFixtures.twoAnomalies())
        #expect(xml.contains("""
            <system-out>not seen in the first 6 buckets of 5m (the run&#39;s baseline); 3 events since 2026-11-30T08:55:00Z
            new, severity medium, score 0.65: observed 3, expected 0, 2026-11-30T08:55:00Z to 2026-11-30T09:00:00Z
            template: disk quota exceeded on &lt;*&gt;
            rate per 5m, peak 3: ▁▁▁▁▁▁▁▁▁▁▁█
            example: logs/api.log:1150: ERROR disk quota exceeded on /var/lib/pg</system-out>
            """))
    }

    @Test func xmlForbiddenCharactersAreDropped() {
        #expect(Markup.escape("a\u{01}b\u{FFFE}c\u{FFFF}d\te\nf") == "abcd\te\nf")
        #expect(Markup.escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
    }
}
