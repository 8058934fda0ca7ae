import ArgumentParser
import LookoutClassify

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the rules in force, or check rule files.",
        subcommands: [List.self, Test.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the rules in precedence order: the first that matches an event names it.",
            discussion: """
                Examples:
                  lookout rules list
                  lookout rules list --rules mine.yaml
                  grep -P -c "$(lookout rules list --grep-pattern)" app.log
                """)

        @OptionGroup var rules: RuleOptions

        @Flag(name: .customLong("grep-pattern"), help: "Print every rule's pattern as one PCRE2 alternation, for `grep -P` (benchmarks, cross-checks).")
        var grepPattern = false

        func run() throws {
            let set = try rules.load()
            if grepPattern {
                // (?J): rules may reuse group names; each pattern in its own group keeps its inline options local.
                print("(?J)" + set.rules.map { "(?:" + $0.pattern.source + ")" }.joined(separator: "|"))
                return
            }
            var rows = [["id", "severity", "title", "where"]]
            for r in set.rules { rows.append([r.id, r.severity.rawValue, r.title, r.location.description]) }
            let widths = (0..<3).map { c in rows.map { $0[c].count }.max() ?? 0 }
            var out = ""
            for row in rows {
                out += (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                out += "  " + row[3] + "\n"
            }
            out += "\(set.rules.count) rules, \(set.masks.count) masks; \(set.alwaysTriedCount) tried on every event (no literal to prefilter on)\n"
            print(out, terminator: "")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check rule files: they parse, their patterns compile, every example matches and no counterexample does.",
            discussion: """
                With no file, checks the built-in pack and the config directory's rules. \
                Exit status 0 when all hold, 2 (naming the file and line) when one does not.

                Examples:
                  lookout rules test
                  lookout rules test my-rules.yaml
                """)

        @Argument(help: ArgumentHelp("Rule files to check.", valueName: "file"))
        var files: [String] = []

        func run() throws {
            var options = RuleOptions()
            options.ruleFiles = files
            options.noDefaultRules = !files.isEmpty
            let set = try options.load()
            let examples = set.rules.reduce(0) { $0 + $1.examples.count }
            let counter = set.rules.reduce(0) { $0 + $1.counterexamples.count }
            print("ok: \(set.rules.count) rules, \(examples) examples and \(counter) counterexamples checked")
        }
    }
}
