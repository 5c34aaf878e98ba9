import QuantumNetwork

/// Traces as JSON Lines (`qnet run JOB --trace FILE.jsonl`): a header line
/// naming the job, the point, its seed and the network's nodes, then one
/// line per event, in the order they happened, run after run. Fields that do
/// not apply to an event are left out. docs/jobs.md, "Traces", lists them.
enum TraceFile {
    /// Most runs a trace may hold: traces are for looking at, not for statistics.
    static let runLimit = 100

    static func header(job: Job, point: Int, runs: Int, nodes: [String]) -> String {
        "{\"trace\":\"qnet\",\"job\":\(Cell.quoteJSON(job.name)),\"protocol\":\(Cell.quoteJSON(job.spec.name)),"
            + "\"point\":\(point),\"seed\":\(job.pointSeed(point)),\"runs\":\(runs),\"nodes\":\(list(nodes.map(Cell.quoteJSON)))}"
    }

    static func line(run: Int, _ e: TraceEvent) -> String {
        var f = ["\"run\":\(run)", "\"t\":\(Cell.number(e.time).json)", "\"event\":\(Cell.quoteJSON(e.kind.rawValue))"]
        if let r = e.request { f.append("\"request\":\(r)") }
        if let n = e.node { f.append("\"node\":\(Cell.quoteJSON(n))") }
        if let l = e.link { f.append("\"link\":\(Cell.quoteJSON(l))") }
        if let p = e.pair { f.append("\"pair\":\(p)") }
        if !e.from.isEmpty { f.append("\"from\":\(list(e.from.map(String.init)))") }
        if !e.ends.isEmpty { f.append("\"ends\":\(list(e.ends.map(Cell.quoteJSON)))") }
        if !e.qubits.isEmpty { f.append("\"qubits\":\(list(e.qubits.map(String.init)))") }
        if !e.bits.isEmpty { f.append("\"bits\":\(list(e.bits.map(String.init)))") }
        if let v = e.value { f.append("\"value\":\(Cell.number(v).json)") }
        if let n = e.note { f.append("\"note\":\(Cell.quoteJSON(n))") }
        return "{" + f.joined(separator: ",") + "}"
    }

    private static func list(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// Traces the first `runs` runs of point `point` into `path` (a regular
    /// file or nothing there), the same whatever the thread count.
    static func write(job: Job, point: Int, runs: Int, to path: String) throws(JobError) {
        guard (0..<job.sweep.count).contains(point) else {
            throw JobError(file: job.file, location: nil,
                           "--trace-point \(point) is not a point of this job: expected 0…\(job.sweep.count - 1)")
        }
        guard (1...min(runLimit, job.runs)).contains(runs) else {
            throw JobError(file: job.file, location: nil,
                           "--trace-runs \(runs) is invalid: expected 1…\(min(runLimit, job.runs)) (the job's runs, at most \(runLimit))")
        }
        let prepared = try job.prepare(point)
        guard let trace = prepared.trace else {
            let traced = ProtocolCatalog.all.filter { spec in spec.tracesEvents }.map(\.name)
            throw JobError(file: job.file, location: nil,
                           "protocol \(job.spec.name) has no event traces: expected one of \(choices(traced))")
        }
        var out = try AtomicLineWriter(path: path,
                                       header: header(job: job, point: point, runs: runs, nodes: prepared.traceNodes))
        var failure: LockedFile.WriteFailure?
        do throws(NetworkError) {
            try trace(runs, job.pointSeed(point)) { run, event in
                guard failure == nil else { return }
                do throws(LockedFile.WriteFailure) { try out.append(Array(line(run: run, event).utf8)) } catch { failure = error }
            }
        } catch {
            out.abandon()
            throw JobError(file: job.file, location: nil, "trace of point \(point): \(error)")
        }
        do throws(LockedFile.WriteFailure) {
            if let failure { throw failure }
            try out.finish()
        } catch {
            out.abandon()
            throw JobError(file: path, location: nil, error.message)
        }
    }
}
