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

    /// Writes `whole` from its shard files: header, then every point's line in order.
    static func merge(_ whole: ResultFile, shards: Int, total: Int) throws(JobError) {
        var lines = [String?](repeating: nil, count: total)
        for i in 0..<shards {
            let part = Shard(index: i, count: shards)
            let file = ResultFile(path: part.path(for: whole.path), format: whole.format, columns: whole.columns)
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw JobError(file: file.path, location: nil, "is missing: run shard \(i)/\(shards) first")
            }
            let rows = try file.rows()
            let expected = part.points(of: total)
            guard rows.count == expected.count, expected.allSatisfy({ rows[$0] != nil }) else {
                throw JobError(file: file.path, location: nil,
                               "holds \(rows.count) of its \(expected.count) points: finish it with --shard \(i)/\(shards) --resume")
            }
            for (index, line) in rows { lines[index] = line }
        }
        var text = whole.header.map { $0 + "\n" } ?? ""
        for line in lines { text += line! + "\n" }
        let tmp = whole.path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)), rename(tmp, whole.path) == 0 else {
            throw JobError(file: whole.path, location: nil, "cannot be written")
        }
    }
}
