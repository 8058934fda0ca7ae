import Testing
@testable import LookoutClassify
import LookoutCore

/// A corpus with a variable that has no digits (user names) and an enumeration (states).
let corpus: [String] =
    ["alice", "bob", "carol", "dave", "erin", "frank"].flatMap { user in
        ["Invalid user \(user) from 10.0.0.\(user.count)", "session opened for user \(user)", "session closed for user \(user)"]
    }
    + Array(repeating: "node state LOOKING", count: 8) + ["node state LEADING", "node state FOLLOWING"]

/// What a test looks at: the signature, the template text and the rule.
struct Named: Equatable {
    var signature: String
    var template: String
    var ruleIndex: Int?
}

func classifyAll(_ lines: [String], rules: RuleSet = RuleSet(rules: []), capacity: Int = 50_000) -> [String: Named] {
    let c = Classifier(rules: rules, templateCapacity: capacity)
    c.buildsWhileLearning = false
    let classified = lines.map { line in
        var b = Array(line.utf8)
        return b.withUnsafeMutableBytes { c.classify(body: UnsafeRawBufferPointer($0), firstLineLength: $0.count) }
    }
    c.finishLearning()
    var out: [String: Named] = [:]
    for (line, early) in zip(lines, classified) {
        let result = c.withCurrentTemplate(early)
        out[line] = Named(signature: c.signature(of: result), template: c.templateText(of: result), ruleIndex: result.ruleIndex)
    }
    return out
}

@Test func variablesWithoutDigitsAreFoundAndEnumerationsKept() {
    let result = classifyAll(corpus)
    #expect(result["Invalid user alice from 10.0.0.5"]?.template == "Invalid user <*> from <*>")
    #expect(result["session opened for user bob"]?.template == "session opened for user <*>")
    #expect(result["session closed for user bob"]?.template == "session closed for user <*>")
    #expect(result["session opened for user bob"]?.signature != result["session closed for user bob"]?.signature)
    #expect(result["node state LOOKING"]?.template == "node state LOOKING")
    #expect(result["node state LEADING"]?.template == "node state LEADING")
}

/// Three values of which two hold nearly every line are states; three spread evenly are not.
@Test func twoCommonValuesMakeAnEnumeration() {
    let states = Array(repeating: "sensor 7 reads normal", count: 9) + Array(repeating: "sensor 7 reads warning", count: 9)
        + ["sensor 7 reads critical"]
    let hosts = ["alpha", "bravo", "charlie"].flatMap { Array(repeating: "replica \($0) in sync", count: 4) }
    let result = classifyAll(states + hosts)
    #expect(result["sensor 7 reads normal"]?.template == "sensor <*> reads normal")
    #expect(result["sensor 7 reads critical"]?.template == "sensor <*> reads critical")
    #expect(result["sensor 7 reads normal"]?.signature != result["sensor 7 reads warning"]?.signature)
    #expect(result["replica alpha in sync"]?.template == "replica <*> in sync")
}

/// Names numbered by one digit are not masked whole: a few interfaces are an enumeration,
/// numbered user names among others a variable.
@Test func numberedNamesAreValuesOnlyWhenTheyAreMany() {
    let interfaces = [("ee0", 9), ("alt0", 8), ("scip0", 1)]
        .flatMap { name, n in (0..<n).map { "node-\($0) detected a connection via interface \(name)" } }
    let users = ["test1", "test2", "test9", "nagios1", "admin", "oracle", "guest"].map { "Invalid user \($0) from 10.0.0.1" }
    let result = classifyAll(interfaces + users)
    #expect(result["node-0 detected a connection via interface ee0"]?.template == "<*> detected a connection via interface ee<*>")
    #expect(result["node-0 detected a connection via interface ee0"]?.signature
        != result["node-0 detected a connection via interface alt0"]?.signature)
    #expect(result["Invalid user test2 from 10.0.0.1"]?.template == "Invalid user <*> from <*>")
    #expect(result["Invalid user test2 from 10.0.0.1"]?.signature == result["Invalid user admin from 10.0.0.1"]?.signature)
}

/// A message's first word names its event (`boot`, `wait`): up to `maxStates` values ruled by
/// one or two are an enumeration there. Spread evenly, or many, they are still data.
@Test func aMessagesFirstWordIsAnEnumerationUpToMaxStates() {
    let commands = [("boot", 20), ("wait", 19), ("halt", 1), ("reboot", 1), ("probe", 1), ("resume", 1)]
        .flatMap { name, n in (0..<n).map { "\(name) (command \(1900 + $0))" } }
    let users = ["alice", "bob", "carol", "dave", "erin", "frank"].flatMap { Array(repeating: "\($0) logged in", count: 3) }
    let names = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec"
        .split(separator: " ")
    let hosts = names.map { "\($0) is up" }
    // 17 values, one of them in most lines: too many for an enumeration however they spread.
    let ruled = names.map { "\($0) went down" } + Array(repeating: "alpha went down", count: 40)
    let result = classifyAll(commands + users + hosts + ruled)
    #expect(result["boot (command 1900)"]?.template == "boot (command <*>)")
    #expect(result["halt (command 1900)"]?.template == "halt (command <*>)")
    #expect(result["boot (command 1900)"]?.signature != result["wait (command 1900)"]?.signature)
    #expect(result["alice logged in"]?.template == "<*> logged in")
    #expect(result["kilo is up"]?.template == "<*> is up")
    #expect(result["alpha went down"]?.template == "<*> went down")
    // Not first, the same commands are data: five values or more are variable (`manyValues`).
    let later = classifyAll(commands.map { "node-7 " + $0 })
    #expect(later["node-7 boot (command 1900)"]?.template == "<*> <*> (command <*>)")
}

/// A few upper-case or capitalized names are states whatever their spread; many are data.
@Test func upperCaseStatesAreAnEnumeration() {
    let states = ["NEW", "INITED", "SETUP", "RUNNING", "SUCCEEDED", "FAILED"]
    let transitions = zip(states, states.dropFirst()).map { "job_\($0.0.count) Transitioned from \($0.0) to \($0.1)" }
        + ["Started", "Paused", "Resumed", "Stopped"].map { "[instance: 42] VM \($0) (Lifecycle Event)" }
    let symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "META", "NVDA", "TSLA", "ORCL", "INTC", "CSCO",
                   "ADBE", "QCOM", "TXN", "IBM", "AMD", "SAP", "NFLX", "PYPL", "UBER", "SHOP"]
    let tickers = symbols.map { "quote for \($0) updated" }
    let result = classifyAll(transitions + tickers)
    #expect(result["job_3 Transitioned from NEW to INITED"]?.template == "<*> Transitioned from NEW to INITED")
    #expect(result["job_3 Transitioned from NEW to INITED"]?.signature != result["job_6 Transitioned from INITED to SETUP"]?.signature)
    #expect(result["[instance: 42] VM Paused (Lifecycle Event)"]?.template == "[instance: <*>] VM Paused (Lifecycle Event)")
    #expect(result[tickers[0]]?.template == "quote for <*> updated")
}

/// A key (the token before `:` or `=`) is a constant however many values the column holds,
/// unless it is a dotted name: a job, logger or property name is a value.
@Test func dottedNamesBeforeAColonAreValuesAndPlainKeysStay() {
    let jobs = ["com.example.backup.daily", "com.example.sync.hourly", "org.example.report", "net.example.Refresh.update"]
    let keys = ["alpha", "beta", "gamma", "delta", "epsilon"]
    let properties = ["spark.executor.memory", "spark.driver.memory", "spark.yarn.am.memory", "spark.memory.offHeap.size"]
    let lines = jobs.flatMap { job in (1...3).map { "\(job): told to run, but not for \($0 * 100) seconds" } }
        + keys.flatMap { key in (1...3).map { "\(key): sent \($0) packets" } }
        + properties.flatMap { key in (1...3).map { "setting \(key)=\($0)g" } }
    let result = classifyAll(lines)
    #expect(result["com.example.backup.daily: told to run, but not for 100 seconds"]?.template == "<*>: told to run, but not for <*>")
    #expect(result["org.example.report: told to run, but not for 200 seconds"]?.signature
        == result["com.example.sync.hourly: told to run, but not for 300 seconds"]?.signature)
    #expect(result["alpha: sent 1 packets"]?.template == "alpha: sent <*> packets")
    #expect(result["alpha: sent 1 packets"]?.signature != result["beta: sent 1 packets"]?.signature)
    // Dotted property names before `=` too: one template for a dump of settings, as
    // Loghub's Zookeeper templates have it (`Server environment:<*>=<*>`).
    #expect(result["setting spark.driver.memory=2g"]?.template == "setting <*>=<*>")
}

/// A value written as a compound (`LOCAL(0)`, `00:02`) where other lines of the same message
/// hold it bare is that value; a compound of constants, or a line without a constant word,
/// stays apart.
@Test func aCompoundBesideABareValueIsThatValue() {
    let peers = (1...4).map { "synchronized to 10.0.0.\($0), stratum 3" } + ["synchronized to LOCAL(0), stratum 10"]
    let lifetimes = ["lifetime 4", "lifetime 00:02", "lifetime <1 sec"].map { "connection closed, \($0)" }
    let constants = ["synchronized to peer[a][b], stratum 10"]
    let dumps = ["r24=0x0ffea4c8 r25=0x00000003 r26=0x0000000f", "fpr29=0xffffffff"]
    let lines = peers + lifetimes + constants + dumps
    for result in [classifyAll(lines), classifyAll(lines.reversed())] {
        #expect(result["synchronized to LOCAL(0), stratum 10"]?.template == "synchronized to <*>, stratum <*>")
        #expect(result["synchronized to LOCAL(0), stratum 10"]?.signature == result["synchronized to 10.0.0.1, stratum 3"]?.signature)
        #expect(result["connection closed, lifetime 00:02"]?.signature == result["connection closed, lifetime <1 sec"]?.signature)
        #expect(result["synchronized to peer[a][b], stratum 10"]?.template == "synchronized to peer[a][b], stratum <*>")
        #expect(result["fpr29=0xffffffff"]?.signature != result["r24=0x0ffea4c8 r25=0x00000003 r26=0x0000000f"]?.signature)
    }
}

/// Messages of one service behind a shared prefix (`[instance: <id>]`): the prefix's
/// punctuation does not decide their root, so each message keeps its own words.
@Test func aSharedPrefixDoesNotMergeItsMessages() {
    let messages = ["Total disk: 15 GB, used: 0.00 GB", "Total memory: 64172 MB, used: 512.00 MB",
                    "memory limit: 96258.00 MB, free: 95746.00 MB", "disk limit not specified, defaulting to unlimited",
                    "vcpu limit not specified, defaulting to unlimited", "Took 0.52 seconds to deallocate network for instance."]
    let ids = ["3edec1e4-9678-4a3a-a21b-a145a4ee5e61", "b562ef10-ba2d-48ae-bf4a-18666cba4a51"]
    let lines = messages.flatMap { m in ids.map { "[instance: \($0)] \(m)" } }
    let result = classifyAll(lines)
    let disk = "[instance: \(ids[0])] disk limit not specified, defaulting to unlimited"
    #expect(result[disk]?.template == "[instance: <*>] disk limit not specified, defaulting to unlimited")
    #expect(result[disk]?.signature != result["[instance: \(ids[0])] vcpu limit not specified, defaulting to unlimited"]?.signature)
    #expect(result["[instance: \(ids[1])] Total disk: 15 GB, used: 0.00 GB"]?.template == "[instance: <*>] Total disk: <*>, used: <*>")
}

@Test func idsDoNotDependOnOrderOrRun() {
    let forward = classifyAll(corpus)
    let backward = classifyAll(corpus.reversed())
    var shuffled = corpus
    var rng = SystemRandomNumberGenerator()
    shuffled.shuffle(using: &rng)
    let third = classifyAll(shuffled)
    for line in corpus {
        #expect(forward[line] == backward[line])
        #expect(forward[line] == third[line])
    }
    // Content-derived: a fixed value, the same on every machine.
    #expect(forward["node state LOOKING"]?.signature == TemplateMiner.signatureID(of: Array(" node state LOOKING".utf8)))
}

@Test func theCapCountsOverflowInsteadOfDropping() {
    let lines = (0..<10).map { "distinct message \(String(repeating: "x", count: $0 + 1))" }
    let c = Classifier(rules: RuleSet(rules: []), templateCapacity: 4)
    let classified = lines.map { line in
        var b = Array(line.utf8)
        return b.withUnsafeMutableBytes { c.classify(body: UnsafeRawBufferPointer($0), firstLineLength: $0.count) }
    }
    c.finishLearning()
    #expect(c.miner.shapeCount == 4)
    #expect(c.miner.overflowCount == 6)
    let overflow = c.withCurrentTemplate(classified[9])
    #expect(overflow.template == nil)
    #expect(c.signature(of: overflow) == TemplateMiner.overflowSignature)
}

@Test func templateSetsSaveAndLoad() throws {
    let a = TemplateMiner()
    for line in corpus {
        var out: [UInt8] = []
        var b = Array(line.utf8)
        b.withUnsafeMutableBytes { Masker.shape(of: UnsafeRawBufferPointer($0), into: &out) }
        a.learn(out)
    }
    a.rebuild()
    let text = a.saved()
    #expect(text.hasPrefix("lookout-templates 1\n"))
    let b = TemplateMiner()
    try b.load(text)
    #expect(b.saved() == text)
    #expect(throws: TemplateMiner.LoadError.self) { try TemplateMiner().load("lookout-templates 99\n") }
    #expect(throws: TemplateMiner.LoadError.self) { try TemplateMiner().load("lookout-templates 1\nnot a count\n") }
}

@Test func ruleSignaturesKeepTemplatesApartUnlessSplit() throws {
    let yaml = """
    rules:
      - {id: auth, title: Auth failed, pattern: 'Failed password', severity: medium}
      - {id: http, title: 5xx, pattern: 'status (?<status>5\\d\\d)', severity: high, split-by: [status]}
    """
    let rules = RuleSet(rules: try RuleFile.parse(yaml: yaml, file: "r.yaml").rules)
    let lines = ["Failed password for root from 1.2.3.4", "Failed password for invalid user x from 1.2.3.4",
                 "GET /a status 503", "GET /b status 502", "GET /c status 503"]
    let r = classifyAll(lines, rules: rules)
    let root = try #require(r[lines[0]]), invalid = try #require(r[lines[1]])
    #expect(root.ruleIndex == 0 && invalid.ruleIndex == 0)
    #expect(root.signature.hasPrefix("auth/t") && invalid.signature.hasPrefix("auth/t"))
    #expect(root.signature != invalid.signature)
    #expect(r[lines[2]]?.signature == "http:503")
    #expect(r[lines[3]]?.signature == "http:502")
    #expect(r[lines[4]]?.signature == "http:503")
}

/// A parallel scan's merge: per-file tallies and shapes folded in file order give the
/// tally one pass over all files gives — entry order, counts, first and last seen, levels
/// and the first examples.
@Test func perFileTalliesFoldedInOrderEqualOnePass() {
    let files: [[(String, Int64, Level?)]] = [
        [("user alice logged in", 50, .info), ("disk full on /var", 40, .error), ("user bob logged in", 60, nil)],
        [("cache miss for key k-1", 10, .warning), ("user carol logged in", 5, .info), ("disk full on /tmp", 70, .critical),
         ("user dave logged in", 5, .info)],
        [("user erin logged in", 100, .info), ("cache miss for key k-2", 100, .info), ("disk full on /srv", 1, .warning)],
    ]
    func classify(_ classifier: Classifier, _ tally: SignatureTally, _ text: String, _ t: Int64, _ level: Level?, _ example: String) {
        var bytes = Array(text.utf8)
        let c = bytes.withUnsafeMutableBytes { classifier.classify(body: UnsafeRawBufferPointer($0), firstLineLength: $0.count) }
        tally.add(c, time: Timestamp(millisecondsSinceEpoch: t), level: level) { example }
    }
    let rules = RuleSet(rules: [])
    let one = Classifier(rules: rules)
    let oneTally = SignatureTally()
    for (f, file) in files.enumerated() {
        for (n, line) in file.enumerated() { classify(one, oneTally, line.0, line.1, line.2, "f\(f):\(n)") }
    }
    one.finishLearning()

    // Files 2 then 0 on one worker, file 1 on another (each with a tally per file).
    let workers = [Classifier(rules: rules), Classifier(rules: rules)]
    var parts: [Int: (SignatureTally, Classifier)] = [:]
    for (f, w) in [(2, 0), (1, 1), (0, 0)] {
        let tally = SignatureTally()
        for (n, line) in files[f].enumerated() { classify(workers[w], tally, line.0, line.1, line.2, "f\(f):\(n)") }
        parts[f] = (tally, workers[w])
    }
    let merged = Classifier(rules: rules)
    let mergedTally = SignatureTally()
    for f in 0..<files.count {
        let (tally, worker) = parts[f]!
        let map = mergedTally.absorb(tally) { shape, count in merged.miner.learn(worker.miner.shapeBytes(at: shape), count: count) }
        #expect(map != nil)
    }
    merged.finishLearning()
    func view(_ c: Classifier, _ t: SignatureTally) -> [String] {
        t.summaries(c).map { "\($0.summary.id) \($0.summary.template) \($0.summary.count) \($0.summary.severity) \($0.summary.usualSeverity) \(String(describing: $0.summary.firstSeen)) \(String(describing: $0.summary.lastSeen)) \($0.summary.examples) \($0.entries)" }
    }
    #expect(view(merged, mergedTally) == view(one, oneTally))
    #expect(merged.miner.saved() == one.miner.saved())
    #expect(view(one, oneTally).contains { $0.contains("user <*> logged in") && $0.contains("[\"f0:0\", \"f0:2\", \"f1:1\"]") })
    // A full tally refuses, rather than merging differently.
    #expect(SignatureTally(capacity: 2).absorb(parts[1]!.0) { shape, count in merged.miner.learn(parts[1]!.1.miner.shapeBytes(at: shape), count: count) } == nil)
}

/// A message written once at error level among many at info is graded by its highest level
/// (`severity`) but is usually info (`usualSeverity`, what the detector's budget goes by).
@Test func aSignaturesUsualSeverityIsItsMedianEventsLevel() throws {
    let classifier = Classifier(rules: RuleSet(rules: []))
    let tally = SignatureTally()
    func add(_ text: String, _ level: Level?) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            let body = UnsafeRawBufferPointer(raw)
            let c = classifier.classify(body: body, firstLineLength: body.count)
            tally.add(c, time: nil, level: level) { text }
        }
    }
    for i in 0..<9 { add("cache warmed in \(i) ms", .info) }
    add("cache warmed in 99 ms", .error)
    for i in 0..<3 { add("disk almost full on volume \(i)", .warning) }
    add("disk almost full on volume 9", nil)
    classifier.finishLearning()
    let byTemplate = Dictionary(uniqueKeysWithValues: tally.summaries(classifier).map { ($0.summary.template, $0.summary) })
    let cache = try #require(byTemplate["cache warmed in <*>"])
    #expect(cache.severity == .medium && cache.usualSeverity == .info)
    let disk = try #require(byTemplate["disk almost full on volume <*>"])
    #expect(disk.severity == .low && disk.usualSeverity == .low)
    #expect(SignatureTally.medianLevel([0, 0, 5, 0, 0, 5, 0]) == .info)
    #expect(SignatureTally.medianLevel([0, 0, 4, 0, 0, 5, 0]) == .error)
}
