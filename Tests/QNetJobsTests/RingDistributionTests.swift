@testable import QNetJobs
import RealModule
import Testing

/// Ring routing: the path's hops and length, the pair's fidelity, and the
/// rate against the heralding closed form p / (2L · 5 µs/km).
@Suite struct RingDistributionTests {
    func point(_ extra: String) throws -> [String: Double?] {
        let job = try Job.parse("""
            protocol: ring-distribution
            runs: 4000
            seed: 4
            parameters: {nodes: 10, ring_length_km: 8, node_a: 0, node_b: 7, source_fidelity: 0.9\(extra)}
            """, file: "ring.yaml")
        return try job.outputs(ofPoint: 0)
    }

    @Test func routesAroundTheRing() throws {
        let short = try point(""), long = try point(", route: longest")
        #expect(short["hops"] == 3 && long["hops"] == 7)
        #expect(abs((short["path_km"]! ?? 0) - 2.4) < 1e-12 && abs((long["path_km"]! ?? 0) - 5.6) < 1e-12)
        #expect(abs((short["fidelity"]! ?? 0) - 0.9) < 1e-9)
        // Rate = p / (2 L · 5 µs/km), p = 10^(−(0.2 L + 1 dB · (hops − 1))/10).
        func expected(_ km: Double, _ hops: Double) -> Double {
            Double.pow(10, -(0.2 * km + Double(hops - 1)) / 10) / (2 * km * 5e-6)
        }
        for (r, km, hops) in [(short, 2.4, 3.0), (long, 5.6, 7.0)] {
            let rate = r["rate_per_s"]! ?? 0
            #expect(abs(rate / expected(km, hops) - 1) < 0.06, "\(rate) vs \(expected(km, hops))")
        }
    }

    @Test func badNodesAreClearErrors() {
        #expect(throws: JobError.self) { _ = try point(", node_b: 12") }
        #expect(throws: JobError.self) { _ = try point(", node_b: 0") }
    }
}
