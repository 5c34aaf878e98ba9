import ComplexModule
import QuantumSim
import QuantumSimTestSupport
import RealModule
import Testing

/// The Horodecki CHSH value against a search over measurement settings on
/// random two-qubit states, with T built from dense Pauli products.
@Suite struct CHSHTests {
    typealias C = Complex<Double>
    static let paulis: [[[C]]] = [
        [[.zero, .one], [.one, .zero]],
        [[.zero, C(0, -1)], [C(0, 1), .zero]],
        [[.one, .zero], [.zero, C(-1, 0)]],
    ]

    /// T_ij = Tr ρ (σ_i on qubit 1 ⊗ σ_j on qubit 0) for ρ = Σ p |ψ⟩⟨ψ|
    /// (amplitude index = 2·q1 + q0), by dense products.
    static func correlations(_ mixture: [(Double, [C])]) -> [[Double]] {
        var t = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 { for j in 0..<3 {
            for (p, psi) in mixture {
                var sum = C.zero
                for r in 0..<4 { for c in 0..<4 {
                    let op = paulis[i][r >> 1][c >> 1] * paulis[j][r & 1][c & 1]
                    sum = sum + psi[r].conjugate * op * psi[c]
                } }
                t[i][j] += p * sum.real
            }
        } }
        return t
    }

    /// max over unit a, a' (sampled) of |T(a + a')| + |T(a − a')|: the CHSH
    /// value with the best b, b' for those a, a'. A lower bound of the maximum.
    static func searched(_ t: [[Double]], _ inputs: inout RandomInputs, samples: Int) -> Double {
        func unit() -> [Double] {
            let v = (0..<3).map { _ in inputs.gaussian() }
            let n = Double.sqrt(v.reduce(0) { $0 + $1 * $1 })
            return v.map { $0 / n }
        }
        func norm(_ v: [Double]) -> Double {
            var s = 0.0
            for j in 0..<3 { let x = (0..<3).reduce(0.0) { $0 + t[$1][j] * v[$1] }; s += x * x }
            return Double.sqrt(s)
        }
        var best = 0.0
        for _ in 0..<samples {
            let a = unit(), b = unit()
            best = max(best, norm(zip(a, b).map(+)) + norm(zip(a, b).map(-)))
        }
        return best
    }

    @Test func horodeckiValueIsTheMaximumOverSettings() throws {
        var inputs = RandomInputs(seed: 11)
        for k in 0..<6 {
            // Mixtures of 1 to 3 random pure states.
            let mixture = (0...(k % 3)).map { _ in (inputs.uniform() + 0.1, inputs.state(qubits: 2)) }
            let total = mixture.reduce(0) { $0 + $1.0 }
            let normalised = mixture.map { ($0.0 / total, $0.1) }
            let rho = try DensityMatrix(mixture: normalised.map { (probability: $0.0, state: try StateVector(amplitudes: $0.1)) })
            let s = try rho.maximalCHSH()
            let search = Self.searched(Self.correlations(normalised), &inputs, samples: 20_000)
            #expect(search <= s + 1e-9, "case \(k): search \(search) above \(s)")
            #expect(search >= s - 0.03, "case \(k): search \(search) far below \(s)")
        }
    }

    @Test func bellAndProductStates() throws {
        let bell = try DensityMatrix(StateVector(amplitudes: [C(0.5.squareRoot(), 0), .zero, .zero, C(0.5.squareRoot(), 0)]))
        #expect(abs(try bell.maximalCHSH() - 2 * 2.0.squareRoot()) < 1e-12)
        #expect(abs(try DensityMatrix(qubits: 2).maximalCHSH() - 2) < 1e-12) // |00⟩: T = diag(0, 0, 1)
        #expect(throws: QuantumSimError.self) { try DensityMatrix(qubits: 3).maximalCHSH() }
    }
}
