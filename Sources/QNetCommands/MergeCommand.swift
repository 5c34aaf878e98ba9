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

    @Option(help: "How many shards the job was split into (the N of --shard i/N).")
    var shards: Int

    @Option(help: "The CSV results path the shards were given with --csv (default: the job's output, or NAME.csv).")
    var csv: String?

    @Option(help: "The JSON Lines path the shards were given with --jsonl.")
    var jsonl: String?

    @Flag(help: "Replace existing merged files.")
    var force = false

    func validate() throws {
        guard shards >= 1 else { throw ValidationError("--shards \(shards) is invalid: expected at least 1") }
    }

    func run() throws {
        let job = try Job.load(self.job)
        // The whole run's files, named as `qnet run` names them.
        let run = try RunCommand.parse([self.job] + (csv.map { ["--csv", $0] } ?? []) + (jsonl.map { ["--jsonl", $0] } ?? []))
        for whole in run.outputFiles(job) {
            if !force, FileManager.default.fileExists(atPath: whole.path) {
                throw JobError(file: whole.path, location: nil, "already exists: run with --force to replace it")
            }
            try Self.merge(whole, shards: shards, total: job.sweep.count)
            print("merged: \(whole.path) (\(job.sweep.count) points from \(shards) shards)")
        }
    }

    /// Writes `whole` from its shard files: header, then every point's line
    /// in order. A finished shard holds its points sorted, so point p is the
    /// next line of shard p mod N: the shards are read in step, and memory
    /// stays one block per shard whatever the sweep's size.
    static func merge(_ whole: ResultFile, shards: Int, total: Int) throws(JobError) {
        var files: [ResultFile] = [], readers: [LineReader] = []
        defer { for r in readers { r.close() } }
        for i in 0..<shards {
            let file = ResultFile(path: Shard(index: i, count: shards).path(for: whole.path), format: whole.format,
                                  columns: whole.columns)
            guard var reader = LineReader(path: file.path) else {
                throw JobError(file: file.path, location: nil, "is missing: run shard \(i)/\(shards) first")
            }
            if let header = whole.header, reader.next()?.line != header[...] {
                throw JobError(file: file.path, location: JobLocation(line: 1, column: 1, keyPath: ""),
                               "holds other columns than this job writes: was it run from another job?")
            }
            files.append(file)
            readers.append(reader)
        }
        var out = try AtomicLineWriter(path: whole.path, header: whole.header)
        do throws(JobError) {
            for p in 0..<total {
                let s = p % shards
                guard let next = readers[s].next(), files[s].index(of: next.line) == p else {
                    throw unfinished(files[s], shard: s, of: shards, total: total)
                }
                out.append(Data(next.line.utf8))
            }
            for s in 0..<shards where readers[s].next() != nil {
                throw unfinished(files[s], shard: s, of: shards, total: total)
            }
            try out.finish()
        } catch {
            out.abandon()
            throw error
        }
    }

    /// The error for a shard that is not a finished, sorted run of its points.
    private static func unfinished(_ file: ResultFile, shard i: Int, of shards: Int, total: Int) -> JobError {
        let held = (try? file.scan().count).map { "holds \($0) of its \(Shard(index: i, count: shards).points(of: total).count) points" }
        return JobError(file: file.path, location: nil,
                        "\(held ?? "cannot be read"), or is not finished: finish it with --shard \(i)/\(shards) --resume")
    }
}
