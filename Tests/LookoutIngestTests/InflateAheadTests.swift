import Testing
import Foundation
@testable import LookoutIngest

/// The inflate thread hands over exactly the bytes `GzipReader` gives, in order, then the
/// end or the fault; a reader that stops early does not leave the thread hanging.
struct InflateAheadTests {
    func reader(_ path: String, _ backend: InflateBackend) throws -> InflateAhead {
        guard case .success(let fd) = FileDescriptor.openForReading(path) else { throw CocoaError(.fileReadUnknown) }
        return InflateAhead(GzipReader(file: fd, prefix: UnsafeRawBufferPointer(start: nil, count: 0), backend: backend))
    }

    func readAll(_ ahead: InflateAhead, chunk: Int) -> ([UInt8], GzipReader.Fault?) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let r = buffer.withUnsafeMutableBytes { ahead.read(into: $0) }
            switch r {
            case .success(0): return (out, nil)
            case .success(let n): out += buffer[0..<n]
            case .failure(let f): return (out, f)
            }
        }
    }

    @Test(arguments: inflateBackends, [1, 4096, 1 << 20])
    func bytesArriveWholeAndInOrder(backend: InflateBackend, chunk: Int) throws {
        let dir = try TemporaryDirectory(); defer { dir.cleanup() }
        let text = (1...60_000).map { "line \($0) of several slots' worth" }.joined(separator: "\n") + "\n"
        let p = try dir.write("big.gz", try gzip(String(text.prefix(700_000))) + gzip(String(text.dropFirst(700_000))))
        let (bytes, fault) = readAll(try reader(p, backend), chunk: chunk == 1 ? 977 : chunk)
        #expect(fault == nil)
        #expect(bytes == Array(text.utf8))
    }

    @Test(arguments: inflateBackends)
    func aFaultComesAfterEveryByteBeforeIt(backend: InflateBackend) throws {
        let dir = try TemporaryDirectory(); defer { dir.cleanup() }
        let text = (1...60_000).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let whole = try gzip(text)
        let p = try dir.write("cut.gz", Array(whole.prefix(whole.count / 2)))
        let (bytes, fault) = readAll(try reader(p, backend), chunk: 65536)
        guard case .truncated = fault else { Issue.record("expected truncated, got \(String(describing: fault))"); return }
        #expect(bytes.count > 0 && Array(text.utf8).starts(with: bytes))
    }

    @Test(arguments: inflateBackends)
    func stoppingEarlyEndsTheThread(backend: InflateBackend) throws {
        let dir = try TemporaryDirectory(); defer { dir.cleanup() }
        let p = try dir.write("big.gz", try gzip(String(repeating: "a line that repeats\n", count: 200_000)))
        for _ in 0..<20 {
            let ahead = try reader(p, backend)
            var buffer = [UInt8](repeating: 0, count: 100)
            _ = buffer.withUnsafeMutableBytes { ahead.read(into: $0) }
            // dropped here with its slots full: deinit must cancel and join, not hang
        }
    }
}
