/// A source of polarization-entangled photon pairs: one photon of each pair
/// is kept at the node, the other is sent into the fiber.
public struct PairSource: Sendable, Hashable {
    /// Pairs emitted per second (a Poisson process: multi-pair emission in
    /// one coincidence window is part of the model).
    public let pairRate: Double
    /// Fidelity of each emitted pair with Φ⁺ (a Werner state).
    public let fidelity: Double
    /// Probability that the outgoing photon is collected into the fiber.
    public let collectionEfficiency: Double
    /// Probability that the kept photon is collected and detected at the node.
    public let localDetectionEfficiency: Double

    public init(pairRate: Double, fidelity: Double = 1, collectionEfficiency: Double = 1,
                localDetectionEfficiency: Double = 1) throws(NetworkError) {
        try checkParameter("pair rate", pairRate, in: 0...1e12, unit: " pairs/s")
        try checkParameter("source fidelity", fidelity, in: 0.25...1)
        try checkParameter("collection efficiency", collectionEfficiency, in: 0...1)
        try checkParameter("local detection efficiency", localDetectionEfficiency, in: 0...1)
        self.pairRate = pairRate
        self.fidelity = fidelity
        self.collectionEfficiency = collectionEfficiency
        self.localDetectionEfficiency = localDetectionEfficiency
    }
}

/// A threshold single-photon detector (it clicks, or not, whatever the
/// number of photons).
public struct SinglePhotonDetector: Sendable, Hashable {
    public let efficiency: Double
    /// Clicks per second without light.
    public let darkCountRate: Double
    /// Timing jitter, rms, in seconds.
    public let jitter: Double

    public init(efficiency: Double, darkCountRate: Double = 0, jitter: Double = 0) throws(NetworkError) {
        try checkParameter("detector efficiency", efficiency, in: 0...1)
        try checkParameter("dark count rate", darkCountRate, in: 0...1e9, unit: " /s")
        try checkParameter("timing jitter", jitter, in: 0...1e-3, unit: " s")
        self.efficiency = efficiency
        self.darkCountRate = darkCountRate
        self.jitter = jitter
    }
}
