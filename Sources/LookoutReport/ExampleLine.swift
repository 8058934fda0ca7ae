/// An example line as signatures keep it, `source:line: text`, taken apart.
struct ExampleLine: Equatable {
    var source: String
    var line: Int
    var text: String

    /// `sources` are the run's source paths: when the example starts with one of them and
    /// `:`, that is the split (a path may itself hold `:12: `). Otherwise the first
    /// `:<digits>: ` splits it. Nil when the example has neither form.
    init?(_ example: String, sources: [String] = []) {
        for path in sources.sorted(by: { $0.count > $1.count }) where example.hasPrefix(path + ":") {
            if let rest = ExampleLine.lineAndText(example.dropFirst(path.count + 1)) {
                (source, line, text) = (path, rest.line, rest.text)
                return
            }
        }
        var search = example[...]
        while let colon = search.firstIndex(of: ":") {
            let after = example[example.index(after: colon)...]
            if colon > example.startIndex, let rest = ExampleLine.lineAndText(after) {
                (source, line, text) = (String(example[..<colon]), rest.line, rest.text)
                return
            }
            search = after
        }
        return nil
    }

    /// `12: text` → (12, "text"); the text may be empty.
    private static func lineAndText(_ s: Substring) -> (line: Int, text: String)? {
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 18, let line = Int(digits) else { return nil }
        let rest = s.dropFirst(digits.count)
        guard rest.first == ":" else { return nil }
        let text = rest.dropFirst()
        return (line, String(text.first == " " ? text.dropFirst() : text))   // `: ` then the line as it was
    }
}
