/// Makes untrusted text (log lines, file names) safe to print: control characters,
/// including ESC and so every terminal escape sequence, become visible `\xNN` escapes;
/// invalid UTF-8 becomes U+FFFD; text longer than `limit` characters ends in `…`.
public enum TerminalText {
    public static func sanitize(_ text: String, limit: Int = .max) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit { out += "…"; break }
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) {
                out += v == 0x09 ? " " : "\\x" + hex2(v)
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    /// Sanitises, then keeps the last `limit` characters behind a leading `…`: for paths,
    /// whose end (the file name) says the most.
    public static func sanitize(_ text: String, keepingEnd limit: Int) -> String {
        let clean = sanitize(text)
        guard clean.count > limit else { return clean }
        return "…" + clean.suffix(limit - 1)
    }


    private static func hex2(_ v: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(v >> 4) & 15]) + String(digits[Int(v) & 15])
    }

    /// Characters a string occupies in a terminal cell grid (wide East Asian forms count as 2).
    public static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            let v = u.value
            let wide = (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3) ||
                (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60) ||
                (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1FAFF) || (v >= 0x20000 && v <= 0x3FFFD)
            return n + (wide ? 2 : 1)
        }
    }
}
