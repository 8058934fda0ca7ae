import LookoutCore

/// The digest as GitHub Actions workflow commands (`::error file=F,line=N,title=T::message`),
/// one line each, which the runner turns into annotations on the run and the pull request.
///
/// - One annotation per anomaly, highest score first. Level by severity: critical and high →
///   `error`, medium → `warning`, low and info → `notice`.
/// - Its position is the anomaly's first example (`source:line: text`). With no example, or
///   one read from stdin (`-`, which no file in a repository stands for), there is none:
///   the annotation belongs to the run.
/// - Its title names the kind and the signature; its message gives the reason, the template,
///   the rule and the first example, one per line.
/// - One `error` per input that could not be read. Input notices (a binary file skipped, a
///   link loop not followed) lose nothing and are left out.
/// - A clean run prints nothing: annotations mark what needs a look, and the job summary
///   (`MarkdownDigest`) is where a run says it was clean.
///
/// GitHub shows at most 10 annotations of each level per step (50 per job), so the order
/// matters: anomalies by score, then input errors. Text is sanitised (`TerminalText`: no
/// control sequence reaches the log) and escaped as the runner unescapes it: `%`, CR and LF
/// everywhere, and `:` and `,` in property values too.
public struct GitHubAnnotations {
    public init() {}

    public func render(_ digest: Digest) -> String {
        var out = ""
        let paths = digest.input.sources.map(\.path)
        for a in digest.anomalies {
            var properties: [(String, String)] = []
            if let first = digest.examples(of: a).first, let example = ExampleLine(first, sources: paths), example.source != "-" {
                properties += [("file", example.source), ("line", String(example.line))]
            }
            properties.append(("title", "Lookout: \(a.kind.rawValue) \(a.signature)"))
            var message = [a.reason, "template: " + digest.template(of: a)]
            if let rule = digest.rule(of: a) { message.append("rule: " + rule) }
            if let example = digest.examples(of: a).first { message.append("example: " + example) }
            out += GitHubAnnotations.command(GitHubAnnotations.level(a.severity), properties, message)
        }
        for p in digest.input.allProblems where p.severity == .error {
            out += GitHubAnnotations.command("error", [("title", "Lookout: input not read")], [p.description])
        }
        return out
    }

    /// critical, high → `error`; medium → `warning`; low, info → `notice`.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "notice"
        }
    }

    /// `::level name=value,…::line1%0Aline2` and a newline. Each value and line is sanitised
    /// and cut to 300 characters (annotations show little more).
    static func command(_ level: String, _ properties: [(String, String)], _ lines: [String]) -> String {
        let props = properties.map { "\($0.0)=\(property(TerminalText.sanitize($0.1, limit: 300)))" }.joined(separator: ",")
        let message = data(lines.map { TerminalText.sanitize($0, limit: 300) }.joined(separator: "\n"))
        return "::\(level)\(props.isEmpty ? "" : " " + props)::\(message)\n"
    }

    /// A command's message: `%` → `%25`, CR → `%0D`, LF → `%0A`.
    static func data(_ text: String) -> String { percentEncoding(text, ["%", "\r", "\n"]) }

    /// A property value: as `data`, and `:` → `%3A`, `,` → `%2C`.
    static func property(_ text: String) -> String { percentEncoding(text, ["%", "\r", "\n", ":", ","]) }

    private static func percentEncoding(_ text: String, _ special: Set<Unicode.Scalar>) -> String {
        var out = ""
        for c in text.unicodeScalars {
            if special.contains(c) {
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(c.value >> 4)]) + String(hex[Int(c.value & 15)])
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
