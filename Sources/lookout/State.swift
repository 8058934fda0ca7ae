import ArgumentParser
import LookoutClassify
import LookoutCore
import LookoutDetect
import LookoutStore

/// Where history is kept (SPEC §2 "State").
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: ArgumentHelp(
        "The state database (default: $XDG_STATE_HOME/lookout/state.db, else ~/.local/state/lookout/state.db).", valueName: "path"))
    var path: String?

    @Flag(name: .customLong("no-state"), help: "Keep no history: read no state database and write none.")
    var noState = false

    @Option(name: .customLong("state-wait"), help: ArgumentHelp(
        "How long to wait for another run that holds the state database, in seconds, before stopping.", valueName: "seconds"))
    var waitSeconds: Int = 10

    func validate() throws {
        guard waitSeconds >= 0 && waitSeconds <= 86_400 else { throw ValidationError("--state-wait takes 0 to 86400 seconds.") }
        if noState && path != nil { throw ValidationError("--state and --no-state contradict each other; give one.") }
    }

    /// The open store (its write lock taken), or nil with --no-state (or, when the
    /// command keeps no state `byDefault`, without --state).
    func open(byDefault: Bool = true) throws -> StateStore? {
        if noState || (!byDefault && path == nil) { return nil }
        guard let path = path ?? StateStore.defaultPath() else {
            throw UsageError(description: "no place for the state database: set XDG_STATE_HOME or HOME, give --state PATH, or use --no-state.")
        }
        do { return try StateStore(path: path, waitMilliseconds: Int32(waitSeconds * 1000)) } catch {
            throw UsageError(description: error.description)
        }
    }
}

/// How `scan` uses the state store: templates before, history as the baseline, results after.
enum StateLoading {
    /// History shorter than this many detection buckets is not a baseline (the run's own past is used).
    static let minimumHistoryBuckets = 12
    /// How far back history is read for a baseline.
    static let historyWindowMilliseconds: Int64 = 14 * 86_400_000

    static func checkpoints(_ store: StateStore) throws -> [Checkpoint] {
        do { return try store.checkpoints() } catch { throw UsageError(description: error.description) }
    }

    static func templates(_ store: StateStore) throws -> String? {
        do { return try store.templates() } catch { throw UsageError(description: error.description) }
    }

    /// A reference from the stored counts before this run's first event, when there are enough.
    static func reference(_ store: StateStore, analysis: Analysis, detector: DetectorOptions) throws -> (RateDetector.Reference?, String?) {
        let series = analysis.sink.store
        guard let first = series.origin else { return (nil, nil) }
        // The width detection will use for this run.
        let width = RateDetector(options: detector).detect(series, signatures: []).bucketMilliseconds ?? StateStore.storageWidthMilliseconds
        let step = max(width, StateStore.storageWidthMilliseconds)
        let before = first - (first % step + step) % step
        do {
            guard let earliest = try store.earliestBucket(), earliest < before else { return (nil, nil) }
            let window = min(historyWindowMilliseconds, ((before - earliest) / step + 1) * step)
            let history = try store.history(before: before, window: window, width: step)
            let n = history.totals.count
            let covered = history.totals.firstIndex(where: { $0 > 0 }).map { n - $0 } ?? 0
            guard covered >= minimumHistoryBuckets else {
                return (nil, "history in the state database covers \(covered) buckets of \(RateDetector.words(step)) before this run; \(minimumHistoryBuckets) are needed, so the run's own past is the baseline")
            }
            let profiles = try seasonalProfiles(store, before: before, earliest: earliest)
            var rates: [String: RateDetector.Reference.Rate] = [:]
            for (id, counts) in history.perSignature {
                let c = counts.suffix(covered)
                let mean = Double(c.reduce(0, +)) / Double(covered)
                let variance = c.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(covered)
                rates[id] = .init(mean: mean, variance: variance, presentShare: Double(c.filter { $0 > 0 }.count) / Double(covered),
                                  hourly: profiles?[id])
            }
            let all = history.totals.reduce(0, +)
            let share = all > 0 ? Double(history.errors.reduce(0, +)) / Double(all) : 0
            return (RateDetector.Reference(bucketMilliseconds: step, rates: rates, errorShare: share,
                                           name: "history (\(covered) buckets of \(RateDetector.words(step)))"), nil)
        } catch {
            throw UsageError(description: error.description)
        }
    }

    /// How far back history is read for a seasonal rhythm (weekly needs three weeks).
    static let seasonalWindowMilliseconds: Int64 = 28 * 86_400_000

    /// Per signature, mean and variance per hour for each hour of the week (when
    /// the history covers three weeks) or of the day (three days); nil when it covers less.
    /// Each hour's figures pool the same hour and the hours beside it on every week or day
    /// covered, so one odd hour does not make a rhythm.
    static func seasonalProfiles(_ store: StateStore, before: Int64, earliest: Int64) throws(StateStore.StoreError) -> [String: [(mean: Double, variance: Double)]]? {
        let hour: Int64 = 3_600_000
        let end = before - before % hour
        let start = max(earliest - earliest % hour, end - seasonalWindowMilliseconds)
        let hours = Int((end - start) / hour)
        let period: Int
        if hours >= 3 * 168 { period = 168 } else if hours >= 3 * 24 { period = 24 } else { return nil }
        let history = try store.history(before: end, window: Int64(hours) * hour, width: hour)
        let firstHour = start / hour
        var out: [String: [(mean: Double, variance: Double)]] = [:]
        for (id, counts) in history.perSignature {
            var sums = Array(repeating: [Double](), count: period)
            for (i, c) in counts.enumerated() {
                let slot = Int((firstHour + Int64(i) + 72) % Int64(period))
                for d in -1...1 { sums[(slot + d + period) % period].append(Double(c)) }
            }
            out[id] = sums.map { samples in
                let mean = samples.reduce(0, +) / Double(max(samples.count, 1))
                let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(samples.count - 1, 1))
                return (mean, max(variance, mean))
            }
        }
        return out
    }

    /// Saves the run: signatures, counts per storage bucket, the template set, the run.
    static func save(_ store: StateStore, analysis: Analysis, started: Timestamp, inputs: [String]) throws {
        let series = analysis.sink.store
        let width = max(StateStore.storageWidthMilliseconds, series.width)
        var counts: [StateStore.Count] = []
        for w in analysis.watched {
            for b in series.absoluteCounts(of: w.series, width: width) {
                counts.append(.init(signature: w.summary.id, bucketStart: b.start, width: width, count: b.count, errors: 0))
            }
        }
        for b in series.absoluteCounts(of: nil, width: width) {
            counts.append(.init(signature: StateStore.allEvents, bucketStart: b.start, width: width, count: b.count, errors: b.errors))
        }
        let summary = analysis.summary
        let run = StateStore.Run(started: started, finished: Pipeline.now(), version: Lookout.version, inputs: inputs,
                                 lines: summary.lines, events: summary.events, firstEvent: summary.firstTime, lastEvent: summary.lastTime)
        do {
            try store.commit(run: run, signatures: analysis.named.map(\.summary), counts: counts, templates: analysis.classifier.miner.saved(),
                             checkpoints: summary.sources.compactMap(\.checkpoint), retired: analysis.checkpoints?.retired ?? [],
                             addCounts: !store.wasVersion1 && summary.sources.allSatisfy { $0.checkpoint != nil || $0.lines == 0 })
        } catch {
            throw UsageError(description: error.description)
        }
    }
}
