#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LookoutCore

/// One source to read, as discovery planned it.
public struct PlannedSource: Sendable, Equatable {
    /// The path as shown to the user (`-` for stdin).
    public var displayPath: String
    /// The path handed to `open(2)`.
    public var openPath: String
    public var kind: SourceReport.Kind
    /// The live file's path of the rotation set this file belongs to, when the set has several files.
    public var rotationSet: String?
    /// Modification time, seconds since the epoch (0 for stdin): orders rotated files that
    /// have nothing else to order them by, and dates syslog lines that carry no year.
    public var modificationTime: Int64

    public static func stdin(now: Int64) -> PlannedSource {
        PlannedSource(displayPath: "-", openPath: "", kind: .stdin, rotationSet: nil, modificationTime: now)
    }
}

/// Include and exclude globs for the directory walk (fnmatch(3) patterns).
///
/// A pattern without `/` matches a file's or directory's name; one with `/` matches its
/// path relative to the directory given on the command line. `--exclude` applies to files
/// and directories and wins over `--include`; `--include` (when any is given) applies to
/// files only. Paths named on the command line are always read, as ripgrep does.
public struct PathFilter: Sendable {
    public var include: [String]
    public var exclude: [String]

    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    static func matches(_ pattern: String, name: String, relativePath: String) -> Bool {
        if pattern.contains("/") { return fnmatch(pattern, relativePath, FNM_PATHNAME) == 0 }
        return fnmatch(pattern, name, 0) == 0
    }

    func excludes(name: String, relativePath: String) -> Bool {
        exclude.contains { PathFilter.matches($0, name: name, relativePath: relativePath) }
    }

    func includesFile(name: String, relativePath: String) -> Bool {
        if excludes(name: name, relativePath: relativePath) { return false }
        return include.isEmpty || include.contains { PathFilter.matches($0, name: name, relativePath: relativePath) }
    }
}

/// What the command line's inputs expand to: the sources in reading order, and what
/// could not be planned (missing paths, loops, special files in a directory).
public struct InputPlan: Sendable {
    public var sources: [PlannedSource] = []
    public var problems: [InputProblem] = []
}

/// Expands inputs into sources: directories are walked recursively (symbolic links
/// followed, loops detected), rotation sets are grouped and ordered oldest first,
/// and each file is read once however many paths lead to it.
///
/// Order: the inputs in the order given; inside a directory, its files (grouped into
/// rotation sets, sets ordered by live-file name) before its subdirectories, each by name.
/// FIFOs, sockets and devices met in a walk are left alone with a notice (opening a FIFO
/// would wait for a writer); named on the command line, they are read.
public struct InputDiscovery {
    public var filter: PathFilter
    /// Walks deeper than this are reported and not followed.
    public var maxDepth = 64

    public init(filter: PathFilter = PathFilter()) { self.filter = filter }

    private struct FileID: Hashable { var device: UInt64; var inode: UInt64 }

    private struct Candidate {
        var name: String
        var path: String
        var rotation: RotationName
        var modificationTime: Int64
    }

    public func plan(_ inputs: [String], now: Int64) -> InputPlan {
        var plan = InputPlan()
        var seenFiles: [FileID: String] = [:]
        var seenDirectories: [FileID: String] = [:]
        for input in inputs {
            if input == "-" {
                plan.sources.append(.stdin(now: now))
                continue
            }
            var st = stat()
            guard stat(input, &st) == 0 else {
                let e = SystemError(errno: errno)
                let hint = e.errno == ENOENT ? " Check the path." : e.errno == ELOOP ? " It is a symbolic-link loop." : ""
                plan.problems.append(InputProblem(.error, source: input, "cannot read: \(e).\(hint)"))
                continue
            }
            let id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            switch FileType(mode: st.st_mode) {
            case .directory:
                var ancestors: [FileID] = []
                walk(directory: input, relative: "", id: id, depth: 0, ancestors: &ancestors,
                     seenFiles: &seenFiles, seenDirectories: &seenDirectories, plan: &plan)
            case .regular:
                if let first = seenFiles[id] {
                    plan.problems.append(InputProblem(.notice, source: input, "same file as \(first); read once."))
                    continue
                }
                seenFiles[id] = input
                plan.sources.append(PlannedSource(displayPath: input, openPath: input, kind: .file, rotationSet: nil,
                                                  modificationTime: Int64(st.st_mtim.tv_sec)))
            case .fifo, .socket:
                plan.sources.append(PlannedSource(displayPath: input, openPath: input, kind: .fifo, rotationSet: nil, modificationTime: now))
            default:
                plan.sources.append(PlannedSource(displayPath: input, openPath: input, kind: .device, rotationSet: nil, modificationTime: now))
            }
        }
        return plan
    }

    private func join(_ a: String, _ b: String) -> String {
        a.isEmpty ? b : (a.hasSuffix("/") ? a + b : a + "/" + b)
    }

    private func walk(directory: String, relative: String, id: FileID, depth: Int, ancestors: inout [FileID],
                      seenFiles: inout [FileID: String], seenDirectories: inout [FileID: String], plan: inout InputPlan) {
        if ancestors.contains(id) {
            plan.problems.append(InputProblem(.notice, source: directory, "symbolic-link loop: this directory contains itself; not followed again."))
            return
        }
        if let first = seenDirectories[id] {
            plan.problems.append(InputProblem(.notice, source: directory, "same directory as \(first); read once."))
            return
        }
        if depth > maxDepth {
            plan.problems.append(InputProblem(.notice, source: directory, "deeper than \(maxDepth) directories; not walked."))
            return
        }
        seenDirectories[id] = directory
        guard let dir = opendir(directory) else {
            let e = SystemError(errno: errno)
            plan.problems.append(InputProblem(.error, source: directory, "cannot list directory: \(e)."))
            return
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        var files: [Candidate] = []
        var subdirectories: [(path: String, relative: String, id: FileID)] = []
        for name in names {
            let path = join(directory, name)
            let rel = join(relative, name)
            var st = stat()
            guard stat(path, &st) == 0 else {
                let e = SystemError(errno: errno)
                if e.errno == ELOOP {
                    plan.problems.append(InputProblem(.notice, source: path, "symbolic-link loop; not followed."))
                } else if e.errno == ENOENT {
                    plan.problems.append(InputProblem(.notice, source: path, "broken symbolic link; skipped."))
                } else {
                    plan.problems.append(InputProblem(.error, source: path, "cannot read: \(e)."))
                }
                continue
            }
            let type = FileType(mode: st.st_mode)
            let fileID = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            switch type {
            case .directory:
                if !filter.excludes(name: name, relativePath: rel) { subdirectories.append((path, rel, fileID)) }
            case .regular:
                guard filter.includesFile(name: name, relativePath: rel) else { continue }
                if let first = seenFiles[fileID] {
                    plan.problems.append(InputProblem(.notice, source: path, "same file as \(first); read once."))
                    continue
                }
                seenFiles[fileID] = path
                files.append(Candidate(name: name, path: path, rotation: RotationName(name), modificationTime: Int64(st.st_mtim.tv_sec)))
            default:
                guard filter.includesFile(name: name, relativePath: rel) else { continue }
                plan.problems.append(InputProblem(.notice, source: path, "\(type.name), not a regular file; skipped in a directory walk. Name it on the command line to read it."))
            }
        }

        // Rotation sets: group by live-file name, read oldest first.
        var groups: [String: [Candidate]] = [:]
        for file in files { groups[file.rotation.stem, default: []].append(file) }
        for stem in groups.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let members = groups[stem]!.sorted(by: InputDiscovery.olderFirst)
            let setName = members.count > 1 ? join(directory, stem) : nil
            for m in members {
                plan.sources.append(PlannedSource(displayPath: m.path, openPath: m.path, kind: .file, rotationSet: setName,
                                                  modificationTime: m.modificationTime))
            }
        }

        ancestors.append(id)
        for sub in subdirectories {
            walk(directory: sub.path, relative: sub.relative, id: sub.id, depth: depth + 1, ancestors: &ancestors,
                 seenFiles: &seenFiles, seenDirectories: &seenDirectories, plan: &plan)
        }
        ancestors.removeLast()
    }

    /// Rotation order: the live file last; a higher number is older; an earlier date is
    /// older; otherwise the earlier modification time, then the name.
    private static func olderFirst(_ a: Candidate, _ b: Candidate) -> Bool {
        let aLive = a.rotation.position == .live, bLive = b.rotation.position == .live
        if aLive != bLive { return bLive }
        switch (a.rotation.position, b.rotation.position) {
        case (.numbered(let x), .numbered(let y)) where x != y: return x > y
        case (.dated(let x), .dated(let y)) where x != y: return x < y
        default:
            if a.modificationTime != b.modificationTime { return a.modificationTime < b.modificationTime }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
    }
}
