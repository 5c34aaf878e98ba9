import QuantumSim
import QuantumSimTestSupport
import Testing

@Suite struct FusionTests {
    @Test(arguments: [1, 2, 3, 4, 5])
    func fusedCircuitsGiveTheSameState(maxQubits: Int) throws {
        for (n, seed) in [(3, UInt64(1)), (6, 2), (8, 3)] {
            let c = try randomCircuit(qubits: n, gates: 150, seed: seed)
            let f = try c.fused(maxQubits: maxQubits)
            #expect(f.operations.count <= c.operations.count)
            #expect(f.operations.allSatisfy { $0.qubits.count <= max(maxQubits, 3) })
            var a = try StateVector(qubits: n, options: ExecutionOptions(threads: 1)), b = a
            try a.apply(c)
            try b.apply(f)
            #expect(Reference.maxDifference(a.amplitudes, b.amplitudes) < 1e-12, "n=\(n) k=\(maxQubits)")
            #expect(try c.fused(maxQubits: maxQubits) == f) // deterministic
        }
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
        let f = try short.fused(maxQubits: 3)
        #expect(f.operations.count * 3 < short.operations.count)
        var a = try StateVector(qubits: 20, options: ExecutionOptions(threads: 2)), b = a
        try a.apply(short)
        try b.apply(f)
        #expect(Reference.maxDifference(a.amplitudes, b.amplitudes) < 1e-12)
    }
}
