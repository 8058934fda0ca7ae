import ArgumentParser

struct Scan: StatusCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read logs, find anomalies, and print the digest.",
        discussion: """
            Reads every input once, oldest rotated file first; classifies each event into a \
            signature; counts signatures per time bucket and reports anomalies (new, spike, \
            drop, silence, level-shift) against the history in the state database, a \
            baseline file, or the run's own past; then what was read and the top signatures.

            With a state database (the default), files resume where the last run stopped, \
            across rotation and compression: run it nightly and each line is read once.

            Examples:
              lookout scan /var/log/myapp
              lookout scan app.log app.log.1 app.log.2.gz --format json
              kubectl logs api | lookout scan
              journalctl -f -o short-iso | lookout scan --alerts -
              lookout scan /var/log --include '*.log*' --exclude 'journal' --since 24h
              lookout scan logs/ --format html -o digest.html --format json -o digest.json
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var detection: DetectionOptions
    @OptionGroup var digest: DigestOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var parallel: JobsOption

    mutating func execute() throws -> Int32 {
        try ScanJob(input: input, rules: rules, detection: detection, digest: digest, state: state, jobs: parallel.resolved,
                    defaultFormat: .text, defaultFailOn: nil, stateByDefault: true).run()
    }
}
