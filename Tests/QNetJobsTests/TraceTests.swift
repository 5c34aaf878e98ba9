import Foundation
@testable import QNetJobs
import Testing

@Suite struct TraceTests {
    static let jobText = """
        protocol: traffic
        network: {generate: {shape: ring, nodes: 5, length_km: 4}, defaults: {module: {capacity: 4, t1_s: 1, t2_s: 0.05}}}
        runs: 3
        seed: 9
        parameters: {users: [n0-n2, n3-n1], arrival_rate_hz: 400, arrival_window_s: 0.01, cutoff_s: 0.001}
        sweep:
          axes:
            - {parameter: pairs_per_request, values: [1, 2]}
        """

    /// The trace file: a header naming the point and the network's nodes,
    /// then one event per line, the same bytes every time; its timeline
    /// has a lane per node named and two bars per pair made.
    @Test func aTraceIsItsRunsEventByEventAndDrawsAsATimeline() throws {
        let job = try Job.parse(Self.jobText, file: "trace.yaml")
        let dir = try scratchDirectory("trace")
        let a = dir.appendingPathComponent("a.jsonl").path, b = dir.appendingPathComponent("b.jsonl").path
        try TraceFile.write(job: job, point: 1, runs: 2, to: a)
        try TraceFile.write(job: job, point: 1, runs: 2, to: b)
        let text = try String(contentsOfFile: a, encoding: .utf8)
        #expect(text == (try String(contentsOfFile: b, encoding: .utf8)))
        let lines = text.split(separator: "\n")
        #expect(lines[0].hasPrefix("{\"trace\":\"qnet\",\"job\":\"trace\",\"protocol\":\"traffic\",\"point\":1,"))
        #expect(lines[0].hasSuffix("\"runs\":2,\"nodes\":[\"n0\",\"n1\",\"n2\",\"n3\",\"n4\"]}"))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("{\"run\":0,") || $0.hasPrefix("{\"run\":1,") })
        let heralds = lines.filter { $0.contains("\"run\":0,") && $0.contains("\"event\":\"herald\"") }.count
        let swaps = lines.filter { $0.contains("\"run\":0,") && $0.contains("\"event\":\"swap\"") }.count
        #expect(heralds > 10 && swaps > 0)

        var counts: [String: Int] = [:]
        let timeline = try TraceTimeline.read(a, run: 0, counts: &counts)
        #expect(counts.values.reduce(0, +) == lines.count - 1)
        #expect(timeline.lanes == ["n0", "n1", "n2", "n3"])
        #expect(timeline.bars.count == 2 * (heralds + swaps))
        #expect(timeline.marks.count(where: { $0.kind == .swap }) == swaps)
        let svg = timeline.svg(title: "t")
        #expect(svg.contains(">n3</text>") && !svg.contains(">n4</text>") && svg.contains("simulated time (ms)"))
    }

    @Test func badTraceRequestsAreClearErrors() throws {
        let job = try Job.parse(Self.jobText, file: "trace.yaml")
        let path = try scratchDirectory("trace-errors").appendingPathComponent("t.jsonl").path
        for (point, runs, expected) in [(2, 1, "--trace-point 2"), (0, 4, "--trace-runs 4"), (0, 0, "--trace-runs 0")] {
            #expect(throws: JobError.self) { try TraceFile.write(job: job, point: point, runs: runs, to: path) }
            do { try TraceFile.write(job: job, point: point, runs: runs, to: path) } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
        let bb84 = try Job.parse("protocol: bb84\nruns: 10\n", file: "bb84.yaml")
        do {
            try TraceFile.write(job: bb84, point: 0, runs: 1, to: path)
            Issue.record("bb84 was traced")
        } catch {
            #expect("\(error)".contains("no event traces") && "\(error)".contains("traffic"))
        }
        // Not a trace: named, with its line.
        try "{\"not\": \"a trace\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        var counts: [String: Int] = [:]
        #expect(throws: JobError.self) { try TraceTimeline.read(path, run: 0, counts: &counts) }
        try TraceFile.write(job: job, point: 0, runs: 1, to: path)
        do {
            _ = try TraceTimeline.read(path, run: 1, counts: &counts)
            Issue.record("run 1 of a one-run trace was drawn")
        } catch {
            #expect("\(error)".contains("--run 1"))
        }
    }
}
