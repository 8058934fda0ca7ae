import Testing
import Foundation
import LookoutCore
@testable import LookoutIngest

@Test(arguments: [
    ("app.log", "app.log", RotationName.Position.live),
    ("app.log.1", "app.log", .numbered(1)),
    ("app.log.2.gz", "app.log", .numbered(2)),
    ("app.log.10.gz", "app.log", .numbered(10)),
    ("app.log-20261129", "app.log", .dated(20261129_000000)),
    ("app.log-20261129.gz", "app.log", .dated(20261129_000000)),
    ("app.log-2026112913", "app.log", .dated(20261129_130000)),
    ("app-2026-11-29.log.gz", "app.log", .dated(20261129_000000)),
    ("app.log.2026-11-29", "app.log", .dated(20261129_000000)),
    ("app.1.log", "app.log", .numbered(1)),
    ("app.log.gz", "app.log", .unordered),
    ("syslog", "syslog", .live),
    ("version-20261399.txt", "version-20261399.txt", .live),   // month 13: not a date
])
func rotationNames(name: String, stem: String, position: RotationName.Position) {
    #expect(RotationName(name) == RotationName(stem: stem, position: position))
}

@Test func rotationSetsAreReadOldestFirst() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let now = Date()
    // Modification times that disagree with the names: the names win.
    try dir.write("app.log", "live\n", modified: now.addingTimeInterval(-100))
    try dir.write("app.log.1", "one\n", modified: now)
    try dir.write("app.log.2.gz", try gzip("two\n"), modified: now)
    try dir.write("app.log.10.gz", try gzip("ten\n"), modified: now)
    try dir.write("other.log", "x\n")
    try dir.write("web-2026-11-28.log.gz", try gzip("w28\n"))
    try dir.write("web-2026-11-29.log", "w29\n")
    try dir.write("web.log", "wlive\n")
    let plan = InputDiscovery().plan([dir.path], now: 0)
    #expect(plan.problems.isEmpty)
    #expect(plan.sources.map { ($0.displayPath as NSString).lastPathComponent } ==
            ["app.log.10.gz", "app.log.2.gz", "app.log.1", "app.log", "other.log", "web-2026-11-28.log.gz", "web-2026-11-29.log", "web.log"])
    #expect(plan.sources[0].rotationSet == dir.path + "/app.log")
    #expect(plan.sources[4].rotationSet == nil)
}

@Test func unorderedRotationsFallBackToModificationTime() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    let now = Date()
    try dir.write("a.log.gz", try gzip("new\n"), modified: now.addingTimeInterval(-10))
    try dir.write("a.log.bz2", [0x42, 0x5A, 0x68, 0x39], modified: now.addingTimeInterval(-1000))
    let names = InputDiscovery().plan([dir.path], now: 0).sources.map { ($0.displayPath as NSString).lastPathComponent }
    #expect(names == ["a.log.bz2", "a.log.gz"])
}

@Test func includeAndExcludeGlobs() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    try dir.write("keep.log", "a\n")
    try dir.write("skip.txt", "a\n")
    try dir.write("sub/keep2.log", "a\n")
    try dir.write("sub/deep/x.log", "a\n")
    try dir.write("cache/y.log", "a\n")
    let filter = PathFilter(include: ["*.log"], exclude: ["cache", "sub/deep"])
    let names = InputDiscovery(filter: filter).plan([dir.path], now: 0).sources.map {
        String($0.displayPath.dropFirst(dir.path.count + 1))
    }
    #expect(names == ["keep.log", "sub/keep2.log"])
    // A file named on the command line is read whatever the filters say.
    let explicit = InputDiscovery(filter: filter).plan([dir.file("skip.txt")], now: 0)
    #expect(explicit.sources.count == 1)
}

@Test func symlinkLoopsAndSpecialFilesAreReportedNotFollowed() throws {
    let dir = try TemporaryDirectory(); defer { dir.cleanup() }
    try dir.write("a/real.log", "x\n")
    try FileManager.default.createSymbolicLink(atPath: dir.file("a/up"), withDestinationPath: "..")
    try FileManager.default.createSymbolicLink(atPath: dir.file("a/self"), withDestinationPath: "self")
    try FileManager.default.createSymbolicLink(atPath: dir.file("alias.log"), withDestinationPath: "a/real.log")
    #expect(mkfifo(dir.file("a/pipe"), 0o644) == 0)
    let plan = InputDiscovery().plan([dir.path], now: 0)
    #expect(plan.sources.map(\.displayPath) == [dir.file("alias.log")])   // real.log is the same file: read once
    let messages = plan.problems.map(\.description)
    #expect(messages.contains { $0.hasPrefix(dir.file("a/pipe") + ": FIFO, not a regular file") })
    #expect(messages.contains { $0.hasPrefix(dir.file("a/self") + ": symbolic-link loop") })
    #expect(messages.contains { $0.hasPrefix(dir.file("a/up") + ": symbolic-link loop") })
    #expect(messages.contains { $0.hasPrefix(dir.file("a/real.log") + ": same file as") })
    #expect(plan.problems.allSatisfy { $0.severity == .notice })
}

@Test func missingInputsAreErrors() {
    let plan = InputDiscovery().plan(["/nonexistent/lookout"], now: 0)
    #expect(plan.sources.isEmpty)
    #expect(plan.problems.map(\.severity) == [.error])
    #expect(plan.problems[0].description == "/nonexistent/lookout: cannot read: No such file or directory. Check the path.")
}

@Test func stdinIsASource() {
    let plan = InputDiscovery().plan(["-"], now: 42)
    #expect(plan.sources == [.stdin(now: 42)])
}
