import ComplexModule
import QuantumSim

/// The checks of a distributed state vector against the single-process one,
/// run on any ``Communicator``: by `swift test` on a `LocalCluster` and,
/// under `mpirun`, by `qnet-mpi-check` on MPI. Every rank calls them in the
/// same order; rank 0 also runs the single-process state and compares.
public enum DistributedChecks {
    /// Largest |Δ amplitude| between `circuit` run distributed and on one
    /// process (on rank 0; 0 elsewhere), and this rank's exchange counts.
    public static func difference(_ circuit: Circuit, communicator: any Communicator, options: ExecutionOptions,
                                  strategy: RemapStrategy = .lookahead, precision: Precision = .double,
                                  chunkBytes: Int? = nil) throws -> (difference: Double, statistics: ExchangeStatistics) {
        var state = try DistributedStateVector(qubits: circuit.qubitCount, communicator: communicator,
                                               precision: precision, options: options)
        state.remapping = strategy
        if let chunkBytes { state.exchangeChunkBytes = chunkBytes }
        try state.apply(circuit)
        guard let got = try state.gatheredAmplitudes() else { return (0, state.statistics) }
        var single = try StateVector(qubits: circuit.qubitCount, precision: precision, options: options)
        try single.apply(circuit)
        return (Reference.maxDifference(got, single.amplitudes), state.statistics)
    }

    /// The whole battery; returns one line per failed check (empty: all
    /// passed; only rank 0 finds failures). `circuits` are extra named
    /// circuits (the benchmark ones) compared in complex128 with both
    /// remapping strategies.
    public static func run(communicator: any Communicator, options: ExecutionOptions,
                           circuits: [(name: String, circuit: Circuit)] = []) throws -> [String] {
        var failures: [String] = []
        func expect(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { failures.append(what()) } }
        let globalQubits = communicator.size.trailingZeroBitCount

        // Random circuits of every shape; at least 3 local qubits for the
        // 3-qubit unitaries.
        for (n, seed) in [(6, UInt64(1)), (9, 2), (12, 3)] where n - globalQubits >= 3 {
            let circuit = try randomWideCircuit(qubits: n, gates: 150, seed: seed)
            for strategy in RemapStrategy.allCases {
                let d = try difference(circuit, communicator: communicator, options: options, strategy: strategy)
                expect(d.difference < 1e-12, "random n=\(n) \(strategy): max |Δ| = \(d.difference)")
                let s = try difference(circuit, communicator: communicator, options: options, strategy: strategy,
                                       precision: .single)
                expect(s.difference < 2e-5, "random n=\(n) \(strategy) complex64: max |Δ| = \(s.difference)")
            }
            // Tiny messages: the chunked exchange must give the same state.
            let chunked = try difference(circuit, communicator: communicator, options: options, chunkBytes: 48)
            expect(chunked.difference < 1e-12, "random n=\(n) in 48-byte chunks: max |Δ| = \(chunked.difference)")
        }
        for (name, circuit) in circuits {
            for strategy in RemapStrategy.allCases {
                let d = try difference(circuit, communicator: communicator, options: options, strategy: strategy)
                expect(d.difference < 1e-12, "\(name) \(strategy): max |Δ| = \(d.difference)")
            }
        }
        try checkReads(communicator: communicator, options: options, expect: expect)
        return failures
    }

    /// Norm, amplitudes, marginals, Pauli expectations, sampling and
    /// measurement against the single-process state after the same circuit.
    static func checkReads(communicator: any Communicator, options: ExecutionOptions,
                           expect: (Bool, @autoclosure () -> String) -> Void) throws {
        let n = max(8, communicator.size.trailingZeroBitCount + 3)
        let circuit = try randomWideCircuit(qubits: n, gates: 80, seed: 7)
        var state = try DistributedStateVector(qubits: n, communicator: communicator, options: options)
        try state.apply(circuit)
        var single = try StateVector(qubits: n, options: options)
        try single.apply(circuit)
        let isRoot = communicator.rank == 0
        func close(_ a: Double, _ b: Double) -> Bool { !isRoot || abs(a - b) < 1e-12 }

        let norm = try state.normSquared()
        expect(close(norm, single.normSquared), "norm² \(norm), single-process \(single.normSquared)")
        for index in [0, 5, (1 << n) - 1] {
            let a = try state.amplitude(index), b = try single.amplitude(index)
            expect(close((a - b).length, 0), "amplitude(\(index)) \(a), single-process \(b)")
        }
        for qubits in [[0], [n - 1], [n - 1, 0, n / 2], Array(0..<n)] {
            let m = try state.marginalProbabilities(qubits), e = try single.marginalProbabilities(qubits)
            let worst = zip(m, e).map { abs($0 - $1) }.max()!
            expect(close(worst, 0), "marginal of \(qubits): max |Δ| = \(worst)")
        }
        let top = String(repeating: "I", count: n - 3)
        for label in ["X" + String(repeating: "I", count: n - 1), "YZ" + top + "X", "ZZ" + top + "Z", "XY" + top + "Y"] {
            let pauli = try PauliString(label)
            let e = try state.expectation(pauli), f = try single.expectation(pauli)
            expect(close(e, f), "⟨\(label)⟩ = \(e), single-process \(f)")
        }
        // The expectations may have moved qubits: the state must not change.
        if let amplitudes = try state.gatheredAmplitudes() {
            let d = Reference.maxDifference(amplitudes, single.amplitudes)
            expect(d < 1e-12, "state after expectations: max |Δ| = \(d)")
        }
        var sampler = SeededGenerator(seed: 99)
        let shots = try state.sample(shots: 500, using: &sampler)
        let singleShots = try single.sample(shots: 500, seed: 99)
        expect(shots == singleShots || !isRoot, "samples differ from the single-process ones for the same seed: \(zip(shots, singleShots).filter { $0 != $1 }.prefix(5)) sorted equal: \(shots.sorted() == singleShots.sorted())")

        var rng = SeededGenerator(seed: 5), singleRNG = SeededGenerator(seed: 5)
        let outcome = try state.measure(Array(0..<n).reversed(), using: &rng)
        let singleOutcome = try single.measure(Array(0..<n).reversed(), using: &singleRNG)
        expect(outcome == singleOutcome, "measured \(outcome), single-process \(singleOutcome)")
        if let amplitudes = try state.gatheredAmplitudes() {
            let d = Reference.maxDifference(amplitudes, single.amplitudes)
            expect(d < 1e-12, "state after measuring: max |Δ| = \(d)")
        }
    }
}
