import ArgumentParser
import LookoutIngest
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line. Parsing and wiring only: every stage lives in its own module.
struct Lookout: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "lookout",
        abstract: "An early-warning system for logs.",
        discussion: """
            Lookout reads logs (stdin, files, directories, rotated and gzip-compressed sets), \
            finds each event's time, level and message, and reports what it read.

            Exit status: 0 success; 1 anomalies at or above the fail threshold; \
            2 usage or configuration error; 3 some input could not be read (the rest \
            was still processed and reported).
            """,
        version: version,
        subcommands: [Scan.self, Check.self, Classify.self, Baseline.self, Rules.self]
    )
}

/// A command whose outcome is an exit status (SPEC §3) rather than success or an error.
protocol StatusCommand: ParsableCommand {
    mutating func execute() throws -> Int32
}

extension StatusCommand {
    func run() throws {
        var copy = self
        let status = try copy.execute()
        if status != 0 { throw ExitCode(status) }
    }
}

/// Exit statuses of SPEC §3.
enum ExitStatus {
    static let success: Int32 = 0
    static let anomalies: Int32 = 1
    static let usage: Int32 = 2
    static let unreadableInput: Int32 = 3
}

/// A usage or configuration error found after parsing: exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

@main
enum Main {
    static func main() {
        StopRequest.install()
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            DefaultRules.startLoading(for: arguments)
            let configured = try ConfigFile.apply(to: arguments)
            var command: any ParsableCommand
            do {
                command = try Lookout.parseAsRoot(configured)
            } catch where configured != arguments && (try? Lookout.parseAsRoot(arguments)) != nil {
                // The command line alone parses: the fault is in the config file's defaults.
                throw UsageError(description: "\(ConfigFile.path() ?? "config file"): \(Lookout.message(for: error)) (from the config file; fix it there, or set LOOKOUT_CONFIG=none to run without it).")
            }
            if var statusCommand = command as? any StatusCommand { exit(try statusCommand.execute()) }
            try command.run()
        } catch let error as UsageError {
            writeStandardError("lookout: \(error.description)\n")
            exit(ExitStatus.usage)
        } catch {
            let code = Lookout.exitCode(for: error)
            if code == .success {
                Lookout.exit(withError: error)
            }
            // ArgumentParser's usage errors (64) and every other failure to start become status 2.
            let message = Lookout.fullMessage(for: error)
            writeStandardError(message.hasSuffix("\n") ? message : message + "\n")
            exit(ExitStatus.usage)
        }
    }
}

func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
        if n <= 0 { if n < 0 && errno == EINTR { continue }; break }
        offset += n
    }
}
