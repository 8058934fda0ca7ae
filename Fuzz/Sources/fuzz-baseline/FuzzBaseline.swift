// Fuzz target: the baseline-file reader (`lookout check --baseline FILE`).
// Any bytes: decode must return or throw ReadError, never trap. What decodes must
// survive encode → decode unchanged in its counts (the writer's output is readable),
// and its `templates` text goes where `lookout check` sends it: TemplateMiner.load,
// which may refuse it with LoadError but must not trap.
import Foundation
import LookoutStore
import LookoutClassify
import FuzzSupport

/// LOOKOUT_FUZZ_SKIP_KNOWN=1 steps over inputs that hit the bugs already reported (see
/// README.md), so that a run can reach past them: a `bucketSeconds` whose milliseconds
/// are beyond Int64, and template counts of 18 digits or more.
let skipKnown = getenv("LOOKOUT_FUZZ_SKIP_KNOWN") != nil

func hitsKnownBug(_ bytes: Data) -> Bool {
    guard let o = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] else { return false }
    if let s = o["bucketSeconds"] as? Double, !(abs(s * 1000) < 9.2e18) { return true }
    if let t = o["templates"] as? String,
       t.split(separator: "\n").contains(where: { $0.contains("\t") && $0.prefix(while: { $0 != "\t" }).count >= 18 }) {
        return true
    }
    return false
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if skipKnown && hitsKnownBug(bytes) { return 0 }
    guard let baseline = try? BaselineFile.decode(bytes, path: "fuzz.json") else { return 0 }
    let again: BaselineFile
    do { again = try BaselineFile.decode(baseline.encoded(), path: "re-encoded.json") } catch {
        check(false, "a decoded baseline, encoded again, does not decode: \(error)")
        return 0
    }
    check(again.signatures.count == baseline.signatures.count, "signature count changed on re-encoding")
    check(again.buckets == baseline.buckets && again.events == baseline.events, "counts changed on re-encoding")
    let miner = TemplateMiner(capacity: 1_000)
    try? miner.load(baseline.templates)
    return 0
}

@_cdecl("fuzz_baseline_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzz($0, $1) }
}
