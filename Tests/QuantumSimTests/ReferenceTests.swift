import ComplexModule
import QuantumSim
import QuantumSimTestSupport
import Testing

/// The test reference is code too: check it against facts and itself.
@Suite struct ReferenceTests {
    @Test func kroneckerOfPaulis() {
        let x = DenseMatrix(dimension: 2, entries: [.zero, .one, .one, .zero])
        let z = DenseMatrix(dimension: 2, entries: [.one, .zero, .zero, -.one])
        let xz = x.kron(z) // X on the high bit, Z on the low bit
        // |01> (low bit 1) -> Z gives -1, X flips the high bit -> -|11>
        #expect(xz[3, 1] == -.one)
        #expect(xz[2, 0] == .one)
        #expect(xz[0, 0] == .zero)
    }

    @Test func embeddingMatchesIndexReference() throws {
        var rnd = RandomInputs(seed: 7)
        for n in 1...5 {
            for k in 1...min(n, 3) {
                let qubits = rnd.distinctQubits(k, of: n)
                let gate = try Gate.unitary(rnd.unitary(qubits: k))
                let v = rnd.state(qubits: n)
                let a = Reference.applyDense(gate, on: qubits, to: v)
                let b = Reference.applyByIndex(gate, on: qubits, to: v)
                #expect(Reference.maxDifference(a, b) < 1e-13, "n=\(n) qubits=\(qubits)")
            }
        }
    }

    @Test func randomUnitariesAreUnitary() {
        var rnd = RandomInputs(seed: 3)
        for k in 1...5 {
            let u = rnd.unitary(qubits: k)
            let m = DenseMatrix(dimension: 1 << k, entries: u.flatMap { $0 })
            let p = m.adjoint.times(m)
            #expect(Reference.maxDifference(p.entries, DenseMatrix.identity(1 << k).entries) < 1e-12)
        }
    }

    @Test func controlledMatrixLayout() {
        // CX with qubits [control, target]: control is bit 0 of the index.
        let m = Gate.cx.matrix
        let expected: [Complex<Double>] = [
            .one, .zero, .zero, .zero,
            .zero, .zero, .zero, .one,
            .zero, .zero, .one, .zero,
            .zero, .one, .zero, .zero,
        ]
        #expect(m == expected)
    }
}
