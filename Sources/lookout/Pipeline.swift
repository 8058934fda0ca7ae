import LookoutCore
import LookoutEvents
import LookoutIngest
import LookoutReport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Wires the stages for one run: discovery → ingest → events, source by source.
struct Pipeline {
    var ingest: IngestOptions
    var filter: PathFilter
    var events = EventOptions()

    /// Counts events and drops them: the classify and detect stages plug in here.
    struct DiscardingSink: EventSink {
        mutating func consume(event: EventView) {}
    }

    static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(millisecondsSinceEpoch: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }

    func run(_ inputs: [String]) -> InputSummary {
        let started = Pipeline.now()
        let plan = InputDiscovery(filter: filter).plan(inputs, now: started.millisecondsSinceEpoch / 1000)
        let reader = SourceReader(options: ingest)
        var reports: [SourceReport] = []
        for source in plan.sources {
            let reference = Timestamp(millisecondsSinceEpoch: source.modificationTime * 1000)
            let arrival: (() -> Timestamp)? = source.kind == .stdin ? { Pipeline.now() } : nil
            var assembler = EventAssembler(sink: DiscardingSink(), kind: source.kind, reference: reference,
                                           options: events, arrivalClock: arrival)
            var report = reader.read(source, into: &assembler)
            assembler.finish()
            report.tally = assembler.tally
            reports.append(report)
        }
        return InputSummary(sources: reports, planProblems: plan.problems)
    }
}
