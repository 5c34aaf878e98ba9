import Foundation
@testable import QNetJobs
import Testing

/// A fresh directory for one test's files.
func scratchDirectory(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qnet-tests-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// The file's lines with the wall_time_s column (the last) removed: the
/// part of a results file that must not depend on threads or interruptions.
func deterministicPart(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
        if line.hasPrefix("{") { return String(line.split(separator: ",\"wall_time_s\"").first!) }
        return line.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
    }
}

/// Runs `job` to `dir` with the given threads; `stopAfter` points, if set.
func runJob(_ job: Job, in dir: URL, threads: Int, resume: Bool = false, stopAfter: Int? = nil) throws
    -> BatchRunner.Outcome
{
    let files = [ResultFile(path: dir.appendingPathComponent("out.csv").path, format: .csv, columns: job.columns),
                 ResultFile(path: dir.appendingPathComponent("out.jsonl").path, format: .jsonl, columns: job.columns)]
    let counter = Counter()
    let runner = BatchRunner(job: job, files: files, threads: threads, progress: ProgressReporter(style: .quiet)) {
        stopAfter.map { counter.next() > $0 } ?? false
    }
    return try runner.run(resume: resume)
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        n += 1
        return n
    }
}

let teleportJob = """
    protocol: teleportation
    runs: 50
    seed: 11
    parameters: {t1_s: 1, t2_s: 0.5, source_fidelity: 0.95}
    sweep:
      axes:
        - parameter: length_km
          values: [1, 10, 30]
        - parameter: storage_time_s
          linear: {from: 0, to: 0.01, count: 4}
    """

@Suite struct BatchRunTests {
    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let job = try Job.parse(teleportJob, file: "t.yaml")
        let one = try scratchDirectory("one"), two = try scratchDirectory("two")
        let a = try runJob(job, in: one, threads: 1), b = try runJob(job, in: two, threads: 2)
        #expect(a.complete && b.complete && a.written == 12)
        for name in ["out.csv", "out.jsonl"] {
            #expect(try deterministicPart(one.appendingPathComponent(name).path)
                == deterministicPart(two.appendingPathComponent(name).path))
        }
        // Sorted by index, header first, every column present.
        let lines = try deterministicPart(one.appendingPathComponent("out.csv").path)
        #expect(lines.count == 13 && lines[0].hasPrefix("index,length_km,") && lines[1].hasPrefix("0,1,"))
        #expect(lines[12].hasPrefix("11,30,") && lines[12].contains(",0.01,density-matrix,50,"))
        // Fidelity falls with storage time, as memories decay.
        let f = job.columns.firstIndex(of: "fidelity")!
        let fid = a.cells.keys.sorted().map { a.cells[$0]![f].number! }
        #expect(fid[0] > fid[3] && fid[3] > 0.5)
    }

    @Test func anInterruptedRunResumesToTheSameFiles() throws {
        let job = try Job.parse(teleportJob, file: "t.yaml")
        let whole = try scratchDirectory("whole"), parts = try scratchDirectory("parts")
        _ = try runJob(job, in: whole, threads: 2)
        let first = try runJob(job, in: parts, threads: 2, stopAfter: 5)
        #expect(!first.complete && first.written >= 4 && first.written < 12)
        let second = try runJob(job, in: parts, threads: 2, resume: true)
        #expect(second.complete && second.written == 12)
        for name in ["out.csv", "out.jsonl"] {
            #expect(try deterministicPart(whole.appendingPathComponent(name).path)
                == deterministicPart(parts.appendingPathComponent(name).path))
        }
    }

    @Test func resumeDropsAPartialLastLine() throws {
        let job = try Job.parse(teleportJob, file: "t.yaml")
        let dir = try scratchDirectory("partial")
        _ = try runJob(job, in: dir, threads: 1, stopAfter: 3)
        for name in ["out.csv", "out.jsonl"] {
            let h = FileHandle(forWritingAtPath: dir.appendingPathComponent(name).path)!
            h.seekToEndOfFile()
            h.write(Data("7,1,0.00".utf8)) // a crash in the middle of a line
            h.closeFile()
        }
        let outcome = try runJob(job, in: dir, threads: 2, resume: true)
        #expect(outcome.complete)
        let whole = try scratchDirectory("partial-whole")
        _ = try runJob(job, in: whole, threads: 1)
        #expect(try deterministicPart(dir.appendingPathComponent("out.csv").path)
            == deterministicPart(whole.appendingPathComponent("out.csv").path))
    }

    @Test func resumeRefusesAFileOfAnotherJob() throws {
        let job = try Job.parse(teleportJob, file: "t.yaml")
        let dir = try scratchDirectory("other")
        try "index,something,else\n0,1,2\n".write(to: dir.appendingPathComponent("out.csv"), atomically: true, encoding: .utf8)
        #expect(throws: JobError.self) { try runJob(job, in: dir, threads: 1, resume: true) }
    }

    /// Output columns that do not apply at a protocol's default parameters,
    /// and why; every other column must have a value there.
    static let emptyAtDefaults: [String: Set<String>] = [
        "bb84": ["chsh", "chsh_se"], // prepare-and-measure: no pairs to test
        "bbm92": ["chsh", "chsh_se"], // test_fraction 0: no CHSH rounds
        "trusted-node-qkd": ["attacked_link_qber"], // attacked_link -1: no attacker
    ]

    @Test func everyProtocolRunsAPointAndFillsItsColumns() throws {
        for spec in ProtocolCatalog.all {
            let job = try Job.parse("protocol: \(spec.name)\nruns: 20\n", file: "\(spec.name).yaml")
            let cells = try BatchRunner(job: job, files: [], threads: 1, progress: ProgressReporter(style: .quiet),
                                        stopRequested: { false }).runPoint(0)
            #expect(cells.count == job.columns.count, "\(spec.name)")
            // The outputs come last but the wall time.
            let outputs = zip(job.outputs.map(\.name), cells.dropLast().suffix(job.outputs.count))
            let expectedEmpty = Self.emptyAtDefaults[spec.name] ?? []
            for (column, cell) in outputs {
                let empty: Bool
                if case .empty = cell { empty = true } else { empty = false }
                #expect(empty == expectedEmpty.contains(column),
                        "\(spec.name).\(column) is \(empty ? "empty" : "filled") at the defaults")
            }
        }
    }

    @Test func plotHasOneLinePerSeriesAndLabelledAxes() throws {
        let job = try Job.parse(teleportJob, file: "t.yaml")
        let dir = try scratchDirectory("plot")
        let outcome = try runJob(job, in: dir, threads: 2)
        let svg = SVGPlot(job: job, request: PlotRequest(x: "storage_time_s", y: "fidelity", series: "length_km"),
                          cells: outcome.cells).svg()
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3)
        #expect(svg.contains("storage_time_s (s)") && svg.contains(">fidelity<") && svg.contains(">length_km (km)<") && svg.contains(">30<"))
    }
}

/// A choice on the x axis: the plot must name each category, not come out empty.
@Suite struct CategoricalPlotTests {
    @Test func textXColumnGivesOneMarkerPerPointAtNamedTicks() throws {
        let job = try Job.parse("""
            protocol: purification
            runs: 50
            seed: 3
            sweep:
              axes:
                - parameter: scheme
                  values: [dejmps, bbpssw]
                - parameter: rounds
                  values: [1, 2]
            plot: {x: scheme, y: fidelity, series: rounds}
            """, file: "cat.yaml")
        let dir = try scratchDirectory("categorical-plot")
        let outcome = try runJob(job, in: dir, threads: 2)
        let plot = SVGPlot(job: job, request: PlotRequest(x: "scheme", y: "fidelity", series: "rounds"),
                           cells: outcome.cells)
        #expect(plot.categories() == ["dejmps", "bbpssw"])
        let svg = plot.svg()
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4 + 2, "a marker per point and per legend entry")
        #expect(svg.contains(">dejmps</text>") && svg.contains(">bbpssw</text>"))
        // Categories have no order to draw a line along.
        #expect(!svg.contains("<polyline"))
    }
}

/// Text cells with commas (node lists, user pairs) are quoted in CSV; read
/// back for plots and tables, every cell stays in its column.
@Suite struct QuotedCellTests {
    @Test func aListValueReadsBackAsOneCell() throws {
        let job = try Job.parse("""
            protocol: traffic
            network: {generate: {shape: chain, nodes: 3, length_km: 5}}
            runs: 2
            seed: 1
            parameters: {users: [n0-n2, n2-n1], arrivals: once}
            sweep:
              axes:
                - parameter: pairs_per_request
                  values: [1, 3]
            """, file: "quoted.yaml")
        let outcome = try runJob(job, in: try scratchDirectory("quoted-cells"), threads: 1)
        let users = try #require(job.columns.firstIndex(of: "users"))
        let wanted = try #require(job.columns.firstIndex(of: "pairs_per_request"))
        let delivered = try #require(job.columns.firstIndex(of: "pairs_per_run"))
        for (i, pairs) in [1.0, 3.0].enumerated() {
            let row = try #require(outcome.cells[i])
            #expect(row.count == job.columns.count)
            #expect(row[users] == .text("n0-n2,n2-n1"))
            #expect(row[wanted].number == pairs)
            // Two requests, each served in full.
            #expect(row[delivered].number == 2 * pairs)
        }
    }
}
