import LookoutCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Assembles the rules of a run, in precedence order (see `RuleSet`): `--rules` files,
/// then the config directory's `*.yaml` / `*.yml` files by name, then the built-in pack.
/// Every rule's examples and counterexamples are checked; any failure, a duplicate id,
/// an unreadable file or a bad pattern stops the run (exit status 2) naming file and line.
public enum RulePack {
    /// The built-in pack's YAML text.
    public static var builtIn: String { DefaultRulePack.yaml }

    /// Name used for the built-in pack in messages.
    public static let builtInName = "<built-in rules>"

    public static func load(ruleFiles: [String], configDirectory: String?, builtIn: String?) throws(RuleFileError) -> RuleSet {
        var files: [(name: String, text: String)] = []
        for path in ruleFiles { files.append((path, try read(path))) }
        if let configDirectory {
            for path in yamlFiles(in: configDirectory) { files.append((path, try read(path))) }
        }
        if let builtIn { files.append((builtInName, builtIn)) }

        var rules: [Rule] = []
        var masks: [Mask] = []
        var seen: [String: SourceLocation] = [:]
        for (name, text) in files {
            let (fileRules, fileMasks) = try RuleFile.parse(yaml: text, file: name, jit: false)
            for rule in fileRules {
                if let first = seen[rule.id] {
                    throw RuleFileError(file: name, line: rule.location.line, "rule id `\(rule.id)` is already used at \(first); ids must be unique.")
                }
                seen[rule.id] = rule.location
                rules.append(rule)
            }
            masks += fileMasks
        }
        // The patterns' JIT compilation (a fifth of the load) on a thread of its own, while
        // this one finds their literals and builds the prefilter (a third); nothing is
        // matched before both are done.
        let patterns = rules.map(\.pattern) + masks.map(\.pattern)
        let jit = BackgroundWork { for pattern in patterns { pattern.compileJIT() } }
        let set = RuleSet(rules: rules, masks: masks)
        jit.wait()
        if let failure = set.checkExamples(matcher: PCRE2Matcher(), stopAtFirst: true).first {
            throw RuleFileError(file: failure.rule.location.file, line: failure.rule.location.line,
                                "rule `\(failure.rule.id)`: \(failure.problem): \(failure.text)")
        }
        return set
    }

    /// `$XDG_CONFIG_HOME/lookout/rules` (or `~/.config/lookout/rules`).
    public static func defaultConfigDirectory() -> String? {
        if let xdg = getenv("XDG_CONFIG_HOME").map({ String(cString: $0) }), !xdg.isEmpty { return xdg + "/lookout/rules" }
        if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty { return home + "/.config/lookout/rules" }
        return nil
    }

    static func yamlFiles(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { names.append(name) }
        }
        return names.sorted().map { directory + "/" + $0 }
    }

    /// Reads a rule file whole (rule files are small; a bound keeps a hostile one from filling memory).
    static func read(_ path: String) throws(RuleFileError) -> String {
        let limit = 16 * 1024 * 1024
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RuleFileError(file: path, line: nil, "cannot read the rule file: \(String(cString: strerror(errno))).") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RuleFileError(file: path, line: nil, "cannot read the rule file: \(String(cString: strerror(errno))).")
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > limit { throw RuleFileError(file: path, line: nil, "larger than \(limit / 1024 / 1024) MiB; a rule file is expected to be small.") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RuleFileError(file: path, line: nil, "not valid UTF-8 text.")
        }
        return text
    }
}
