import Yams
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Defaults from `$XDG_CONFIG_HOME/lookout/config.yaml` (else `~/.config/lookout/config.yaml`;
/// `LOOKOUT_CONFIG` names another file, or `none` for no file).
///
/// One section per command, each key a long option of that command without its dashes,
/// each value what the option takes (a list for a repeatable option, `true` or `yes` for a flag):
///
///     scan:
///       exclude: ["*.journal"]
///       bucket: 5m
///     check:
///       fail-on: medium
///       format: [markdown, junit]
///       output: [summary.md, lookout.xml]
///
/// The command line wins: an option given there is not taken from the file (nor are its
/// partners: `format` and `output` go together, as do `state` and `no-state`). The defaults
/// are put right after the command name, so they parse exactly as if typed; an option the
/// command does not have is a configuration error (exit status 2) naming the file.
enum ConfigFile {
    static let sections: Set = ["scan", "check", "classify", "baseline"]
    /// Short options whose long names the file uses (`-o FILE`, `-oFILE`, `-o=FILE`).
    static let shortNames = ["-o": "output"]
    /// Options that go together: when the command line gives one, the file's are all left out.
    static let linked: [Set<String>] = [["format", "output"], ["state", "no-state"]]
    /// YAML's words for true and false (1.1), for flags.
    static let yes: Set = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]
    static let no: Set = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]

    static func path() -> String? {
        if let p = getenv("LOOKOUT_CONFIG").map({ String(cString: $0) }), !p.isEmpty { return p == "none" ? nil : p }
        if let x = getenv("XDG_CONFIG_HOME").map({ String(cString: $0) }), !x.isEmpty { return x + "/lookout/config.yaml" }
        if let h = getenv("HOME").map({ String(cString: $0) }), !h.isEmpty { return h + "/.config/lookout/config.yaml" }
        return nil
    }

    /// `arguments` (without the program name) with the file's defaults for their command.
    static func apply(to arguments: [String]) throws -> [String] {
        guard let command = arguments.first, sections.contains(command), let path = path(),
              let text = try read(path) else { return arguments }
        let defaults = try parse(text, path: path)[command] ?? []
        var given = Set(arguments.dropFirst().compactMap { a -> String? in
            if let long = shortNames.first(where: { a == $0.key || a.hasPrefix($0.key) && !a.hasPrefix("--") })?.value { return long }
            guard a.hasPrefix("--") else { return nil }
            return String(a.dropFirst(2).prefix { $0 != "=" })
        })
        // Options that only make sense together: giving one on the command line sets them all.
        for group in linked where !given.isDisjoint(with: group) { given.formUnion(group) }
        var inserted: [String] = []
        for (key, values) in defaults where !given.contains(key) {
            // `--key=value`, so that a value beginning with `-` stays a value.
            for v in values { inserted.append(v.map { "--\(key)=\($0)" } ?? "--" + key) }
        }
        return [command] + inserted + arguments.dropFirst()
    }

    /// The file's text, nil when there is none.
    private static func read(_ path: String) throws -> String? {
        guard let f = fopen(path, "r") else {
            if errno == ENOENT { return nil }
            throw UsageError(description: "\(path): cannot read the config file: \(String(cString: strerror(errno))).")
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > 1 << 20 { throw UsageError(description: "\(path): the config file is over 1 MiB; it holds option defaults only.") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Per command: each option with its values (nil: a flag that is on).
    static func parse(_ text: String, path: String) throws -> [String: [(String, [String?])]] {
        func fail(_ line: Int?, _ message: String) -> UsageError {
            UsageError(description: "\(path)\(line.map { ":\($0)" } ?? ""): \(message)")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { throw fail(nil, "not valid YAML: \(error).") }
        guard let root else { return [:] }
        guard case .mapping(let top) = root else { throw fail(root.mark?.line, "the top level must map command names (scan, check, classify, baseline) to their options.") }
        var out: [String: [(String, [String?])]] = [:]
        for (commandNode, body) in top {
            let command = commandNode.scalar?.string ?? ""
            guard sections.contains(command) else {
                throw fail(commandNode.mark?.line, "unknown section `\(command)`; sections are scan, check, classify and baseline.")
            }
            guard case .mapping(let options) = body else { throw fail(body.mark?.line, "`\(command)` must map option names to values.") }
            var list: [(String, [String?])] = []
            for (keyNode, value) in options {
                let key = keyNode.scalar?.string ?? ""
                guard !key.isEmpty, !key.hasPrefix("-") else {
                    throw fail(keyNode.mark?.line, "write option names without dashes (`fail-on: high`); got `\(key)`.")
                }
                switch value {
                case .scalar(let s):
                    if yes.contains(s.string) { list.append((key, [nil])) } else if no.contains(s.string) { continue } else { list.append((key, [s.string])) }
                case .sequence(let items):
                    var values: [String?] = []
                    for item in items {
                        guard let s = item.scalar?.string else { throw fail(item.mark?.line, "`\(key)` takes a list of plain values.") }
                        values.append(s)
                    }
                    list.append((key, values))
                default:
                    throw fail(value.mark?.line, "`\(key)` takes a value or a list of values.")
                }
            }
            out[command] = list
        }
        return out
    }
}
