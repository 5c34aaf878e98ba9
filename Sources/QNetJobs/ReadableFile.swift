import SystemPackage

/// Opens a file for reading only when it is a regular file: a FIFO cannot
/// block the open (`O_NONBLOCK`), and a directory or device is named, not
/// read. Callers word the problem for their kind of file.
enum ReadableFile {
    enum Problem: Error {
        case missing
        case notRegular(SystemPackage.FileType)
        case failed(Errno)

        /// "no such file", "it is a directory, not a regular file", or the errno.
        var description: String {
            switch self {
            case .missing: return "no such file"
            case let .notRegular(type): return "it is \(LockedFile.describe(type)), not a regular file"
            case let .failed(e): return "\(e)"
            }
        }
    }

    /// The open descriptor and the file's size.
    static func open(_ path: String) throws(Problem) -> (descriptor: FileDescriptor, size: Int64) {
        let fd: FileDescriptor
        do { fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.nonBlocking, .closeOnExec]) } catch {
            let e = error as? Errno ?? .ioError
            throw e == .noSuchFileOrDirectory ? .missing : .failed(e)
        }
        do {
            let st = try fd.stat()
            guard st.type == .regular else {
                try? fd.close()
                throw Problem.notRegular(st.type)
            }
            return (fd, st.size)
        } catch let p as Problem {
            throw p
        } catch {
            try? fd.close()
            throw .failed(error as? Errno ?? .ioError)
        }
    }
}
