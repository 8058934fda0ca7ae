import Testing
import LookoutCore
@testable import LookoutReport

@Suite struct GitHubAnnotationsTests {
    @Test func twoAnomaliesAreExact() {
        #expect(GitHubAnnotations().render(DigestFixtures.twoAnomalies()) == """
            ::error file=logs/api.log,line=812,title=Lookout%3A spike payment-gateway-refused/t1a2b3c4d5e6f::41 in 10m (2 buckets), expected 3.0 ± 1.7 from the 8 buckets before%0Atemplate: gateway refused connection to <*>%0Arule: payment-gateway-refused%0Aexample: logs/api.log:812: ERROR gateway refused connection to pay-3.internal:443
            ::warning file=logs/api.log,line=1150,title=Lookout%3A new t0f1e2d3c4b5a::not seen in the first 6 buckets of 5m (the run's baseline); 3 events since 2026-11-30T08:55:00Z%0Atemplate: disk quota exceeded on <*>%0Aexample: logs/api.log:1150: ERROR disk quota exceeded on /var/lib/pg

            """)
    }

    @Test func severityChoosesTheLevel() {
        #expect(Severity.allCases.map(GitHubAnnotations.level) == ["notice", "notice", "warning", "error", "error"])
    }

    @Test func escapingFollowsTheRunner() {
        #expect(GitHubAnnotations.data("100% a:b,c\r\nd") == "100%25 a:b,c%0D%0Ad")
        #expect(GitHubAnnotations.property("100% a:b,c\r\nd") == "100%25 a%3Ab%2Cc%0D%0Ad")
    }

    @Test func cleanRunPrintsNothing() {
        #expect(GitHubAnnotations().render(DigestFixtures.clean()) == "")
    }

    /// No example, or one from stdin: the annotation belongs to the run, not to a file.
    @Test func noPositionWithoutAFileExample() {
        var d = DigestFixtures.twoAnomalies()
        d.signatures[1].examples = ["-:812: ERROR gateway refused connection to pay-3.internal:443"]
        d.signatures[2].examples = []
        let lines = GitHubAnnotations().render(d).split(separator: "\n")
        #expect(lines[0].hasPrefix("::error title=Lookout%3A spike payment-gateway-refused/t1a2b3c4d5e6f::"))
        #expect(lines[1].hasPrefix("::warning title=Lookout%3A new t0f1e2d3c4b5a::"))
    }

    @Test func inputErrorsAreErrors() {
        let bad = InputProblem(.error, source: "b.gz", offset: 10, "gzip stream truncated.")
        let skipped = InputProblem(.notice, source: "bin", "binary file skipped.")
        var d = DigestFixtures.clean()
        d.input.planProblems = [bad, skipped]
        #expect(GitHubAnnotations().render(d) == "::error title=Lookout%3A input not read::b.gz (byte 10): gzip stream truncated.\n")
    }

    /// The path in an example may itself hold `:N: `; the run's source paths decide the split.
    @Test func exampleLinesSplitAtTheSourcePath() {
        let first = ExampleLine("logs/api.log:812: ERROR x:5: y")
        #expect(first?.source == "logs/api.log" && first?.line == 812 && first?.text == "ERROR x:5: y")
        #expect(ExampleLine("odd:7: name.log:3: text", sources: ["odd:7: name.log"])?.line == 3)
        let empty = ExampleLine("a.log:9: ")
        #expect(empty?.source == "a.log" && empty?.line == 9 && empty?.text == "")
        #expect(ExampleLine("no position here") == nil)
    }
}
