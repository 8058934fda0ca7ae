import LookoutCore
import Yams

/// A rule file that cannot be used: where, and what to do. The run stops with status 2.
public struct RuleFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Reads rule files (SPEC §3): a mapping with `rules:` (a list of rules) and optional
/// `masks:` (extra variable kinds for templates). Unknown keys are errors, so a typo
/// (`severty:`) is caught rather than silently ignored.
public enum RuleFile {
    static let ruleKeys: Set = ["id", "title", "pattern", "severity", "tags", "split-by", "examples", "counterexamples"]
    static let maskKeys: Set = ["name", "pattern"]
    /// Rules in one file, at most: a bound on what a hostile file can make us build.
    static let maxRules = 10_000
    /// Examples (or counterexamples) of one rule, at most.
    static let maxExamples = 100

    /// The rules and masks of a file. `jit: false` leaves their patterns to be JIT-compiled
    /// by the caller (`PCRE2Pattern.compileJIT`), before any of them is matched.
    public static func parse(yaml text: String, file: String, jit: Bool = true) throws(RuleFileError) -> (rules: [Rule], masks: [Mask]) {
        let root: Node?
        do {
            // Every value of a rule file is read as text, so scalars are not resolved to
            // numbers, booleans or nulls (`.basic`): the default resolver tries a regular
            // expression per scalar, a fifth of lookout's start-up with the built-in pack.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw RuleFileError(file: file, line: line(of: error), "not valid YAML: \(problem(of: error)).")
        } catch {
            throw RuleFileError(file: file, line: nil, "not valid YAML: \(error).")
        }
        guard let root else { throw RuleFileError(file: file, line: nil, "the file is empty; it needs a `rules:` list.") }
        guard case .mapping(let top) = root else {
            throw RuleFileError(file: file, line: root.mark?.line, "the top level must be a mapping with `rules:` (and optionally `masks:`).")
        }
        var rules: [Rule] = []
        var masks: [Mask] = []
        for (keyNode, value) in top {
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "rules":
                guard case .sequence(let items) = value else {
                    throw RuleFileError(file: file, line: value.mark?.line, "`rules` must be a list.")
                }
                guard items.count <= maxRules else {
                    throw RuleFileError(file: file, line: value.mark?.line, "more than \(maxRules) rules in one file.")
                }
                for item in items { rules.append(try rule(item, file: file, jit: jit)) }
            case "masks":
                guard case .sequence(let items) = value else {
                    throw RuleFileError(file: file, line: value.mark?.line, "`masks` must be a list.")
                }
                for item in items { masks.append(try mask(item, file: file, jit: jit)) }
            default:
                throw RuleFileError(file: file, line: keyNode.mark?.line, "unknown key `\(key)` at the top level; expected `rules` or `masks`.")
            }
        }
        return (rules, masks)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }

    private static func fields(_ node: Node, allowed: Set<String>, what: String, file: String) throws(RuleFileError) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw RuleFileError(file: file, line: node.mark?.line, "each \(what) must be a mapping of keys to values.")
        }
        var out: [String: Node] = [:]
        for (k, v) in mapping {
            guard let key = k.scalar?.string, allowed.contains(key) else {
                throw RuleFileError(file: file, line: k.mark?.line, "unknown key `\(k.scalar?.string ?? "?")` in a \(what); expected one of \(allowed.sorted().joined(separator: ", ")).")
            }
            guard out[key] == nil else { throw RuleFileError(file: file, line: k.mark?.line, "`\(key)` is given twice.") }
            out[key] = v
        }
        return out
    }

    private static func string(_ fields: [String: Node], _ key: String, in node: Node, what: String, file: String) throws(RuleFileError) -> String {
        guard let value = fields[key] else {
            throw RuleFileError(file: file, line: node.mark?.line, "a \(what) needs `\(key)`.")
        }
        guard let s = value.scalar?.string, !s.isEmpty else {
            throw RuleFileError(file: file, line: value.mark?.line, "`\(key)` must be a non-empty string.")
        }
        return s
    }

    private static func strings(_ fields: [String: Node], _ key: String, file: String) throws(RuleFileError) -> [String] {
        guard let value = fields[key] else { return [] }
        guard case .sequence(let items) = value else {
            throw RuleFileError(file: file, line: value.mark?.line, "`\(key)` must be a list of strings.")
        }
        // A bound on what YAML aliases can multiply: examples are checked at every load.
        guard items.count <= maxExamples else {
            throw RuleFileError(file: file, line: value.mark?.line, "more than \(maxExamples) entries in `\(key)`.")
        }
        var out: [String] = []
        for item in items {
            guard let s = item.scalar?.string else {
                throw RuleFileError(file: file, line: item.mark?.line, "`\(key)` must be a list of strings.")
            }
            out.append(s)
        }
        return out
    }

    private static func compile(_ pattern: String, node: Node?, file: String, jit: Bool) throws(RuleFileError) -> PCRE2Pattern {
        do {
            return try PCRE2Pattern(pattern, jit: jit)
        } catch {
            throw RuleFileError(file: file, line: node?.mark?.line, "bad pattern: \(error.message) at offset \(error.offset) of `\(pattern)`.")
        }
    }

    static func rule(_ node: Node, file: String, jit: Bool) throws(RuleFileError) -> Rule {
        let f = try fields(node, allowed: ruleKeys, what: "rule", file: file)
        let id = try string(f, "id", in: node, what: "rule", file: file)
        guard id.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }) else {
            throw RuleFileError(file: file, line: f["id"]?.mark?.line, "rule id `\(id)` may hold only letters, digits, `-`, `_` and `.`.")
        }
        let title = try string(f, "title", in: node, what: "rule", file: file)
        let patternText = try string(f, "pattern", in: node, what: "rule", file: file)
        let pattern = try compile(patternText, node: f["pattern"], file: file, jit: jit)
        let severityText = try string(f, "severity", in: node, what: "rule", file: file)
        guard let severity = Severity(rawValue: severityText) else {
            throw RuleFileError(file: file, line: f["severity"]?.mark?.line, "severity `\(severityText)` is not one of critical, high, medium, low, info.")
        }
        let splitBy = try strings(f, "split-by", file: file)
        var groups: [Int] = []
        for name in splitBy {
            guard let n = pattern.groupNumber(named: name) else {
                throw RuleFileError(file: file, line: f["split-by"]?.mark?.line, "split-by names `\(name)`, which is not a named group of the pattern; write it `(?<\(name)>…)`.")
            }
            groups.append(n)
        }
        return Rule(id: id, title: title, pattern: pattern, severity: severity, tags: try strings(f, "tags", file: file),
                    splitBy: splitBy, splitGroups: groups,
                    examples: try strings(f, "examples", file: file), counterexamples: try strings(f, "counterexamples", file: file),
                    location: SourceLocation(file: file, line: node.mark?.line ?? 0))
    }

    static func mask(_ node: Node, file: String, jit: Bool) throws(RuleFileError) -> Mask {
        let f = try fields(node, allowed: maskKeys, what: "mask", file: file)
        let name = try string(f, "name", in: node, what: "mask", file: file)
        let pattern = try compile(try string(f, "pattern", in: node, what: "mask", file: file), node: f["pattern"], file: file, jit: jit)
        return Mask(name: name, pattern: pattern, location: SourceLocation(file: file, line: node.mark?.line ?? 0))
    }
}
