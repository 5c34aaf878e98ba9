import QuantumSim
import QuantumSimTestSupport
import Testing

/// Same inputs, any thread count: the same bits.
@Suite struct ThreadInvarianceTests {
    /// A circuit touching low, middle and high qubits with every kernel kind.
    static func mixedCircuit(qubits n: Int, seed: UInt64) throws -> Circuit {
        var rnd = RandomInputs(seed: seed)
        var c = try Circuit(qubits: n)
        for layer in 0..<3 {
            for q in 0..<n { try c.append(.u(rnd.angle(), rnd.angle(), rnd.angle()), on: [q]) }
            for q in stride(from: layer % 2, to: n - 1, by: 2) { try c.append(.cx, on: [q, q + 1]) }
            try c.append(.cp(rnd.angle()), on: [0, n - 1])
            try c.append(.rz(rnd.angle()), on: [n / 2])
            try c.append(Gate.unitary(rnd.unitary(qubits: 2)), on: [1, n - 2])
            try c.append(Gate.unitary(rnd.unitary(qubits: 3)), on: [0, n / 2, n - 1])
            try c.append(.ccx, on: [n - 1, 0, n / 2])
        }
        return c
    }

    @Test(arguments: KernelVariant.supported)
    func bitIdenticalForAnyThreadCount(variant: KernelVariant) throws {
        let n = 16 // 2^16 amplitudes: above the threading threshold
        let circuit = try Self.mixedCircuit(qubits: n, seed: 21)
        var results: [[Complex<Double>]] = []
        var reads: [[Double]] = []
        for threads in [1, 2, 3, 4] {
            var s = try StateVector(qubits: n, options: options(variant, threads: threads))
            try s.apply(circuit)
            results.append(s.amplitudes)
            let pauli = try PauliString("XYZ" + String(repeating: "I", count: n - 4) + "Z")
            reads.append([s.normSquared, try s.expectation(pauli), try s.probabilityOfOne(5),
                          try s.inner(s).real] + (try s.marginalProbabilities([0, 7, 15])))
        }
        for r in results.dropFirst() { #expect(r == results[0]) }
        for r in reads.dropFirst() { #expect(r == reads[0]) }
        var g1 = SeededGenerator(seed: 5), g2 = SeededGenerator(seed: 5)
        var a = try StateVector(qubits: n, options: options(variant, threads: 1))
        var b = try StateVector(qubits: n, options: options(variant, threads: 2))
        try a.apply(circuit)
        try b.apply(circuit)
        #expect(try a.sample(shots: 500, using: &g1) == b.sample(shots: 500, using: &g2))
    }

    /// Threading forced on small states: ranges split inside runs and
    /// register groups, more threads than groups.
    @Test(arguments: KernelVariant.supported)
    func smallStatesWithThreadingForced(variant: KernelVariant) throws {
        for n in [4, 5, 9] {
            let circuit = try Self.mixedCircuit(qubits: n, seed: 23)
            var reference: [Complex<Double>]? = nil
            for threads in [1, 2, 3, 7] {
                var s = try StateVector(qubits: n, options: options(variant, threads: threads, parallelQubits: 1))
                try s.apply(circuit)
                if let r = reference { #expect(s.amplitudes == r, "n=\(n) threads=\(threads)") } else { reference = s.amplitudes }
                #expect(abs(s.normSquared - 1) < 1e-12)
            }
        }
    }

    @Test func variantsAgreeOnALargeState() throws {
        let n = 15
        let circuit = try Self.mixedCircuit(qubits: n, seed: 22)
        let states = try KernelVariant.supported.map { v in
            var s = try StateVector(qubits: n, options: options(v, threads: 2))
            try s.apply(circuit)
            return s.amplitudes
        }
        for s in states.dropFirst() { #expect(Reference.maxDifference(s, states[0]) < 1e-11) }
    }
}
