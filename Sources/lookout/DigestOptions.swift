import ArgumentParser
import LookoutCore
import LookoutReport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json, html, junit, github
}

/// Where the digest goes, in which formats, and which anomalies fail the run (SPEC §3).
struct DigestOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: ArgumentHelp(
        "Digest format: text, markdown, json, html, junit or github (repeatable, each with its own -o).", valueName: "format"))
    var formats: [OutputFormat] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(
        "Write the digest to this file instead of stdout (repeatable: the first -o takes the first --format, and so on; a format without one goes to stdout).",
        valueName: "file"))
    var outputs: [String] = []

    @Option(name: .customLong("fail-on"), help: ArgumentHelp(
        "Exit with status 1 when an anomaly of this severity or higher is found: critical, high, medium, low or info.",
        valueName: "severity"))
    var failOn: String?

    @Option(name: .customLong("fail-on-kind"), parsing: .singleValue, help: ArgumentHelp(
        "Only these kinds of anomaly fail the run: new, spike, drop, silence, level-shift (comma-separated or repeated; default: all).",
        valueName: "kinds"))
    var failOnKind: [String] = []

    func validate() throws {
        if let failOn, Severity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on takes critical, high, medium, low or info; got `\(failOn)`.")
        }
        if outputs.count > max(formats.count, 1) {
            throw ValidationError("\(outputs.count) -o files for \(max(formats.count, 1)) format\(formats.count > 1 ? "s" : ""): give one --format per -o.")
        }
        if formats.count - outputs.count > 1 {
            throw ValidationError("only one format can go to stdout: give -o FILE for each --format after the first \(outputs.count + 1).")
        }
        _ = try kinds()
    }

    /// The kinds that fail the run (all when none were named).
    func kinds() throws -> Set<Anomaly.Kind> {
        let names = failOnKind.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
        if names.isEmpty { return Set(Anomaly.Kind.allCases) }
        var out = Set<Anomaly.Kind>()
        for n in names {
            guard let k = Anomaly.Kind(rawValue: n) else {
                throw ValidationError("--fail-on-kind takes new, spike, drop, silence or level-shift; got `\(n)`.")
            }
            out.insert(k)
        }
        return out
    }

    /// Each format with its file (nil: stdout); `fallback` when no --format was given.
    func destinations(fallback: OutputFormat) -> [(format: OutputFormat, path: String?)] {
        let chosen = formats.isEmpty ? [fallback] : formats
        return chosen.enumerated().map { i, f in (f, i < outputs.count ? outputs[i] : nil) }
    }

    /// The threshold in force: --fail-on, else `fallback`; with --fail-on-kind alone, any severity.
    func threshold(fallback: Severity?) -> Severity? {
        failOn.flatMap(Severity.init(rawValue:)) ?? fallback ?? (failOnKind.isEmpty ? nil : .info)
    }

    /// Writes the digest in every requested format.
    func write(_ digest: Digest, fallback: OutputFormat, failOn: Severity?) throws {
        for (format, path) in destinations(fallback: fallback) {
            try OutputFile.write(DigestOptions.render(digest, as: format, toTerminal: path == nil, failOn: failOn, failKinds: try kinds()), to: path)
        }
    }

    static func render(_ digest: Digest, as format: OutputFormat, toTerminal: Bool, failOn: Severity?, failKinds: Set<Anomaly.Kind>) -> String {
        switch format {
        case .text:
            let terminal = toTerminal && isatty(1) == 1
            let color = terminal && getenv("NO_COLOR").map({ $0.pointee == 0 }) ?? true
            return TextDigest(color: color, width: terminal ? terminalWidth() : 100).render(digest)
        case .json: return JSONDigest.render(digest)
        case .markdown: return MarkdownDigest().render(digest)
        case .html: return HTMLDigest().render(digest)
        case .junit: return JUnitDigest(failOn: failOn, failKinds: failKinds).render(digest)
        case .github: return GitHubAnnotations().render(digest)
        }
    }

    /// Columns of the terminal on stdout (`COLUMNS` when set), at least 60.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return max(60, Int(size.ws_col)) }
        if let c = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), c > 0 { return max(60, c) }
        return 100
    }
}

extension String {
    var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
