/// Text for the markup formats (HTML, JUnit XML, and Markdown's table cells).
///
/// `text` is the one way any text — log text or Lookout's own words — enters such a
/// document: first `TerminalText.sanitize` (control characters, and so every terminal
/// escape sequence, become visible `\xNN`; long text ends in `…`), then the five characters
/// that markup gives meaning to become references, so the result is inert in element
/// content and in single- or double-quoted attribute values alike.
enum Markup {
    static func text(_ raw: String, limit: Int = .max) -> String {
        escape(TerminalText.sanitize(raw, limit: limit))
    }

    /// `&<>"'` as references (`&<>` only, without `quotes`: for text that is never put in an
    /// attribute value). Characters that XML 1.0 refuses even as references are
    /// dropped: C0 controls other than tab, LF and CR (sanitising already made those
    /// visible), and the noncharacters U+FFFE and U+FFFF. (Lone surrogates cannot occur in
    /// a Swift string.)
    static func escape(_ text: String, quotes: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default:
                let v = scalar.value
                if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
