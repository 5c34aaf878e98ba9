import ArgumentParser
import Foundation
@testable import QNetJobs
import QuantumSim
import QuantumSimMPI
import Testing

/// Sharded runs: `qnet run JOB --shard i/N` computes the points i mod N, and
/// `qnet merge JOB --shards N` joins the shards into the whole run's files,
/// the same but for wall times, whatever N; a shard resumes on its own.
@Suite struct ShardTests {
    @Test func shardsParseAndNameTheirFiles() throws {
        let s = try Shard(parsing: "1/3")
        #expect(s.points(of: 8) == [1, 4, 7])
        #expect(s.path(for: "results/out.csv") == "results/out.shard-1-of-3.csv")
        #expect(s.path(for: "/tmp/run.v2/out.jsonl") == "/tmp/run.v2/out.shard-1-of-3.jsonl")
        #expect(s.path(for: "noext") == "noext.shard-1-of-3")
        for bad in ["3/3", "-1/2", "1", "a/b", "0/0"] {
            #expect(throws: ValidationError.self) { _ = try Shard(parsing: bad) }
        }
    }

    @Test func mergedShardsAreTheWholeRun() throws {
        let dir = try scratchDirectory("shards")
        let jobPath = dir.appendingPathComponent("job.yaml").path
        try """
            protocol: teleportation
            runs: 30
            seed: 5
            sweep:
              axes:
                - parameter: length_km
                  linear: {from: 1, to: 7, count: 7}
            output: {csv: out.csv, jsonl: out.jsonl}
            """.write(toFile: jobPath, atomically: true, encoding: .utf8)
        let csv = dir.appendingPathComponent("out.csv").path, jsonl = dir.appendingPathComponent("out.jsonl").path
        try RunCommand.parse([jobPath, "--quiet", "--threads", "2"]).run()
        let whole = [try deterministicPart(csv), try deterministicPart(jsonl)]
        for n in [1, 3] {
            for i in 0..<n { try RunCommand.parse([jobPath, "--quiet", "--threads", "1", "--shard", "\(i)/\(n)"]).run() }
            try MergeCommand.parse([jobPath, "--shards", "\(n)", "--force"]).run()
            #expect(try deterministicPart(csv) == whole[0], "N = \(n)")
            #expect(try deterministicPart(jsonl) == whole[1], "N = \(n)")
        }
        // A shard cut short (a partial last line) resumes on its own.
        let part = Shard(index: 2, count: 3).path(for: csv)
        var text = try String(contentsOfFile: part, encoding: .utf8)
        text.removeLast(10)
        try text.write(toFile: part, atomically: true, encoding: .utf8)
        try RunCommand.parse([jobPath, "--quiet", "--shard", "2/3", "--resume"]).run()
        try MergeCommand.parse([jobPath, "--shards", "3", "--force"]).run()
        #expect(try deterministicPart(csv) == whole[0])
        // A shard cut short is not merged: the error says how to finish it,
        // and neither a merged file nor a temporary one is left.
        try FileManager.default.removeItem(atPath: csv)
        try FileManager.default.removeItem(atPath: csv + ".job.json")
        try text.write(toFile: part, atomically: true, encoding: .utf8)
        do {
            try MergeCommand.parse([jobPath, "--shards", "3", "--csv", csv]).run()
            Issue.record("an unfinished shard was merged")
        } catch let error as JobError {
            #expect(error.description.contains("holds 1 of its 2 points") && error.description.contains("--shard 2/3 --resume"),
                    "\(error)")
        }
        let temporary = URL(fileURLWithPath: csv).deletingLastPathComponent().appendingPathComponent(".out.csv.tmp").path
        #expect(!FileManager.default.fileExists(atPath: csv) && !FileManager.default.fileExists(atPath: temporary)
            && !FileManager.default.fileExists(atPath: csv + ".job.json"))
        // Rows out of order (an unfinished run) are not merged either.
        let lines = try String(contentsOfFile: Shard(index: 0, count: 3).path(for: csv), encoding: .utf8)
            .split(separator: "\n")
        try (lines.prefix(1) + lines.dropFirst().reversed()).joined(separator: "\n").appending("\n")
            .write(toFile: Shard(index: 0, count: 3).path(for: csv), atomically: true, encoding: .utf8)
        try RunCommand.parse([jobPath, "--quiet", "--shard", "2/3", "--resume"]).run()
        #expect(throws: JobError.self) { try MergeCommand.parse([jobPath, "--shards", "3", "--csv", csv]).run() }
        // A missing shard is named.
        try FileManager.default.removeItem(atPath: Shard(index: 1, count: 3).path(for: jsonl))
        #expect(throws: JobError.self) { try MergeCommand.parse([jobPath, "--shards", "3", "--force"]).run() }
    }

    /// Without the MPI trait, --mpi says how to get it instead of running.
    @Test(.enabled(if: !MPICommunicator.isAvailable))
    func mpiWithoutTheTraitIsAClearError() throws {
        let dir = try scratchDirectory("no-mpi")
        let jobPath = dir.appendingPathComponent("job.yaml").path
        try "protocol: teleportation\nruns: 10\n".write(toFile: jobPath, atomically: true, encoding: .utf8)
        do {
            try RunCommand.parse([jobPath, "--mpi", "--quiet"]).run()
            Issue.record("--mpi ran without MPI")
        } catch let error as QuantumSimError {
            #expect(error.description.contains("swift build --traits MPI"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("teleportation.csv").path))
    }
}
