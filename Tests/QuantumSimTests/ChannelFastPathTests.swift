@testable import QuantumSim
import QuantumSimTestSupport
import RealModule
import Testing

/// The cheaper ways some channels are applied, held to the general one: the
/// depolarizing and relaxation passes on density matrices against the
/// superoperator Σ K ⊗ K* of the channel's Kraus operators, and each unitary
/// mixture against its Kraus set.
@Suite struct ChannelFastPathTests {
    /// A random mixed n-qubit state: a mixture of three random pure states.
    static func randomMixed(_ n: Int, _ rnd: inout RandomInputs, _ options: ExecutionOptions) throws -> DensityMatrix {
        let weights = [0.5, 0.3, 0.2]
        return try DensityMatrix(mixture: weights.map { w in
            (w, try StateVector(amplitudes: rnd.state(qubits: n), options: options))
        })
    }

    /// The depolarizing pass equals the superoperator pass on random mixed
    /// states, for every qubit choice of 1- and 2-qubit channels, on 1, 2
    /// and 3 threads (the 6- and 5-qubit states are split between them).
    @Test(arguments: KernelVariant.supported)
    func depolarizingPassMatchesTheSuperoperator(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 404)
        // 3 threads split the blocks off the passes' runs (their lengths are powers of two).
        for (n, threads) in [(1, 1), (2, 1), (3, 1), (4, 1), (6, 2), (5, 3)] {
            let opts = try options(variant, threads: threads, parallelQubits: 8)
            let rho = try Self.randomMixed(n, &rnd, opts)
            var cases: [(Channel, [Int])] = []
            for q in 0..<n { cases.append((try .depolarizing(rnd.uniform()), [q])) }
            for a in 0..<n { for b in 0..<n where a != b && (n < 6 || (a + b) % 3 == 0) {
                cases.append((try .depolarizing2(rnd.uniform()), [a, b]))
            } }
            for (channel, qubits) in cases {
                #expect(channel.depolarizingProbability != nil)
                var fast = rho, general = rho
                try fast.apply(channel, to: qubits)
                try general.applySuperoperator(of: channel, to: qubits)
                let difference = Reference.maxDifference(fast.matrix.flatMap { $0 }, general.matrix.flatMap { $0 })
                #expect(difference < 1e-13, "\(channel) on \(qubits) of \(n) qubits: \(difference)")
            }
        }
    }

    /// The relaxation pass (amplitude damping, dephasing, phase flip, memory
    /// decoherence) equals the superoperator pass built from the channel's
    /// Kraus operators, on every qubit of random mixed states, on 1, 2 and 3
    /// threads.
    @Test(arguments: KernelVariant.supported)
    func relaxationPassMatchesTheSuperoperator(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 405)
        for (n, threads) in [(1, 1), (2, 1), (3, 1), (6, 2), (5, 3)] {
            let opts = try options(variant, threads: threads, parallelQubits: 8)
            let rho = try Self.randomMixed(n, &rnd, opts)
            for q in 0..<n {
                let t1 = 0.1 + rnd.uniform(), t2 = 2 * t1 * (0.05 + 0.95 * rnd.uniform()), t = 2 * rnd.uniform()
                let channels: [Channel] = [
                    try .amplitudeDamping(rnd.uniform()), try .dephasing(rnd.uniform()), try .phaseFlip(rnd.uniform()),
                    try .memoryDecoherence(time: t, t1: t1, t2: t2),
                ]
                for channel in channels {
                    #expect(channel.relaxation != nil)
                    var fast = rho, general = rho
                    try fast.apply(channel, to: [q])
                    try general.applySuperoperator(of: channel, to: [q])
                    let difference = Reference.maxDifference(fast.matrix.flatMap { $0 }, general.matrix.flatMap { $0 })
                    #expect(difference < 1e-13, "\(channel) on qubit \(q) of \(n): \(difference)")
                }
            }
        }
    }

    /// Every variant's copy of the depolarizing and relaxation passes gives
    /// the same bits as the portable one (plain multiplies and adds, no
    /// FMA), on every qubit choice, so a run's density matrices do not
    /// depend on the machine's vector width.
    @Test func passesGiveTheSameBitsOnEveryVariant() throws {
        var rnd = RandomInputs(seed: 407)
        let n = 6
        let reference = try Self.randomMixed(n, &rnd, try options(.scalar))
        var cases: [(Channel, [Int])] = []
        for q in 0..<n {
            cases.append((try .depolarizing(rnd.uniform()), [q]))
            cases.append((try .amplitudeDamping(rnd.uniform()), [q]))
            for b in 0..<n where b != q { cases.append((try .depolarizing2(rnd.uniform()), [q, b])) }
        }
        for (channel, qubits) in cases {
            var portable = reference
            try portable.apply(channel, to: qubits)
            for variant in KernelVariant.supported where variant != .scalar {
                var wide = reference
                wide.options = try options(variant)
                try wide.apply(channel, to: qubits)
                let same = wide.matrix == portable.matrix // a Bool: the message names the case, not two 64×64 matrices
                #expect(same, "\(channel) on \(qubits), \(variant)")
            }
        }
    }

    /// The relaxation trajectory, branch by branch: a generator that returns
    /// a chosen fraction of its range forces each Kraus branch in turn; the
    /// branches weighted by the probabilities the channel's closed form gives
    /// (w0 = P0 + c²P1, w1 = γP1, w2 = (1 − γ − c²)P1) must average to the
    /// channel's density-matrix result, exactly.
    @Test func relaxationTrajectoryBranchesAverageToTheChannel() throws {
        var rnd = RandomInputs(seed: 406)
        let opts = try options(.best)
        let cases: [(Channel, gamma: Double, coherence: Double)] = [
            (try .amplitudeDamping(0.3), 0.3, 0.7.squareRoot()), (try .dephasing(0.4), 0, 0.6.squareRoot()),
            (try .memoryDecoherence(time: 0.4, t1: 1, t2: 0.6), 1 - Double.exp(-0.4), Double.exp(-0.4 / 0.6)),
        ]
        for (channel, gamma, c) in cases {
            for q in 0..<3 {
                let psi = try StateVector(amplitudes: rnd.state(qubits: 3), options: opts)
                let p1 = try psi.probabilityOfOne(q)
                let w = [1 - p1 + c * c * p1, gamma * p1, (1 - gamma - c * c) * p1]
                var average = [Complex<Double>](repeating: .zero, count: 64)
                var below = 0.0
                for weight in w where weight > 1e-15 {
                    var branch = psi
                    var pick = FixedFraction(fraction: (below + weight / 2) / w.reduce(0, +))
                    try branch.apply(channel, to: [q], using: &pick)
                    let a = branch.amplitudes
                    for r in 0..<8 { for col in 0..<8 {
                        average[r + 8 * col] = average[r + 8 * col] + a[r] * a[col].conjugate * Complex(weight)
                    } }
                    below += weight
                }
                var rho = try DensityMatrix(psi)
                try rho.applySuperoperator(of: channel, to: [q])
                let expected = (0..<64).map { rho.matrix[$0 % 8][$0 / 8] }
                #expect(Reference.maxDifference(average, expected) < 1e-12, "\(channel) on qubit \(q)")
            }
        }
    }

    /// Each unitary mixture (Pauli, depolarizing on 1 and 2 qubits) has the
    /// channel's superoperator: Σ p_i U_i ⊗ U_i* = Σ K ⊗ K*, and its
    /// probabilities sum to 1.
    @Test func unitaryMixturesMatchTheirKrausOperators() throws {
        let channels: [Channel] = [
            try .bitFlip(0.2), try .phaseFlip(0.7), try .pauliChannel(x: 0.1, y: 0.2, z: 0.3),
            try .depolarizing(0.4), try .depolarizing(1), try .depolarizing2(0.3), try .depolarizing2(1),
        ]
        for channel in channels {
            let mixture = try #require(channel.unitaryMixture)
            #expect(abs(mixture.probabilities.reduce(0, +) - 1) < 1e-15)
            let k = channel.qubitCount
            let kraus = zip(mixture.probabilities, mixture.factors).map { p, factors in
                Self.product(factors, qubits: k).map { $0 * Complex(p.squareRoot()) }
            }
            let fromMixture = Channel.superoperator(kraus, qubits: k, name: "mixture")
            #expect(Reference.maxDifference(fromMixture.targetMatrix, channel.superoperator.targetMatrix) < 1e-15,
                    "\(channel)")
        }
    }

    /// ⊗ of 1-qubit gates (nil = identity), factor 0 on the low bit.
    static func product(_ factors: [Gate?], qubits k: Int) -> [Complex<Double>] {
        let d = 1 << k
        var m = [Complex<Double>](repeating: .zero, count: d * d)
        for r in 0..<d { for c in 0..<d {
            var v = Complex<Double>.one
            for (q, gate) in factors.enumerated() {
                let (rb, cb) = ((r >> q) & 1, (c >> q) & 1)
                v = v * (gate.map { $0.targetMatrix[rb * 2 + cb] } ?? (rb == cb ? .one : .zero))
            }
            m[r * d + c] = v
        } }
        return m
    }
}

/// A generator that makes `Double.random(in: 0..<t)` return fraction × t
/// (to 2⁻⁵³): the standard library builds the double from the low 53 bits of
/// one draw.
struct FixedFraction: RandomNumberGenerator {
    let fraction: Double
    mutating func next() -> UInt64 { UInt64(fraction * 0x1p53) }
}
