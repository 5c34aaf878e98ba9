import Foundation
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A results file open for writing: always a regular file (a device, FIFO,
/// directory or socket at its path is refused before anything is written),
/// reached through symbolic links rather than replacing them, and held under
/// an exclusive advisory lock (`flock`) for as long as it is open, so a
/// second writer is refused instead of interleaving rows.
///
/// Writes go through `FileDescriptor` and throw; an append that fails (a full
/// disk) is cut back so the file keeps only whole lines.
final class LockedFile: @unchecked Sendable {
    /// The path as given (for messages) and the file it resolved to.
    let path: String, resolved: String
    let descriptor: FileDescriptor
    /// Bytes in the file: appends write here.
    private(set) var length: Int64
    private var closed = false

    /// A write that failed, with the errno (ENOSPC, EDQUOT, EFBIG, EIO, …).
    struct WriteFailure: Error {
        let path: String
        let errno: Errno
        /// True for "the disk or quota is full" errors, which --resume can fix.
        var isFull: Bool { [.noSpace, .fileTooLarge].contains(errno) || errno.rawValue == EDQUOT }
        var message: String {
            errno == .noSpace ? "no space left on device" : isFull ? "no space left (\(errno))" : "cannot be written: \(errno)"
        }
    }

    /// Opens (creating if missing) and locks the regular file at `path`.
    /// `createDirectories` makes missing parent directories.
    init(_ path: String, createDirectories: Bool) throws(JobError) {
        self.path = path
        resolved = try Self.resolve(path, createDirectories: createDirectories)
        let fd: FileDescriptor
        do {
            // O_NONBLOCK: a FIFO put there after the check cannot block the open.
            fd = try FileDescriptor.open(FilePath(resolved), .readWrite,
                                         options: [.create, .noFollow, .nonBlocking, .closeOnExec],
                                         permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw JobError(file: path, location: nil, "cannot be opened for writing: \(error)")
        }
        descriptor = fd
        do {
            let st = try fd.stat()
            guard st.type == .regular else { throw Self.notRegular(path, st.type) }
            length = st.size
        } catch let e as JobError {
            try? fd.close()
            throw e
        } catch {
            try? fd.close()
            throw JobError(file: path, location: nil, "cannot be examined: \(error)")
        }
        guard flock(fd.rawValue, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.lockHolder(fd)
            try? fd.close()
            throw JobError(file: path, location: nil,
                           "is being written by another run\(holder.map { " (\($0))" } ?? ""): wait for it to end, or write elsewhere")
        }
    }

    /// Replaces the contents with `bytes`.
    func replaceContents(with bytes: [UInt8]) throws(WriteFailure) {
        do { try descriptor.resize(to: 0) } catch { throw WriteFailure(path: path, errno: error as? Errno ?? .ioError) }
        length = 0
        try append(bytes)
    }

    /// Appends `bytes` at the end; on failure cuts the file back to its
    /// length before the call, so no partial line is left.
    func append(_ bytes: [UInt8]) throws(WriteFailure) {
        let before = length
        do {
            _ = try descriptor.writeAll(toAbsoluteOffset: before, bytes)
        } catch {
            try? descriptor.resize(to: before)
            throw WriteFailure(path: path, errno: error as? Errno ?? .ioError)
        }
        length = before + Int64(bytes.count)
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int64) throws(WriteFailure) {
        do { try descriptor.resize(to: size) } catch { throw WriteFailure(path: path, errno: error as? Errno ?? .ioError) }
        length = size
    }

    /// Flushes to the disk (before a rename makes the file the result).
    func synchronize() throws(WriteFailure) {
        guard fsync(descriptor.rawValue) == 0 else { throw WriteFailure(path: path, errno: Errno(rawValue: errno)) }
    }

    /// Releases the lock and the descriptor.
    func close() {
        guard !closed else { return }
        closed = true
        try? descriptor.close()
    }

    deinit { close() }

    // MARK: Paths

    /// The absolute path results for `path` are written to: a symbolic link
    /// is followed to its target; an existing file must be a regular file; a
    /// new file's directory must exist (or is created).
    static func resolve(_ path: String, createDirectories: Bool) throws(JobError) -> String {
        guard !path.isEmpty else { throw JobError(file: "\"\"", location: nil, "is not a file path: expected a file name") }
        guard !path.contains("\0") else { throw JobError(file: path, location: nil, "contains a NUL byte: expected a file path") }
        if try resolveExisting(path) {
            guard let real = realPath(path) else {
                throw JobError(file: path, location: nil, "cannot be resolved: \(Errno(rawValue: errno))")
            }
            return real
        }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        if createDirectories {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw JobError(file: path, location: nil, "cannot be created: its directory \(dir) cannot be made")
            }
        }
        guard (try? FilePath(dir).stat())?.type == .directory, let base = realPath(dir) else {
            throw JobError(file: path, location: nil, "cannot be created: \(dir) is not a directory")
        }
        return join(base, url.lastPathComponent)
    }

    /// Whether a regular file (or a link to one) is at `path`; throws when
    /// something else is (a device, FIFO, directory, socket, dangling link).
    static func resolveExisting(_ path: String) throws(JobError) -> Bool {
        if let st = try? FilePath(path).stat() {
            guard st.type == .regular else { throw notRegular(path, st.type) }
            return true
        }
        if let link = try? FilePath(path).stat(followTargetSymlink: false), link.type == .symbolicLink {
            throw JobError(file: path, location: nil, "is a symbolic link to a file that does not exist: remove it or point it at a regular file")
        }
        return false
    }

    /// Where `path` would be written, for comparing outputs with each other
    /// and with inputs (symbolic links followed; when its directory does not
    /// exist yet, it cannot be any existing file).
    static func canonical(_ path: String) -> String? {
        if let real = realPath(path) { return real }
        let url = URL(fileURLWithPath: path)
        guard let base = realPath(url.deletingLastPathComponent().path) else { return url.standardizedFileURL.path }
        return join(base, url.lastPathComponent)
    }

    private static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    private static func join(_ directory: String, _ name: String) -> String {
        (directory == "/" ? "" : directory) + "/" + name
    }

    static func notRegular(_ path: String, _ type: SystemPackage.FileType) -> JobError {
        JobError(file: path, location: nil, "is \(describe(type)), not a regular file: results are written only to regular files")
    }

    static func describe(_ type: SystemPackage.FileType) -> String {
        switch type {
        case .directory: return "a directory"
        case .characterSpecial: return "a character device"
        case .blockSpecial: return "a block device"
        case .fifo: return "a FIFO (named pipe)"
        case .socket: return "a socket"
        case .symbolicLink: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    /// The process holding the flock on `fd`'s file, from /proc/locks (Linux).
    private static func lockHolder(_ fd: FileDescriptor) -> String? {
        guard let st = try? fd.stat(), let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        // Lines read "1: FLOCK ADVISORY WRITE PID MAJOR:MINOR:INODE 0 EOF"; the
        // kernel's device numbering differs from stat's, so match the inode.
        let inode = ":\(st.inode.rawValue)"
        for line in locks.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 6, f[1] == "FLOCK", f[5].hasSuffix(inode), let pid = Int32(f[4]), pid != getpid() else { continue }
            let command = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return "process \(pid)" + (command.map { ", \($0)" } ?? "")
        }
        return nil
    }
}
