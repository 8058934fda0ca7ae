/// Log text made inert in GitHub-flavoured Markdown (and GitLab's, which follows it).
///
/// One scheme everywhere, so that no raw `<`, `>` or `&` from a log ever reaches the file:
/// - `inline`, for table cells, sentences and headings: `&<>` become entities (as
///   `Markup.escape`; quotes stay, as such text is never put in an attribute), and the
///   characters Markdown gives meaning to — `|` (cells), backtick, `\`, `*`, `_`, `[`, `]`
///   (links and images), `~`, `$` (math) — numeric references. CommonMark reads a reference as
///   a literal character, never as markup, and GFM splits table cells before decoding them, so
///   a `|` from a log cannot end a cell. Monospace, where wanted, is an HTML `<code>` element
///   around it (a Markdown code span would need backtick fences and breaks in table cells).
/// - `preformatted`, for example lines: an HTML `<pre><code>` block of `inline` lines. Markdown
///   is not read inside an HTML block, and the entities are decoded as HTML.
///
/// Everything is sanitised first (`TerminalText.sanitize`: control characters become visible
/// `\xNN`, so text is single-line) and shortened with `…` to its `limit`. Left alone,
/// knowingly: a URL or e-mail address in a cell may still be autolinked by GFM — it shows its
/// own text, and nothing is fetched.
enum MarkdownText {
    static func inline(_ raw: String, limit: Int = .max) -> String {
        var out = ""
        for scalar in Markup.escape(TerminalText.sanitize(raw, limit: limit), quotes: false).unicodeScalars {
            switch scalar {
            case "|", "`", "\\", "*", "_", "[", "]", "~", "$": out += "&#\(scalar.value);"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `<pre><code>` with one `inline` line per entry, then a newline; starts a line.
    static func preformatted(_ lines: [String], limit: Int = .max) -> String {
        "<pre><code>" + lines.map { inline($0, limit: limit) }.joined(separator: "\n") + "</code></pre>\n"
    }
}
