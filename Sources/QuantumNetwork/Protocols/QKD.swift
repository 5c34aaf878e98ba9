import QuantumSim
import RealModule

/// An intercept-resend attack: Eve measures a fraction of the photons in a
/// random basis (Z or X) and sends on the state she found.
public struct InterceptResend: Sendable, Hashable {
    /// Fraction of photons attacked, in [0, 1].
    public let fraction: Double

    public init(fraction: Double) throws(NetworkError) {
        try checkParameter("intercepted fraction", fraction, in: 0...1)
        self.fraction = fraction
    }
}

/// Settings shared by the QKD protocols.
public struct QKDSettings: Sendable, Hashable {
    /// Pulses (BB84) or emitted pairs (BBM92) per second.
    public let pulseRate: Double
    /// Probability that the channel flips a photon's bit, in whichever
    /// basis it was prepared (optical misalignment), in [0, 1/2]: a
    /// depolarizing channel of probability 2·misalignment.
    public let misalignment: Double
    /// Probability per pulse that Bob's detector clicks on nothing (a random bit).
    public let darkCountProbability: Double
    /// The attack, if any.
    public let eavesdropper: InterceptResend?

    public init(pulseRate: Double = 1e8, misalignment: Double = 0, darkCountProbability: Double = 0,
                eavesdropper: InterceptResend? = nil) throws(NetworkError) {
        try checkParameter("pulse rate", pulseRate, in: .leastNonzeroMagnitude ... .greatestFiniteMagnitude, unit: " Hz")
        try checkParameter("misalignment", misalignment, in: 0...0.5)
        try checkParameter("dark-count probability", darkCountProbability, in: 0...1)
        self.pulseRate = pulseRate
        self.misalignment = misalignment
        self.darkCountProbability = darkCountProbability
        self.eavesdropper = eavesdropper
    }
}

/// What a QKD run produced.
///
/// Rates are per second of simulated time (pulses / pulse rate). The secret
/// key fraction is the asymptotic Shor–Preskill bound 1 − 2·h(QBER) (0 when
/// negative); the PLOB bound −log₂(1 − η) is the most secret key any
/// repeaterless protocol can get per use of a channel of transmission η (the
/// fiber's), given per pulse and per second beside it.
public struct QKDResult: ExperimentResult, CustomStringConvertible {
    public let name: String
    /// Pulses sent (BB84) or pairs emitted (BBM92).
    public let pulses: Int
    /// Rounds Bob detected something.
    public let detections: Int
    /// Rounds kept after comparing bases.
    public let sifted: Int
    /// Sifted rounds whose bits disagree.
    public let errors: Int
    /// Simulated seconds.
    public let time: Double
    /// Fiber transmission of the channel.
    public let transmission: Double
    /// CHSH value S from the test rounds (BBM92 with a CHSH test), with its standard error.
    public let chsh: Estimate?
    /// Classical bits announced (bases, and test outcomes).
    public let classicalBits: Int

    /// errors / sifted, with its binomial standard error.
    public var qber: Estimate {
        guard sifted > 0 else { return Estimate(mean: 0, standardError: 0, count: 0) }
        let q = Double(errors) / Double(sifted)
        return Estimate(mean: q, standardError: (q * (1 - q) / Double(sifted)).squareRoot(), count: sifted)
    }
    /// Sifted bits per second.
    public var siftedKeyRate: Double { Double(sifted) / time }
    /// Asymptotic secret-key fraction 1 − 2·h(Q) (Shor–Preskill), at least 0.
    public var secretKeyFraction: Double { max(0, 1 - 2 * binaryEntropy(qber.mean)) }
    /// Secret bits per second: sifted rate × secret fraction.
    public var secretKeyRate: Double { siftedKeyRate * secretKeyFraction }
    /// PLOB bound per channel use, −log₂(1 − η).
    public var plobBoundPerPulse: Double { -Double.log(onePlus: -transmission) / Double.log(2) }
    /// PLOB bound per second at the pulse rate.
    public var plobBoundRate: Double { plobBoundPerPulse * Double(pulses) / time }

    public static let columns: [OutputColumn<QKDResult>] = [
        OutputColumn("detections") { Double($0.detections) },
        OutputColumn("sifted") { Double($0.sifted) },
        OutputColumn("qber") { $0.qber.mean },
        OutputColumn("qber_se") { $0.qber.standardError },
        OutputColumn("sifted_key_rate_per_s", "1/s") { $0.siftedKeyRate },
        OutputColumn("secret_key_fraction") { $0.secretKeyFraction },
        OutputColumn("secret_key_rate_per_s", "1/s") { $0.secretKeyRate },
        OutputColumn("plob_bound_per_s", "1/s") { $0.plobBoundRate },
        OutputColumn("chsh") { $0.chsh?.mean },
        OutputColumn("chsh_se") { $0.chsh?.standardError },
    ]

    public var description: String {
        var s = "\(name): \(pulses) pulses, \(detections) detected, \(sifted) sifted, QBER \(qber), "
        s += "sifted rate \(siftedKeyRate) /s, secret fraction \(secretKeyFraction), "
        s += "secret rate \(secretKeyRate) /s, PLOB bound \(plobBoundRate) /s"
        if let chsh { s += ", CHSH \(chsh)" }
        return s
    }
}

/// h(p) = −p log₂ p − (1 − p) log₂(1 − p).
func binaryEntropy(_ p: Double) -> Double {
    guard p > 0, p < 1 else { return 0 }
    return -p * Double.log2(p) - (1 - p) * Double.log2(1 - p)
}

/// Shared per-photon steps: the channel's loss and misalignment, Eve, and
/// a read-out in a basis rotated by θ in the X–Z plane.
struct PhotonChannel {
    let settings: QKDSettings
    let arrival: Double // probability the photon is detected: fiber × efficiencies
    let flip: Channel?

    /// The link between `alice` and `bob` and its photon channel, after
    /// checking the pulse count: the start of every QKD run.
    static func start(_ network: Network, _ alice: String, _ bob: String, _ settings: QKDSettings, pulses: Int)
        throws(NetworkError) -> (link: QuantumLink, channel: PhotonChannel)
    {
        guard pulses >= 1 else { throw .invalidParameter(name: "pulses", value: Double(pulses), expected: "at least 1") }
        let link = try network.link(between: alice, and: bob).link
        return (link, try PhotonChannel(settings: settings, link: link))
    }

    init(settings: QKDSettings, link: QuantumLink) throws(NetworkError) {
        self.settings = settings
        arrival = link.successProbability
        flip = settings.misalignment > 0
            ? try sim { () throws(QuantumSimError) in try Channel.depolarizing(2 * settings.misalignment) } : nil
    }

    /// Measures `qubit` of `rho` for the observable cos θ·Z + sin θ·X
    /// (RY(−θ), then Z) and removes it.
    static func read(_ rho: DensityMatrix, _ qubit: Int, angle: Double, using rng: inout SeededGenerator)
        throws(QuantumSimError) -> (bit: Int, rest: DensityMatrix?)
    {
        var r = rho
        if angle != 0 { try r.apply(.ry(-angle), to: [qubit]) }
        let (bit, rest) = try r.measuringAndRemoving(qubit, using: &rng)
        return (bit, rest)
    }

    /// The photon (qubit `qubit` of `rho`) crosses the fiber: Eve may
    /// intercept and resend it, then misalignment acts.
    func cross(_ rho: inout DensityMatrix, _ qubit: Int, using rng: inout SeededGenerator)
        throws(QuantumSimError) -> (intercepted: Bool, eveBasis: Int)
    {
        var intercepted = false, eveBasis = 0
        if let eve = settings.eavesdropper, Double.random(in: 0..<1, using: &rng) < eve.fraction {
            intercepted = true
            eveBasis = Int.random(in: 0...1, using: &rng)
            // Measuring and keeping the collapsed photon is measuring and resending in that basis.
            if eveBasis == 1 { try rho.apply(.h, to: [qubit]) }
            _ = try rho.measure(qubit, using: &rng)
            if eveBasis == 1 { try rho.apply(.h, to: [qubit]) }
        }
        if let flip { try rho.apply(flip, to: [qubit]) }
        return (intercepted, eveBasis)
    }
}

/// BB84 prepare-and-measure QKD over the link from Alice to Bob.
///
/// Per pulse: Alice picks a bit and a basis (Z or X) and prepares the
/// photon; it survives the fiber and detector with the link's success
/// probability (else Bob may see a dark count, a random bit); Eve may
/// intercept it; Bob measures in a random basis. Rounds with equal bases are
/// sifted and compared.
public struct BB84: NetworkExperiment {
    public let network: Network
    public let alice: String, bob: String
    public let settings: QKDSettings
    public let options: ExecutionOptions

    public init(network: Network, from alice: String, to bob: String, settings: QKDSettings = try! QKDSettings(),
                options: ExecutionOptions = .singleThreaded) throws(NetworkError) {
        _ = try network.link(between: alice, and: bob)
        self.network = network
        self.alice = alice
        self.bob = bob
        self.settings = settings
        self.options = options
    }

    /// Sends `pulses` pulses.
    public func run(pulses: Int, seed: UInt64) throws(NetworkError) -> QKDResult {
        let (link, channel) = try PhotonChannel.start(network, alice, bob, settings, pulses: pulses)
        var rng = SeededGenerator(seed: seed)
        var detections = 0, sifted = 0, errors = 0
        let zero = try sim { () throws(QuantumSimError) in try DensityMatrix(qubits: 1, options: options) }
        for _ in 0..<pulses {
            let bit = Int.random(in: 0...1, using: &rng), basis = Int.random(in: 0...1, using: &rng)
            let bobBasis = Int.random(in: 0...1, using: &rng)
            var bobBit: Int
            if Double.random(in: 0..<1, using: &rng) < channel.arrival {
                var photon = zero
                bobBit = try sim { () throws(QuantumSimError) in
                    if bit == 1 { try photon.apply(.x, to: [0]) }
                    if basis == 1 { try photon.apply(.h, to: [0]) }
                    _ = try channel.cross(&photon, 0, using: &rng)
                    return try PhotonChannel.read(photon, 0, angle: bobBasis == 1 ? .pi / 2 : 0, using: &rng).bit
                }
            } else if Double.random(in: 0..<1, using: &rng) < settings.darkCountProbability {
                bobBit = Int.random(in: 0...1, using: &rng)
            } else {
                continue
            }
            // Bob's X-basis read-out above measures X = RY(−π/2) then Z: |+⟩ → 0, |−⟩ → 1, as prepared.
            detections += 1
            guard basis == bobBasis else { continue }
            sifted += 1
            if bobBit != bit { errors += 1 }
        }
        return QKDResult(name: "BB84", pulses: pulses, detections: detections, sifted: sifted, errors: errors,
                         time: Double(pulses) / settings.pulseRate, transmission: link.transmission, chsh: nil,
                         classicalBits: 2 * detections)
    }
}

/// Entanglement-based QKD (BBM92), with an optional CHSH test as in E91.
///
/// Per round the link's source at Alice emits a Werner pair of the link's
/// source fidelity; Alice measures her half at once; Bob's half crosses the
/// fiber (loss, Eve, misalignment) and he measures it. Key rounds use Z or X
/// at random on each side and are sifted; a `testFraction` of the detected
/// rounds instead measure Alice at 0 or π/2 and Bob at π/4 or −π/4 in the
/// X–Z plane, from which S = E(a₀b₀) + E(a₀b₁) + E(a₁b₀) − E(a₁b₁).
public struct BBM92: NetworkExperiment {
    public let network: Network
    public let alice: String, bob: String
    public let settings: QKDSettings
    /// Fraction of detected rounds spent on the CHSH test, in [0, 1).
    public let testFraction: Double
    public let options: ExecutionOptions

    public init(network: Network, from alice: String, to bob: String, settings: QKDSettings = try! QKDSettings(),
                testFraction: Double = 0, options: ExecutionOptions = .singleThreaded) throws(NetworkError) {
        _ = try network.link(between: alice, and: bob)
        try checkParameter("CHSH test fraction", testFraction, in: 0...0.999)
        self.network = network
        self.alice = alice
        self.bob = bob
        self.settings = settings
        self.testFraction = testFraction
        self.options = options
    }

    /// `pulses` emitted pairs.
    public func run(pulses: Int, seed: UInt64) throws(NetworkError) -> QKDResult {
        let (link, channel) = try PhotonChannel.start(network, alice, bob, settings, pulses: pulses)
        var rng = SeededGenerator(seed: seed)
        let source = try sim { () throws(QuantumSimError) in
            try DensityMatrix.werner(fidelity: link.sourceFidelity, options: options)
        }
        var detections = 0, sifted = 0, errors = 0, announced = 0
        // CHSH tallies: [alice setting][bob setting] → (rounds, Σ ±1).
        var rounds = [[0, 0], [0, 0]], sums = [[0, 0], [0, 0]]
        let aliceTest = [0.0, Double.pi / 2], bobTest = [Double.pi / 4, -Double.pi / 4]
        for _ in 0..<pulses {
            guard Double.random(in: 0..<1, using: &rng) < channel.arrival else { continue }
            detections += 1
            let test = testFraction > 0 && Double.random(in: 0..<1, using: &rng) < testFraction
            let a = Int.random(in: 0...1, using: &rng), b = Int.random(in: 0...1, using: &rng)
            let angles = test ? (aliceTest[a], bobTest[b]) : (a == 1 ? Double.pi / 2 : 0, b == 1 ? Double.pi / 2 : 0)
            var pair = source
            let (bitA, bitB) = try sim { () throws(QuantumSimError) in
                _ = try channel.cross(&pair, 1, using: &rng)
                let (x, rest) = try PhotonChannel.read(pair, 0, angle: angles.0, using: &rng)
                let (y, _) = try PhotonChannel.read(rest!, 0, angle: angles.1, using: &rng)
                return (x, y)
            }
            announced += 2
            if test {
                rounds[a][b] += 1
                sums[a][b] += bitA == bitB ? 1 : -1
                announced += 2 // the outcomes of test rounds are announced too
            } else if a == b {
                sifted += 1
                if bitA != bitB { errors += 1 }
            }
        }
        var chsh: Estimate?
        if testFraction > 0 {
            var s = 0.0, variance = 0.0
            for i in 0..<2 { for j in 0..<2 {
                let n = Double(max(rounds[i][j], 1)), e = Double(sums[i][j]) / n
                s += (i == 1 && j == 1 ? -1 : 1) * e
                variance += (1 - e * e) / n
            } }
            chsh = Estimate(mean: s, standardError: variance.squareRoot(), count: rounds.joined().reduce(0, +))
        }
        return QKDResult(name: testFraction > 0 ? "BBM92 with CHSH test (E91)" : "BBM92", pulses: pulses,
                         detections: detections, sifted: sifted, errors: errors,
                         time: Double(pulses) / settings.pulseRate, transmission: link.transmission, chsh: chsh,
                         classicalBits: announced)
    }
}

extension BB84 {
    /// As an experiment, a run is a pulse: ``run(pulses:seed:)``.
    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> QKDResult { try run(pulses: runs, seed: seed) }
}

extension BBM92 {
    /// As an experiment, a run is an emitted pair: ``run(pulses:seed:)``.
    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> QKDResult { try run(pulses: runs, seed: seed) }
}
