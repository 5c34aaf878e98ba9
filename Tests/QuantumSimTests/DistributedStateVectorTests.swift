@testable import QuantumSim
import QuantumSimMPI
import QuantumSimTestSupport
import Testing

/// The distributed state vector on ranks that are threads of this process
/// (`LocalCluster`): the same algorithm `mpirun` runs over MPI, checked
/// against the single-process state. `scripts/test-mpi` runs the same
/// battery (`DistributedChecks`) under `mpirun -np 2` and `-np 4`.
@Suite struct DistributedStateVectorTests {
    static let options = try! ExecutionOptions(threads: 1)

    /// Random circuits of every gate shape, both remapping strategies, both
    /// precisions, chunked exchanges, and every read, on 1 to 16 ranks.
    @Test(arguments: [1, 2, 4, 8, 16])
    func batteryMatchesTheSingleProcessState(ranks: Int) throws {
        let failures = try LocalCluster.run(ranks: ranks) { comm in
            try DistributedChecks.run(communicator: comm, options: Self.options)
        }
        #expect(failures[0].isEmpty, "\(failures[0].joined(separator: "\n"))")
    }

    /// The benchmark circuits at 20 qubits, on 4 ranks (scripts/test-mpi
    /// runs them on 2 and 4 MPI ranks).
    @Test(arguments: [4])
    func benchmarkCircuitsMatchTheSingleProcessState(ranks: Int) throws {
        let root = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let circuits = try ["random-20", "qft-20"].map { name in
            (name: name, circuit: try Circuit(qasm: String(contentsOfFile: "/\(root)/Benchmarks/circuits/\(name).qasm",
                                                           encoding: .utf8)))
        }
        let opts = try ExecutionOptions(threads: 1)
        let failures = try LocalCluster.run(ranks: ranks) { comm in
            var failures: [String] = []
            for (name, circuit) in circuits {
                for strategy in RemapStrategy.allCases {
                    let d = try DistributedChecks.difference(circuit, communicator: comm, options: opts, strategy: strategy)
                    if d.difference >= 1e-12 { failures.append("\(name) \(strategy): \(d.difference)") }
                }
            }
            return failures
        }
        #expect(failures[0].isEmpty, "\(failures[0])")
    }

    /// A run of gates on one global qubit costs one swap with lookahead and
    /// two per gate without; gates that only read global qubits (controls,
    /// diagonals) cost none. Each swap sends half a slice.
    @Test func lookaheadSwapsOncePerRunOfGates() throws {
        var c = try Circuit(qubits: 6)
        for _ in 0..<5 { c = try c.h(5).rx(0.3, 5) }
        let circuit = try c.cx(5, 0).cp(0.7, 4, 5).rz(0.2, 4).cz(4, 5)
        let stats = try LocalCluster.run(ranks: 4) { comm in
            try RemapStrategy.allCases.map { strategy in
                try DistributedChecks.difference(circuit, communicator: comm, options: Self.options, strategy: strategy)
            }
        }
        for (i, strategy) in RemapStrategy.allCases.enumerated() {
            let planned = try DistributedStateVector.plannedExchanges(for: circuit, qubits: 6, ranks: 4, strategy: strategy)
            var counted = stats[0][i].statistics
            counted.seconds = 0
            #expect(planned == counted)
        }
        for rank in stats {
            #expect(rank.map(\.difference).allSatisfy { $0 < 1e-12 })
            #expect(rank[0].statistics.swaps == 1)
            #expect(rank[1].statistics.swaps == 20)
            #expect(rank[0].statistics.globalGates == 1 && rank[1].statistics.globalGates == 10)
            // 4 local qubits: half a slice is 8 complex128 amplitudes.
            #expect(rank[0].statistics.bytesSent == 8 * 16)
        }
    }

    /// SWAP gates rename positions: swapping a global qubit with a local
    /// one and then using it costs no exchange.
    @Test func swapGatesMoveNoAmplitudes() throws {
        let circuit = try Circuit(qubits: 6).h(0).ry(0.4, 1).swap(0, 5).h(5).swap(4, 1).rx(0.3, 4).cx(4, 5).swap(2, 3)
        let results = try LocalCluster.run(ranks: 4) { comm in
            try DistributedChecks.difference(circuit, communicator: comm, options: Self.options)
        }
        for r in results {
            #expect(r.difference < 1e-12)
            #expect(r.statistics.swaps == 0)
        }
    }

    /// Random circuits need far fewer swaps with the lookahead than per
    /// gate; on the benchmark's random circuit (layers of rotations and a
    /// CNOT ladder) reordering within the ladder's light cone leaves one
    /// swap per global qubit, all made in one exchange.
    @Test func lookaheadNeedsFewerSwapsThanPerGate() throws {
        let c = try randomWideCircuit(qubits: 10, gates: 300, seed: 21)
        let layout = QubitLayout(qubits: 10)
        let ahead = try GlobalQubitPlan(c.operations, layout: layout, localQubits: 8, strategy: .lookahead)
        let perGate = try GlobalQubitPlan(c.operations, layout: layout, localQubits: 8, strategy: .perGate)
        #expect(ahead.swapCount * 4 < perGate.swapCount, "\(ahead.swapCount) vs \(perGate.swapCount)")

        let root = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let random20 = try Circuit(qasm: String(contentsOfFile: "/\(root)/Benchmarks/circuits/random-20.qasm", encoding: .utf8))
        // ... and those swaps go in one exchange moving 1 − 2^−k of a slice
        // (k separate swaps would move k/2).
        for globalQubits in 1...4 {
            let s = try DistributedStateVector.plannedExchanges(for: random20, qubits: 20, ranks: 1 << globalQubits)
            #expect(s.swaps == globalQubits && s.exchanges == 1, "\(s)")
            let slice = 16 << (20 - globalQubits)
            #expect(s.bytesSent == slice - slice >> globalQubits, "\(s)")
        }
    }

    /// docs/distributed.md's example, with threads for ranks and a state
    /// small enough for a test: every rank gets the same reads.
    @Test func docsExampleRunsOnThreads() throws {
        let circuit = try Circuit(qubits: 10).h(9).cx(9, 0).ry(0.3, 4).cz(4, 9)
        let reads = try LocalCluster.run(ranks: 8) { comm in
            var psi = try DistributedStateVector(qubits: 10, communicator: comm)
            try psi.apply(circuit)
            let p = try psi.marginalProbabilities([0, 9])
            var rng = SeededGenerator(seed: 1)
            let shots = try psi.sample(shots: 100, using: &rng)
            return (p, shots)
        }
        var single = try StateVector(qubits: 10)
        try single.apply(circuit)
        let expected = try single.marginalProbabilities([0, 9])
        for (p, shots) in reads {
            #expect(zip(p, expected).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(shots == reads[0].1)
            #expect(shots.allSatisfy { $0 & 1 == $0 >> 9 & 1 })
        }
    }

    @Test func rankCountsThatCannotHoldTheStateAreClearErrors() throws {
        let three = try LocalCluster.run(ranks: 3) { comm in
            Result { try DistributedStateVector(qubits: 10, communicator: comm) }.map { _ in 0 }
        }
        for r in three {
            #expect(throws: QuantumSimError.invalidRankCount(3)) { try r.get() }
        }
        let eight = try LocalCluster.run(ranks: 8) { comm in
            Result { try DistributedStateVector(qubits: 3, communicator: comm) }.map { _ in 0 }
        }
        #expect(throws: QuantumSimError.tooManyRanks(ranks: 8, qubits: 3)) { try eight[0].get() }
        #expect(QuantumSimError.tooManyRanks(ranks: 8, qubits: 3).description.contains("at most 4"))
        var inputs = RandomInputs(seed: 1)
        let wide = try Gate.unitary(inputs.unitary(qubits: 3))
        let narrow = try LocalCluster.run(ranks: 4) { comm in
            Result {
                var s = try DistributedStateVector(qubits: 4, communicator: comm)
                try s.apply(Circuit(qubits: 4).ccx(0, 1, 2).adding(wide, 0, 1, 3))
            }.map { _ in 0 }
        }
        #expect(throws: QuantumSimError.gateWiderThanSlice(gate: "unitary", targets: 3, localQubits: 2)) { try narrow[0].get() }
    }

    /// A rank that fails does not leave the others waiting.
    @Test func aFailingRankReleasesTheOthers() throws {
        #expect(throws: QuantumSimError.invalidShots(-1)) {
            _ = try LocalCluster.run(ranks: 2) { comm in
                var s = try DistributedStateVector(qubits: 4, communicator: comm)
                if comm.rank == 1 { throw QuantumSimError.invalidShots(-1) }
                try s.apply(Circuit(qubits: 4).h(3))
                return 0
            }
        }
    }
}
