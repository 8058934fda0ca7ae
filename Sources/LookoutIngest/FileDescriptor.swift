#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An owned, open file descriptor: closed exactly once, when the owner is done with it.
///
/// Reads retry on `EINTR`, unless a stop was requested (SIGINT, SIGTERM: `StopRequest`),
/// when they end the input. Errors carry the `errno` and its `strerror` text.
final class FileDescriptor {
    let raw: Int32

    init(raw: Int32) { self.raw = raw }

    deinit { if raw > 2 { _ = close(raw) } }

    /// Opens `path` for reading without blocking on a FIFO that has no writer yet,
    /// then returns the descriptor to blocking mode for the reads.
    /// The corresponding C functions are `open(2)` and `fcntl(2)`.
    static func openForReading(_ path: String) -> Result<FileDescriptor, SystemError> {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { return .failure(SystemError(errno: errno)) }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return .success(FileDescriptor(raw: fd))
    }

    /// Reads up to `buffer.count` bytes; 0 means end of input. The C function is `read(2)`.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, SystemError> {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(0) }
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(raw, base, buffer.count)
            #elseif canImport(Musl)
            let n = Musl.read(raw, base, buffer.count)
            #else
            let n = Darwin.read(raw, base, buffer.count)
            #endif
            if n >= 0 { return .success(n) }
            if errno == EINTR {
                if StopRequest.isRequested { return .success(0) }   // stop reading: as at end of input
                continue
            }
            if errno == EAGAIN { // still non-blocking (fcntl failed): wait for input
                var pfd = pollfd(fd: raw, events: Int16(POLLIN), revents: 0)
                _ = poll(&pfd, 1, -1)
                continue
            }
            return .failure(SystemError(errno: errno))
        }
    }

    /// File status via `fstat(2)`.
    func status() -> stat? {
        var st = stat()
        return fstat(raw, &st) == 0 ? st : nil
    }
}

/// An `errno` value with its description.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    public var errno: Int32
    public init(errno: Int32) { self.errno = errno }
    public var description: String { String(cString: strerror(errno)) }
    public var isPermissionDenied: Bool { errno == EACCES || errno == EPERM }
}

/// The kind of file behind a `stat` mode.
enum FileType {
    case regular, directory, fifo, characterDevice, blockDevice, socket, symlink, other

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        case S_IFLNK: self = .symlink
        default: self = .other
        }
    }

    var name: String {
        switch self {
        case .regular: "regular file"
        case .directory: "directory"
        case .fifo: "FIFO"
        case .characterDevice: "character device"
        case .blockDevice: "block device"
        case .socket: "socket"
        case .symlink: "symbolic link"
        case .other: "special file"
        }
    }
}
