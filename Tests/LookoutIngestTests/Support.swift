import Foundation
import LookoutCore
@testable import LookoutIngest

/// A fresh directory under the system's temporary directory, removed by `cleanup()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "lookout-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8], modified: Date? = nil) throws -> String {
        let p = file(name)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        if let modified { try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: p) }
        return p
    }

    @discardableResult
    func write(_ name: String, _ text: String, modified: Date? = nil) throws -> String {
        try write(name, Array(text.utf8), modified: modified)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// gzip-compresses `bytes` with the system's gzip (no name, no time: reproducible).
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -n -c"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread { input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close() }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}

func gzip(_ text: String) throws -> [UInt8] { try gzip(Array(text.utf8)) }

/// Collects lines as strings.
struct LineCollector: LineSink {
    var lines: [String] = []
    var numbers: [Int] = []
    var truncated: [Bool] = []
    mutating func consume(line: UnsafeRawBufferPointer, number: Int, truncated t: Bool) {
        lines.append(String(decoding: line, as: UTF8.self))
        numbers.append(number)
        truncated.append(t)
    }
}

/// Reads one file through `SourceReader` and returns its lines and report.
func readFile(_ path: String, options: IngestOptions = IngestOptions()) -> (LineCollector, SourceReport) {
    var sink = LineCollector()
    let source = PlannedSource(displayPath: path, openPath: path, kind: .file, rotationSet: nil, modificationTime: 0)
    let report = SourceReader(options: options).read(source, into: &sink)
    return (sink, report)
}

/// The gzip decoders this machine has: zlib, and ISA-L where libisal.so.2 loads (CI
/// installs it; `ciHasIsal` checks that it is there).
let inflateBackends = InflateBackend.allCases.filter(\.isAvailable)

/// Ingest options that decode gzip with `backend`.
func ingestOptions(_ backend: InflateBackend) -> IngestOptions {
    var o = IngestOptions()
    o.inflate = backend
    return o
}
