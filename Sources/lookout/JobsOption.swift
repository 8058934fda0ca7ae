import ArgumentParser

/// `--jobs`: how many threads `scan`, `check`, `baseline` and `classify` read with.
struct JobsOption: ParsableArguments {
    @Option(name: .customLong("jobs"), help: ArgumentHelp(
        "Threads that read at once: a directory's files each on one, a single file cut into segments (default: LOOKOUT_JOBS, else the number of processors online). The result is the same whatever the number; stdin, pipes and --alerts are read on one thread.",
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
