import QuantumSim
import QuantumSimTestSupport
import RealModule
import Testing

/// Density matrices: evolution against state vectors, channels against their
/// closed forms on Bloch vectors, and validation.
@Suite struct DensityMatrixTests {
    /// max |ρ − |ψ⟩⟨ψ|| over all elements.
    static func distance(_ rho: DensityMatrix, _ psi: [Complex<Double>]) throws -> Double {
        var worst = 0.0
        for r in psi.indices { for c in psi.indices {
            worst = max(worst, (try rho.element(r, c) - psi[r] * psi[c].conjugate).length)
        } }
        return worst
    }

    @Test(arguments: KernelVariant.supported)
    func pureEvolutionMatchesStateVector(variant: KernelVariant) throws {
        for n in [1, 2, 3, 5] {
            var rnd = RandomInputs(seed: 60 + UInt64(n))
            let psi = rnd.state(qubits: n)
            var c = try Circuit(qubits: n)
            for q in 0..<n { try c.append(.u(rnd.angle(), rnd.angle(), rnd.angle()), on: [q]) }
            if n >= 2 {
                try c.append(.cx, on: [0, n - 1])
                try c.append(.cp(rnd.angle()), on: [n - 1, 0])
                try c.append(Gate.unitary(rnd.unitary(qubits: 2)), on: [n - 1, 0])
            }
            if n >= 3 { try c.append(.ccx, on: [2, 0, 1]); try c.append(.rz(0.4), on: [1]) }
            var rho = try DensityMatrix(StateVector(amplitudes: psi, options: options(variant)))
            try rho.apply(c)
            let expected = Reference.run(c, from: psi)
            #expect(try Self.distance(rho, expected) < 1e-12, "n=\(n)")
            #expect(abs(rho.trace - 1) < 1e-12)
            #expect(abs(rho.purity - 1) < 1e-12)
        }
    }

    /// Bloch vector (⟨X⟩, ⟨Y⟩, ⟨Z⟩) of `qubit`.
    static func bloch(_ rho: DensityMatrix, _ qubit: Int) throws -> [Double] {
        try ["X", "Y", "Z"].map { p in
            var f: [Int: PauliString.Pauli] = [:]
            f[qubit] = PauliString.Pauli(rawValue: Character(p))!
            return try rho.expectation(PauliString(f))
        }
    }

    @Test(arguments: KernelVariant.supported)
    func channelsMatchClosedFormsOnBlochVectors(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 70)
        let (p, g, l) = (0.13, 0.37, 0.21)
        let (t, t1, t2) = (2e-3, 5e-3, 7e-3)
        let cases: [(Channel, ([Double]) -> [Double])] = [
            (try .bitFlip(p), { [$0[0], (1 - 2 * p) * $0[1], (1 - 2 * p) * $0[2]] }),
            (try .phaseFlip(p), { [(1 - 2 * p) * $0[0], (1 - 2 * p) * $0[1], $0[2]] }),
            (try .depolarizing(p), { $0.map { (1 - p) * $0 } }),
            (try .pauliChannel(x: 0.1, y: 0.05, z: 0.2), { [(1 - 2 * 0.25) * $0[0], (1 - 2 * 0.3) * $0[1], (1 - 2 * 0.15) * $0[2]] }),
            (try .amplitudeDamping(g), { [(1 - g).squareRoot() * $0[0], (1 - g).squareRoot() * $0[1], g + (1 - g) * $0[2]] }),
            (try .generalizedAmplitudeDamping(p: 0.8, gamma: g),
             { [(1 - g).squareRoot() * $0[0], (1 - g).squareRoot() * $0[1], (1 - g) * $0[2] + g * (2 * 0.8 - 1)] }),
            (try .dephasing(l), { [(1 - l).squareRoot() * $0[0], (1 - l).squareRoot() * $0[1], $0[2]] }),
            (try .memoryDecoherence(time: t, t1: t1, t2: t2),
             { [Double.exp(-t / t2) * $0[0], Double.exp(-t / t2) * $0[1], 1 - Double.exp(-t / t1) * (1 - $0[2])] }),
        ]
        for (channel, closedForm) in cases {
            // A random pure 3-qubit state, the channel on the middle qubit:
            // the other qubits are traced out implicitly by the Pauli reads.
            let psi = rnd.state(qubits: 3)
            var rho = try DensityMatrix(StateVector(amplitudes: psi, options: options(variant)))
            let before = try Self.bloch(rho, 1)
            try rho.apply(channel, to: [1])
            let after = try Self.bloch(rho, 1)
            let expected = closedForm(before)
            #expect(zip(after, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(channel): \(after) vs \(expected)")
            #expect(abs(rho.trace - 1) < 1e-12)
        }
    }

    @Test(arguments: KernelVariant.supported)
    func twoQubitDepolarizing(variant: KernelVariant) throws {
        var rho = try DensityMatrix(qubits: 3, options: options(variant))
        try rho.apply(Circuit(qubits: 3).h(0).cx(0, 2))
        let p = 0.3
        try rho.apply(Channel.depolarizing2(p), to: [2, 0])
        #expect(abs(try rho.expectation(PauliString("ZIZ")) - (1 - p)) < 1e-12)
        #expect(abs(try rho.expectation(PauliString("XIX")) - (1 - p)) < 1e-12)
        #expect(abs(try rho.expectation(PauliString("YIY")) + (1 - p)) < 1e-12)
        #expect(abs(try rho.expectation(PauliString("ZII"))) < 1e-12)
        // Fully depolarized pair: purity of I/4 ⊗ |0⟩⟨0| is 1/4.
        try rho.apply(Channel.depolarizing2(1), to: [0, 2])
        #expect(abs(rho.purity - 0.25) < 1e-12)
    }

    @Test func constructorsAndMixtures() throws {
        let zero = try StateVector(qubits: 1, options: options(.best))
        var one = zero
        try one.apply(.x, to: [0])
        let mixed = try DensityMatrix(mixture: [(0.5, zero), (0.5, one)])
        #expect(abs(mixed.purity - 0.5) < 1e-15)
        #expect(mixed.probabilities == [0.5, 0.5])
        let r2 = 1 / Double.sqrt(2)
        let bell: [[Complex<Double>]] = [
            [Complex(0.5), .zero, .zero, Complex(0.5)],
            [.zero, .zero, .zero, .zero],
            [.zero, .zero, .zero, .zero],
            [Complex(0.5), .zero, .zero, Complex(0.5)],
        ]
        let rho = try DensityMatrix(matrix: bell, options: options(.best))
        #expect(abs(try rho.expectation(PauliString("ZZ")) - 1) < 1e-15)
        #expect(abs(try rho.expectation(PauliString("XX")) - 1) < 1e-15)
        #expect(abs(try rho.expectation(PauliString("YY")) + 1) < 1e-15)
        var fromCircuit = try DensityMatrix(qubits: 2, options: options(.best))
        try fromCircuit.apply(Circuit(qubits: 2).h(0).cx(0, 1))
        #expect(Reference.maxDifference(fromCircuit.matrix.flatMap { $0 }, bell.flatMap { $0 }) < 1e-15)
        #expect(abs(r2 * r2 - 0.5) < 1e-15)
        // Value semantics.
        let copy = fromCircuit
        try fromCircuit.apply(Channel.depolarizing(1), to: [0])
        #expect(abs(copy.purity - 1) < 1e-15 && fromCircuit.purity < 0.9)
    }

    @Test func badInputs() throws {
        #expect {
            _ = try Channel(kraus: [[[.one, .zero], [.zero, Complex(0.5)]]], name: "leaky")
        } throws: { error in
            guard case let .notTracePreserving(name, d, _) = error as? QuantumSimError else { return false }
            return name == "leaky" && abs(d - 0.75) < 1e-12
        }
        #expect(throws: QuantumSimError.invalidParameter(name: "bit-flip probability", value: 1.5, expected: "a value in 0.0...1.0")) {
            _ = try Channel.bitFlip(1.5)
        }
        #expect(throws: QuantumSimError.invalidParameter(name: "T2", value: 3, expected: "at most 2·T1 = 2.0 seconds")) {
            _ = try Channel.memoryDecoherence(time: 1, t1: 1, t2: 3)
        }
        let nonHermitian: [[Complex<Double>]] = [[Complex(0.5), Complex(0.3)], [.zero, Complex(0.5)]]
        #expect(throws: QuantumSimError.self) { _ = try DensityMatrix(matrix: nonHermitian) }
        let negative: [[Complex<Double>]] = [[Complex(1.5), .zero], [.zero, Complex(-0.5)]]
        #expect {
            _ = try DensityMatrix(matrix: negative)
        } throws: { error in
            "\(error)".contains("smallest eigenvalue -0.5")
        }
        let badTrace: [[Complex<Double>]] = [[Complex(0.7), .zero], [.zero, Complex(0.5)]]
        #expect { _ = try DensityMatrix(matrix: badTrace) } throws: { "\($0)".contains("trace 1.2") }
        let s = try StateVector(qubits: 1, options: options(.scalar))
        #expect(throws: QuantumSimError.self) { _ = try DensityMatrix(mixture: [(0.5, s), (0.4, s)]) }
        var rho = try DensityMatrix(qubits: 2, options: options(.scalar))
        #expect(throws: QuantumSimError.qubitOutOfRange(qubit: 2, qubitCount: 2)) { try rho.apply(Channel.bitFlip(0.1), to: [2]) }
        #expect(throws: QuantumSimError.repeatedQubit(qubit: 1, qubits: [1, 1])) {
            try rho.apply(Channel.depolarizing2(0.1), to: [1, 1])
        }
    }
}

/// Partial traces against a direct sum over the traced indices.
@Suite struct PartialTraceTests {
    /// Tr_rest |ψ⟩⟨ψ| by definition: for each basis pair of the kept qubits,
    /// sum over all assignments of the others.
    static func reference(_ psi: [Complex<Double>], keep: [Int]) -> [[Complex<Double>]] {
        let n = psi.count.trailingZeroBitCount, d = 1 << keep.count
        var out = [[Complex<Double>]](repeating: .init(repeating: .zero, count: d), count: d)
        var othersMask = 0
        for q in 0..<n where !keep.contains(q) { othersMask |= 1 << q }
        for i in psi.indices { for j in psi.indices {
            guard i & othersMask == j & othersMask else { continue }
            var r = 0, c = 0
            for (b, q) in keep.enumerated() { r |= ((i >> q) & 1) << b; c |= ((j >> q) & 1) << b }
            out[r][c] = out[r][c] + psi[i] * psi[j].conjugate
        } }
        return out
    }

    @Test func stateVectorAndDensityMatrixTraces() throws {
        var rnd = RandomInputs(seed: 80)
        for n in [2, 3, 5, 7] {
            let psi = rnd.state(qubits: n)
            for m in 1...min(3, n) {
                let keep = rnd.distinctQubits(m, of: n)
                let expected = Self.reference(psi, keep: keep).flatMap { $0 }
                let s = try StateVector(amplitudes: psi, options: options(.best, threads: 2, parallelQubits: 1))
                let a = try s.reducedDensityMatrix(keeping: keep)
                #expect(Reference.maxDifference(a.matrix.flatMap { $0 }, expected) < 1e-13, "n=\(n) keep=\(keep)")
                let b = try DensityMatrix(s).partialTrace(keeping: keep)
                #expect(Reference.maxDifference(b.matrix.flatMap { $0 }, expected) < 1e-13, "n=\(n) keep=\(keep)")
            }
        }
    }

    /// Every subset (in ascending order, and reversed) of registers up to 6
    /// qubits, and random subsets of up to 8 kept qubits of 8 to 10.
    @Test(arguments: KernelVariant.supported)
    func everySubset(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 81)
        for n in 1...6 {
            let psi = rnd.state(qubits: n)
            let s = try StateVector(amplitudes: psi, options: options(variant))
            let rho = try DensityMatrix(s)
            for mask in 1..<(1 << n) {
                let keep = (0..<n).filter { (mask >> $0) & 1 == 1 }
                for order in [keep, keep.reversed()] {
                    let expected = Self.reference(psi, keep: order).flatMap { $0 }
                    #expect(Reference.maxDifference(try s.reducedDensityMatrix(keeping: order).matrix.flatMap { $0 },
                                                    expected) < 1e-13, "n=\(n) keep=\(order)")
                    #expect(Reference.maxDifference(try rho.partialTrace(keeping: order).matrix.flatMap { $0 },
                                                    expected) < 1e-13, "n=\(n) keep=\(order)")
                }
            }
        }
        for n in [8, 10] {
            let psi = rnd.state(qubits: n)
            let s = try StateVector(amplitudes: psi, options: options(variant, threads: 2, parallelQubits: 1))
            for m in [1, 2, 4, 8] {
                let keep = rnd.distinctQubits(m, of: n)
                let expected = Self.reference(psi, keep: keep).flatMap { $0 }
                #expect(Reference.maxDifference(try s.reducedDensityMatrix(keeping: keep).matrix.flatMap { $0 },
                                                expected) < 1e-13, "n=\(n) keep=\(keep)")
            }
        }
    }

    @Test func bellHalvesAreMaximallyMixedAndThreadInvariant() throws {
        var s = try StateVector(qubits: 17, options: options(.best, threads: 1))
        try s.apply(Circuit(qubits: 17).h(3).cx(3, 16).ry(0.7, 0).cx(0, 9))
        let one = try s.reducedDensityMatrix(keeping: [16])
        #expect(abs(one.purity - 0.5) < 1e-14)
        var t = s
        t.options = try options(.best, threads: 2)
        #expect(try t.reducedDensityMatrix(keeping: [16, 3, 9]).matrix == s.reducedDensityMatrix(keeping: [16, 3, 9]).matrix)
        #expect(throws: QuantumSimError.repeatedQubit(qubit: 3, qubits: [3, 3])) { _ = try s.reducedDensityMatrix(keeping: [3, 3]) }
    }
}

/// Measurement and reset of density matrices; trajectories against the
/// density-matrix result.
@Suite struct NoisyEvolutionTests {
    @Test func densityMatrixMeasurementAndReset() throws {
        var rho = try DensityMatrix(qubits: 2, options: options(.best))
        try rho.apply(Circuit(qubits: 2).h(0).cx(0, 1))
        try rho.apply(Channel.depolarizing(0.2), to: [1])
        #expect(abs(try rho.probabilityOfOne(1) - 0.5) < 1e-12)
        var g = SeededGenerator(seed: 100)
        var a = rho
        let m = try a.measure(0, using: &g)
        #expect(abs(a.trace - 1) < 1e-12)
        #expect(abs(try a.probabilityOfOne(0) - Double(m)) < 1e-12)
        // After depolarizing qubit 1 by 0.2, it agrees with qubit 0 with
        // probability 1 − 0.2/2.
        #expect(abs(try a.probabilityOfOne(1) - (m == 1 ? 0.9 : 0.1)) < 1e-12)
        var several = rho
        let both = try several.measure([0, 1], using: &g)
        #expect(abs(several.probabilities[both] - 1) < 1e-12)
        var b = rho
        try b.reset(1)
        #expect(abs(try b.probabilityOfOne(1)) < 1e-15 && abs(b.trace - 1) < 1e-12)
        // Statistics of repeated measurements.
        var ones = 0
        for _ in 0..<2000 { var c = rho; ones += try c.measure(1, using: &g) }
        #expect(abs(Double(ones) - 1000) < 4.5 * (2000 * 0.25).squareRoot())
    }

    @Test(arguments: KernelVariant.supported)
    func trajectoriesConvergeToTheDensityMatrix(variant: KernelVariant) throws {
        let n = 3
        var rnd = RandomInputs(seed: 101)
        let psi = rnd.state(qubits: n)
        let noise: [(Channel, [Int])] = [
            (try .amplitudeDamping(0.3), [0]), (try .depolarizing(0.25), [2]), (try .depolarizing2(0.2), [1, 0]),
            // Relaxation channels (their own trajectory path) and one without structure (the general path).
            (try .memoryDecoherence(time: 0.4, t1: 1, t2: 0.6), [1]), (try .dephasing(0.3), [2]),
            (try .generalizedAmplitudeDamping(p: 0.7, gamma: 0.4), [0]),
        ]
        var exact = try DensityMatrix(StateVector(amplitudes: psi, options: options(variant)))
        for (ch, q) in noise { try exact.apply(ch, to: q) }
        let trajectories = 3000
        var average = [Complex<Double>](repeating: .zero, count: 1 << (2 * n))
        var g = SeededGenerator(seed: 102)
        for _ in 0..<trajectories {
            var s = try StateVector(amplitudes: psi, options: options(variant))
            for (ch, q) in noise { try s.apply(ch, to: q, using: &g) }
            #expect(abs(s.normSquared - 1) < 1e-12)
            let a = s.amplitudes
            for r in 0..<(1 << n) { for c in 0..<(1 << n) {
                average[r + c << n] = average[r + c << n] + a[r] * a[c].conjugate
            } }
        }
        var worst = 0.0
        for r in 0..<(1 << n) { for c in 0..<(1 << n) {
            let mean = average[r + c << n] * Complex(1 / Double(trajectories))
            worst = max(worst, (mean - (try exact.element(r, c))).length)
        } }
        // Each element is a mean of terms bounded by 1: 4.5 standard errors.
        #expect(worst < 4.5 / Double(trajectories).squareRoot(), "max deviation \(worst)")
    }
}

/// The zgemm path against the kernel path, and whole-register unitaries.
@Suite struct DensityGateMethodTests {
    @Test func blasAndKernelsAgree() throws {
        var rnd = RandomInputs(seed: 110)
        for n in [1, 3, 6] {
            let psi = rnd.state(qubits: n)
            var a = try DensityMatrix(StateVector(amplitudes: psi, options: options(.best)))
            try a.apply(Channel.depolarizing(0.3), to: [n - 1]) // mixed, so U* on columns matters
            var b = a
            let gates: [(Gate, [Int])] = n >= 3
                ? [(.u(0.3, 1.1, -0.7), [1]), (.cx, [2, 0]), (try Gate.unitary(rnd.unitary(qubits: 2)), [0, n - 1]),
                   (.ccx, [0, n - 1, 1]), (.cp(0.9), [n - 1, 1])]
                : [(.u(0.3, 1.1, -0.7), [0]), (.rz(0.4), [0])]
            for (g, q) in gates {
                try a.apply(g, to: q, method: .kernels)
                try b.apply(g, to: q, method: .blas)
            }
            #expect(Reference.maxDifference(a.matrix.flatMap { $0 }, b.matrix.flatMap { $0 }) < 1e-12, "n=\(n)")
        }
    }

    @Test func wholeRegisterUnitaries() throws {
        var rnd = RandomInputs(seed: 111)
        for n in [3, 6] {
            let u = rnd.unitary(qubits: n)
            let psi = rnd.state(qubits: n)
            var rho = try DensityMatrix(StateVector(amplitudes: psi, options: options(.best)))
            try rho.apply(unitary: u) // n = 3: kernels; n = 6: zgemm
            let m = DenseMatrix(dimension: 1 << n, entries: u.flatMap { $0 })
            let expected = m.times(psi)
            #expect(try DensityMatrixTests.distance(rho, expected) < 1e-12, "n=\(n)")
        }
        var rho = try DensityMatrix(qubits: 2, options: options(.best))
        #expect(throws: QuantumSimError.self) { try rho.apply(unitary: [[.one, .one], [.zero, .one]]) }
        // The measured rule (BENCHMARKS.md): zgemm only for 5-target gates on ≤ 7 qubits.
        #expect(DensityGateMethod.automaticChoice(targets: 5, qubits: 7) == .blas)
        #expect(DensityGateMethod.automaticChoice(targets: 5, qubits: 8) == .kernels)
        #expect(DensityGateMethod.automaticChoice(targets: 2, qubits: 3) == .kernels)
    }
}
