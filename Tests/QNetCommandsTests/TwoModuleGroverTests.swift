@testable import QNetCommands
import QuantumSim
import Testing

/// The two-module Grover search finds |11⟩ with certainty on ideal hardware,
/// and less often as the link or the local gates degrade.
@Suite struct TwoModuleGroverTests {
    func success(_ extra: String) throws -> Double {
        let job = try Job.parse("""
            protocol: two-module-grover
            runs: 2
            parameters: {length_km: 0.002\(extra)}
            """, file: "grover.yaml")
        let out = try job.prepare(0).run(job.runs, job.pointSeed(0))
        return try #require(out["fidelity"] ?? nil)
    }

    @Test func findsTheMarkedItem() throws {
        var psi = try StateVector(qubits: 2, options: ExecutionOptions(threads: 1))
        try psi.apply(try ProtocolCatalog.groverCircuit())
        #expect(abs(try psi.probability(3) - 1) < 1e-12)
        #expect(abs(try success("") - 1) < 1e-12)
        let link = try success(", source_fidelity: 0.97"), gates = try success(", source_fidelity: 0.97, gate_error_2q: 0.02")
        #expect(link < 1 && gates < link, "\(link) \(gates)")
    }
}
