import Foundation
@testable import QNetJobs
import QuantumNetwork
import Testing

@Suite struct TrafficJobTests {
    static func job(users: String, extra: String = "") throws -> Job {
        try Job.parse("""
            protocol: traffic
            network: {generate: {shape: ring, nodes: 4, length_km: 2}}
            runs: 2
            parameters: {users: \(users), arrivals: once\(extra)}
            """, file: "traffic.yaml")
    }

    /// Each bad pair is refused when the job is read, naming the value and the nodes.
    @Test(arguments: ["[n0-n0]", "[n0-n7]", "[n0]", "[n0-n1-n2]", "\"n0-n1,\"", "[n0-n1, \"\"]"])
    func badUserPairsAreRefused(users: String) throws {
        do {
            _ = try Self.job(users: users)
            Issue.record("users: \(users) was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains("users") && message.contains("\"n0\", \"n1\", \"n2\"") && message.contains("traffic.yaml:4"), "\(message)")
        }
    }

    /// Points computed on 1 or 2 threads give the same bytes (wall time aside).
    @Test func resultsAndTracesDoNotDependOnTheThreadCount() throws {
        let job = try Job.parse("""
            protocol: traffic
            network: {generate: {shape: ring, nodes: 6, length_km: 3}, defaults: {module: {capacity: 4, t1_s: 1, t2_s: 0.05}}}
            runs: 3
            seed: 5
            parameters: {users: [n0-n3, n1-n4, n5-n2], arrival_window_s: 0.01, cutoff_s: 0.002}
            sweep:
              mode: product
              axes:
                - {parameter: allocation, values: [on-demand, reserve-path]}
                - {parameter: arrival_rate_hz, values: [300, 3000]}
            """, file: "traffic-threads.yaml")
        let one = try scratchDirectory("traffic-one"), two = try scratchDirectory("traffic-two")
        _ = try runJob(job, in: one, threads: 1)
        _ = try runJob(job, in: two, threads: 2)
        for name in ["out.csv", "out.jsonl"] {
            #expect(try deterministicPart(one.appendingPathComponent(name).path)
                == deterministicPart(two.appendingPathComponent(name).path))
        }
    }

    /// Random pairs around a hotspot run from a job; a hotspot outside the nodes drawn among is refused.
    @Test func randomPairsRunFromAJob() throws {
        func job(_ extra: String) throws -> Job {
            try Job.parse("""
                protocol: traffic
                network: {generate: {shape: ring, nodes: 5, length_km: 2}}
                runs: 2
                parameters: {arrivals: random-pairs, arrival_rate_hz: 500, arrival_window_s: 0.01\(extra)}
                """, file: "random.yaml")
        }
        let j = try job(", random_nodes: [n0, n1, n2], hotspot: n0, hotspot_share: 0.5")
        let row = try j.prepare(0).row(j.runs, j.pointSeed(0))
        let requests = try #require(TrafficResult.columns.firstIndex { $0.name == "requests_per_run" })
        #expect((row[requests] ?? 0) > 0)
        do {
            let bad = try job(", random_nodes: [n1, n2], hotspot: n0, hotspot_share: 0.5")
            _ = try bad.prepare(0)
            Issue.record("a hotspot outside random_nodes was accepted")
        } catch {
            #expect("\(error)".contains("hotspot n0"), "\(error)")
        }
    }

    /// The job's point is the library's experiment: the same requests on the
    /// same network and seed give the same row.
    @Test func aPointIsTheLibrarysTraffic() throws {
        let job = try Self.job(users: "[n0-n2, n3-n1]", extra: ", pairs_per_request: 2, swap_order: nested")
        let row = try job.prepare(0).row(job.runs, job.pointSeed(0))
        var net = Network()
        for i in 0..<4 { try net.addNode("n\(i)") }
        for i in 0..<4 { try net.connect("n\(i)", "n\((i + 1) % 4)", by: QuantumLink(lengthKm: 2)) }
        let demand = TrafficDemand.fixed([
            try TrafficRequest(source: "n0", destination: "n2", pairs: 2),
            try TrafficRequest(source: "n3", destination: "n1", pairs: 2),
        ])
        let traffic = try Traffic(network: net, demand: demand, policy: TrafficPolicy(swapOrder: .nested))
        #expect(row == (try traffic.run(runs: job.runs, seed: job.pointSeed(0)).row))
        let delivered = try #require(TrafficResult.columns.firstIndex { $0.name == "delivered_fraction" })
        #expect(row[delivered] == 1)
    }
}
