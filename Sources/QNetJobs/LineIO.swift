import Foundation
import SystemPackage

/// Reads a file's complete lines in 1 MiB blocks: memory holds one block,
/// whatever the file's size. A last line without its newline (a write cut
/// by a crash) is not returned; `partialTail` says where it is.
struct LineReader {
    let path: String
    private let descriptor: FileDescriptor
    private var pending: [UInt8] = []
    /// Where the next line starts in `pending`.
    private var cursor = 0
    /// File offset of pending's first byte.
    private var offset = 0
    private var atEnd = false
    /// After the last line: the bytes of an unfinished last line, if any.
    private(set) var partialTail: Range<Int>?

    /// Opens a regular file for reading; nil when nothing is at `path`.
    static func open(_ path: String) throws(JobError) -> LineReader? {
        do { return LineReader(path: path, descriptor: try ReadableFile.open(path).descriptor) } catch {
            if case .missing = error { return nil }
            throw JobError(file: path, location: nil, "cannot be read as a file of results: \(error.description)")
        }
    }

    private init(path: String, descriptor: FileDescriptor) {
        self.path = path
        self.descriptor = descriptor
    }

    /// The next line (as bytes, without its newline) and its byte range in
    /// the file, or nil at the end.
    mutating func nextBytes() throws(JobError) -> (line: ArraySlice<UInt8>, range: Range<Int>)? {
        while true {
            if let end = pending[cursor...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[cursor..<end]
                let range = (offset + cursor)..<(offset + end)
                cursor = end + 1
                return (line, range)
            }
            if atEnd {
                if cursor < pending.count { partialTail = (offset + cursor)..<(offset + pending.count) }
                return nil
            }
            // Keep only the unfinished line, then add a block.
            offset += cursor
            pending.removeFirst(cursor)
            cursor = 0
            let start = pending.count
            pending.append(contentsOf: repeatElement(0, count: 1 << 20))
            let n: Int
            do {
                n = try pending.withUnsafeMutableBytes { buffer throws in
                    try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[start...]))
                }
            } catch {
                throw JobError(file: path, location: nil, "cannot be read: \(error)")
            }
            pending.removeLast((1 << 20) - n)
            if n == 0 { atEnd = true }
        }
    }

    /// The next line as text (UTF-8; invalid bytes become U+FFFD).
    mutating func next() throws(JobError) -> (line: Substring, range: Range<Int>)? {
        guard let (bytes, range) = try nextBytes() else { return nil }
        return (String(decoding: bytes, as: UTF8.self)[...], range)
    }

    /// Reads `range` of the file (for copying a row).
    func bytes(_ range: Range<Int>) throws(JobError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: range.count)
        do {
            let n = try out.withUnsafeMutableBytes { buffer throws in
                try descriptor.read(fromAbsoluteOffset: Int64(range.lowerBound), into: buffer)
            }
            guard n == range.count else { throw JobError(file: path, location: nil, "changed while being read") }
        } catch let e as JobError {
            throw e
        } catch {
            throw JobError(file: path, location: nil, "cannot be read: \(error)")
        }
        return out
    }

    func close() { try? descriptor.close() }
}

/// Writes a file through a temporary one beside it and a rename, so it is
/// never seen half written; lines are gathered into 1 MiB writes. The
/// temporary file is locked like any output, and removed on any failure.
struct AtomicLineWriter {
    let path: String
    private let target: String
    private let temporary: LockedFile
    private var chunk: [UInt8] = []

    /// `path` must be a regular file or not exist (symbolic links are
    /// followed: the file they point at is replaced).
    init(path: String, header: String?) throws(JobError) {
        self.path = path
        target = try LockedFile.resolve(path, createDirectories: false)
        let url = URL(fileURLWithPath: target)
        let temp = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".tmp").path
        temporary = try LockedFile(temp, createDirectories: false)
        do throws(LockedFile.WriteFailure) {
            try temporary.truncate(to: 0)
            if let header { chunk.append(contentsOf: Array((header + "\n").utf8)) }
        } catch {
            abandon()
            throw JobError(file: path, location: nil, "cannot be written: \(error.message)")
        }
    }

    /// Adds a line (without its newline).
    mutating func append(_ line: some Collection<UInt8>) throws(LockedFile.WriteFailure) {
        chunk.append(contentsOf: line)
        chunk.append(UInt8(ascii: "\n"))
        if chunk.count >= 1 << 20 { try flush() }
    }

    private mutating func flush() throws(LockedFile.WriteFailure) {
        try temporary.append(chunk)
        chunk.removeAll(keepingCapacity: true)
    }

    /// Writes the rest and puts the file in place (only over a regular file).
    mutating func finish() throws(LockedFile.WriteFailure) {
        try flush()
        try temporary.synchronize()
        if let st = try? FilePath(target).stat(followTargetSymlink: false), st.type != .regular {
            throw LockedFile.WriteFailure(path: path, errno: .isDirectory)
        }
        guard rename(temporary.resolved, target) == 0 else {
            throw LockedFile.WriteFailure(path: path, errno: Errno(rawValue: errno))
        }
        temporary.close()
    }

    /// Writes `text` as the whole of `path` (a regular file or nothing
    /// there), through a temporary file and a rename.
    static func write(_ text: String, to path: String) throws(JobError) {
        var out = try AtomicLineWriter(path: path, header: nil)
        do throws(LockedFile.WriteFailure) {
            try out.append(Array(text.utf8.dropLast(text.hasSuffix("\n") ? 1 : 0)))
            try out.finish()
        } catch {
            out.abandon()
            throw JobError(file: path, location: nil, error.message)
        }
    }

    /// Drops the temporary file (after an error).
    func abandon() {
        unlink(temporary.resolved)
        temporary.close()
    }
}
