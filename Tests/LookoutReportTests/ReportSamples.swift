import Testing
import Foundation
import LookoutCore
@testable import LookoutReport

/// Writes every format of the fixture digests to `$LOOKOUT_REPORT_SAMPLES/` (two, clean,
/// hostile × md, html, xml, github, txt), for the external checkers in `Tests/tools` and for
/// a look by eye. Skipped unless that variable names a directory:
///
///     mkdir -p /tmp/samples && LOOKOUT_REPORT_SAMPLES=/tmp/samples swift test --filter writeSamples
///     python3 Tests/tools/check_html.py /tmp/samples/hostile.html
@Test(.enabled(if: ProcessInfo.processInfo.environment["LOOKOUT_REPORT_SAMPLES"] != nil))
func writeSamples() throws {
    let directory = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment["LOOKOUT_REPORT_SAMPLES"]))
    let digests = [("two", DigestFixtures.twoAnomalies()), ("clean", DigestFixtures.clean()), ("hostile", DigestFixtures.hostileDigest())]
    for (name, digest) in digests {
        let outputs = [("md", MarkdownDigest().render(digest)), ("html", HTMLDigest().render(digest)),
                       ("xml", JUnitDigest(failOn: .high).render(digest)), ("github", GitHubAnnotations().render(digest)),
                       ("txt", TextDigest(color: false).render(digest))]
        for (ext, text) in outputs {
            try Data(text.utf8).write(to: directory.appendingPathComponent("\(name).\(ext)"))
        }
    }
}
