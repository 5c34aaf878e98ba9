import Dispatch
import Foundation

/// Runs a job's points on several threads, streaming each finished point to
/// the result files, skipping points already there when resuming, and
/// stopping cleanly when asked.
///
/// Determinism: a point's seed comes from the job seed and its index, and a
/// point runs on one thread, so its numbers do not depend on the thread count
/// or the order points finish; the final files are sorted by index. Only the
/// `wall_time_s` column differs between runs.
final class BatchRunner: @unchecked Sendable {
    struct Outcome {
        /// Points in the files at the end, and points in the job.
        let written: Int, total: Int
        /// False when stopped before every point was written.
        let complete: Bool
        /// The rows by index, when complete and asked for (for plots and tables).
        let cells: [Int: [Cell]]
    }

    let job: Job
    let files: [ResultFile]
    /// The points this run computes, ascending: all of the job's, or a shard's.
    let points: [Int]
    let threads: Int
    let progress: ProgressReporter
    let stopRequested: @Sendable () -> Bool

    private let lock = NSLock()
    private var firstError: JobError?
    private var nextSlot = 0 // next entry of the to-do list to start (under the lock)

    init(job: Job, files: [ResultFile], points: [Int]? = nil, threads: Int, progress: ProgressReporter,
         stopRequested: @escaping @Sendable () -> Bool) {
        self.job = job
        self.files = files
        self.points = points ?? Array(0..<job.sweep.count)
        self.threads = threads
        self.progress = progress
        self.stopRequested = stopRequested
    }

    /// Runs the points not yet written (all of them unless `resume`).
    func run(resume: Bool, loadCells: Bool = true) throws(JobError) -> Outcome {
        var done: [Set<Int>] = []
        for f in files {
            done.append(resume ? Set(try f.scan().keys) : [])
            if resume { LineAppender.dropPartialLine(f.path) }
        }
        // A point counts as done only when every file has it.
        let finished = done.dropFirst().reduce(done.first ?? []) { $0.intersection($1) }
        let todo = points.filter { !finished.contains($0) }
        let appenders = try zip(files, done).map { (f, rows) throws(JobError) in
            try LineAppender(path: f.path, header: f.header, truncate: !resume || rows.isEmpty)
        }
        progress.start(total: points.count, alreadyDone: points.count - todo.count)

        nextSlot = 0
        let workers = max(1, min(threads, todo.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                lock.lock()
                let stop = firstError != nil || stopRequested()
                let slot = nextSlot
                if !stop { nextSlot += 1 }
                lock.unlock()
                guard !stop, slot < todo.count else { return }
                do throws(JobError) {
                    let cells = try runPoint(todo[slot])
                    let lines = files.map { $0.line(cells) }
                    lock.lock()
                    for (a, l) in zip(appenders, lines) { a.append(l) }
                    lock.unlock()
                    progress.pointDone()
                } catch {
                    lock.lock()
                    if firstError == nil { firstError = error }
                    lock.unlock()
                }
            }
        }
        progress.finish()
        if let firstError { throw firstError }

        // Sort every file by index (dropping duplicates a crash may leave).
        var written = points.count
        for f in files {
            let count = try f.scan().count
            written = min(written, count)
            if count == points.count { try f.sort() }
        }
        let complete = written == points.count
        var cells: [Int: [Cell]] = [:]
        if complete, loadCells, let f = files.first { cells = try Self.readCells(f, job: job) }
        return Outcome(written: written, total: points.count, complete: complete, cells: cells)
    }

    /// One point: its parameters, runs, seed, outputs and wall time.
    func runPoint(_ index: Int) throws(JobError) -> [Cell] {
        let params = job.parameters(index)
        let prepared = try job.prepare(index)
        let seed = job.pointSeed(index)
        let start = DispatchTime.now().uptimeNanoseconds
        let outputs: [String: Double?]
        do { outputs = try prepared.run(job.runs, seed) } catch {
            throw JobError(file: job.file, location: nil, "point \(index) failed while running: \(error)")
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        var cells: [Cell] = [.integer(index)]
        for name in params.names {
            switch params.values[name]! {
            case let .number(x): cells.append(.number(x))
            case let .text(s): cells.append(.text(s))
            }
        }
        cells.append(.integer(job.runs))
        cells.append(.text(String(seed)))
        for (name, _) in job.spec.outputs { cells.append((outputs[name] ?? nil).map { .number($0) } ?? .empty) }
        cells.append(.number(wall))
        return cells
    }

    /// Reads a finished CSV or JSONL file back into cells (numbers as numbers).
    static func readCells(_ f: ResultFile, job: Job) throws(JobError) -> [Int: [Cell]] {
        var out: [Int: [Cell]] = [:]
        for (i, line) in try f.rows() {
            let fields: [String]
            switch f.format {
            case .csv: fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            case .jsonl:
                guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                fields = job.columns.map { c in obj[c].map { v in v is NSNull ? "" : "\(v)" } ?? "" }
            }
            out[i] = fields.map { s in s.isEmpty ? .empty : Double(s).map { .number($0) } ?? .text(s) }
        }
        return out
    }
}

/// Running a job from code (benchmarks, tools): every point to one CSV file.
public enum Batch {
    /// Runs every point of `job` on `threads` threads into a new CSV at
    /// `csv` (replaced if present), without progress output; returns the
    /// number of points written.
    @discardableResult
    public static func run(_ job: Job, csv: String, threads: Int) throws(JobError) -> Int {
        let runner = BatchRunner(job: job, files: [ResultFile(path: csv, format: .csv, columns: job.columns)],
                                 threads: threads, progress: ProgressReporter(style: .quiet), stopRequested: { false })
        return try runner.run(resume: false, loadCells: false).written
    }
}
