import Testing
import Foundation
import LookoutCore
@testable import LookoutStore

let sample = BaselineFile(
    created: Timestamp(year: 2026, month: 11, day: 30, hour: 8)!, start: Timestamp(year: 2026, month: 11, day: 29)!,
    end: Timestamp(year: 2026, month: 11, day: 29, hour: 23, minute: 59, second: 59, millisecond: 500)!,
    bucketMilliseconds: 300_000, buckets: 288, events: 1000, errorShare: 0.004,
    signatures: [.init(id: "t3919f1ba8f40", template: "GET <*> in <*> ms", rule: nil, count: 900, mean: 3.125, variance: 4.5, presentShare: 0.97),
                 .init(id: "disk-full/t1", template: "write <*> failed", rule: "disk-full", count: 1, mean: 0.0035, variance: 0.0035, presentShare: 0.0035)],
    templates: "lookout-templates 1\n900\t GET <*> in <*> ms\n")

@Test func roundTrips() throws {
    let decoded = try BaselineFile.decode(sample.encoded(), path: "b.json")
    #expect(decoded == sample)
}

@Test(arguments: [
    ("not json at all", "b.json: not a JSON object; make a baseline with `lookout baseline LOGS -o FILE`."),
    (#"{"something": 1}"#, "b.json: not a Lookout baseline (no `lookoutBaseline` version)."),
    (#"{"lookoutBaseline": 99}"#, "b.json: baseline version 99; this lookout reads version 1. Make it again with this version's `lookout baseline`."),
    (#"{"lookoutBaseline": 1, "bucketSeconds": 300}"#, "b.json: a field is missing or of the wrong type (bucketSeconds, buckets, events, errorShare, signatures, templates)."),
    (#"{"lookoutBaseline": 1, "bucketSeconds": 300, "buckets": 1, "events": 1, "errorShare": 0, "templates": "", "signatures": [{"id": "x"}]}"#,
     "b.json: signature 1 lacks a field (id, template, count, mean, variance, presentShare)."),
    (#"{"lookoutBaseline": 1, "bucketSeconds": 300, "buckets": 1, "events": 1, "errorShare": 0, "templates": "", "signatures": [{"id": "x", "template": "t", "count": 1, "mean": 1e300, "variance": 1, "presentShare": 1}]}"#,
     "b.json: signature 1 has a figure out of range (count not negative, mean 0 to 1e12, variance 0 to 1e24, presentShare 0 to 1)."),
    (#"{"lookoutBaseline": 1, "bucketSeconds": 1e16, "buckets": 1, "events": 1, "errorShare": 0, "templates": "", "signatures": []}"#,
     "b.json: a figure is out of range (bucketSeconds 0.001 to 31622400, buckets and events not negative, errorShare 0 to 1)."),
])
func badFilesSayWhatIsWrong(text: String, message: String) {
    do {
        _ = try BaselineFile.decode(Data(text.utf8), path: "b.json")
        Issue.record("decoded")
    } catch {
        #expect(error.description == message)
    }
}
