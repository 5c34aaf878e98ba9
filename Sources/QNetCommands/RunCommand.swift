import ArgumentParser
import Dispatch
import Foundation
import QuantumSim
import QuantumSimMPI

/// `qnet run JOB`: every point of a job, in parallel, streamed to CSV/JSONL.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a job file: compute every point of its sweep, in parallel, streaming results to disk.",
        discussion: """
            Results go to the job's `output` files (relative to the job file), to --csv/--jsonl \
            (relative to the current directory), or to NAME.csv. Each point is written as soon as \
            it finishes; a killed run loses only the points in flight, and --resume computes the \
            rest. Finished files are sorted by point index and are the same whatever the thread \
            count or interruptions, except the wall_time_s column.
            """)

    @Argument(help: "The job file (YAML or JSON; see docs/jobs.md).")
    var job: String

    @Option(help: "Write CSV results here (default: the job's output, or NAME.csv).")
    var csv: String?

    @Option(help: "Write JSON Lines results here.")
    var jsonl: String?

    @Flag(help: "Skip the points already in the output files and append the rest.")
    var resume = false

    @Flag(help: "Replace existing output files.")
    var force = false

    @Option(help: "Points computed at once (default: all cores).")
    var threads: Int?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("Compute only shard i of N (the points whose index is i modulo N), into NAME.shard-i-of-N "
                               + "files; `qnet merge JOB --shards N` joins them into the whole run's files.",
                               valueName: "i/N"))
    var shard: String?

    @Flag(help: ArgumentHelp("Split the points over the ranks of an MPI job (`mpirun -np N qnet run JOB --mpi`): rank r "
                             + "computes shard r/N, rank 0 merges the shards into the whole run's files. Needs qnet built "
                             + "with `swift build --traits MPI`."))
    var mpi = false

    @Option(help: "Draw an SVG plot here when the job finishes.")
    var plot: String?

    @Option(name: .customLong("plot-x"), help: "Column on the x axis (default: the job's plot.x or first swept parameter).")
    var plotX: String?

    @Option(name: .customLong("plot-y"), help: "Column on the y axis (default: the job's plot.y or fidelity).")
    var plotY: String?

    @Option(name: .customLong("plot-series"), help: "One line per value of this column (default: the second swept parameter).")
    var plotSeries: String?

    func validate() throws {
        if let t = threads, !(1...1024).contains(t) {
            throw ValidationError("--threads \(t) is out of range: expected 1...1024")
        }
        if resume && force { throw ValidationError("--resume and --force contradict each other: choose one") }
        if mpi && shard != nil { throw ValidationError("--mpi and --shard contradict each other: under MPI each rank is a shard") }
        if let shard {
            _ = try Shard(parsing: shard)
            if plot != nil { throw ValidationError("--plot needs every point: draw it after `qnet merge`, not per shard") }
        }
    }

    func run() throws {
        let job = try Job.load(self.job)
        try job.validatePoints()
        if mpi {
            try runOverMPI(job)
            return
        }
        let part = try shard.map { try Shard(parsing: $0) }
        let files = shardFiles(job, part)
        try checkNotThere(files)
        let plotRequest = try plotRequest(job)
        let outcome = try compute(job, files: files, part: part, threads: threads ?? ExecutionOptions.hardwareThreads,
                                  quiet: quiet, loadCells: plot != nil || (!quiet && job.sweep.count <= 1000))
        guard outcome.complete else {
            reportStopped(outcome, files)
            throw ExitCode(130)
        }
        try finish(job, outcome.cells, files: files, points: outcome.total, plotRequest: plotRequest)
    }

    /// Each rank computes its shard; once all are complete rank 0 merges
    /// them. Any rank's error ends every rank (MPI_Abort): none waits forever.
    func runOverMPI(_ job: Job) throws {
        let comm = try MPICommunicator.world()
        let part = Shard(index: comm.rank, count: comm.size)
        let files = shardFiles(job, part), wholes = outputFiles(job)
        do {
            try checkNotThere(files + (comm.rank == 0 ? wholes : []))
            let plotRequest = try plotRequest(job)
            let outcome = try compute(job, files: files, part: part,
                                      threads: threads ?? max(1, ExecutionOptions.hardwareThreads / MPICommunicator.localRankCount),
                                      quiet: quiet || comm.rank != 0, loadCells: false)
            if !outcome.complete { reportStopped(outcome, files) }
            var complete = [outcome.complete ? 1.0 : 0.0]
            try comm.sumOverRanks(&complete)
            guard Int(complete[0]) == comm.size else { throw ExitCode(130) }
            guard comm.rank == 0 else { return }
            for whole in wholes {
                try MergeCommand.merge(whole, shards: comm.size, total: job.sweep.count)
            }
            let show = plot != nil || (!quiet && job.sweep.count <= 1000)
            try finish(job, show ? BatchRunner.readCells(wholes[0], job: job) : [:], files: wholes,
                       points: job.sweep.count, plotRequest: plotRequest)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("qnet run (rank \(comm.rank) of \(comm.size)): \(error)\n".utf8))
            MPICommunicator.abort(code: 1)
        }
    }

    /// The files a run (or shard `part` of it) writes.
    func shardFiles(_ job: Job, _ part: Shard?) -> [ResultFile] {
        outputFiles(job).map { f in
            part.map { ResultFile(path: $0.path(for: f.path), format: f.format, columns: f.columns) } ?? f
        }
    }

    /// Refuses to overwrite results unless --resume or --force says how.
    func checkNotThere(_ files: [ResultFile]) throws {
        guard !resume && !force else { return }
        for f in files where FileManager.default.fileExists(atPath: f.path) {
            throw JobError(file: f.path, location: nil,
                           "already exists: run with --resume to complete it or --force to replace it")
        }
    }

    func compute(_ job: Job, files: [ResultFile], part: Shard?, threads: Int, quiet: Bool,
                 loadCells: Bool) throws -> BatchRunner.Outcome {
        let stop = StopFlag.installForInterrupt()
        let runner = BatchRunner(job: job, files: files, points: part?.points(of: job.sweep.count),
                                 threads: threads, progress: .automatic(quiet: quiet), stopRequested: { stop.isSet })
        // Rows are read back only for a plot or a table of a modest job: memory stays flat for big ones.
        return try runner.run(resume: resume, loadCells: loadCells)
    }

    func reportStopped(_ outcome: BatchRunner.Outcome, _ files: [ResultFile]) {
        let again = (["qnet", "run", self.job] + (csv.map { ["--csv", $0] } ?? []) + (jsonl.map { ["--jsonl", $0] } ?? [])
            + (shard.map { ["--shard", $0] } ?? []) + (mpi ? ["--mpi"] : []) + ["--resume"]).joined(separator: " ")
        FileHandle.standardError.write(Data("""
            stopped: \(outcome.written) of \(outcome.total) points are in \(files.map(\.path).joined(separator: " and ")).
            resume with: \(mpi ? "mpirun … " : "")\(again)\n
            """.utf8))
    }

    /// The table, the plot and the closing line.
    func finish(_ job: Job, _ cells: [Int: [Cell]], files: [ResultFile], points: Int, plotRequest: PlotRequest?) throws {
        if !quiet && !cells.isEmpty { printTable(job, cells) }
        if let plotRequest, let path = plot {
            try SVGPlot(job: job, request: plotRequest, cells: cells).write(to: path)
            if !quiet { print("plot: \(path)") }
        }
        if !quiet { print("results: \(files.map(\.path).joined(separator: " and ")) (\(points) points)") }
    }

    /// Output files: command-line paths, else the job's (relative to the job file), else NAME.csv.
    func outputFiles(_ job: Job) -> [ResultFile] {
        let dir = URL(fileURLWithPath: self.job).deletingLastPathComponent()
        func inJobDir(_ p: String) -> String { p.hasPrefix("/") ? p : dir.appendingPathComponent(p).path }
        var out: [ResultFile] = []
        if csv != nil || jsonl != nil {
            if let csv { out.append(ResultFile(path: csv, format: .csv, columns: job.columns)) }
            if let jsonl { out.append(ResultFile(path: jsonl, format: .jsonl, columns: job.columns)) }
        } else if job.csv != nil || job.jsonl != nil {
            if let c = job.csv { out.append(ResultFile(path: inJobDir(c), format: .csv, columns: job.columns)) }
            if let j = job.jsonl { out.append(ResultFile(path: inJobDir(j), format: .jsonl, columns: job.columns)) }
        } else {
            out.append(ResultFile(path: job.name + ".csv", format: .csv, columns: job.columns))
        }
        return out
    }

    /// The plot to draw, checked before anything runs (nil without --plot).
    func plotRequest(_ job: Job) throws(JobError) -> PlotRequest? {
        guard plot != nil else { return nil }
        var r = job.plot ?? PlotRequest(x: job.sweep.axes.first?.name ?? "index", y: "fidelity",
                                        series: job.sweep.axes.count > 1 ? job.sweep.axes[1].name : nil, logX: nil)
        if let plotX { r.x = plotX }
        if let plotY { r.y = plotY }
        if let plotSeries { r.series = plotSeries }
        if r.x.isEmpty { r.x = "index" }
        try job.checkPlot(r)
        return r
    }

    /// The swept parameters and the main outputs, one row per point (first 200).
    func printTable(_ job: Job, _ cells: [Int: [Cell]]) {
        let shown = job.sweep.axes.map(\.name) + job.spec.outputs.map(\.name).prefix(6)
        let index = shown.map { c in job.columns.firstIndex(of: c)! }
        let widths = shown.map { max($0.count, 11) }
        // Pads to the column width; never cuts a value.
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        print(zip(shown, widths).map(pad).joined(separator: "  "))
        for i in cells.keys.sorted().prefix(200) {
            let row = index.map { k -> String in
                switch cells[i]![k] {
                case let .number(x): return x.isFinite && x.rounded() != x ? String(format: "%.6g", x) : Cell.number(x).csv
                case let c: return c.csv
                }
            }
            print(zip(row, widths).map(pad).joined(separator: "  "))
        }
        if cells.count > 200 { print("… \(cells.count - 200) more rows in the results file") }
    }
}

/// Set by Ctrl-C (SIGINT): running points finish, no new ones start.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var source: DispatchSourceSignal?

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return set
    }

    func raise() {
        lock.lock()
        set = true
        lock.unlock()
    }

    /// A flag raised by the first SIGINT (a second one ends the process).
    static func installForInterrupt() -> StopFlag {
        let flag = StopFlag()
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        s.setEventHandler {
            if flag.isSet { exit(130) }
            FileHandle.standardError.write(Data("\ninterrupted: finishing the points in flight…\n".utf8))
            flag.raise()
        }
        s.resume()
        flag.source = s
        return flag
    }
}

extension JobError: LocalizedError {
    public var errorDescription: String? { description }
}
