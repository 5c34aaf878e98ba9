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
        ["bb84", "bbm92", "trusted-node-qkd"].contains(protocolName) ? 10_000 : 8
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
        #expect(rows == expected, "\(relativePath): rows differ from \(url.lastPathComponent)")
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
}
