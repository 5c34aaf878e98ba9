import QuantumSim
import RealModule

/// A heralded entanglement link over optical fiber.
///
/// Model: a source at the first end emits a pair in each attempt, keeps one
/// qubit in its memory and sends the other down the fiber; the photon
/// survives the fiber with the transmission η = 10^(−(αL + insertion loss)/10)
/// (connectors, splices, switches in the insertion loss) and is caught
/// with the source and detector efficiencies, so an attempt succeeds with
/// p = η_source · η · η_detector. An attempt lasts the photon's flight plus
/// the herald's return (2L at `signalDelayPerKm`) plus any fixed overhead.
/// The pair leaves the source as a Werner state of fidelity
/// `sourceFidelity`; then each half decoheres in its module's memory for
/// exactly the time it waits (the first half from emission, the second from
/// arrival), so the delivered state follows from these parameters and the
/// waiting times in the run.
///
/// Units: km, dB/km, seconds.
public struct QuantumLink: Sendable, Hashable {
    /// The fiber the photon travels.
    public let fiber: Fiber
    /// Fidelity of the emitted pair with Φ⁺ (a Werner state), in [1/4, 1].
    public let sourceFidelity: Double
    /// Probability that the source emits into the fiber in an attempt.
    public let sourceEfficiency: Double
    /// Probability that an arriving photon is detected.
    public let detectorEfficiency: Double
    /// Fixed time per attempt besides the flight and herald (seconds).
    public let attemptOverhead: Double

    /// A link, checked: the fiber's values (``Fiber``), fidelity in
    /// [1/4, 1], efficiencies in [0, 1] (and not zero: no pair would ever
    /// arrive), overhead ≥ 0.
    public init(lengthKm: Double, attenuationDbPerKm: Double = 0.2, insertionLossDb: Double = 0, sourceFidelity: Double = 1,
                sourceEfficiency: Double = 1, detectorEfficiency: Double = 1, attemptOverhead: Double = 0,
                signalDelayPerKm: Double = 5e-6) throws(NetworkError)
    {
        try checkParameter("link length", lengthKm, in: 0 ... .greatestFiniteMagnitude, unit: " km")
        try self.init(fiber: Fiber(lengthKm: lengthKm, attenuationDbPerKm: attenuationDbPerKm, insertionLossDb: insertionLossDb,
                                   signalDelayPerKm: signalDelayPerKm),
                      sourceFidelity: sourceFidelity, sourceEfficiency: sourceEfficiency,
                      detectorEfficiency: detectorEfficiency, attemptOverhead: attemptOverhead)
    }

    /// A link over `fiber`.
    public init(fiber: Fiber, sourceFidelity: Double = 1, sourceEfficiency: Double = 1, detectorEfficiency: Double = 1,
                attemptOverhead: Double = 0) throws(NetworkError) {
        try checkParameter("source fidelity", sourceFidelity, in: 0.25...1)
        try checkParameter("source efficiency", sourceEfficiency, in: 0...1)
        try checkParameter("detector efficiency", detectorEfficiency, in: 0...1)
        try checkParameter("attempt overhead", attemptOverhead, in: 0 ... .greatestFiniteMagnitude, unit: " seconds")
        self.fiber = fiber
        self.sourceFidelity = sourceFidelity
        self.sourceEfficiency = sourceEfficiency
        self.detectorEfficiency = detectorEfficiency
        self.attemptOverhead = attemptOverhead
        guard successProbability > 0 else {
            throw .invalidParameter(name: "attempt success probability", value: successProbability,
                                    expected: "> 0 (check the efficiencies and the loss of \(lossDb) dB)")
        }
    }

    /// Fiber length in km.
    public var lengthKm: Double { fiber.lengthKm }
    /// Fiber attenuation α in dB/km.
    public var attenuationDbPerKm: Double { fiber.attenuationDbPerKm }
    /// Loss besides the fiber's own, in dB: connectors, splices, switches.
    public var insertionLossDb: Double { fiber.insertionLossDb }
    /// Signal delay in fiber in s/km; also the delay of the classical channel along this link.
    public var signalDelayPerKm: Double { fiber.signalDelayPerKm }
    /// Total loss in dB: the fiber's and the insertion loss.
    public var lossDb: Double { fiber.lossDb }
    /// Transmission η = 10^(−loss/10).
    public var transmission: Double { fiber.transmission }
    /// Probability that one attempt heralds a pair.
    public var successProbability: Double { sourceEfficiency * transmission * detectorEfficiency }
    /// One-way signal delay over the fiber (seconds).
    public var oneWayDelay: Double { fiber.oneWayDelay }
    /// Duration of one attempt: flight, herald back, overhead (seconds).
    public var attemptDuration: Double { 2 * oneWayDelay + attemptOverhead }
}
