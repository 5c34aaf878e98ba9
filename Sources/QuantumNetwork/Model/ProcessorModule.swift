import QuantumSim

/// How a stored qubit decays while it waits: energy relaxation T1 and total
/// coherence time T2 (seconds; `.infinity` for none), with T2 ≤ 2·T1.
public struct MemoryModel: Sendable, Hashable {
    /// Relaxation time T1 in seconds.
    public let t1: Double
    /// Coherence time T2 in seconds (T2 ≤ 2·T1).
    public let t2: Double

    /// A memory with no decoherence.
    public static let perfect = MemoryModel(uncheckedT1: .infinity, t2: .infinity)

    /// Checked: T1, T2 > 0 and T2 ≤ 2·T1.
    public init(t1: Double, t2: Double) throws(NetworkError) {
        try checkParameter("T1", t1, in: .leastNonzeroMagnitude ... .infinity, unit: " seconds")
        try checkParameter("T2", t2, in: .leastNonzeroMagnitude ... .infinity, unit: " seconds")
        guard t2 <= 2 * t1 else {
            throw .invalidParameter(name: "T2", value: t2, expected: "at most 2·T1 = \(2 * t1) seconds")
        }
        self.init(uncheckedT1: t1, t2: t2)
    }

    private init(uncheckedT1 t1: Double, t2: Double) {
        self.t1 = t1
        self.t2 = t2
    }

    /// True when waiting changes nothing.
    public var isPerfect: Bool { t1 == .infinity && t2 == .infinity }

    /// The channel of waiting `time` seconds, or nil when it is the identity.
    func channel(waiting time: Double) throws(NetworkError) -> Channel? {
        guard time > 0, !isPerfect else { return nil }
        if t1 == .infinity {
            return try sim { () throws(QuantumSimError) in try Channel.phaseFlip(phaseFlipProbability(waiting: time)) }
        }
        return try sim { () throws(QuantumSimError) in try Channel.memoryDecoherence(time: time, t1: t1, t2: t2) }
    }

    /// The same wait as a damping γ and a factor on the coherences (what the
    /// channel's relaxation pass does), without building the channel; nil
    /// when it is the identity.
    func relaxation(waiting time: Double) -> (gamma: Double, coherence: Double)? {
        guard time > 0, !isPerfect else { return nil }
        if t1 == .infinity { return (0, Channel.phaseFlipCoherence(phaseFlipProbability(waiting: time))) }
        return Channel.memoryRelaxation(time: time, t1: t1, t2: t2)
    }

    /// Pure dephasing: coherence e^(−t/T2) = 1 − 2p for a phase flip p.
    private func phaseFlipProbability(waiting time: Double) -> Double { (1 - Double.exp(-time / t2)) / 2 }
}

/// A processor module: a register of qubits in one device, with its noise.
///
/// Error rates are depolarizing probabilities in the "replace by the
/// maximally mixed state" meaning: a 1-qubit gate error p applies
/// ρ → (1 − p)ρ + p·I/2 after the gate, a 2-qubit gate error p applies
/// ρ → (1 − p)ρ + p·I/4 on both qubits. Use ``depolarizingProbability(fromPauliErrorRate:qubits:)``
/// to convert the other common meaning (the probability of a non-identity
/// Pauli error). The measurement error is the probability that a read-out
/// flips. Durations are seconds.
public struct ProcessorModule: Sendable, Hashable {
    /// Name, unique within its node.
    public let name: String
    /// How many qubits it holds at once.
    public let capacity: Int
    /// Decoherence of its stored qubits.
    public let memory: MemoryModel
    /// Depolarizing probability after each 1-qubit gate.
    public let singleQubitGateError: Double
    /// Two-qubit depolarizing probability after each 2-qubit gate.
    public let twoQubitGateError: Double
    /// Probability that a measurement reports the wrong bit.
    public let measurementError: Double
    /// Seconds per 1-qubit gate, 2-qubit gate and measurement.
    public let singleQubitGateTime: Double, twoQubitGateTime: Double, measurementTime: Double
    /// The gate-error channels, built once (runs apply them many times).
    let gateNoise: GateNoise

    /// A module, checked: capacity ≥ 1, error rates in [0, 1], durations ≥ 0.
    public init(name: String = "main", capacity: Int = 16, memory: MemoryModel = .perfect,
                singleQubitGateError: Double = 0, twoQubitGateError: Double = 0, measurementError: Double = 0,
                singleQubitGateTime: Double = 0, twoQubitGateTime: Double = 0, measurementTime: Double = 0)
        throws(NetworkError)
    {
        guard capacity >= 1 else {
            throw .invalidParameter(name: "capacity of module \"\(name)\"", value: Double(capacity),
                                    expected: "at least 1 qubit")
        }
        try checkParameter("single-qubit gate error", singleQubitGateError, in: 0...1)
        try checkParameter("two-qubit gate error", twoQubitGateError, in: 0...1)
        try checkParameter("measurement error", measurementError, in: 0...1)
        for (label, t) in [("single-qubit gate time", singleQubitGateTime), ("two-qubit gate time", twoQubitGateTime),
                           ("measurement time", measurementTime)] {
            try checkParameter(label, t, in: 0 ... .greatestFiniteMagnitude, unit: " seconds")
        }
        self.name = name
        self.capacity = capacity
        self.memory = memory
        self.singleQubitGateError = singleQubitGateError
        self.twoQubitGateError = twoQubitGateError
        self.measurementError = measurementError
        self.singleQubitGateTime = singleQubitGateTime
        self.twoQubitGateTime = twoQubitGateTime
        self.measurementTime = measurementTime
        gateNoise = try GateNoise(singleQubit: singleQubitGateError, twoQubit: twoQubitGateError)
    }

    /// A noiseless module of `capacity` qubits.
    public static func ideal(name: String = "main", capacity: Int = 16) -> ProcessorModule {
        try! ProcessorModule(name: name, capacity: max(1, capacity))
    }

    /// Converts a Pauli error rate r (probability of X, Y or Z, or of any of
    /// the 15 non-identity two-qubit Paulis, each equally likely) into the
    /// depolarizing probability p used here: r = p·(4^k − 1)/4^k.
    public static func depolarizingProbability(fromPauliErrorRate r: Double, qubits k: Int) -> Double {
        let d2 = Double(1 << (2 * k))
        return r * d2 / (d2 - 1)
    }
}

/// A module's gate errors as channels: `one` after 1-qubit gates, `two`
/// after 2-qubit gates, `wide` on each qubit of a gate on three or more
/// (the two-qubit rate as 1-qubit depolarizing). Nil where the rate is 0.
struct GateNoise: Sendable, Hashable {
    let one: Channel?, two: Channel?, wide: Channel?

    init(singleQubit p1: Double, twoQubit p2: Double) throws(NetworkError) {
        (one, two, wide) = try sim { () throws(QuantumSimError) in
            (p1 > 0 ? try Channel.depolarizing(p1) : nil, p2 > 0 ? try Channel.depolarizing2(p2) : nil,
             p2 > 0 ? try Channel.depolarizing(p2) : nil)
        }
    }
}
