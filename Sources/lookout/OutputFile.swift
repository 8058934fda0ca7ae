#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a finished report to stdout or to a file (replaced atomically: written beside
/// it, then renamed, so a reader never sees half a digest).
enum OutputFile {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            try writeAll(fd: 1, text, name: "stdout")
            return
        }
        let temporary = path + ".lookout-tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw UsageError(description: "cannot write \(path): \(String(cString: strerror(errno))).")
        }
        do {
            try writeAll(fd: fd, text, name: path)
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw UsageError(description: "cannot write \(path): \(reason).")
        }
    }

    private static func writeAll(fd: Int32, _ text: String, name: String) throws {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { return }
                throw UsageError(description: "cannot write \(name): \(String(cString: strerror(errno))).")
            }
            offset += n
        }
    }
}
