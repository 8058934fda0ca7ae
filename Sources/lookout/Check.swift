import ArgumentParser
import LookoutCore

/// `scan` with CI defaults.
struct Check: StatusCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan with CI defaults: a Markdown digest, and exit status 1 on anomalies at or above --fail-on.",
        discussion: """
            The same pipeline as `scan`, with defaults for a CI job: the digest is Markdown \
            on stdout (append it to $GITHUB_STEP_SUMMARY), the run fails (status 1) on an \
            anomaly of severity high or above unless --fail-on says otherwise, and no state \
            database is read or written unless --state is given (a CI job compares with a \
            baseline file, or with the run's own past). Status 3 (some input unreadable) wins \
            over 1; 2 is a usage or configuration error.

            Examples:
              lookout check build.log --baseline lookout-baseline.json >> "$GITHUB_STEP_SUMMARY"
              lookout check logs/ --baseline base.json --format markdown --format junit -o lookout.xml
              lookout check logs/ --format github --fail-on medium --fail-on-kind new,spike
            """
    )

    /// The fail threshold when --fail-on is not given.
    static let defaultFailOn = Severity.high

    @OptionGroup var input: InputOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var detection: DetectionOptions
    @OptionGroup var digest: DigestOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var parallel: JobsOption

    mutating func execute() throws -> Int32 {
        try ScanJob(input: input, rules: rules, detection: detection, digest: digest, state: state, jobs: parallel.resolved,
                    defaultFormat: .markdown, defaultFailOn: Check.defaultFailOn, stateByDefault: false).run()
    }
}
