import Foundation
import QNetJobs
import QuantumSim

/// The batch suite: points per second of a job with 1 and all cores, the
/// parallel efficiency, and peak memory against the number of points.
enum BatchCases {
    static func run(repeats: Int, quick: Bool, emit: (NetworkRow) -> Void) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        // The README's example job, with 4× its runs so that each point takes long enough to time.
        let jobPath = root.appendingPathComponent("examples/repeater-chain-vs-distance.yaml").path
        let text = try String(contentsOfFile: jobPath, encoding: .utf8).replacingOccurrences(of: "runs: 100", with: "runs: 400")
        let job = try Job.parse(text, file: jobPath)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qnet-bench-batch-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.csv").path

        emit(NetworkRow(name: "batch-memory-start", detail: String(format: "peak RSS %.1f MiB at the start", peakResidentMiB()),
                        seconds: 0, target: "—"))
        let cores = ExecutionOptions.hardwareThreads
        let counts = Array(Set([1, cores])).sorted()
        // Thread counts alternate within each repeat, so that drift of the shared machine hits both alike.
        var times: [Int: [Double]] = [:]
        try Batch.run(job, csv: out, threads: cores) // warm-up
        for _ in 0..<repeats {
            for threads in counts {
                let start = DispatchTime.now().uptimeNanoseconds
                try Batch.run(job, csv: out, threads: threads)
                times[threads, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            }
        }
        var perPoint: [Int: Double] = [:]
        for threads in counts {
            let sorted = times[threads]!.sorted()
            perPoint[threads] = sorted[sorted.count / 2] / Double(job.sweep.count)
            emit(NetworkRow(name: "batch-chain-example-\(threads)t",
                            detail: "examples/repeater-chain-vs-distance.yaml with runs: 400, \(job.sweep.count) points, \(threads) thread(s)",
                            seconds: perPoint[threads]!, target: "—"))
        }
        if cores > 1, let one = perPoint[1], let all = perPoint[cores] {
            let efficiency = one / all / Double(cores)
            emit(NetworkRow(name: "batch-parallel-efficiency",
                            detail: String(format: "%.1f%% at %d cores (speed-up %.2f×)", efficiency * 100, cores, one / all),
                            seconds: all, target: "≥ 90%"))
        }

        // Peak memory after a small and a large job of tiny points (memory must not grow with the count).
        emit(NetworkRow(name: "batch-memory-before", detail: String(format: "peak RSS %.1f MiB before the tiny jobs", peakResidentMiB()),
                        seconds: 0, target: "—"))
        for points in quick ? [1_000, 10_000] : [10_000, 100_000] {
            let text = """
                protocol: teleportation
                runs: 1
                sweep: {axes: [{parameter: length_km, linear: {from: 1, to: 100, count: \(points)}}]}
                """
            let tiny = try Job.parse(text, file: "tiny-\(points).yaml")
            let start = DispatchTime.now().uptimeNanoseconds
            try Batch.run(tiny, csv: out, threads: cores)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            emit(NetworkRow(name: "batch-memory-\(points)-points",
                            detail: String(format: "peak RSS %.1f MiB after this job (process-wide)", peakResidentMiB()),
                            seconds: seconds / Double(points), target: "flat in points"))
        }
    }

    /// Peak resident memory of this process so far, in MiB.
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
