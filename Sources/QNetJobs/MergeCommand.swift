import ArgumentParser
import Foundation

/// `qnet merge JOB --shards N`: joins the files of `qnet run JOB --shard i/N`
/// (i = 0 … N−1) into the files a whole run writes.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the results of `qnet run JOB --shard i/N` for every i into the whole run's files.",
        discussion: """
            Every point must be in exactly one shard's file (a shard still running, or missing, is an \
            error naming it). The merged file has the whole run's header and its rows in point order: \
            the same bytes as a whole run, except the wall_time_s column, which no two runs share.
            """)

    @Argument(help: "The job file the shards ran.")
    var job: String

    @Option(parsing: .unconditional, help: "How many shards the job was split into (the N of --shard i/N).")
    var shards: Int

    @Option(parsing: .unconditional, help: "The CSV results path the shards were given with --csv (default: the job's output, or NAME.csv).")
    var csv: String?

    @Option(parsing: .unconditional, help: "The JSON Lines path the shards were given with --jsonl.")
    var jsonl: String?

    @Flag(help: "Replace existing merged files.")
    var force = false

    func validate() throws {
        guard shards >= 1 else { throw ValidationError("--shards \(shards) is invalid: expected a whole number, at least 1") }
        guard csv != "-" && jsonl != "-" else { throw ValidationError("merge writes files: give a path, not -") }
    }

    func run() throws {
        let job = try Job.load(self.job)
        // The whole run's files, named as `qnet run` names them.
        let run = try RunCommand.parse([self.job] + (csv.map { ["--csv", $0] } ?? []) + (jsonl.map { ["--jsonl", $0] } ?? []))
        let wholes = try run.outputFiles(job)
        var named = [("the job file", self.job)]
        for w in wholes {
            named += [("the merged \(w.format.rawValue) file", w.path), ("its fingerprint", w.fingerprintPath)]
            for i in 0..<shards { named.append(("shard \(i)/\(shards)", Shard(index: i, count: shards).path(for: w.path))) }
        }
        try OutputPaths.checkDistinct(named)
        for whole in wholes {
            if try LockedFile.resolveExisting(whole.path), !force {
                throw JobError(file: whole.path, location: nil, "already exists: run with --force to replace it")
            }
            try Self.merge(whole, job: job, shards: shards)
            print("merged: \(whole.path) (\(job.sweep.count) points from \(shards) shards)")
        }
    }

    /// Writes `whole` from its shard files: header, then every point's line
    /// in order. Each shard must carry this job's fingerprint (as that
    /// shard), and every line is checked in full (``RowCheck``) before it is
    /// copied. A finished shard holds its points sorted, so point p is the
    /// next line of shard p mod N: the shards are read in step, and memory
    /// stays one block per shard whatever the sweep's size.
    static func merge(_ whole: ResultFile, job: Job, shards: Int) throws(JobError) {
        let total = job.sweep.count
        let fingerprint = JobFingerprint(job)
        var checks: [RowCheck] = [], readers: [LineReader] = [], lines: [Int] = []
        defer { for r in readers { r.close() } }
        for i in 0..<shards {
            let part = Shard(index: i, count: shards)
            let file = ResultFile(path: part.path(for: whole.path), format: whole.format, columns: whole.columns)
            guard var reader = try LineReader.open(file.path) else {
                throw JobError(file: file.path, location: nil, "is missing: run shard \(i)/\(shards) first")
            }
            try fingerprint.check(file, shard: part)
            if let header = whole.header, try reader.next()?.line != header[...] {
                throw JobError(file: file.path, location: JobLocation(line: 1, column: 1, keyPath: ""),
                               "holds other columns than this job writes: was it run from another job?")
            }
            checks.append(RowCheck(file: file, job: job, shard: part))
            readers.append(reader)
            lines.append(whole.header == nil ? 0 : 1)
        }
        // The merged file: a file already there is locked like any output;
        // the rows go to a locked temporary file beside it, renamed at the end.
        let locked = try LockedFile.resolveExisting(whole.path) ? LockedFile(whole.path, createDirectories: false) : nil
        defer { locked?.close() }
        var out = try AtomicLineWriter(path: whole.path, header: whole.header)
        do {
            for p in 0..<total {
                let s = p % shards
                guard let next = try readers[s].next() else { throw unfinished(checks[s], total: total) }
                lines[s] += 1
                guard try checks[s].index(of: next.line, number: lines[s]) == p else { throw unfinished(checks[s], total: total) }
                try out.append(Array(next.line.utf8))
            }
            for s in 0..<shards where try readers[s].next() != nil || readers[s].partialTail != nil {
                throw unfinished(checks[s], total: total)
            }
            try fingerprint.write(for: whole, shard: nil)
            try out.finish()
        } catch {
            out.abandon()
            if let e = error as? JobError { throw e }
            throw JobError(file: whole.path, location: nil, (error as? LockedFile.WriteFailure)?.message ?? "\(error)")
        }
    }

    /// The error for a shard that is not a finished, sorted run of its points.
    private static func unfinished(_ check: RowCheck, total: Int) -> JobError {
        let shard = check.shard ?? Shard(index: 0, count: 1)
        let held = (try? check.scan().ranges.count).map { "holds \($0) of its \(shard.points(of: total).count) points" }
        return JobError(file: check.file.path, location: nil,
                        "\(held ?? "cannot be read"), or is not finished: finish it with --shard \(shard.index)/\(shard.count) --resume")
    }
}
