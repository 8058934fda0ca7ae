import ArgumentParser
import LookoutIngest
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Options shared by every command that reads logs.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Files, directories (walked recursively) or `-` for stdin. With none, stdin is read when it is not a terminal.",
        valueName: "input"))
    var inputs: [String] = []

    @Option(name: .customLong("include"), help: ArgumentHelp(
        "In directories, read only files matching this glob (repeatable). A glob without `/` matches the file name, one with `/` the path below the directory given.",
        valueName: "glob"))
    var include: [String] = []

    @Option(name: .customLong("exclude"), help: ArgumentHelp(
        "In directories, skip files and directories matching this glob (repeatable); wins over --include.",
        valueName: "glob"))
    var exclude: [String] = []

    @Option(name: .customLong("max-line-bytes"), help: ArgumentHelp(
        "Lines longer than this are cut for classification and counted as truncated.", valueName: "bytes"))
    var maxLineBytes: Int = 64 * 1024

    @Option(name: .customLong("max-gzip-ratio"), help: ArgumentHelp(
        "Stop reading a gzip file whose content outgrows this many times its compressed size (past 64 MiB): a gzip bomb.", valueName: "n"))
    var maxGzipRatio: Int64 = 1000

    func validate() throws {
        guard maxGzipRatio >= 10 && maxGzipRatio <= 1_000_000_000 else {
            throw ValidationError("--max-gzip-ratio must be between 10 and 1000000000; got \(maxGzipRatio).")
        }
        guard maxLineBytes >= 16 && maxLineBytes <= 64 * 1024 * 1024 else {
            throw ValidationError("--max-line-bytes must be between 16 and 67108864 (64 MiB); got \(maxLineBytes).")
        }
    }

    /// The pipeline these options describe.
    func pipeline() -> Pipeline {
        var ingest = IngestOptions()
        ingest.maxLineBytes = maxLineBytes
        ingest.maxGzipRatio = maxGzipRatio
        return Pipeline(ingest: ingest, filter: PathFilter(include: include, exclude: exclude))
    }

    /// The inputs to read: as given, or stdin when none are given and stdin is not a terminal.
    func resolvedInputs() throws -> [String] {
        if !inputs.isEmpty { return inputs }
        if isatty(0) == 1 {
            throw UsageError(description: "no input: name files or directories, or pipe logs in (for example `journalctl -f | lookout scan`). See `lookout scan --help`.")
        }
        return ["-"]
    }
}
