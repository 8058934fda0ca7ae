import ArgumentParser

/// `--jobs`: how many files `scan`, `check` and `baseline` read at once.
struct JobsOption: ParsableArguments {
    @Option(name: .customLong("jobs"), help: ArgumentHelp(
        "Files read at once, each on a thread of its own (default: LOOKOUT_JOBS, else the number of processors online). The result is the same whatever the number; stdin, a single file and --alerts are read on one thread.",
        valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) {
            throw ValidationError("--jobs must be between 1 and 256; got \(jobs).")
        }
    }

    /// The number asked for: the option, else `LOOKOUT_JOBS`, else the processors online.
    var resolved: Int { ParallelScan.jobs(option: jobs) }
}
