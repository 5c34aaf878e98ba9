import ComplexModule
@testable import QuantumSim
import QuantumSimTestSupport
import RealModule
import Testing

/// X states against whole-register dense matrices: every gate and channel
/// as U ρ U† or Σ K ρ K† with the operators embedded by `Reference`, the
/// swap as the 16 × 16 circuit with its noise, projected and traced out.
@Suite struct XStateTests {
    /// A random X state: populations from a random simplex point, each
    /// coherence a random fraction of its bound √(ρ_ii ρ_jj) at a random phase.
    static func random(_ rng: inout SeededGenerator) -> XState {
        var p = SIMD4<Double>()
        for i in 0..<4 { p[i] = -Double.log(Double.random(in: Double.leastNonzeroMagnitude..<1, using: &rng)) }
        p /= p.sum()
        func coherence(_ a: Double, _ b: Double) -> Complex<Double> {
            Complex(length: Double.random(in: 0...1, using: &rng) * (a * b).squareRoot(),
                    phase: Double.random(in: 0..<(2 * .pi), using: &rng))
        }
        return XState(populations: p, outer: coherence(p[0], p[3]), inner: coherence(p[1], p[2]))
    }

    static func dense(_ x: XState) -> DenseMatrix {
        DenseMatrix(dimension: 4, entries: (0..<16).map { x.element($0 / 4, $0 % 4) })
    }

    static func maxDifference(_ x: XState, _ m: DenseMatrix) -> Double {
        (0..<16).map { (x.element($0 / 4, $0 % 4) - m[$0 / 4, $0 % 4]).length }.max() ?? 0
    }

    /// Σ K ρ K† with each operator embedded on `qubits` of n.
    static func apply(_ kraus: [DenseMatrix], on qubits: [Int], of n: Int, to rho: DenseMatrix) -> DenseMatrix {
        var out = DenseMatrix(dimension: rho.dimension, entries: .init(repeating: .zero, count: rho.entries.count))
        for k in kraus {
            let e = Reference.embed(k, on: qubits, qubitCount: n)
            let term = e.times(rho).times(e.adjoint)
            for i in out.entries.indices { out.entries[i] = out.entries[i] + term.entries[i] }
        }
        return out
    }

    static func kraus(_ c: Channel) -> [DenseMatrix] {
        c.krausOperators.map { DenseMatrix(dimension: 1 << c.qubitCount, entries: $0) }
    }

    static func unitary(_ g: Gate) -> DenseMatrix { DenseMatrix(dimension: 1 << g.qubitCount, entries: g.matrix) }

    @Test func bellWeightsAndWernerStatesAreTheirDensityMatrices() throws {
        for f in [0.0, 0.25, 0.7, 0.93, 1.0] {
            let x = try XState.werner(fidelity: f), rho = try DensityMatrix.werner(fidelity: f)
            for r in 0..<4 { for c in 0..<4 { #expect((x.element(r, c) - (try rho.element(r, c))).length < 1e-15) } }
            #expect(abs(try x.fidelity(with: BellState.phiPlus.stateVector()) - f) < 1e-15)
        }
        // Each Bell state alone, in the documented order Φ⁺, Φ⁻, Ψ⁺, Ψ⁻.
        for (k, bell) in [BellState.phiPlus, .phiMinus, .psiPlus, .psiMinus].enumerated() {
            var w = SIMD4<Double>()
            w[k] = 1
            let x = try XState(bellWeights: w), rho = try DensityMatrix.bell(bell)
            for r in 0..<4 { for c in 0..<4 { #expect((x.element(r, c) - (try rho.element(r, c))).length < 1e-15) } }
            let written = try x.densityMatrix()
            for r in 0..<4 { for c in 0..<4 { #expect(try written.element(r, c) == x.element(r, c)) } }
        }
    }

    @Test func badInputsAreRefusedByName() throws {
        #expect(throws: QuantumSimError.invalidParameter(name: "Bell weight 1", value: -0.1, expected: "a finite value ≥ 0")) {
            try XState(bellWeights: SIMD4(1.1, -0.1, 0, 0))
        }
        #expect(throws: QuantumSimError.self) { try XState(bellWeights: SIMD4(0.5, 0.1, 0, 0)) }
        #expect(throws: QuantumSimError.self) { try XState(bellWeights: SIMD4(.nan, 1, 0, 0)) }
        #expect(throws: QuantumSimError.self) { try XState.werner(fidelity: 1.5) }
        let w = try XState.werner(fidelity: 0.9)
        #expect(throws: QuantumSimError.invalidParameter(name: "two-qubit depolarizing probability", value: 1.5,
                                                         expected: "a value in 0...1")) {
            try XState.bellMeasurement(w, w, twoQubitDepolarizing: 1.5, oneQubitDepolarizing: 0)
        }
        #expect(throws: QuantumSimError.self) {
            try XState.teleportation(of: QubitDensity(zero: 1, one: 0, coherence: .zero), through: w,
                                     twoQubitDepolarizing: 0, oneQubitDepolarizing: -0.1)
        }
        var x = w
        #expect(throws: QuantumSimError.qubitOutOfRange(qubit: 2, qubitCount: 2)) { try x.relax(qubit: 2, gamma: 0.1, coherence: 0.9) }
        #expect(throws: QuantumSimError.self) { try x.relax(qubit: 0, gamma: .nan, coherence: 0.9) }
        #expect(x == w)
        #expect(throws: QuantumSimError.qubitCountMismatch(expected: 1, got: 2)) { try QubitDensity(DensityMatrix.werner(fidelity: 0.5)) }
    }

    static let closedGates: [(Gate, [Int])] = [
        (.x, [0]), (.x, [1]), (.y, [0]), (.y, [1]), (.z, [1]), (.s, [0]), (.tdg, [1]), (.rz(0.37), [0]),
        (.rz(-1.2), [1]), (.cz, [0, 1]), (.cz, [1, 0]), (.i, [1]),
    ]

    @Test func gatesThatKeepTheFormMatchTheDenseProduct() throws {
        var rng = SeededGenerator(seed: 41)
        for (gate, qubits) in Self.closedGates {
            for _ in 0..<5 {
                var x = Self.random(&rng)
                let rho = Self.dense(x)
                let changed = x.apply(gate, to: qubits)
                #expect(changed, "\(gate) on \(qubits)")
                let u = Reference.embed(Self.unitary(gate), on: qubits, qubitCount: 2)
                #expect(Self.maxDifference(x, u.times(rho).times(u.adjoint)) < 1e-14, "\(gate) on \(qubits)")
            }
        }
    }

    @Test func gatesThatLeaveTheFormAreRefusedAndChangeNothing() {
        var rng = SeededGenerator(seed: 42)
        for (gate, qubits) in [(Gate.h, [0]), (.cx, [0, 1]), (.rx(0.3), [1]), (.swap, [0, 1]), (.x, [2]), (.cz, [0, 0]),
                               (.x, [0, 1])] {
            var x = Self.random(&rng)
            let before = x
            let changed = x.apply(gate, to: qubits)
            #expect(!changed, "\(gate) on \(qubits)")
            #expect(x == before)
        }
    }

    @Test func channelsThatKeepTheFormMatchTheirKrausOperators() throws {
        var rng = SeededGenerator(seed: 43)
        let channels: [(Channel, [Int])] = [
            (try .depolarizing(0.13), [0]), (try .depolarizing(0.4), [1]), (try .bitFlip(0.2), [1]),
            (try .phaseFlip(0.07), [0]), (try .pauliChannel(x: 0.1, y: 0.05, z: 0.2), [1]),
            (try .amplitudeDamping(0.3), [0]), (try .amplitudeDamping(0.6), [1]), (try .dephasing(0.25), [1]),
            (try .memoryDecoherence(time: 0.4, t1: 1, t2: 0.7), [0]), (try .memoryDecoherence(time: 2, t1: 3, t2: 5), [1]),
            (try .depolarizing2(0.2), [0, 1]), (try .depolarizing2(0.9), [1, 0]),
        ]
        for (channel, qubits) in channels {
            for _ in 0..<5 {
                var x = Self.random(&rng)
                let rho = Self.dense(x)
                let changed = x.apply(channel, to: qubits)
                #expect(changed, "\(channel) on \(qubits)")
                let expected = Self.apply(Self.kraus(channel), on: qubits, of: 2, to: rho)
                #expect(Self.maxDifference(x, expected) < 1e-14, "\(channel) on \(qubits)")
            }
        }
        var x = Self.random(&rng)
        let before = x
        let damped = x.apply(try .generalizedAmplitudeDamping(p: 0.3, gamma: 0.2), to: [0])
        let reset = x.apply(Channel.reset, to: [1])
        #expect(!damped && !reset)
        #expect(x == before)
    }

    @Test func reducedStatesSwapsAndFidelities() throws {
        var rng = SeededGenerator(seed: 44)
        for _ in 0..<10 {
            let x = Self.random(&rng)
            let rho = try x.densityMatrix()
            for q in 0..<2 {
                let mine = try x.reducedDensityMatrix(keeping: q), theirs = try rho.partialTrace(keeping: [q])
                for r in 0..<2 { for c in 0..<2 { #expect((try mine.element(r, c) - theirs.element(r, c)).length < 1e-15) } }
            }
            let swapped = try x.swappingQubits().densityMatrix()
            var reference = rho
            try reference.apply(.swap, to: [0, 1])
            for r in 0..<4 { for c in 0..<4 { #expect((try swapped.element(r, c) - reference.element(r, c)).length < 1e-15) } }
            var amplitudes = (0..<4).map { _ in
                Complex(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng))
            }
            let norm = amplitudes.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
            amplitudes = amplitudes.map { $0 / Complex(norm) }
            let psi = try StateVector(amplitudes: amplitudes)
            #expect(abs(try x.fidelity(with: psi) - rho.fidelity(with: psi)) < 1e-14)
        }
    }

    /// The swap circuit on 16 × 16 matrices: qubits 0, 1 the left pair, 2, 3
    /// the right; CNOT 1 → 2, 2-qubit depolarizing on (1, 2), H on 1,
    /// depolarizing on 1, then the branch (z on 1, x on 2) kept and 1, 2
    /// traced out.
    static func swapBranch(_ left: XState, _ right: XState, p2: Double, p1: Double, z: Int, x: Int) throws -> DenseMatrix {
        var rho = dense(right).kron(dense(left))
        rho = apply([unitary(.cx)], on: [1, 2], of: 4, to: rho)
        rho = apply(kraus(try .depolarizing2(p2)), on: [1, 2], of: 4, to: rho)
        rho = apply([unitary(.h)], on: [1], of: 4, to: rho)
        rho = apply(kraus(try .depolarizing(p1)), on: [1], of: 4, to: rho)
        var out = DenseMatrix(dimension: 4, entries: .init(repeating: .zero, count: 16))
        for r in 0..<4 { for c in 0..<4 {
            let middle = (z << 1) | (x << 2)
            let rr = (r & 1) | middle | ((r >> 1) << 3), cc = (c & 1) | middle | ((c >> 1) << 3)
            out[r, c] = rho[rr, cc]
        } }
        return out
    }

    /// Teleportation's circuit on 8 × 8 matrices: qubit 0 the input, 1 and 2
    /// the pair; CNOT 0 → 1, 2-qubit depolarizing on (0, 1), H on 0,
    /// depolarizing on 0, then the branch (z on 0, x on 1) kept and both traced out.
    static func teleportationBranch(_ input: DenseMatrix, _ pair: XState, p2: Double, p1: Double, z: Int, x: Int) throws
        -> DenseMatrix
    {
        var rho = dense(pair).kron(input)
        rho = apply([unitary(.cx)], on: [0, 1], of: 3, to: rho)
        rho = apply(kraus(try .depolarizing2(p2)), on: [0, 1], of: 3, to: rho)
        rho = apply([unitary(.h)], on: [0], of: 3, to: rho)
        rho = apply(kraus(try .depolarizing(p1)), on: [0], of: 3, to: rho)
        var out = DenseMatrix(dimension: 2, entries: .init(repeating: .zero, count: 4))
        for r in 0..<2 { for c in 0..<2 { out[r, c] = rho[z | (x << 1) | (r << 2), z | (x << 1) | (c << 2)] } }
        return out
    }

    @Test func teleportationBranchesMatchTheNoisyCircuit() throws {
        var rng = SeededGenerator(seed: 46)
        for (p2, p1) in [(0.0, 0.0), (0.03, 0.01), (0.4, 0.25), (1.0, 1.0)] {
            for _ in 0..<5 {
                // A random mixed qubit: a Bloch vector inside the ball.
                let (bx, by, bz) = (Double.random(in: -0.57...0.57, using: &rng), Double.random(in: -0.57...0.57, using: &rng),
                                    Double.random(in: -0.57...0.57, using: &rng))
                let input = QubitDensity(zero: (1 + bz) / 2, one: (1 - bz) / 2, coherence: Complex(bx / 2, -by / 2))
                let m = DenseMatrix(dimension: 2, entries: [Complex(input.zero), input.coherence, input.coherence.conjugate,
                                                            Complex(input.one)])
                let pair = Self.random(&rng)
                let branches = try XState.teleportation(of: input, through: pair, twoQubitDepolarizing: p2, oneQubitDepolarizing: p1)
                for z in 0..<2 { for x in 0..<2 {
                    let expected = try Self.teleportationBranch(m, pair, p2: p2, p1: p1, z: z, x: x)
                    let b = branches[z: z, x: x]
                    let mine = [Complex(b.zero), b.coherence, b.coherence.conjugate, Complex(b.one)]
                    let worst = (0..<4).map { (mine[$0] - expected.entries[$0]).length }.max() ?? 0
                    #expect(worst < 1e-14, "p2 \(p2) p1 \(p1) z \(z) x \(x)")
                } }
                // Written out and read back, a branch is the same matrix.
                let b = try branches[z: 1, x: 1].normalised()
                #expect(try QubitDensity(b.densityMatrix()) == b)
            }
        }
    }

    @Test func bellMeasurementBranchesMatchTheNoisyCircuit() throws {
        var rng = SeededGenerator(seed: 45)
        for (p2, p1) in [(0.0, 0.0), (0.03, 0.01), (0.4, 0.25), (1.0, 1.0)] {
            for _ in 0..<4 {
                let left = Self.random(&rng), right = Self.random(&rng)
                let branches = try XState.bellMeasurement(left, right, twoQubitDepolarizing: p2, oneQubitDepolarizing: p1)
                var total = 0.0
                for z in 0..<2 { for x in 0..<2 {
                    let expected = try Self.swapBranch(left, right, p2: p2, p1: p1, z: z, x: x)
                    #expect(Self.maxDifference(branches[z: z, x: x], expected) < 1e-14, "p2 \(p2) p1 \(p1) z \(z) x \(x)")
                    total += branches[z: z, x: x].trace
                } }
                #expect(abs(total - 1) < 1e-14)
            }
        }
        // Werner pairs swap into a Werner pair of parameter w₁w₂ after the
        // correction X^x Z^z, whatever the outcome.
        let a = try XState.werner(fidelity: 0.9), b = try XState.werner(fidelity: 0.8)
        let branches = try XState.bellMeasurement(a, b, twoQubitDepolarizing: 0, oneQubitDepolarizing: 0)
        let w = (4 * 0.9 - 1) / 3 * (4 * 0.8 - 1) / 3
        for z in 0..<2 { for x in 0..<2 {
            var s = try branches[z: z, x: x].normalised()
            let corrected = (x == 0 || s.apply(.x, to: [1])) && (z == 0 || s.apply(.z, to: [1]))
            #expect(corrected)
            #expect(abs(try s.fidelity(with: BellState.phiPlus.stateVector()) - (1 + 3 * w) / 4) < 1e-15)
            #expect(abs(branches[z: z, x: x].trace - 0.25) < 1e-15)
        } }
    }
}
