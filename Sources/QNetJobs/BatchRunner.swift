import Dispatch
import Foundation
import SystemPackage

/// Runs a job's points on several threads, streaming each finished point to
/// the result files, skipping points already there when resuming, and
/// stopping cleanly when asked.
///
/// Determinism: a point's seed comes from the job seed and its index, and a
/// point runs on one thread, so its numbers do not depend on the thread count
/// or the order points finish; the final files are sorted by index. Only the
/// `wall_time_s` column differs between runs.
///
/// Safety: every output is opened, checked to be a regular file and locked
/// before any point runs; a resumed file keeps its rows only when its job
/// fingerprint and every row are this job's (``RowCheck``); a write that
/// fails (a full disk) stops the run with the file cut back to whole rows.
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
    /// The shard computed (nil: the whole job).
    let shard: Shard?
    /// The points this run computes, ascending: all of the job's, or a shard's.
    let points: [Int]
    let threads: Int
    let progress: ProgressReporter
    let stopRequested: @Sendable () -> Bool

    private let lock = NSLock()
    private var firstError: JobError?
    private var nextSlot = 0 // next entry of the to-do list to start (under the lock)

    init(job: Job, files: [ResultFile], shard: Shard? = nil, threads: Int, progress: ProgressReporter,
         stopRequested: @escaping @Sendable () -> Bool) {
        self.job = job
        self.files = files
        self.shard = shard
        points = shard?.points(of: job.sweep.count) ?? Array(0..<job.sweep.count)
        self.threads = threads
        self.progress = progress
        self.stopRequested = stopRequested
    }

    /// Runs the points not yet written (all of them unless `resume`).
    func run(resume: Bool, loadCells: Bool = true) throws(JobError) -> Outcome {
        let fingerprint = JobFingerprint(job)
        var opened: [RowSink] = []
        do throws(JobError) {
            for f in files {
                opened.append(try RowSink.open(f, check: RowCheck(file: f, job: job, shard: shard), fingerprint: fingerprint,
                                               resume: resume))
            }
        } catch {
            for s in opened { s.close() }
            throw error
        }
        let sinks = opened
        defer { for s in sinks { s.close() } }
        // A point counts as done only when every file has it.
        let finished = sinks.dropFirst().reduce(sinks.first?.done ?? []) { $0.intersection($1.done) }
        let todo = points.filter { !finished.contains($0) }
        for s in sinks { s.expect(todo) }
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
                    let point = todo[slot]
                    let cells = try runPoint(point)
                    let lines = files.map { Array(($0.line(cells) + "\n").utf8) }
                    lock.lock()
                    defer { lock.unlock() }
                    guard firstError == nil else { return }
                    for (s, l) in zip(sinks, lines) { try s.write(l, point: point) }
                    progress.pointDone()
                } catch {
                    lock.lock()
                    if firstError == nil { firstError = error }
                    lock.unlock()
                }
            }
        }
        progress.finish()
        if let firstError {
            if let full = sinks.first(where: { $0.failure?.isFull == true }) {
                throw JobError(file: full.file.path, location: nil, "no space left on device: \(full.kept) of \(points.count) "
                               + "points kept in \(full.file.path); free space and run with --resume")
            }
            throw firstError
        }

        // Sort every complete file by index (dropping a point a crash left twice).
        var written = points.count
        for s in sinks { written = min(written, try s.finish(total: points.count)) }
        let complete = written == points.count
        var cells: [Int: [Cell]] = [:]
        if complete, loadCells, let f = files.first(where: { !$0.isStandardOutput }) {
            cells = try Self.readCells(f, job: job, shard: shard)
        }
        return Outcome(written: written, total: points.count, complete: complete, cells: cells)
    }

    /// One point: its parameters, runs, seed, outputs and wall time.
    func runPoint(_ index: Int) throws(JobError) -> [Cell] {
        let prepared = try job.prepare(index)
        let seed = job.pointSeed(index)
        let start = DispatchTime.now().uptimeNanoseconds
        let outputs: [Double?]
        do { outputs = try prepared.row(job.runs, seed) } catch {
            throw JobError(file: job.file, location: nil, "point \(index) failed while running: \(error)")
        }
        // The job's columns are its experiment's, so the counts agree; a
        // mismatch would shift every column, so it stops the job instead.
        guard outputs.count == job.outputs.count else {
            throw JobError(file: job.file, location: nil,
                           "point \(index) gave \(outputs.count) outputs for \(job.outputs.count) columns")
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        var cells = job.leadingCells(index)
        for value in outputs { cells.append(value.map { .number($0) } ?? .empty) }
        cells.append(.number(wall))
        return cells
    }

    /// Reads a finished CSV or JSONL file back into cells (numbers as numbers),
    /// every row checked.
    static func readCells(_ f: ResultFile, job: Job, shard: Shard? = nil) throws(JobError) -> [Int: [Cell]] {
        let check = RowCheck(file: f, job: job, shard: shard)
        let rows = try check.scan()
        guard let reader = try LineReader.open(f.path) else { return [:] }
        defer { reader.close() }
        var out: [Int: [Cell]] = [:]
        func cell(_ s: String) -> Cell { s.isEmpty ? .empty : Double(s).map { .number($0) } ?? .text(s) }
        for (i, range) in rows.ranges {
            let line = String(decoding: try reader.bytes(range), as: UTF8.self)
            switch f.format {
            case .csv:
                // The check proved the row starts with the point's own cells
                // (text there may be quoted and hold commas); only numbers follow.
                let leading = job.leadingCells(i)
                let outputs = line.dropFirst(f.fields(leading, from: 0).count + 1)
                out[i] = leading + outputs.split(separator: ",", omittingEmptySubsequences: false).map { cell(String($0)) }
            case .jsonl:
                guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                out[i] = job.columns.map { c in cell(obj[c].map { v in v is NSNull ? "" : "\(v)" } ?? "") }
            }
        }
        return out
    }
}

/// Where one results file's rows go during a run: a locked regular file, or
/// standard output (rows in point order, held back until their turn).
final class RowSink: @unchecked Sendable { // used under BatchRunner's lock
    let file: ResultFile
    private let check: RowCheck
    private let locked: LockedFile?
    /// Points already in the file when the run started.
    let done: Set<Int>
    /// The file's rows as checked when it was opened, with every row
    /// appended since: what sorting needs, without reading the file again.
    private var rows: ScannedRows
    /// Points printed (standard output).
    private var printed = 0
    /// Points in the file (or printed) now.
    var kept: Int { locked == nil ? printed : rows.ranges.count }
    /// The write that stopped the run, if one did.
    private(set) var failure: LockedFile.WriteFailure?
    // Standard output: the order rows are printed in, and rows waiting their turn.
    private var order: [Int] = [], nextInOrder = 0, waiting: [Int: [UInt8]] = [:]

    private init(file: ResultFile, check: RowCheck, locked: LockedFile?, rows: ScannedRows) {
        self.file = file
        self.check = check
        self.locked = locked
        self.rows = rows
        done = Set(rows.ranges.keys)
    }

    /// Opens and locks `file`. Resuming keeps its rows once the fingerprint
    /// and every row are checked (an unfinished last line, left by a kill,
    /// is cut and said so); otherwise the file is started anew.
    static func open(_ file: ResultFile, check: RowCheck, fingerprint: JobFingerprint,
                     resume: Bool) throws(JobError) -> RowSink {
        if file.isStandardOutput {
            if let header = file.header {
                do { _ = try FileDescriptor.standardOutput.writeAll(Array((header + "\n").utf8)) } catch {
                    throw JobError(file: "standard output", location: nil, "cannot be written: \(error)")
                }
            }
            return RowSink(file: file, check: check, locked: nil, rows: ScannedRows())
        }
        let locked = try LockedFile(file.path, createDirectories: true)
        do throws(JobError) {
            if resume && locked.length > 0 {
                try fingerprint.check(file, shard: check.shard)
                var rows = try check.scan()
                if let tail = rows.partialTail {
                    try wrap(file) { () throws(LockedFile.WriteFailure) in
                        try locked.truncate(to: Int64(tail.lowerBound))
                        // A header cut by a kill: the file starts again with the whole header.
                        if locked.length == 0 { try locked.replaceContents(with: Array((file.header.map { $0 + "\n" } ?? "").utf8)) }
                    }
                    Console.error("\(file.path): cut an unfinished last line (\(tail.count) bytes, a write interrupted by a kill)\n")
                    rows.partialTail = nil
                    rows.size = Int(locked.length)
                }
                return RowSink(file: file, check: check, locked: locked, rows: rows)
            }
            try fingerprint.write(for: file, shard: check.shard)
            try wrap(file) { () throws(LockedFile.WriteFailure) in
                try locked.replaceContents(with: Array((file.header.map { $0 + "\n" } ?? "").utf8))
            }
            return RowSink(file: file, check: check, locked: locked, rows: ScannedRows(size: Int(locked.length)))
        } catch {
            locked.close()
            throw error
        }
    }

    private static func wrap(_ file: ResultFile, _ body: () throws(LockedFile.WriteFailure) -> Void) throws(JobError) {
        do { try body() } catch { throw JobError(file: file.path, location: nil, error.message) }
    }

    /// The points this run will write, in order (standard output prints in it).
    func expect(_ todo: [Int]) { order = todo }

    /// Writes point `point`'s line (called under the runner's lock).
    func write(_ line: [UInt8], point: Int) throws(JobError) {
        do throws(LockedFile.WriteFailure) {
            if let locked {
                let start = Int(locked.length)
                try locked.append(line)
                if rows.ranges[point] == nil { rows.ranges[point] = start..<(start + line.count - 1) } // without the newline
                rows.size = Int(locked.length)
                return
            }
            waiting[point] = line
            while nextInOrder < order.count, let next = waiting.removeValue(forKey: order[nextInOrder]) {
                do { _ = try FileDescriptor.standardOutput.writeAll(next) } catch {
                    throw LockedFile.WriteFailure(path: "standard output", errno: error as? Errno ?? .ioError)
                }
                nextInOrder += 1
                printed += 1
            }
        } catch {
            failure = error
            throw JobError(file: file.path, location: nil, error.message)
        }
    }

    /// Sorts the file when complete; returns its points.
    func finish(total: Int) throws(JobError) -> Int {
        if locked != nil, rows.ranges.count == total { try check.sort(rows) }
        return kept
    }

    func close() { locked?.close() }
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
