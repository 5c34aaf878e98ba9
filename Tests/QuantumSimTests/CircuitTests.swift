import QuantumSim
import QuantumSimTestSupport
import RealModule
import Testing

/// Known circuits against closed-form results, and the Circuit value type.
@Suite struct CircuitTests {
    static let r2 = 1 / Double.sqrt(2)

    @Test(arguments: KernelVariant.supported)
    func bellState(variant: KernelVariant) throws {
        var s = try StateVector(qubits: 2, options: options(variant))
        try s.apply(Circuit(qubits: 2).h(0).cx(0, 1))
        let a = s.amplitudes
        #expect(abs(a[0].real - Self.r2) < 1e-15 && abs(a[3].real - Self.r2) < 1e-15)
        #expect(a[1] == .zero && a[2] == .zero)
        #expect(abs(try s.expectation(PauliString("ZZ")) - 1) < 1e-14)
        #expect(abs(try s.expectation(PauliString("XX")) - 1) < 1e-14)
        #expect(abs(try s.expectation(PauliString("YY")) + 1) < 1e-14)
    }

    @Test(arguments: KernelVariant.supported)
    func ghzState(variant: KernelVariant) throws {
        for n in [3, 8, 14] {
            var c = try Circuit(qubits: n).h(0)
            for q in 1..<n { c = try c.cx(q - 1, q) }
            var s = try StateVector(qubits: n, options: options(variant, threads: 2))
            try s.apply(c)
            let p = s.probabilities
            #expect(abs(p[0] - 0.5) < 1e-13 && abs(p[(1 << n) - 1] - 0.5) < 1e-13)
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
            #expect(c.depth == n)
        }
    }

    /// The textbook QFT circuit (H and controlled phases, then the swaps that
    /// reverse the qubit order).
    static func qft(_ n: Int) throws -> Circuit {
        var c = try Circuit(qubits: n)
        for j in (0..<n).reversed() {
            c = try c.h(j)
            for k in (0..<j).reversed() { c = try c.cp(Double.pi / Double(1 << (j - k)), k, j) }
        }
        for q in 0..<(n / 2) { c = try c.swap(q, n - 1 - q) }
        return c
    }

    @Test(arguments: KernelVariant.supported)
    func qftOfBasisState(variant: KernelVariant) throws {
        for n in [1, 3, 6, 10] {
            let dim = 1 << n
            for x in [0, 1, dim / 3, dim - 1] {
                var s = try StateVector(qubits: n, options: options(variant))
                var prep = try Circuit(qubits: n)
                for q in 0..<n where (x >> q) & 1 == 1 { prep = try prep.x(q) }
                try s.apply(prep)
                try s.apply(Self.qft(n))
                // QFT|x> = (1/√N) Σ_k e^{2πi x k / N} |k>
                var worst = 0.0
                for k in 0..<dim {
                    let angle = 2 * Double.pi * Double(x * k % dim) / Double(dim)
                    let expected = Complex(Double.cos(angle), Double.sin(angle)) * Complex(1 / Double.sqrt(Double(dim)))
                    worst = max(worst, (try s.amplitude(k) - expected).length)
                }
                #expect(worst < 1e-12, "n=\(n) x=\(x)")
            }
        }
    }

    @Test(arguments: KernelVariant.supported)
    func inverseReturnsToStart(variant: KernelVariant) throws {
        let c = try ThreadInvarianceTests.mixedCircuit(qubits: 9, seed: 31)
        var rnd = RandomInputs(seed: 32)
        let start = rnd.state(qubits: 9)
        var s = try StateVector(amplitudes: start, options: options(variant))
        try s.apply(c)
        #expect(Reference.maxDifference(s.amplitudes, start) > 1e-3)
        try s.apply(c.inverse())
        #expect(Reference.maxDifference(s.amplitudes, start) < 1e-12)
    }

    @Test func everyNamedGateIsUnitaryAndInverts() throws {
        let gates: [Gate] = [.i, .x, .y, .z, .h, .s, .sdg, .t, .tdg, .sx, .rx(0.3), .ry(1.1), .rz(-0.7), .p(2.1),
                             .u(0.3, -1.2, 2.2), .cx, .cy, .cz, .cp(0.4), .crx(0.5), .cry(0.6), .crz(0.7),
                             .swap, .iswap, .ccx, .cswap, .mcx(controls: 3), .mcz(controls: 2)]
        for g in gates {
            let dim = 1 << g.qubitCount
            let m = DenseMatrix(dimension: dim, entries: g.matrix)
            let product = DenseMatrix(dimension: dim, entries: g.inverse.matrix).times(m)
            #expect(Reference.maxDifference(product.entries, DenseMatrix.identity(dim).entries) < 1e-14, "\(g)")
            #expect(Reference.maxDifference(m.adjoint.times(m).entries, DenseMatrix.identity(dim).entries) < 1e-14)
        }
        #expect(Gate.s.inverse.name == "sdg")
        #expect(Gate.rx(0.3).inverse.parameters == [-0.3])
    }

    @Test func textbookMatrices() {
        let i = Complex<Double>(0, 1)
        #expect(Gate.y.matrix == [.zero, -i, i, .zero])
        #expect(Gate.s.matrix == [.one, .zero, .zero, i])
        #expect(Gate.h.matrix.map(\.real).map { abs(abs($0) - Self.r2) < 1e-15 } == [true, true, true, true])
        // SX² = X
        let sx = DenseMatrix(dimension: 2, entries: Gate.sx.matrix)
        #expect(Reference.maxDifference(sx.times(sx).entries, Gate.x.matrix) < 1e-15)
        // U(θ, −π/2, π/2) = RX(θ)
        #expect(Reference.maxDifference(Gate.u(0.8, -.pi / 2, .pi / 2).matrix, Gate.rx(0.8).matrix) < 1e-15)
        // RZ(θ) = e^{−iθ/2} P(θ)
        let rz = Gate.rz(0.9).matrix, p = Gate.p(0.9).matrix
        let phase = Complex(Double.cos(-0.45), Double.sin(-0.45))
        #expect(Reference.maxDifference(rz, p.map { $0 * phase }) < 1e-15)
    }

    @Test func descriptionCountsAndDepth() throws {
        let c = try Circuit(qubits: 3).h(0).cx(0, 1).rz(0.5, 2).cx(1, 2)
        #expect(c.gateCounts == ["h": 1, "cx": 2, "rz": 1])
        #expect(c.depth == 3)
        #expect(c.description.hasPrefix("Circuit(3 qubits, 4 gates, depth 3; cx: 2, h: 1, rz: 1)"))
        #expect(c.description.contains("cx q[0], q[1]"))
        #expect(c.description.contains("rz(0.5) q[2]"))
        var d = try Circuit(qubits: 4)
        try d.append(c)
        #expect(d.operations.count == 4)
        #expect(c.inverse().operations.first?.gate.name == "cx")
    }

    @Test func valueSemantics() throws {
        var a = try StateVector(qubits: 3, options: options(.scalar))
        let b = a
        try a.apply(.x, to: [0])
        #expect(try b.amplitude(0) == .one)
        #expect(try a.amplitude(1) == .one)
    }
}
