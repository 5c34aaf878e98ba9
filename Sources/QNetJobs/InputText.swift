import Foundation
import SystemPackage

/// Input files (job files, OpenQASM programs) read as UTF-8 text with
/// errors that say what is wrong in plain words: missing, a directory, too
/// large, or not UTF-8 (with the byte offset of the first bad byte).
enum InputText {
    static func read(_ path: String, what: String, limit: Int) throws(JobError) -> String {
        func refuse(_ why: String) -> JobError { JobError(file: path, location: nil, "cannot read the \(what): \(why)") }
        let (fd, size): (FileDescriptor, Int64)
        do { (fd, size) = try ReadableFile.open(path) } catch { throw refuse(error.description) }
        defer { try? fd.close() }
        guard size <= Int64(limit) else {
            throw refuse("it is \(size) bytes, more than the \(limit) bytes \(what)s may have")
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        do {
            var done = 0
            while done < bytes.count {
                let n = try bytes.withUnsafeMutableBytes { b throws in
                    try fd.read(fromAbsoluteOffset: Int64(done), into: UnsafeMutableRawBufferPointer(rebasing: b[done...]))
                }
                if n == 0 { break }
                done += n
            }
            bytes.removeLast(bytes.count - done)
        } catch {
            throw refuse("\(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw refuse("it is not UTF-8 text (first invalid byte at offset \(firstInvalidUTF8(bytes))): expected UTF-8")
        }
        return text
    }

    /// The offset of the first byte that breaks UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}
