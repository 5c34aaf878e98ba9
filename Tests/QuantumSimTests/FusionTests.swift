import QuantumSim
import QuantumSimTestSupport
import Testing

@Suite struct FusionTests {
    /// Fused against unfused on random circuits of 2 to 14 qubits (1 qubit:
    /// oneQubitCircuitsFuseToOneGate), with
    /// every block size, with no cache block (every gate streams) and with
    /// a cache block of 4 qubits (blocks on both sides of it, and gates
    /// crossing it).
    @Test(arguments: [1, 2, 3, 4, 5])
    func fusedCircuitsGiveTheSameState(maxQubits: Int) throws {
        for (n, seed) in [(2, UInt64(1)), (3, 2), (6, 3), (8, 4), (11, 5), (14, 6)] {
            let c = try randomCircuit(qubits: n, gates: 150, seed: seed)
            var a = try StateVector(qubits: n, options: ExecutionOptions(threads: 1, cacheBlockQubits: 0, fusionQubits: 1))
            try a.apply(c)
            for cacheBlock in [0, 4] {
                let f = try c.fused(maxQubits: maxQubits, cacheBlockQubits: cacheBlock)
                #expect(f.operations.count <= c.operations.count)
                for op in f.operations where op.gate.name == "fused" {
                    #expect(op.qubits.count <= (op.gate.isDiagonal ? Gate.maximumTargets : maxQubits))
                }
                var b = try StateVector(qubits: n, options: ExecutionOptions(threads: 1, cacheBlockQubits: 0, fusionQubits: 1))
                try b.apply(f)
                #expect(Reference.maxDifference(a.amplitudes, b.amplitudes) < 1e-12, "n=\(n) k=\(maxQubits) b=\(cacheBlock)")
                #expect(try c.fused(maxQubits: maxQubits, cacheBlockQubits: cacheBlock) == f) // deterministic
            }
        }
    }

    /// One qubit: a run of 1-qubit gates becomes one gate, with the same state.
    @Test func oneQubitCircuitsFuseToOneGate() throws {
        var rng = RandomInputs(seed: 9)
        var c = try Circuit(qubits: 1)
        for _ in 0..<40 { c = try c.rx(rng.angle(), 0).rz(rng.angle(), 0).h(0) }
        for cacheBlock in [0, 4] {
            let f = try c.fused(maxQubits: 2, cacheBlockQubits: cacheBlock)
            #expect(f.operations.count == 1)
            let plain = try ExecutionOptions(threads: 1, cacheBlockQubits: 0, fusionQubits: 1)
            var a = try StateVector(qubits: 1, options: plain), b = a
            try a.apply(c)
            try b.apply(f)
            #expect(Reference.maxDifference(a.amplitudes, b.amplitudes) < 1e-12)
        }
    }

    /// The QFT's controlled phases commute: they fuse into diagonal blocks
    /// of up to 5 qubits, whatever the dense block size, and only the
    /// Hadamards (and any dense blocks around them) stay dense.
    @Test func controlledPhasesFuseIntoDiagonalBlocks() throws {
        let c = try CircuitTests.qft(12)
        let f = try c.fused(maxQubits: 2, cacheBlockQubits: 0)
        let diagonal = f.operations.filter { $0.gate.isDiagonal }
        #expect(diagonal.contains { $0.qubits.count == Gate.maximumTargets })
        #expect(f.operations.count * 2 < c.operations.count, "\(f.operations.count) of \(c.operations.count)")
    }

    /// Beyond the cache block a streaming pass costs the same for 1 to 3
    /// qubits, so gates fuse up to the block size there; inside it they
    /// stay within 2 qubits (a 3-qubit product costs more arithmetic than
    /// its gates), and no block mixes the two sides.
    @Test func blocksRespectTheCacheBlock() throws {
        var c = try Circuit(qubits: 8)
        for _ in 0..<2 {
            for q in 0..<8 { c = try c.rx(0.1 * Double(q + 1), q).rz(0.3, q) }
            for q in 0..<7 { c = try c.cx(q, q + 1) }
        }
        let f = try c.fused(maxQubits: 4, cacheBlockQubits: 4)
        for op in f.operations where op.gate.name == "fused" {
            let outside = op.qubits.contains { $0 >= 4 }
            #expect(op.qubits.count <= (outside ? 4 : 2), "\(op)")
        }
        #expect(f.operations.contains { $0.qubits.count == 4 && $0.qubits.allSatisfy { $0 >= 4 } })
    }

    /// `StateVector.apply(_: Circuit)` fuses by default from 14 qubits on,
    /// and gives the gate-by-gate state; fusionQubits 1 turns it off.
    @Test func applyFusesLargeStatesByDefault() throws {
        let n = ExecutionOptions.fusionMinimumQubits
        let c = try randomCircuit(qubits: n, gates: 120, seed: 21)
        var fused = try StateVector(qubits: n, options: ExecutionOptions(threads: 2))
        var plain = try StateVector(qubits: n, options: ExecutionOptions(threads: 2, cacheBlockQubits: 0, fusionQubits: 1))
        try fused.apply(c)
        try plain.apply(c)
        #expect(Reference.maxDifference(fused.amplitudes, plain.amplitudes) < 1e-12)
        #expect(throws: QuantumSimError.invalidParameter(name: "fusion block size", value: 6, expected: "1 to 5 qubits")) {
            _ = try ExecutionOptions(fusionQubits: 6)
        }
    }

    @Test func runsOfOneQubitGatesBecomeOneGateAndDiagonalsStayDiagonal() throws {
        let c = try Circuit(qubits: 2).rx(0.1, 0).rz(0.2, 0).rx(0.3, 0).t(1).rz(0.4, 1).cp(0.5, 0, 1)
        let f = try c.fused(maxQubits: 2)
        #expect(f.operations.count < c.operations.count)
        // The diagonal gates on qubit 1 and the cp fuse into one diagonal gate.
        let only1 = try Circuit(qubits: 2).t(1).rz(0.4, 1).cp(0.5, 0, 1).fused(maxQubits: 2)
        #expect(only1.operations.count == 1)
        if case .diagonal = only1.operations[0].gate.action {} else { Issue.record("expected a diagonal gate") }
    }

    @Test func badBlockSizeIsAClearError() throws {
        #expect(throws: QuantumSimError.invalidParameter(name: "fusion block size", value: 6, expected: "1 to 5 qubits")) {
            _ = try Circuit(qubits: 2).h(0).fused(maxQubits: 6)
        }
    }

    @Test func benchmarkCircuitsKeepTheirState() throws {
        let root = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let text = try String(contentsOfFile: "/" + root + "/Benchmarks/circuits/random-20.qasm", encoding: .utf8)
        let c = try Circuit(qasm: text)
        // 12 qubits' worth of the same structure keeps the test quick: the first 400 gates on 20 qubits.
        var short = try Circuit(qubits: 20)
        for op in c.operations.prefix(400) { try short.append(op.gate, on: op.qubits) }
        let streaming = try short.fused(maxQubits: 3, cacheBlockQubits: 0)
        #expect(streaming.operations.count * 3 < short.operations.count)
        let plain = try ExecutionOptions(threads: 2, cacheBlockQubits: 0, fusionQubits: 1)
        var a = try StateVector(qubits: 20, options: plain)
        try a.apply(short)
        for f in [streaming, try short.fused(maxQubits: 4)] {
            var b = try StateVector(qubits: 20, options: plain)
            try b.apply(f)
            #expect(Reference.maxDifference(a.amplitudes, b.amplitudes) < 1e-12)
        }
    }
}
