import Testing

/// Baseline files that decode but crash `lookout scan --baseline` later, in detection
/// (LookoutDetect is not in the fuzz targets' library product, so these were found by
/// following the baseline target's inputs through the CLI). Saved in
/// Fixtures/fuzz/regressions/baseline/. A crash ends the child `lookout` with a signal
/// (status 128 + n), which this test reports; a refusal (status 2) or a run is fine.
@Suite struct FuzzRegressionTests {
    /// `"errorShare": 1e13`: decoded as is; RateDetector.detect traps on
    /// `Int((reference.errorShare * 1_000_000).rounded())` (RateDetector.swift).
    @Test func errorShareBeyondInt() {
        let r = CLI.run(["scan", "--no-state", "Fixtures/detect/incident.log",
                         "--baseline", "Fixtures/fuzz/regressions/baseline/error-share-beyond-int.json"])
        #expect(r.status < 128, "lookout crashed (status \(r.status)): \(r.stderr.prefix(300))")
    }
}
