import Dispatch
import LookoutClassify
import LookoutCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The rule set that a command loads unless its options say otherwise (no `--rules`, no
/// `--no-default-rules`): the config directory's rules and the built-in pack. `Main` starts
/// loading it on a thread of its own before it reads the config file and parses the command
/// line, and `RuleOptions.load` takes it when the options ask for that set: the load (about
/// 90 M instructions, most of `classify`'s start-up on an empty file) then overlaps the
/// parsing (about 25 M) on a second core. Anything else loads as asked, and what was loaded
/// early is dropped: a command line that names its rules starts nothing. The thread is
/// detached: a run that stops early (a usage error) does not wait for it.
enum DefaultRules {
    private final class Load: @unchecked Sendable {
        /// The config directory it loads (with the built-in pack, and no rule files).
        let configDirectory: String?
        /// Set by the loading thread before it signals `done`.
        var result: Result<RuleSet, RuleFileError>?
        let done = DispatchSemaphore(value: 0)

        init(configDirectory: String?) { self.configDirectory = configDirectory }
    }

    /// Set on the main thread before any other thread starts, and used there.
    nonisolated(unsafe) private static var pending: Load?

    /// The commands that load rules.
    private static let commands: Set = ["scan", "check", "classify", "baseline", "rules"]

    /// Starts the load for the command line `arguments` (without the program's name),
    /// unless it names no command that loads rules or says which rules to load.
    static func startLoading(for arguments: [String]) {
        guard let command = arguments.first, commands.contains(command),
              command != "rules" || arguments.dropFirst().first == "list",
              !arguments.contains(where: { $0 == "--rules" || $0.hasPrefix("--rules=") || $0 == "--no-default-rules" }) else { return }
        let load = Load(configDirectory: RulePack.defaultConfigDirectory())
        guard let thread = startThread({
            load.result = Result { () throws(RuleFileError) in
                try RulePack.load(ruleFiles: [], configDirectory: load.configDirectory, builtIn: RulePack.builtIn)
            }
            load.done.signal()
        }) else { return }
        pthread_detach(thread)
        pending = load
    }

    /// What the early load gave, once it is done, when it loaded what `RulePack.load` would
    /// with these arguments (`builtIn`: the built-in pack or nil); nil when it did not, or none
    /// was started (or it was taken already).
    static func take(ruleFiles: [String], configDirectory: String?, builtIn: String?) -> Result<RuleSet, RuleFileError>? {
        guard let load = pending, ruleFiles.isEmpty, builtIn != nil, configDirectory == load.configDirectory else { return nil }
        pending = nil
        load.done.wait()
        return load.result
    }
}
