import Foundation

/// Where a run may write. Paths in a job file are relative to the job file's
/// directory and may not leave it (a job received from someone else cannot
/// write anywhere else); paths given on the command line are the user's own.
/// No two outputs, and no output and input, may be the same file.
enum OutputPaths {
    /// `path` from the job file's key `key`, resolved against `directory`.
    static func fromJob(_ path: String, key: String, job: Job) throws(JobError) -> String {
        func refuse(_ why: String) -> JobError {
            JobError(file: job.file, location: job.outputLocations[key] ?? JobLocation(line: nil, column: nil, keyPath: key),
                     "\(key) = \"\(path)\" \(why); give an outside path on the command line (--csv, --jsonl) instead")
        }
        guard !path.hasPrefix("/") else { throw refuse("is absolute: paths in a job file are relative to the job file's directory") }
        var depth = 0
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
            guard depth >= 0 else { throw refuse("climbs out of the job file's directory") }
        }
        guard depth > 0, !path.hasSuffix("/") else { throw refuse("names a directory, not a file") }
        // Kept relative when the job file's path is, so messages show the path the user would type.
        let directory = (job.file as NSString).deletingLastPathComponent
        return directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
    }

    /// Throws when two of `files` (what, path) are one file: outputs with
    /// each other and with inputs (the job file, the program). Standard
    /// output (`-`) may appear once.
    static func checkDistinct(_ files: [(what: String, path: String)]) throws(JobError) {
        var seen: [String: String] = [:]
        var stdout: String?
        for (what, path) in files {
            if path == "-" {
                if let other = stdout {
                    throw JobError(file: "-", location: nil, "is both \(other) and \(what): standard output can take one of them")
                }
                stdout = what
                continue
            }
            guard let key = LockedFile.canonical(path) else { continue }
            if let other = seen[key] {
                throw JobError(file: path, location: nil, "is both \(other) and \(what): give each its own file")
            }
            seen[key] = what
        }
    }
}
