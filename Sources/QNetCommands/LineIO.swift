import Foundation

/// Reads a file's complete lines in 1 MiB blocks: memory holds one block,
/// whatever the file's size. A last line without its newline (a write cut
/// by a crash) is not returned.
struct LineReader {
    private let handle: FileHandle
    private var pending = Data()
    /// Where the next line starts in `pending`.
    private var cursor = 0
    /// File offset of pending's first byte.
    private var offset = 0

    init?(path: String) {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        handle = h
    }

    /// The next line and its byte range in the file, or nil at the end.
    mutating func next() -> (line: Substring, range: Range<Int>)? {
        while true {
            if let end = pending[cursor...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[cursor..<end], as: UTF8.self)[...]
                let range = (offset + cursor)..<(offset + end)
                cursor = end + 1
                return (line, range)
            }
            let block = handle.readData(ofLength: 1 << 20)
            if block.isEmpty { return nil }
            // Keep only the unfinished line, then add the block.
            offset += cursor
            pending = Data(pending[cursor...])
            cursor = 0
            pending.append(block)
        }
    }

    func close() { handle.closeFile() }
}

/// Writes a file through a temporary one and a rename, so it is never seen
/// half written; lines are gathered into 1 MiB writes.
struct AtomicLineWriter {
    let path: String
    private let temporary: String
    private let handle: FileHandle
    private var chunk = Data()

    init(path: String, header: String?) throws(JobError) {
        self.path = path
        temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: header.map { Data(($0 + "\n").utf8) } ?? Data()),
              let h = FileHandle(forWritingAtPath: temporary) else {
            throw JobError(file: path, location: nil, "cannot be written (nor \(temporary) next to it)")
        }
        handle = h
        handle.seekToEndOfFile()
    }

    mutating func append(_ line: some DataProtocol) {
        chunk.append(contentsOf: line)
        chunk.append(UInt8(ascii: "\n"))
        if chunk.count >= 1 << 20 {
            handle.write(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
    }

    /// Writes the rest and puts the file in place.
    mutating func finish() throws(JobError) {
        handle.write(chunk)
        handle.closeFile()
        guard rename(temporary, path) == 0 else {
            throw JobError(file: path, location: nil, "cannot be put in place: \(String(cString: strerror(errno)))")
        }
    }

    /// Drops the temporary file (after an error).
    func abandon() {
        handle.closeFile()
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
