import RealModule

/// Telecom bands a quantum channel can use, with the attenuation of standard
/// single-mode fiber (ITU-T G.652) in each.
public enum FiberBand: String, Sendable, CaseIterable {
    /// Around 1550 nm: about 0.2 dB/km.
    case c = "C"
    /// Around 1310 nm: about 0.33 dB/km.
    case o = "O"

    public var attenuationDbPerKm: Double { self == .c ? 0.2 : 0.33 }
    /// Centre wavelength, in nm.
    public var wavelengthNm: Double { self == .c ? 1550 : 1310 }
}

/// A stretch of optical fiber with its connector and component losses: what
/// a heralded link's photons (``QuantumLink``) and a photonic channel's
/// (``PhotonicSwap``) travel through. The one fiber model of the package.
///
/// Units: km, dB/km, dB, s/km.
public struct Fiber: Sendable, Hashable {
    public let lengthKm: Double
    /// Attenuation α (0.2 dB/km in the telecom C-band).
    public let attenuationDbPerKm: Double
    /// Losses besides the fiber's own: connectors, splices, filters, switches.
    public let insertionLossDb: Double
    /// Signal delay (light at c/n ≈ 200,000 km/s: 5 µs/km).
    public let signalDelayPerKm: Double

    /// A fiber, checked: length, attenuation and insertion loss ≥ 0
    /// (insertion loss at most 1000 dB), delay > 0 and at most 1 s/km.
    public init(lengthKm: Double, attenuationDbPerKm: Double = 0.2, insertionLossDb: Double = 0,
                signalDelayPerKm: Double = 5e-6) throws(NetworkError) {
        try checkParameter("fiber length", lengthKm, in: 0 ... .greatestFiniteMagnitude, unit: " km")
        try checkParameter("fiber attenuation", attenuationDbPerKm, in: 0 ... .greatestFiniteMagnitude, unit: " dB/km")
        try checkParameter("insertion loss", insertionLossDb, in: 0...1000, unit: " dB")
        try checkParameter("signal delay", signalDelayPerKm, in: .leastNonzeroMagnitude ... 1, unit: " s/km")
        self.lengthKm = lengthKm
        self.attenuationDbPerKm = attenuationDbPerKm
        self.insertionLossDb = insertionLossDb
        self.signalDelayPerKm = signalDelayPerKm
    }

    /// Total loss in dB: the fiber's and the insertion loss.
    public var lossDb: Double { attenuationDbPerKm * lengthKm + insertionLossDb }
    /// Probability that a photon entering the fiber leaves it: 10^(−loss/10).
    public var transmission: Double { Double.pow(10, -lossDb / 10) }
    /// One-way signal delay (seconds).
    public var oneWayDelay: Double { lengthKm * signalDelayPerKm }
}
