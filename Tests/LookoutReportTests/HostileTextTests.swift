import Testing
import Foundation
import LookoutCore
@testable import LookoutReport

/// Log text that tries to break out of every format: markup, quotes, table pipes, backticks,
/// CDATA's end, terminal escapes (CSI, OSC ended by BEL, 8-bit CSI) and an XML noncharacter,
/// in every place a digest shows text (see `DigestFixtures.hostileDigest`).
@Suite struct HostileTextTests {
    let digest = DigestFixtures.hostileDigest()

    /// No ESC, BEL, C1 control or other control character but tab and LF reaches the output.
    func noRawControls(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = text.unicodeScalars.filter { v in
            (v.value < 0x20 && v != "\n" && v != "\t") || (0x7F...0x9F).contains(v.value)
        }
        #expect(bad.isEmpty, "raw controls: \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    /// The text between tags, and attribute values, hold no raw `<`: every `<` starts one of
    /// the tags the format itself writes.
    func noStrayTags(_ markup: String, allowed: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) {
        var rest = markup[...]
        while let lt = rest.firstIndex(of: "<") {
            let name = rest[rest.index(after: lt)...].prefix { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "!" || $0 == "?" || $0 == "-" }
            #expect(allowed.contains(name.lowercased().replacingOccurrences(of: "/", with: "")), "stray <\(name)", sourceLocation: sourceLocation)
            rest = rest[rest.index(after: lt)...]
        }
    }

    @Test func html() {
        let html = HTMLDigest().render(digest)
        noRawControls(html)
        #expect(!html.contains("<script>alert") && !html.contains("<b>") && !html.contains("]]>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp; | `tick` ]]&gt; \\x1b[31mred\\x1b[0m \\x1b]0;title\\x07 \\x9b2J end"))
        #expect(html.components(separatedBy: "<script>").count - 1 == 1)   // the page's own sort script
        noStrayTags(html, allowed: ["!doctype", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "ul", "li",
                                    "span", "div", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "figure", "svg",
                                    "rect", "figcaption", "script"])
        #expect(!html.contains("\u{FFFE}"))
    }

    @Test func markdown() {
        let md = MarkdownDigest().render(digest)
        noRawControls(md)
        #expect(!md.contains("<script") && !md.contains("<b>") && !md.contains("]]>"))
        noStrayTags(md, allowed: ["code", "pre"])
        // No pipe from the log splits a table row: every row has as many cells as its header.
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| ") }
        for row in rows { #expect(row.filter { $0 == "|" }.count >= 7) }
        #expect(md.contains("| 1 | new | critical | <code>&lt;script&gt;alert(1)&lt;/script&gt; \"'&amp; &#124; &#96;tick&#96; &#93;&#93;&gt; &#92;x1b&#91;31mred"))
    }

    @Test func junit() throws {
        let xml = JUnitDigest(failOn: .high).render(digest)
        noRawControls(xml)
        #expect(!xml.contains("<script") && !xml.contains("]]>") && !xml.contains("\u{FFFE}"))
        let reading = JUnitReading(xml)
        #expect(reading.error == nil)
        #expect(reading.cases.count == 2 && reading.cases.allSatisfy(\.failed))
        // The parser gives back the text, made visible: what a CI page shows.
        #expect(reading.cases.first?.name.hasPrefix("new evil/<script>alert(1)</script> \"'& | `tick` ]]> \\x1b[31mred") == true)
    }

    /// GitHub shows annotations as plain text (no markup to escape there): what matters is
    /// that no control sequence reaches the runner's log and no newline starts a command.
    @Test func github() {
        let out = GitHubAnnotations().render(digest)
        noRawControls(out)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(lines[0].hasPrefix("::error file=logs/<b>api</b>.log,line=7,title=Lookout%3A new evil/<script>alert(1)</script> \"'& | `tick` ]]> \\x1b[31mred\\x1b[0m \\x1b]0;title\\x07 \\x9b2J"))
        #expect(lines[1].hasPrefix("::error title=Lookout%3A input not read::<script>"))
    }

    @Test func text() {
        let text = TextDigest(color: false).render(digest)
        noRawControls(text)
        #expect(text.contains("\\x1b[31mred\\x1b[0m"))
    }
}
