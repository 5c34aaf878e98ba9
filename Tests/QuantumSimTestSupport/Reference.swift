import ComplexModule
import QuantumSim
import RealModule

/// A dense complex matrix, row-major: the reference the kernels are checked
/// against. Kept slow and obvious on purpose.
public struct DenseMatrix: Equatable, Sendable {
    public let dimension: Int
    public var entries: [Complex<Double>]

    public init(dimension: Int, entries: [Complex<Double>]) {
        precondition(entries.count == dimension * dimension)
        self.dimension = dimension
        self.entries = entries
    }

    public static func identity(_ dimension: Int) -> DenseMatrix {
        var e = [Complex<Double>](repeating: .zero, count: dimension * dimension)
        for i in 0..<dimension { e[i * dimension + i] = .one }
        return DenseMatrix(dimension: dimension, entries: e)
    }

    public subscript(r: Int, c: Int) -> Complex<Double> {
        get { entries[r * dimension + c] }
        set { entries[r * dimension + c] = newValue }
    }

    /// The Kronecker product self ⊗ other: `other` acts on the low bits.
    public func kron(_ other: DenseMatrix) -> DenseMatrix {
        let d = dimension * other.dimension
        var out = DenseMatrix(dimension: d, entries: .init(repeating: .zero, count: d * d))
        for r1 in 0..<dimension { for c1 in 0..<dimension {
            let a = self[r1, c1]
            if a == .zero { continue }
            for r2 in 0..<other.dimension { for c2 in 0..<other.dimension {
                out[r1 * other.dimension + r2, c1 * other.dimension + c2] = a * other[r2, c2]
            } }
        } }
        return out
    }

    public func times(_ v: [Complex<Double>]) -> [Complex<Double>] {
        (0..<dimension).map { r in
            var s = Complex<Double>.zero
            for c in 0..<dimension { s = s + self[r, c] * v[c] }
            return s
        }
    }

    public func times(_ m: DenseMatrix) -> DenseMatrix {
        var out = DenseMatrix(dimension: dimension, entries: .init(repeating: .zero, count: dimension * dimension))
        for r in 0..<dimension { for k in 0..<dimension {
            let a = self[r, k]
            for c in 0..<dimension { out[r, c] = out[r, c] + a * m[k, c] }
        } }
        return out
    }

    public var adjoint: DenseMatrix {
        var out = self
        for r in 0..<dimension { for c in 0..<dimension { out[r, c] = self[c, r].conjugate } }
        return out
    }
}

/// Reference simulation by whole-register matrices.
public enum Reference {
    /// The 2^n × 2^n operator of `gate` (its full matrix, controls included)
    /// on `qubits` of an n-qubit register, built as I ⊗ G on the low qubits
    /// and moved into place by a permutation of basis states.
    public static func embed(_ gate: DenseMatrix, on qubits: [Int], qubitCount n: Int) -> DenseMatrix {
        let k = qubits.count
        let low = DenseMatrix.identity(1 << (n - k)).kron(gate)
        let rest = (0..<n).filter { !qubits.contains($0) }
        // Bit b of a permuted-frame index is qubit qubits[b] for b < k, then rest[b - k].
        let order = qubits + rest
        func actual(_ i: Int) -> Int {
            var r = 0
            for (b, q) in order.enumerated() where (i >> b) & 1 == 1 { r |= 1 << q }
            return r
        }
        let dim = 1 << n
        var out = DenseMatrix(dimension: dim, entries: .init(repeating: .zero, count: dim * dim))
        for r in 0..<dim { for c in 0..<dim where low[r, c] != .zero { out[actual(r), actual(c)] = low[r, c] } }
        return out
    }

    /// `gate` on `qubits` applied to `state` with the embedded dense operator.
    public static func applyDense(_ gate: Gate, on qubits: [Int], to state: [Complex<Double>]) -> [Complex<Double>] {
        let n = state.count.trailingZeroBitCount
        let g = DenseMatrix(dimension: 1 << gate.qubitCount, entries: gate.matrix)
        return embed(g, on: qubits, qubitCount: n).times(state)
    }

    /// The same by index arithmetic, for registers too large for a dense
    /// operator: for each assignment of the other qubits, gather the 2^k
    /// amplitudes, multiply, scatter. Checked against `applyDense` in tests.
    public static func applyByIndex(_ gate: Gate, on qubits: [Int], to state: [Complex<Double>]) -> [Complex<Double>] {
        let m = gate.matrix, k = qubits.count, dim = 1 << k
        var out = state
        var mask = 0
        for q in qubits { mask |= 1 << q }
        var local = [Complex<Double>](repeating: .zero, count: dim)
        for base in 0..<state.count where base & mask == 0 {
            func index(_ j: Int) -> Int {
                var i = base
                for b in 0..<k where (j >> b) & 1 == 1 { i |= 1 << qubits[b] }
                return i
            }
            for j in 0..<dim { local[j] = state[index(j)] }
            for r in 0..<dim {
                var s = Complex<Double>.zero
                for c in 0..<dim { s = s + m[r * dim + c] * local[c] }
                out[index(r)] = s
            }
        }
        return out
    }

    /// Applies a whole circuit with `applyByIndex`.
    public static func run(_ circuit: Circuit, from state: [Complex<Double>]) -> [Complex<Double>] {
        circuit.operations.reduce(state) { applyByIndex($1.gate, on: $1.qubits, to: $0) }
    }

    /// Largest |a_i − b_i|.
    public static func maxDifference(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> Double {
        zip(a, b).reduce(0) { max($0, ($1.0 - $1.1).length) }
    }
}

/// Random inputs from a fixed seed.
public struct RandomInputs {
    public var rng: SeededGenerator

    public init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    /// A standard normal number (Box–Muller).
    public mutating func gaussian() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let u2 = Double.random(in: 0..<1, using: &rng)
        return Double.sqrt(-2 * Double.log(u1)) * Double.cos(2 * .pi * u2)
    }

    /// A normalised random state of `qubits` qubits.
    public mutating func state(qubits: Int) -> [Complex<Double>] {
        var v = (0..<(1 << qubits)).map { _ in Complex(gaussian(), gaussian()) }
        let norm = Double.sqrt(v.reduce(0) { $0 + $1.lengthSquared })
        v = v.map { Complex($0.real / norm, $0.imaginary / norm) }
        return v
    }

    /// A random unitary of dimension 2^qubits: Gram–Schmidt on the columns
    /// of a complex Gaussian matrix.
    public mutating func unitary(qubits: Int) -> [[Complex<Double>]] {
        let d = 1 << qubits
        var cols = (0..<d).map { _ in (0..<d).map { _ in Complex(gaussian(), gaussian()) } }
        for j in 0..<d {
            for i in 0..<j {
                var dot = Complex<Double>.zero
                for r in 0..<d { dot = dot + cols[i][r].conjugate * cols[j][r] }
                for r in 0..<d { cols[j][r] = cols[j][r] - dot * cols[i][r] }
            }
            let norm = Double.sqrt(cols[j].reduce(0) { $0 + $1.lengthSquared })
            cols[j] = cols[j].map { Complex($0.real / norm, $0.imaginary / norm) }
        }
        return (0..<d).map { r in (0..<d).map { c in cols[c][r] } }
    }

    /// `count` distinct qubits out of `qubits`, in random order.
    public mutating func distinctQubits(_ count: Int, of qubits: Int) -> [Int] {
        Array(Array(0..<qubits).shuffled(using: &rng).prefix(count))
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double.random(in: 0..<1, using: &rng) }

    public mutating func angle() -> Double { Double.random(in: -2 * .pi..<2 * .pi, using: &rng) }
}
