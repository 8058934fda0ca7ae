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

/// An event sink that is told which source the next events come from.
protocol SourceSink: EventSink {
    mutating func begin(source: PlannedSource)
}

/// Wires the stages for one run: discovery → ingest → events → a sink, source by source.
struct Pipeline {
    var ingest: IngestOptions
    var filter: PathFilter
    var events = EventOptions()

    static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(millisecondsSinceEpoch: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }

    /// The canonical path (symbolic links resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    func plan(_ inputs: [String]) -> InputPlan {
        InputDiscovery(filter: filter).plan(inputs, now: Pipeline.now().millisecondsSinceEpoch / 1000)
    }

    /// Reads every planned source into `sink` and returns their reports.
    /// With `checkpoints`, files resume where earlier runs stopped. `stopWhen` ends the
    /// reading early (as SIGINT does, without its notice) once it says so.
    func read<S: SourceSink>(_ plan: InputPlan, into sink: inout S, checkpoints: CheckpointBook? = nil,
                             stopWhen: (() -> Bool)? = nil) -> [SourceReport] {
        let reader = SourceReader(options: ingest)
        reader.checkpoints = checkpoints
        reader.stopWhen = stopWhen
        let bar = ProgressBar(plan: plan)
        reader.progress = bar.map { b in { b.update($0) } }
        defer { bar?.finish() }
        var reports: [SourceReport] = []
        for source in plan.sources {
            if StopRequest.isRequested || stopWhen?() == true { break }   // SIGINT/SIGTERM or `stopWhen`: report what was read
            sink.begin(source: source)
            let reference = Timestamp(millisecondsSinceEpoch: source.modificationTime * 1000)
            let arrival: (() -> Timestamp)? = source.kind == .stdin ? { Pipeline.now() } : nil
            var assembler = EventAssembler(sink: sink, kind: source.kind, reference: reference,
                                           options: events, arrivalClock: arrival)
            var report = reader.read(source, into: &assembler)
            assembler.finish()
            report.tally = assembler.tally
            bar?.finishSource()
            sink = assembler.sink
            reports.append(report)
        }
        return reports
    }

    /// A notice for the digest when SIGINT or SIGTERM stopped the reading.
    static func interruption() -> [InputProblem] {
        guard StopRequest.isRequested else { return [] }
        return [InputProblem(.notice, source: "lookout", "interrupted (SIGINT or SIGTERM): this digest covers what was read before.")]
    }
}
