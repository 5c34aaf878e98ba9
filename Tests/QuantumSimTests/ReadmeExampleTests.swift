import QuantumSim
import Testing

/// The README's examples, kept compiling and true.
@Suite struct ReadmeExampleTests {
    @Test func quickStartExamples() throws {
        let bell = try Circuit(qubits: 2).h(0).cx(0, 1)
        var state = try StateVector(qubits: 2)
        try state.apply(bell)
        #expect(state.probabilities.map { ($0 * 1e12).rounded() / 1e12 } == [0.5, 0, 0, 0.5])
        #expect(abs(try state.expectation(PauliString("XX")) - 1) < 1e-14)
        var rng = SeededGenerator(seed: 42)
        let counts = try state.counts(shots: 1000, using: &rng)
        #expect(Set(counts.keys).isSubset(of: [0, 3]) && counts.values.reduce(0, +) == 1000)
        let bit = try state.measure(0, using: &rng)
        #expect(abs(try state.probability(bit == 1 ? 3 : 0) - 1) < 1e-12)

        var rho = try DensityMatrix(qubits: 2)
        try rho.apply(bell)
        try rho.apply(Channel.depolarizing(0.1), to: [1])
        try rho.apply(Channel.memoryDecoherence(time: 1e-3, t1: 10e-3, t2: 5e-3), to: [0])
        let f = try rho.fidelity(with: BellState.phiPlus.stateVector())
        #expect(f > 0.5 && f < 1)
        #expect(try rho.concurrence() > 0 && rho.negativity(subsystem: [0]) > 0)
        let half = try rho.partialTrace(keeping: [0])
        #expect(abs(try half.vonNeumannEntropy() - 1) < 0.2)
        var psi = try StateVector(qubits: 20)
        try psi.apply(Channel.amplitudeDamping(0.05), to: [3], using: &rng)
        #expect(abs(psi.normSquared - 1) < 1e-12)
    }
}
