import ComplexModule
@testable import QNetJobs
@testable import QuantumNetwork
import QuantumSim
import QuantumSimTestSupport
import Testing

/// The two-module circuits do what they say, and their figures match closed
/// forms: ideal hardware gives 1; a CZ teleported through a Werner pair of
/// fidelity F has process fidelity F; the search degrades with the link and
/// the local gates.
@Suite struct TwoModuleCircuitsTests {
    @Test func circuitsAreTheGatesTheyName() throws {
        let iswap = try Gate.unitary([[.one, .zero, .zero, .zero], [.zero, .zero, Complex(0, 1), .zero],
                                      [.zero, Complex(0, 1), .zero, .zero], [.zero, .zero, .zero, .one]])
        let plain = try ExecutionOptions(threads: 1, cacheBlockQubits: 0, fusionQubits: 1)
        for (name, gate) in [(TwoModuleCircuits.Workload.cz, Gate.cz), (.iswap, iswap), (.swap, Gate.swap)] {
            var expected = try TwoModuleCircuits.choiInput()
            try expected.apply(gate, to: [0, 1])
            var actual = try TwoModuleCircuits.choiInput()
            try actual.apply(try TwoModuleCircuits.gateCircuit(name))
            #expect(Reference.maxDifference(actual.amplitudes, expected.amplitudes) < 1e-12, "\(name)")
        }
        var grover = try StateVector(qubits: 2, options: plain)
        try grover.apply(try TwoModuleCircuits.groverCircuit())
        #expect(abs(try grover.probability(3) - 1) < 1e-12)
    }

    func figure(_ circuit: String, _ extra: String = "") throws -> Double {
        let job = try Job.parse("""
            protocol: two-module-circuits
            runs: 2
            parameters: {circuit: \(circuit)\(extra)}
            """, file: "two.yaml")
        let out = try job.outputs(ofPoint: 0)
        return try #require(out["fidelity"] ?? nil)
    }

    @Test func closedForms() throws {
        for c in ["grover", "cz", "iswap", "swap"] { #expect(abs(try figure(c) - 1) < 1e-12, "\(c)") }
        // The telegate passes its pair's Werner noise on: process fidelity F.
        #expect(abs(try figure("cz", ", source_fidelity: 0.97") - 0.97) < 1e-12)
        // The references sit in noiseless modules: with T2 = 10 ms only the
        // data qubits dephase, for the tens of nanoseconds a 2 m link takes.
        #expect(1 - (try figure("cz", ", t1_s: .inf, t2_s: 0.01")) < 1e-5)
        let link = try figure("grover", ", source_fidelity: 0.97")
        let gates = try figure("grover", ", source_fidelity: 0.97, gate_error_2q: 0.02")
        #expect(link < 1 && gates < link, "\(link) \(gates)")
    }
}
