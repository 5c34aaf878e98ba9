import ComplexModule
import QuantumSim
import RealModule

/// Entanglement swapping with photons: two nodes each run a pair source,
/// keep one photon and send the other through fiber to a hub, where a
/// linear-optics Bell-state measurement (a beam splitter and two polarizing
/// beam splitters before four threshold detectors) heralds a pair between
/// the two kept photons. Only Ψ⁺ and Ψ⁻ can be told apart, so at most half
/// of the photon pairs that meet herald. A delivered pair is a herald with a
/// click at both nodes (a four-fold coincidence).
///
/// The simulation follows the detector clicks window by window (one
/// coincidence window each): every source emits pairs as a Poisson process,
/// every photon survives its losses at random, detectors add dark counts and
/// the noise photons that reach them (Raman scattering from classical
/// traffic, for example), and a window with two or more clicks at the hub is
/// resolved click by click: which detector each lands on, whether the two
/// photons were close enough in time (detector jitter) to be a coincidence,
/// whether the pattern is a Ψ± herald, and whether the nodes' detectors
/// clicked. Windows without two hub clicks cannot herald and are skipped in
/// one geometric draw. The state of a pair heralded by the two photons
/// themselves is computed with QuantumSim density matrices (the two Werner
/// pairs, the Bell measurement, the correction); a herald made by noise or
/// by photons of other pairs leaves the kept photons uncorrelated.
public struct PhotonicSwap: Sendable {
    /// What travels from node A.
    public enum Mode: String, Sendable, CaseIterable {
        /// Half of an entangled pair: the hub swaps the entanglement.
        case swapping
        /// A photon carrying an input qubit state, heralded by its partner at
        /// node A: the hub's Bell measurement teleports that state onto node
        /// B's kept photon (a three-fold coincidence is a teleportation:
        /// A's herald, the Bell measurement, and B's detection).
        case teleportation
    }

    public let mode: Mode
    public let sourceA: PairSource
    public let sourceB: PairSource
    public let fiberA: Fiber
    public let fiberB: Fiber
    /// Each of the hub's four detectors.
    public let hubDetector: SinglePhotonDetector
    /// Dark counts per second of the detector of each kept photon.
    public let localDarkCountRate: Double
    /// Clicks closer than this count as one coincidence, in seconds.
    public let coincidenceWindow: Double
    /// Noise photons per second arriving at the hub in each channel (e.g.
    /// ``RamanNoise/photonRate``), spread over its detectors.
    public let noisePhotonRateA: Double
    public let noisePhotonRateB: Double

    public init(mode: Mode = .swapping, sourceA: PairSource, sourceB: PairSource, fiberA: Fiber, fiberB: Fiber,
                hubDetector: SinglePhotonDetector, localDarkCountRate: Double = 0, coincidenceWindow: Double,
                noisePhotonRateA: Double = 0, noisePhotonRateB: Double = 0) throws(NetworkError) {
        try checkParameter("local dark count rate", localDarkCountRate, in: 0...1e9, unit: " /s")
        try checkParameter("coincidence window", coincidenceWindow, in: 1e-15...1e-3, unit: " s")
        try checkParameter("noise photon rate A", noisePhotonRateA, in: 0...1e12, unit: " /s")
        try checkParameter("noise photon rate B", noisePhotonRateB, in: 0...1e12, unit: " /s")
        self.mode = mode
        self.sourceA = sourceA
        self.sourceB = sourceB
        self.fiberA = fiberA
        self.fiberB = fiberB
        self.hubDetector = hubDetector
        self.localDarkCountRate = localDarkCountRate
        self.coincidenceWindow = coincidenceWindow
        self.noisePhotonRateA = noisePhotonRateA
        self.noisePhotonRateB = noisePhotonRateB
    }

    /// What a run of the simulation saw.
    public struct Result: Sendable {
        /// Simulated time, in seconds.
        public let seconds: Double
        /// Bell-state measurement heralds (Ψ± patterns at the hub).
        public let heralds: Int
        /// Heralds with a click at both nodes: delivered pairs.
        public let delivered: Int
        /// Delivered pairs heralded by the two photons of the kept photons' own pairs.
        public let genuine: Int
        /// Swapping: fidelity of each delivered pair with Φ⁺ (after the Pauli
        /// correction the herald calls for). Teleportation: fidelity of the
        /// teleported state with the input, averaged over the six Pauli
        /// eigenstates (equal to the average over all inputs). Averaged over
        /// delivered events.
        public let fidelity: Estimate
        /// Swapping: CHSH value of the delivered pairs' average state, with
        /// the best measurement settings (Horodecki); nil for teleportation.
        public let chsh: Double?

        public var heraldRate: Double { Double(heralds) / seconds }
        public var deliveredRate: Double { Double(delivered) / seconds }
    }

    /// Windows with two or more hub clicks one simulation resolves at most
    /// unless told otherwise: noise that floods every window ends a point in
    /// seconds of wall time.
    public static let defaultMaximumCandidateWindows = 50_000_000

    /// Runs until `deliveredPairs` pairs are delivered, `maximumSeconds` of
    /// simulated time have passed, or `maximumCandidateWindows` windows
    /// with two or more hub clicks have been resolved.
    public func simulate(deliveredPairs: Int, maximumSeconds: Double,
                         maximumCandidateWindows: Int = defaultMaximumCandidateWindows,
                         seed: UInt64) throws(NetworkError) -> Result {
        guard deliveredPairs >= 1 else {
            throw .invalidParameter(name: "delivered pairs", value: Double(deliveredPairs), expected: "at least 1")
        }
        try checkParameter("maximum simulated time", maximumSeconds, in: 1e-12...1e12, unit: " s")
        guard maximumCandidateWindows >= 1 else {
            throw .invalidParameter(name: "maximum candidate windows", value: Double(maximumCandidateWindows), expected: "at least 1")
        }
        let swapped = mode == .swapping
            ? try Self.swappedStates(fidelityA: sourceA.fidelity, fidelityB: sourceB.fidelity)
            : try Self.teleportedStates(fidelityB: sourceB.fidelity)
        let mixedFidelity = mode == .swapping ? Self.mixedFidelity : Self.mixedTeleportationFidelity
        var rng = SeededGenerator(seed: seed)
        let tau = coincidenceWindow, eta = hubDetector.efficiency
        // Mean hub clicks per window from each process.
        let clicksA = sourceA.pairRate * sourceA.collectionEfficiency * fiberA.transmission * eta * tau
        let clicksB = sourceB.pairRate * sourceB.collectionEfficiency * fiberB.transmission * eta * tau
        let clicksNoise = (4 * hubDetector.darkCountRate + eta * (noisePhotonRateA + noisePhotonRateB)) * tau
        let total = clicksA + clicksB + clicksNoise
        // Probability that a window has two or more hub clicks.
        let candidate = -Double.expMinusOne(-total) - total * Double.exp(-total)
        var seconds = 0.0, heralds = 0, delivered = 0, genuine = 0, candidates = 0
        var fidelity = Estimate.Accumulator()
        var chshWeights = [Double](repeating: 0, count: 3) // delivered genuine Ψ+, genuine Ψ−, accidental
        while delivered < deliveredPairs {
            guard candidate > 0 else { seconds = maximumSeconds; break }
            // Windows up to and including the next one with two or more clicks.
            let u = Double.random(in: Double.leastNormalMagnitude..<1, using: &rng)
            let windows = candidate >= 1 ? 1 : (Double.log(u) / Double.log(onePlus: -candidate)).rounded(.down) + 1
            seconds += windows * tau
            if seconds > maximumSeconds { seconds = maximumSeconds; break }
            candidates += 1
            if candidates > maximumCandidateWindows { break }
            let window = resolveWindow(clicks: [clicksA, clicksB, clicksNoise], total: total, swapped: swapped, using: &rng)
            guard let herald = window else { continue }
            heralds += 1
            guard herald.nodesClicked else { continue }
            delivered += 1
            if let bell = herald.genuine {
                genuine += 1
                fidelity.add(bell == .psiPlus ? swapped.fidelityPlus : swapped.fidelityMinus)
                chshWeights[bell == .psiPlus ? 0 : 1] += 1
            } else {
                fidelity.add(mixedFidelity)
                chshWeights[2] += 1
            }
        }
        var chsh: Double?
        if delivered > 0, mode == .swapping {
            let w = chshWeights.map { $0 / Double(delivered) }
            let mixed: DensityMatrix
            do { mixed = try DensityMatrix.werner(fidelity: Self.mixedFidelity) } catch { throw .simulation(error) }
            do {
                chsh = try DensityMatrix.maximalCHSH(ofMixture: [(w[0], swapped.corrected[0]), (w[1], swapped.corrected[1]),
                                                                (w[2], mixed)])
            } catch { throw .simulation(error) }
        }
        return Result(seconds: seconds, heralds: heralds, delivered: delivered, genuine: genuine,
                      fidelity: fidelity.estimate, chsh: chsh)
    }

    /// Fidelity of the maximally mixed two-qubit state with any Bell state.
    static let mixedFidelity = 0.25
    /// Fidelity of the maximally mixed qubit with any input state.
    static let mixedTeleportationFidelity = 0.5

    // MARK: One window

    private struct Herald {
        /// The Bell state heralded by the two photons of the kept photons'
        /// pairs, or nil when noise or other photons made the pattern.
        var genuine: BellState?
        var nodesClicked: Bool
    }

    /// Detectors: 0 and 1 behind one output port of the beam splitter (H and
    /// V), 2 and 3 behind the other. Ψ⁺ sends the photons to one port with
    /// orthogonal polarizations, Ψ⁻ to different ports with orthogonal
    /// polarizations; Φ± bunch both photons into one detector.
    private static let psiPlusPatterns: [Set<Int>] = [[0, 1], [2, 3]]
    private static let psiMinusPatterns: [Set<Int>] = [[0, 3], [1, 2]]

    /// One window with at least two hub clicks (click counts drawn from the
    /// Poisson laws conditioned on that), or nil when it heralds nothing.
    private func resolveWindow(clicks means: [Double], total: Double, swapped: SwappedStates,
                               using rng: inout SeededGenerator) -> Herald? {
        // K ≥ 2 clicks, then the process of each.
        let k = Self.poissonAtLeastTwo(mean: total, using: &rng)
        var fromA = 0, fromB = 0
        for _ in 0..<k {
            let x = Double.random(in: 0..<total, using: &rng)
            if x < means[0] { fromA += 1 } else if x < means[0] + means[1] { fromB += 1 }
        }
        var detectors = Set<Int>()
        var genuine: BellState?
        var interfering = 0 // photons of A and B that met in the beam splitter as a pair
        if fromA >= 1, fromB >= 1 {
            // One photon of each side within the coincidence window: their
            // arrival times differ by the two detectors' jitter.
            let jitter = hubDetector.jitter * 2.0.squareRoot()
            let delay = jitter > 0 ? Self.gaussian(using: &rng) * jitter : 0
            if abs(delay) <= coincidenceWindow / 2 {
                interfering = 2
                let x = Double.random(in: 0..<1, using: &rng)
                let plus = swapped.probabilityPlus, minus = swapped.probabilityMinus
                let pattern = Int.random(in: 0..<2, using: &rng)
                if x < plus {
                    genuine = .psiPlus
                    detectors.formUnion(Self.psiPlusPatterns[pattern])
                } else if x < plus + minus {
                    genuine = .psiMinus
                    detectors.formUnion(Self.psiMinusPatterns[pattern])
                } else {
                    detectors.insert(Int.random(in: 0..<4, using: &rng)) // Φ±: both in one detector
                }
            }
        }
        // Every other click (noise, photons of other pairs, a pair too far
        // apart in time) lands on a detector at random.
        for _ in 0..<(k - interfering) { detectors.insert(Int.random(in: 0..<4, using: &rng)) }
        let plusPattern = Self.psiPlusPatterns.contains(detectors), minusPattern = Self.psiMinusPatterns.contains(detectors)
        guard plusPattern || minusPattern else { return nil }
        // The herald is genuine only if the pattern is the interfering pair's own.
        if let g = genuine, (g == .psiPlus) != plusPattern { genuine = nil }
        // Clicks at the nodes: the kept partners of the heralding photons, the
        // kept photons of the window's other pairs, and dark counts.
        let nodeA = nodeClicks(source: sourceA, fiber: fiberA, partners: fromA, partnerHeralded: genuine != nil, using: &rng)
        let nodeB = nodeClicks(source: sourceB, fiber: fiberB, partners: fromB, partnerHeralded: genuine != nil, using: &rng)
        if genuine != nil, !(nodeA.partner && nodeB.partner) { genuine = nil }
        return Herald(genuine: genuine, nodesClicked: nodeA.any && nodeB.any)
    }

    /// Whether a node's detector clicks in the window, and whether the kept
    /// partner of its heralding photon was among the clicks.
    private func nodeClicks(source: PairSource, fiber: Fiber, partners: Int, partnerHeralded: Bool,
                            using rng: inout SeededGenerator) -> (any: Bool, partner: Bool) {
        let eta = source.localDetectionEfficiency
        // The partner of the photon that took part in the herald.
        let partner = partnerHeralded && Double.random(in: 0..<1, using: &rng) < eta
        // Partners of the node's other detected photons, the kept photons of
        // pairs whose other photon was lost (Poisson), and dark counts.
        var other = false
        for _ in 0..<max(0, partners - (partnerHeralded ? 1 : 0)) where Double.random(in: 0..<1, using: &rng) < eta { other = true }
        let reachHub = source.collectionEfficiency * fiber.transmission * hubDetector.efficiency
        let lostPartners = source.pairRate * coincidenceWindow * (1 - reachHub)
        let background = lostPartners * eta + localDarkCountRate * coincidenceWindow
        if Double.random(in: 0..<1, using: &rng) < -Double.expMinusOne(-background) { other = true }
        return (partner || other, partner)
    }

    // MARK: Sampling helpers

    /// K from a Poisson law of mean `mean`, conditioned on K ≥ 2 (inverse
    /// transform over k = 2, 3, ...).
    static func poissonAtLeastTwo(mean: Double, using rng: inout SeededGenerator) -> Int {
        let tail = -Double.expMinusOne(-mean) - mean * Double.exp(-mean) // P(K ≥ 2)
        var u = Double.random(in: 0..<1, using: &rng) * tail
        var k = 2, p = Double.exp(-mean) * mean * mean / 2
        while u >= p, k < 64 {
            u -= p
            k += 1
            p *= mean / Double(k)
        }
        return k
    }

    static func gaussian(using rng: inout SeededGenerator) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
        return Double.sqrt(-2 * Double.log(u1)) * Double.cos(2 * .pi * u2)
    }

    // MARK: The quantum part

    /// The two sources' pairs swapped by a Bell measurement, computed once
    /// per setup with density matrices.
    struct SwappedStates {
        /// Probabilities of the Ψ⁺ and Ψ⁻ outcomes for two photons that meet.
        var probabilityPlus: Double, probabilityMinus: Double
        /// The kept photons' state after each outcome and its correction.
        var corrected: [DensityMatrix]
        var fidelityPlus: Double, fidelityMinus: Double
    }

    /// Qubits: 0 kept at A, 1 sent by A, 2 sent by B, 3 kept at B; the hub
    /// measures 1 and 2 (``bellMeasured(_:)``).
    static func swappedStates(fidelityA: Double, fidelityB: Double) throws(NetworkError) -> SwappedStates {
        do {
            let rho = try DensityMatrix.werner(fidelity: fidelityA).tensor(try DensityMatrix.werner(fidelity: fidelityB))
            let target = try DensityMatrix.bell(.phiPlus)
            let outcomes = try bellMeasured(rho)
            return SwappedStates(probabilityPlus: outcomes[0].probability, probabilityMinus: outcomes[1].probability,
                                 corrected: outcomes.map(\.kept), fidelityPlus: try outcomes[0].kept.fidelity(with: target),
                                 fidelityMinus: try outcomes[1].kept.fidelity(with: target))
        } catch {
            throw .simulation(error)
        }
    }

    /// The Bell measurement of qubits 1 and 2 of a 4-qubit state (CNOT,
    /// Hadamard, read both), for its two Ψ outcomes: (0, 1) is Ψ⁺, (1, 1)
    /// is Ψ⁻. Returns each outcome's probability and the state of qubits 0
    /// and 3 after it, corrected with X (and Z after Ψ⁻) on qubit 3.
    static func bellMeasured(_ state: DensityMatrix) throws(QuantumSimError) -> [(probability: Double, kept: DensityMatrix)] {
        var rho = state
        try rho.apply(.cx, to: [1, 2])
        try rho.apply(.h, to: [1])
        var out: [(probability: Double, kept: DensityMatrix)] = []
        for first in [0, 1] {
            // Qubit 2 reads 1 (a Ψ outcome), then qubit 1 reads `first`.
            let (p2, afterSecond) = try rho.postselecting(2, outcome: 1)
            let (p1, afterFirst) = try afterSecond!.postselecting(1, outcome: first)
            var kept = afterFirst!
            try kept.apply(.x, to: [1])
            if first == 1 { try kept.apply(.z, to: [1]) }
            out.append((p2 * p1, kept))
        }
        return out
    }

    /// The six Pauli eigenstates: their average fidelity is the average over
    /// all input states (they form a 2-design).
    static func pauliEigenstates() throws(QuantumSimError) -> [StateVector] {
        let h = 1 / 2.0.squareRoot()
        let amplitudes: [[Complex<Double>]] = [
            [.one, .zero], [.zero, .one], [Complex(h), Complex(h)], [Complex(h), Complex(-h)],
            [Complex(h), Complex(0, h)], [Complex(h), Complex(0, -h)],
        ]
        return try amplitudes.map { (a) throws(QuantumSimError) in try StateVector(amplitudes: a, options: .singleThreaded) }
    }

    /// Teleportation: qubit 0 stands for A's herald (|0⟩), qubit 1 is A's
    /// photon carrying the input ψ, qubits 2 and 3 B's Werner pair. The same
    /// Bell measurement and correction as swapping (``bellMeasured(_:)``);
    /// the fidelity is that of qubit 3 with ψ, averaged over the six Pauli
    /// eigenstates.
    static func teleportedStates(fidelityB: Double) throws(NetworkError) -> SwappedStates {
        do {
            let inputs = try pauliEigenstates()
            var probabilities = [0.0, 0.0], fidelities = [0.0, 0.0]
            var states: [DensityMatrix] = []
            for psi in inputs {
                let herald = try StateVector(qubits: 1, options: .singleThreaded)
                let alice = try DensityMatrix(herald.tensor(psi), options: .singleThreaded)
                let target = try herald.tensor(psi)
                for (first, outcome) in try bellMeasured(try alice.tensor(try DensityMatrix.werner(fidelity: fidelityB))).enumerated() {
                    probabilities[first] += outcome.probability / Double(inputs.count)
                    fidelities[first] += try outcome.kept.fidelity(with: target) / Double(inputs.count)
                    if states.count < 2 { states.append(outcome.kept) }
                }
            }
            return SwappedStates(probabilityPlus: probabilities[0], probabilityMinus: probabilities[1],
                                 corrected: states, fidelityPlus: fidelities[0], fidelityMinus: fidelities[1])
        } catch {
            throw .simulation(error)
        }
    }
}
