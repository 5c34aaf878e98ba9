import RealModule

/// A quantum channel on one or two qubits, given by Kraus operators
/// (ρ → Σ K ρ K†), checked trace preserving.
///
/// Parameters are probabilities in [0, 1] unless stated; times are in
/// seconds. Each channel is applied to a ``DensityMatrix`` as one pass of its
/// precomputed superoperator Σ K ⊗ K*.
public struct Channel: Sendable, Hashable, CustomStringConvertible {
    /// Name, e.g. `depolarizing(0.1)`.
    public var name: String { storage.name }
    /// Qubits it acts on (1 or 2).
    public var qubitCount: Int { storage.qubitCount }
    /// The Kraus operators, each 2^k × 2^k row-major.
    public var krausOperators: [[Complex<Double>]] {
        switch storage.kraus {
        case let .explicit(operators): return operators
        case let .memory(gamma, lambda): return Self.memoryKraus(gamma: gamma, lambda: lambda)
        }
    }

    /// Σ K ⊗ K* on the vectorised matrix, built once with the channel (it is
    /// applied many times): index r + c·2^k holds ρ[r][c], so
    /// S[(r + c·d), (r' + c'·d)] = Σ K[r][r'] conj(K[c][c']).
    var superoperator: Gate {
        if let s = storage.superoperator { return s }
        return Self.superoperator(krausOperators, qubits: qubitCount, name: name)
    }
    /// Set when the channel is ρ → (1 − p) ρ + p Tr_q(ρ) ⊗ I/2^k: density
    /// matrices then apply it in one pass that sums each block's diagonal,
    /// instead of the superoperator's 16^k multiply-adds per block.
    var depolarizingProbability: Double? { storage.depolarizingProbability }
    /// Set when the channel is a fixed mixture of products of 1-qubit
    /// unitaries (Pauli channels): a trajectory then draws its term without
    /// looking at the state.
    var unitaryMixture: UnitaryMixture? { storage.unitaryMixture }
    /// Set for 1-qubit channels that damp |1⟩ → |0⟩ with probability γ and
    /// scale the coherences by c (amplitude damping, dephasing, phase flip,
    /// memory decoherence): density matrices apply them in one cheap pass.
    var relaxation: Relaxation? { storage.relaxation }

    /// All of it in one immutable object: network runs copy channels at every
    /// operation, and one reference costs one retain.
    private final class Storage: Sendable {
        let name: String
        let qubitCount: Int
        let kraus: KrausForm
        /// nil when it is cheaper to build on demand than to keep (memory
        /// channels, made at every wait of a network run, applied by their
        /// relaxation pass).
        let superoperator: Gate?
        let depolarizingProbability: Double?
        let unitaryMixture: UnitaryMixture?
        let relaxation: Relaxation?

        init(name: String, qubitCount: Int, kraus: KrausForm, superoperator: Gate?,
             depolarizingProbability: Double? = nil, unitaryMixture: UnitaryMixture? = nil,
             relaxation: Relaxation? = nil) {
            self.name = name
            self.qubitCount = qubitCount
            self.kraus = kraus
            self.superoperator = superoperator
            self.depolarizingProbability = depolarizingProbability
            self.unitaryMixture = unitaryMixture
            self.relaxation = relaxation
        }
    }
    private let storage: Storage

    /// How the Kraus operators are held: as given, or as the two parameters
    /// of a memory channel, written out when asked for (density matrices
    /// never ask, and network runs build a memory channel at every wait).
    private enum KrausForm: Sendable {
        case explicit([[Complex<Double>]])
        case memory(gamma: Double, lambda: Double)
    }

    public static func == (a: Channel, b: Channel) -> Bool {
        a.storage === b.storage || (a.name == b.name && a.krausOperators == b.krausOperators)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(krausOperators)
    }

    /// Most qubits of a channel: its superoperator acts on 2k qubits of the
    /// density matrix's vector, and dense kernels take at most 5.
    public static let maximumQubits = 2

    /// A channel from Kraus operators (each 2^k rows of 2^k entries, k ≤ 2),
    /// checked: max |Σ K†K − I| ≤ `tolerance`.
    public init(kraus: [[[Complex<Double>]]], name: String = "kraus", tolerance: Double = 1e-10)
        throws(QuantumSimError)
    {
        guard let first = kraus.first else {
            throw .invalidParameter(name: "Kraus operator count", value: 0, expected: "at least 1")
        }
        let dim = first.count
        for k in kraus {
            guard dim >= 2, dim & (dim - 1) == 0, k.count == dim, k.allSatisfy({ $0.count == dim }) else {
                throw .invalidMatrixShape(gate: name, rows: k.count, columns: k.map(\.count))
            }
        }
        let q = dim.trailingZeroBitCount
        guard q <= Self.maximumQubits else { throw .gateTooLarge(gate: name, targets: q, maximum: Self.maximumQubits) }
        var worst = 0.0
        for i in 0..<dim {
            for j in 0..<dim {
                var s = Complex<Double>.zero
                for k in kraus { for r in 0..<dim { s = s + k[r][i].conjugate * k[r][j] } }
                if i == j { s = s - .one }
                worst = max(worst, s.length)
            }
        }
        guard worst <= tolerance else { throw .notTracePreserving(channel: name, deviation: worst, tolerance: tolerance) }
        self.init(trusted: kraus.map { $0.flatMap { $0 } }, qubits: q, name: name)
    }

    /// Kraus operators (row-major, flat) known to be trace preserving; the
    /// superoperator is computed from them unless given.
    init(trusted kraus: [[Complex<Double>]], qubits: Int, name: String, superoperator: Gate? = nil,
         depolarizingProbability: Double? = nil, unitaryMixture: UnitaryMixture? = nil,
         relaxation: Relaxation? = nil) {
        storage = Storage(name: name, qubitCount: qubits, kraus: .explicit(kraus),
                          superoperator: superoperator ?? Self.superoperator(kraus, qubits: qubits, name: name),
                          depolarizingProbability: depolarizingProbability, unitaryMixture: unitaryMixture,
                          relaxation: relaxation)
    }

    /// This channel with its structure recorded (see the properties).
    private func with(depolarizingProbability p: Double? = nil, unitaryMixture mixture: UnitaryMixture? = nil,
                      relaxation: Relaxation? = nil) -> Channel {
        Channel(trusted: krausOperators, qubits: qubitCount, name: name, superoperator: superoperator,
                depolarizingProbability: p, unitaryMixture: mixture ?? unitaryMixture,
                relaxation: relaxation ?? self.relaxation)
    }

    static func superoperator(_ krausOperators: [[Complex<Double>]], qubits: Int, name: String) -> Gate {
        let d = 1 << qubits, dd = d * d
        var s = [Complex<Double>](repeating: .zero, count: dd * dd)
        for k in krausOperators {
            for r in 0..<d { for c in 0..<d { for r2 in 0..<d { for c2 in 0..<d {
                let v = k[r * d + r2] * k[c * d + c2].conjugate
                s[(r + c * d) * dd + (r2 + c2 * d)] = s[(r + c * d) * dd + (r2 + c2 * d)] + v
            } } } }
        }
        return Gate(name: name, targets: 2 * qubits, action: .dense(s))
    }

    public var description: String { name }

    // MARK: Built-in channels

    private static func check(_ name: String, _ p: Double, _ range: ClosedRange<Double> = 0...1) throws(QuantumSimError) {
        guard range.contains(p) else {
            throw .invalidParameter(name: name, value: p, expected: "a value in \(range.lowerBound)...\(range.upperBound)")
        }
    }

    private static func c(_ x: Double) -> Complex<Double> { Complex(x) }
    private static let pauli: [[[Complex<Double>]]] = [
        [[.one, .zero], [.zero, .one]],
        [[.zero, .one], [.one, .zero]],
        [[.zero, Complex(0, -1)], [Complex(0, 1), .zero]],
        [[.one, .zero], [.zero, -.one]],
    ]
    private static func scaled(_ m: [[Complex<Double>]], _ f: Double) -> [[Complex<Double>]] {
        m.map { $0.map { $0 * Complex(f) } }
    }

    /// X with probability p.
    public static func bitFlip(_ p: Double) throws(QuantumSimError) -> Channel {
        try check("bit-flip probability", p)
        return try pauliChannel(x: p, y: 0, z: 0, name: "bit_flip(\(p))")
    }

    /// Z with probability p.
    public static func phaseFlip(_ p: Double) throws(QuantumSimError) -> Channel {
        try check("phase-flip probability", p)
        return try pauliChannel(x: 0, y: 0, z: p, name: "phase_flip(\(p))")
            .with(relaxation: Relaxation(gamma: 0, coherence: phaseFlipCoherence(p)))
    }

    /// X, Y, Z with probabilities px, py, pz (sum ≤ 1).
    public static func pauliChannel(x px: Double, y py: Double, z pz: Double, name: String? = nil)
        throws(QuantumSimError) -> Channel
    {
        for (n, p) in [("px", px), ("py", py), ("pz", pz), ("px + py + pz", px + py + pz)] { try check(n, p) }
        let probs = [1 - px - py - pz, px, py, pz]
        let terms = (0..<4).filter { probs[$0] > 0 }
        let channel = try Channel(kraus: terms.map { scaled(pauli[$0], probs[$0].squareRoot()) },
                                  name: name ?? "pauli(\(px), \(py), \(pz))")
        return channel.with(unitaryMixture: UnitaryMixture(probabilities: terms.map { probs[$0] },
                                                           factors: terms.map { [pauliGates[$0]] }))
    }

    // The Pauli matrices as gates, identity as nil (nothing to apply).
    private static let pauliGates: [Gate?] = [nil, .x, .y, .z]

    /// ρ → (1 − p) ρ + p I/2: the Bloch vector shrinks by 1 − p
    /// (p is the probability of replacing the state by the maximally mixed one).
    public static func depolarizing(_ p: Double) throws(QuantumSimError) -> Channel {
        try check("depolarizing probability", p)
        let channel = try pauliChannel(x: p / 4, y: p / 4, z: p / 4, name: "depolarizing(\(p))")
        return channel.with(depolarizingProbability: p)
    }

    /// Two-qubit ρ → (1 − p) ρ + p I/4.
    public static func depolarizing2(_ p: Double) throws(QuantumSimError) -> Channel {
        try check("depolarizing probability", p)
        var kraus: [[[Complex<Double>]]] = []
        var weights: [Double] = [], factors: [[Gate?]] = []
        for a in 0..<4 {
            for b in 0..<4 {
                let w = a == 0 && b == 0 ? 1 - 15 * p / 16 : p / 16
                guard w > 0 else { continue }
                weights.append(w)
                factors.append([pauliGates[a], pauliGates[b]])
                // Qubit 0 (low bit) gets pauli[a], qubit 1 gets pauli[b].
                var m = [[Complex<Double>]](repeating: [Complex<Double>](repeating: .zero, count: 4), count: 4)
                let amplitude = Complex<Double>(w.squareRoot())
                for r in 0..<4 {
                    for col in 0..<4 {
                        let high: Complex<Double> = pauli[b][r >> 1][col >> 1]
                        let low: Complex<Double> = pauli[a][r & 1][col & 1]
                        m[r][col] = high * low * amplitude
                    }
                }
                kraus.append(m)
            }
        }
        return try Channel(kraus: kraus, name: "depolarizing2(\(p))")
            .with(depolarizingProbability: p, unitaryMixture: UnitaryMixture(probabilities: weights, factors: factors))
    }

    /// Energy relaxation |1⟩ → |0⟩ with probability γ.
    public static func amplitudeDamping(_ gamma: Double) throws(QuantumSimError) -> Channel {
        try check("damping probability γ", gamma)
        return try Channel(kraus: [[[.one, .zero], [.zero, c((1 - gamma).squareRoot())]],
                                   [[.zero, c(gamma.squareRoot())], [.zero, .zero]]],
                           name: "amplitude_damping(\(gamma))")
            .with(relaxation: Relaxation(gamma: gamma, coherence: (1 - gamma).squareRoot()))
    }

    /// Amplitude damping towards a thermal state: with probability p towards
    /// |0⟩, with 1 − p towards |1⟩, each with damping γ.
    public static func generalizedAmplitudeDamping(p: Double, gamma: Double) throws(QuantumSimError) -> Channel {
        try check("excitation probability p", p)
        try check("damping probability γ", gamma)
        let a = p.squareRoot(), b = (1 - p).squareRoot(), g = gamma.squareRoot(), h = (1 - gamma).squareRoot()
        return try Channel(kraus: [[[c(a), .zero], [.zero, c(a * h)]], [[.zero, c(a * g)], [.zero, .zero]],
                                   [[c(b * h), .zero], [.zero, c(b)]], [[.zero, .zero], [c(b * g), .zero]]],
                           name: "generalized_amplitude_damping(\(p), \(gamma))")
    }

    /// Pure dephasing: off-diagonal elements multiplied by √(1 − λ).
    public static func dephasing(_ lambda: Double) throws(QuantumSimError) -> Channel {
        try check("dephasing λ", lambda)
        return try Channel(kraus: [[[.one, .zero], [.zero, c((1 - lambda).squareRoot())]],
                                   [[.zero, .zero], [.zero, c(lambda.squareRoot())]]],
                           name: "dephasing(\(lambda))")
            .with(relaxation: Relaxation(gamma: 0, coherence: (1 - lambda).squareRoot()))
    }

    /// A memory qubit idling for `time` seconds: populations relax with T1
    /// (γ = 1 − e^(−t/T1)) and coherences decay as e^(−t/T2) in total.
    /// Requires T2 ≤ 2·T1.
    public static func memoryDecoherence(time: Double, t1: Double, t2: Double) throws(QuantumSimError) -> Channel {
        guard time >= 0, time.isFinite else { throw .invalidParameter(name: "time", value: time, expected: "≥ 0 seconds") }
        guard t1 > 0 else { throw .invalidParameter(name: "T1", value: t1, expected: "> 0 seconds") }
        guard t2 > 0 else { throw .invalidParameter(name: "T2", value: t2, expected: "> 0 seconds") }
        guard t2 <= 2 * t1 else {
            throw .invalidParameter(name: "T2", value: t2, expected: "at most 2·T1 = \(2 * t1) seconds")
        }
        let (gamma, lambda) = memoryDecay(time: time, t1: t1, t2: t2)
        // Named without its parameters: network runs build one per memory wait.
        // Applied to density matrices by the relaxation pass; the
        // superoperator is built only when asked for.
        return Channel(storage: Storage(name: "memory_decoherence", qubitCount: 1,
                                        kraus: .memory(gamma: gamma, lambda: lambda), superoperator: nil,
                                        relaxation: Relaxation(gamma: gamma, coherence: memoryCoherence(gamma, lambda))))
    }

    /// The damping γ = 1 − e^(−t/T1) and the dephasing λ of a memory wait
    /// (unchecked: T2 ≤ 2·T1, t ≥ 0).
    private static func memoryDecay(time: Double, t1: Double, t2: Double) -> (gamma: Double, lambda: Double) {
        let gamma = 1 - Double.exp(-time / t1)
        // After damping the coherence is e^(−t/2T1); dephasing supplies the rest.
        return (gamma, max(0, min(1, 1 - Double.exp(-2 * time / t2 + time / t1))))
    }

    private static func memoryCoherence(_ gamma: Double, _ lambda: Double) -> Double {
        ((1 - lambda) * (1 - gamma)).squareRoot()
    }

    /// What ``memoryDecoherence(time:t1:t2:)`` does, as the damping γ and
    /// the factor on the coherences, without building the channel: for
    /// states that apply it themselves (``XState/relax(qubit:gamma:coherence:)``)
    /// at every wait of a network run. Unchecked: T2 ≤ 2·T1, t ≥ 0.
    package static func memoryRelaxation(time: Double, t1: Double, t2: Double) -> (gamma: Double, coherence: Double) {
        let (gamma, lambda) = memoryDecay(time: time, t1: t1, t2: t2)
        return (gamma, memoryCoherence(gamma, lambda))
    }

    /// What ``phaseFlip(_:)`` does to coherences, as a factor (1 − 2p).
    package static func phaseFlipCoherence(_ p: Double) -> Double { 1 - 2 * p }

    private init(storage: Storage) { self.storage = storage }

    /// Dephasing {diag(1, √(1−λ)), diag(0, √λ)} after damping {diag(1, √(1−γ)), √γ|0⟩⟨1|}:
    /// the four products, one of which is zero.
    /// Σ K†K = diag(1, (1−λ)(1−γ) + γ + λ(1−γ)) = I by construction.
    private static func memoryKraus(gamma: Double, lambda: Double) -> [[Complex<Double>]] {
        [[.one, .zero, .zero, c(((1 - lambda) * (1 - gamma)).squareRoot())],
         [.zero, c(gamma.squareRoot()), .zero, .zero],
         [.zero, .zero, .zero, c((lambda * (1 - gamma)).squareRoot())]]
    }
}

extension Channel {
    /// Reset to |0⟩ without reading the outcome: Kraus |0⟩⟨0| and |0⟩⟨1|.
    public static let reset = try! Channel(kraus: [[[.one, .zero], [.zero, .zero]], [[.zero, .one], [.zero, .zero]]],
                                           name: "reset")
}

/// A channel Σ_i p_i U_i ρ U_i† whose U_i are products of 1-qubit gates.
struct UnitaryMixture: Sendable, Hashable {
    /// p_i, summing to 1.
    let probabilities: [Double]
    /// U_i as one gate per channel qubit (nil: identity on that qubit).
    let factors: [[Gate?]]
}

/// Amplitude damping γ with the coherences then scaled by `coherence` in
/// total: ρ00 += γ ρ11, ρ11 → (1 − γ) ρ11, ρ01 → c ρ01.
struct Relaxation: Sendable, Hashable {
    let gamma: Double
    let coherence: Double
}
