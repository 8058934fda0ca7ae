import Testing
import Foundation
@testable import lookout
import CFileSpace

/// `HeldSpace` gives back the space of what the replay has read, and nothing past it; it
/// reserves space ahead without making the file longer. (Where the file system has no
/// fallocate, only the size and the bytes are checked.)
@Test func heldSpaceGivesBackWhatWasReadAndNothingMore() throws {
    let path = NSTemporaryDirectory() + "lookout-heldspace-\(UUID().uuidString)"
    let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    try #require(fd >= 0)
    defer { close(fd); unlink(path) }
    let bytes = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 % 251 + 1) }   // no zero byte
    #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == 65_536)

    let space = HeldSpace(fd: fd, step: 4096)
    space.willGrow(to: 70_000)   // reserves eight steps past it: the size stays
    var status = stat()
    #expect(fstat(fd, &status) == 0 && status.st_size == 65_536)

    func read(_ range: Range<Int>) -> [UInt8] {
        var out = [UInt8](repeating: 0xFF, count: range.count)
        _ = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress, range.count, off_t(range.lowerBound)) }
        return out
    }
    space.startReleasing()
    space.consumed(upTo: 20_000)
    // The releasing thread punches [0, 20000): wait for its first page to read as zeros.
    var released = false
    for _ in 0..<200 where !released {
        released = read(0..<4096).allSatisfy { $0 == 0 }
        if !released { usleep(10_000) }
    }
    space.stopReleasing()
    #expect(read(20_000..<65_536) == Array(bytes[20_000...]))   // never past what was read
    if released {
        #expect(read(0..<20_000).allSatisfy { $0 == 0 })
        #expect(fstat(fd, &status) == 0 && status.st_size == 65_536)
    } else {
        #expect(read(0..<20_000) == Array(bytes[..<20_000]))   // no fallocate here: untouched
    }
}

/// On a file system in memory (tmpfs), space is not reserved ahead: its pages would be
/// memory taken for nothing. (Skipped where /dev/shm is no tmpfs.)
@Test func heldSpaceReservesNothingOnATmpfs() throws {
    let path = "/dev/shm/lookout-heldspace-\(UUID().uuidString)"
    let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return }
    defer { close(fd); unlink(path) }
    var fs = statvfs()
    guard fstatvfs(fd, &fs) == 0, lookout_is_in_memory(fd) != 0 else { return }
    let bytes = [UInt8](repeating: 0x61, count: 65_536)
    #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == 65_536)
    HeldSpace(fd: fd, step: 1 << 20).willGrow(to: 70_000)   // would reserve 1 MiB past it elsewhere
    var status = stat()
    #expect(fstat(fd, &status) == 0 && status.st_size == 65_536)
    #expect(Int(status.st_blocks) * 512 < 200_000, "\(status.st_blocks) blocks")
}
