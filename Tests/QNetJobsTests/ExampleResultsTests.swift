import Foundation
@testable import QNetJobs
import Testing

/// Every example and scenario job gives the same numbers as the committed
/// fixtures (made by scripts/fixtures/make_example_results.sh before the
/// networks-as-data redesign): the rows without their wall time, with the
/// runs per point capped so the whole set runs in seconds. A change of
/// physics anywhere under a job shows here as a changed row.
@Suite struct ExampleResultsTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/QNetJobsTests/Fixtures/example-results")

    /// Runs per point (and at most 200,000 flooded windows for photonic
    /// points): enough to exercise every branch, few enough for CI
    /// (QKD counts pulses, so it needs more of them to detect any).
    static func cappedRuns(_ protocolName: String) -> Int {
        if protocolName == "traffic" { return 4 } // a run is a whole demand: thousands of events
        return ["bb84", "bbm92", "trusted-node-qkd"].contains(protocolName) ? 10_000 : 8
    }

    /// The job files, relative to the repository.
    static var jobFiles: [String] {
        ["examples", "examples/scenarios"].flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent(dir).path)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(dir)/\($0)" }
        }
    }

    /// The job's rows (header first) without wall time, runs capped.
    static func rows(of relativePath: String) throws -> String {
        let path = repositoryRoot.appendingPathComponent(relativePath).path
        let original = try Job.load(path)
        let cap = cappedRuns(original.spec.name)
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: #"(?m)^runs: *[0-9]+"#, with: "runs: \(min(cap, original.runs))",
                                  options: .regularExpression)
            // Noise that floods every window runs a point to its window limit.
            .replacingOccurrences(of: #"(?m)^  max_seconds: *([0-9.e+]+)"#, with: "  max_seconds: $1\n  max_windows: 200000",
                                  options: .regularExpression)
        let job = try Job.parse(text, file: path)
        let file = ResultFile(path: "-", format: .csv, columns: job.columns)
        // The runner's own rows, their last cell (wall time) left out.
        let runner = BatchRunner(job: job, files: [], threads: 1, progress: ProgressReporter(style: .quiet)) { false }
        var lines = [job.columns.dropLast().joined(separator: ",")]
        for i in 0..<job.sweep.count { lines.append(file.line(Array(try runner.runPoint(i).dropLast()))) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fixture(for relativePath: String) -> URL {
        fixtures.appendingPathComponent(relativePath.replacingOccurrences(of: "/", with: "--")
            .replacingOccurrences(of: ".yaml", with: ".csv"))
    }

    @Test(arguments: jobFiles)
    func sameRowsAsBefore(_ relativePath: String) throws {
        let rows = try Self.rows(of: relativePath)
        let url = Self.fixture(for: relativePath)
        if ProcessInfo.processInfo.environment["QNET_WRITE_EXAMPLE_RESULTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.fixtures, withIntermediateDirectories: true)
            try rows.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        // Cell by cell: counts and labels exactly, real numbers to 1e-12
        // relative (a kernel that sums in another order moves the last bits).
        let (got, want) = (rows.split(separator: "\n"), expected.split(separator: "\n"))
        #expect(got.count == want.count, "\(relativePath): \(got.count) rows, fixture has \(want.count)")
        for (line, (g, e)) in zip(got, want).enumerated() where g != e {
            let (gc, ec) = (g.split(separator: ",", omittingEmptySubsequences: false),
                            e.split(separator: ",", omittingEmptySubsequences: false))
            #expect(gc.count == ec.count, "\(relativePath) row \(line): \(gc.count) cells, fixture has \(ec.count)")
            for (a, b) in zip(gc, ec) {
                #expect(Self.agreeToRounding(String(a), String(b)),
                        "\(relativePath) row \(line): \(a), fixture \(b) (\(url.lastPathComponent))")
            }
        }
    }

    /// Equal text, or two non-integer reals within 1e-12 relative.
    static func agreeToRounding(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let isReal = { (s: String) in s.contains(".") || s.contains("e") }
        guard isReal(a), isReal(b), let x = Double(a), let y = Double(b) else { return false }
        return abs(x - y) <= 1e-12 * max(abs(x), abs(y))
    }

    @Test func everyJobHasAFixture() {
        #expect(Self.jobFiles.count >= 13)
        for f in Self.jobFiles {
            #expect(FileManager.default.fileExists(atPath: Self.fixture(for: f).path), "no fixture for \(f)")
        }
    }

    /// Jobs that read their network from a file, and the built-in-topology
    /// job each one restates: their output columns must equal the built-in
    /// job's fixture row for row (the inputs differ only in how places are
    /// named), which shows the file and the built-in topology are one network.
    static let networkFileTwins = [
        ("examples/trusted-node-qkd-metro-file.yaml", "examples/scenarios/04-trusted-node-qkd-metro.yaml"),
    ]

    @Test(arguments: networkFileTwins)
    func networkFileTwinGivesTheBuiltInOutputs(_ twin: String, _ original: String) throws {
        let outputs = try Job.load(repositoryRoot.appendingPathComponent(twin).path).outputs.count
        func tails(_ csv: String) -> [String] {
            csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).suffix(outputs)
                .joined(separator: ",") }
        }
        let expected = try String(contentsOf: Self.fixture(for: original), encoding: .utf8)
        let got = tails(try Self.rows(of: twin))
        #expect(got.count == tails(expected).count && got.count > 1)
        #expect(got == tails(expected), "\(twin) and \(original) give different outputs")
    }

    /// File twins whose path lengths are sums of the file's spans where the
    /// built-in job multiplies (0.8 + 0.8 + 0.8 = 2.4000000000000004 km
    /// against 8 · 3 / 10 = 2.4 km): their outputs agree to 1e-12 relative,
    /// and every count (successes, attempts, hops) exactly.
    static let networkFileTwinsToRounding = [
        ("examples/ring-distribution-chattanooga-file.yaml", "examples/scenarios/03-chattanooga-ring.yaml"),
    ]

    @Test(arguments: networkFileTwinsToRounding)
    func networkFileTwinGivesTheBuiltInOutputsToRounding(_ twin: String, _ original: String) throws {
        let outputs = try Job.load(repositoryRoot.appendingPathComponent(twin).path).outputs.map(\.name)
        // The outputs are each row's last cells (a quoted path among the inputs holds commas).
        func table(_ csv: String) -> [[String: String]] {
            csv.split(separator: "\n").dropFirst().map { line in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).suffix(outputs.count).map(String.init)
                return Dictionary(uniqueKeysWithValues: zip(outputs, cells))
            }
        }
        let got = table(try Self.rows(of: twin))
        let expected = table(try String(contentsOf: Self.fixture(for: original), encoding: .utf8))
        #expect(got.count == expected.count && got.count > 1)
        var differing = 0
        for (g, e) in zip(got, expected) {
            for name in outputs {
                let (a, b) = (g[name] ?? "missing", e[name] ?? "missing")
                if a == b { continue }
                differing += 1
                #expect(Self.agreeToRounding(a, b), "\(twin) \(name): \(a), built-in \(b)")
            }
        }
        // The twin does differ in the last bits: this test compares, it does not pass vacuously.
        #expect(differing > 0 && differing < got.count * outputs.count / 2)
    }
}
