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
            Results go to the job's `output` files (relative to the job file, and inside its \
            directory), to --csv/--jsonl (relative to the current directory; `-` is standard \
            output), or to NAME.csv. Each point is written as soon as it finishes; a killed run \
            loses only the points in flight, and --resume computes the rest, once the file's job \
            fingerprint (FILE.job.json) and every row in it are proven to be this job's. Outputs \
            must be regular files (symbolic links are followed) and are locked while written. \
            Finished files are sorted by point index and are the same whatever the thread count or \
            interruptions, except the wall_time_s column.
            """)

    @Argument(help: "The job file (YAML or JSON; see docs/jobs.md).")
    var job: String

    @Option(parsing: .unconditional, help: "Write CSV results here (default: the job's output, or NAME.csv; - for standard output).")
    var csv: String?

    @Option(parsing: .unconditional, help: "Write JSON Lines results here (- for standard output).")
    var jsonl: String?

    @Flag(help: "Skip the points already in the output files and append the rest.")
    var resume = false

    @Flag(help: "Replace existing output files.")
    var force = false

    @Option(parsing: .unconditional, help: "Points computed at once (default: QNET_THREADS or all cores).")
    var threads: Int?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Compute only shard i of N (the points whose index is i modulo N), into NAME.shard-i-of-N "
                               + "files; `qnet merge JOB --shards N` joins them into the whole run's files.",
                               valueName: "i/N"))
    var shard: String?

    @Flag(help: ArgumentHelp("Split the points over the ranks of an MPI job (`mpirun -np N qnet run JOB --mpi`): rank r "
                             + "computes shard r/N, rank 0 merges the shards into the whole run's files. Needs qnet built "
                             + "with `swift build --traits MPI`."))
    var mpi = false

    @Option(parsing: .unconditional, help: "Draw an SVG plot here when the job finishes.")
    var plot: String?

    @Option(name: .customLong("plot-x"), parsing: .unconditional, help: "Column on the x axis (default: the job's plot.x or first swept parameter).")
    var plotX: String?

    @Option(name: .customLong("plot-y"), parsing: .unconditional, help: "Column on the y axis (default: the job's plot.y or fidelity).")
    var plotY: String?

    @Option(name: .customLong("plot-series"), parsing: .unconditional, help: "One line per value of this column (default: the second swept parameter).")
    var plotSeries: String?

    func validate() throws {
        if let t = threads, !(1...1024).contains(t) {
            throw ValidationError("--threads \(t) is out of range: expected 1...1024")
        }
        if resume && force { throw ValidationError("--resume and --force contradict each other: choose one") }
        if resume && (csv == "-" || jsonl == "-") {
            throw ValidationError("--resume cannot continue standard output (-): write to a file to resume")
        }
        if csv == "-" && jsonl == "-" { throw ValidationError("--csv - and --jsonl - both ask for standard output: choose one") }
        if mpi && (csv == "-" || jsonl == "-") { throw ValidationError("--mpi merges files on rank 0: write to files, not -") }
        if plot == "-" { throw ValidationError("--plot - is not supported: give the SVG a file name") }
        if mpi && shard != nil { throw ValidationError("--mpi and --shard contradict each other: under MPI each rank is a shard") }
        if let shard {
            _ = try Shard(parsing: shard)
            if plot != nil { throw ValidationError("--plot needs every point: draw it after `qnet merge`, not per shard") }
        }
    }

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Write the events of the first --trace-runs runs of point --trace-point here, as JSON Lines (docs/jobs.md, Traces).",
        valueName: "file.jsonl"))
    var trace: String?

    @Option(name: .customLong("trace-runs"), parsing: .unconditional, help: "Runs traced (default 1, at most 100).")
    var traceRuns = 1

    @Option(name: .customLong("trace-point"), parsing: .unconditional, help: "The point traced (default 0).")
    var tracePoint = 0

    func run() throws {
        let job = try Job.load(self.job)
        let threads = try CommandEnvironment.threads(self.threads)
        if mpi {
            try runOverMPI(job)
            return
        }
        let part = try shard.map { try Shard(parsing: $0) }
        let files = try shardFiles(job, part)
        try checkOutputs(job, files)
        let plotRequest = try plotRequest(job)
        let stop = StopFlag.installForInterrupt()
        try PointValidation.run(job, quiet: quiet, stop: stop)
        if let trace { try TraceFile.write(job: job, point: tracePoint, runs: traceRuns, to: trace) }
        let outcome = try compute(job, files: files, part: part, threads: threads, stop: stop, quiet: quiet,
                                  loadCells: plot != nil || (!quiet && job.sweep.count <= 1000))
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
        do {
            let files = try shardFiles(job, part), wholes = try outputFiles(job)
            try checkOutputs(job, files + (comm.rank == 0 ? wholes : []))
            let plotRequest = try plotRequest(job)
            let stop = StopFlag.installForInterrupt()
            try PointValidation.run(job, quiet: quiet, stop: stop)
            if comm.rank == 0, let trace { try TraceFile.write(job: job, point: tracePoint, runs: traceRuns, to: trace) }
            let environment = try CommandEnvironment.options()
            let outcome = try compute(job, files: files, part: part,
                                      threads: threads ?? max(1, environment.threads / MPICommunicator.localRankCount),
                                      stop: stop, quiet: quiet || comm.rank != 0, loadCells: false)
            if !outcome.complete { reportStopped(outcome, files) }
            var complete = [outcome.complete ? 1.0 : 0.0]
            try comm.sumOverRanks(&complete)
            guard Int(complete[0]) == comm.size else { throw ExitCode(130) }
            guard comm.rank == 0 else { return }
            for whole in wholes {
                try MergeCommand.merge(whole, job: job, shards: comm.size)
            }
            let show = plot != nil || (!quiet && job.sweep.count <= 1000)
            try finish(job, show ? BatchRunner.readCells(wholes[0], job: job) : [:], files: wholes,
                       points: job.sweep.count, plotRequest: plotRequest)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.error("qnet run (rank \(comm.rank) of \(comm.size)): \(error)\n")
            MPICommunicator.abort(code: 1)
        }
    }

    /// The files a run (or shard `part` of it) writes.
    func shardFiles(_ job: Job, _ part: Shard?) throws(JobError) -> [ResultFile] {
        try outputFiles(job).map { f in
            guard let part, !f.isStandardOutput else { return f }
            return ResultFile(path: part.path(for: f.path), format: f.format, columns: f.columns)
        }
    }

    /// Before any point runs: no output is the job file, the plot or
    /// another output; each is a regular file or nothing; and an existing
    /// one is replaced or resumed only when --force or --resume says so.
    func checkOutputs(_ job: Job, _ files: [ResultFile]) throws(JobError) {
        var named = [("the job file", self.job)] + (plot.map { [("the plot", $0)] } ?? [])
            + (trace.map { [("the trace", $0)] } ?? [])
        for f in files {
            named.append(("the \(f.format.rawValue) output", f.path))
            if !f.isStandardOutput { named.append(("the fingerprint of \(f.path)", f.fingerprintPath)) }
        }
        try OutputPaths.checkDistinct(named)
        // A FIFO or directory there: refused now, not after the run.
        for path in [plot, trace].compactMap({ $0 }) { _ = try LockedFile.resolveExisting(path) }
        for f in files where !f.isStandardOutput {
            let existing = try LockedFile.resolveExisting(f.path)
            if existing && !resume && !force {
                throw JobError(file: f.path, location: nil, "already exists: run with --resume to complete it or --force to replace it")
            }
        }
    }

    func compute(_ job: Job, files: [ResultFile], part: Shard?, threads: Int, stop: StopFlag, quiet: Bool,
                 loadCells: Bool) throws -> BatchRunner.Outcome {
        let runner = BatchRunner(job: job, files: files, shard: part,
                                 threads: threads, progress: .automatic(quiet: quiet), stopRequested: { stop.isSet })
        // Rows are read back only for a plot or a table of a modest job: memory stays flat for big ones.
        return try runner.run(resume: resume, loadCells: loadCells)
    }

    func reportStopped(_ outcome: BatchRunner.Outcome, _ files: [ResultFile]) {
        let again = (["qnet", "run", self.job] + (csv.map { ["--csv", $0] } ?? []) + (jsonl.map { ["--jsonl", $0] } ?? [])
            + (shard.map { ["--shard", $0] } ?? []) + (mpi ? ["--mpi"] : []) + ["--resume"]).joined(separator: " ")
        Console.error("""
            stopped: \(outcome.written) of \(outcome.total) points are in \(files.map(\.path).joined(separator: " and ")).
            resume with: \(mpi ? "mpirun … " : "")\(again)\n
            """)
    }

    /// The table, the plot and the closing line.
    func finish(_ job: Job, _ cells: [Int: [Cell]], files: [ResultFile], points: Int, plotRequest: PlotRequest?) throws {
        // With results on standard output, everything else goes to standard error.
        let say: (String) -> Void = files.contains(where: \.isStandardOutput) ? { Console.error($0 + "\n") } : { print($0) }
        if !quiet && !cells.isEmpty { printTable(job, cells, say) }
        if let plotRequest, let path = plot {
            try SVGPlot(job: job, request: plotRequest, cells: cells).write(to: path)
            if !quiet { say("plot: \(path)") }
        }
        if !quiet {
            say("results: \(files.map { $0.isStandardOutput ? "standard output" : $0.path }.joined(separator: " and ")) (\(points) points)")
        }
    }

    /// Output files: command-line paths, else the job's (relative to the job
    /// file, inside its directory), else NAME.csv.
    func outputFiles(_ job: Job) throws(JobError) -> [ResultFile] {
        var out: [ResultFile] = []
        if csv != nil || jsonl != nil {
            if let csv { out.append(ResultFile(path: csv, format: .csv, columns: job.columns)) }
            if let jsonl { out.append(ResultFile(path: jsonl, format: .jsonl, columns: job.columns)) }
        } else if job.csv != nil || job.jsonl != nil {
            if let c = job.csv {
                out.append(ResultFile(path: try OutputPaths.fromJob(c, key: "output.csv", job: job), format: .csv, columns: job.columns))
            }
            if let j = job.jsonl {
                out.append(ResultFile(path: try OutputPaths.fromJob(j, key: "output.jsonl", job: job), format: .jsonl, columns: job.columns))
            }
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
    func printTable(_ job: Job, _ cells: [Int: [Cell]], _ say: (String) -> Void) {
        let shown = job.sweep.axes.map(\.name) + job.outputs.map(\.name).prefix(6)
        let index = shown.compactMap { c in job.columns.firstIndex(of: c) }
        let widths = shown.map { max($0.count, 11) }
        // Pads to the column width; never cuts a value.
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        say(zip(shown, widths).map(pad).joined(separator: "  "))
        for (_, values) in cells.sorted(by: { $0.key < $1.key }).prefix(200) {
            let row = index.map { k -> String in
                switch k < values.count ? values[k] : .empty {
                case let .number(x): return x.isFinite && x.rounded() != x ? String(format: "%.6g", x) : Cell.number(x).csv
                case let c: return c.csv
                }
            }
            say(zip(row, widths).map(pad).joined(separator: "  "))
        }
        if cells.count > 200 { say("… \(cells.count - 200) more rows in the results file") }
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
            Console.error("\ninterrupted: stopping once the points in flight finish (Ctrl-C again to end now)…\n")
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
