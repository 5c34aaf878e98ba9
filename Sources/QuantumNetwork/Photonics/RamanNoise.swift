import RealModule

/// Spontaneous Raman scattering from classical light sharing the fiber: the
/// rate of noise photons that reach a quantum channel's detector filter.
///
/// The standard model of the coexistence literature (Eraerds et al., New J.
/// Phys. 12, 063027 (2010), eqs. 1-2; Patel et al., Phys. Rev. X 2, 041010
/// (2012)): classical light of launch power P₀ scatters into the quantum
/// band at ρ per km per nm of filter bandwidth Δλ, and both the classical
/// light and the scattered photons attenuate on the way. With αc and αq the
/// attenuations (1/km) at the classical and quantum wavelengths, the Raman
/// power arriving in the quantum channel after L km is
///
///   co-propagating:      P₀ ρ Δλ (e^(−αq L) − e^(−αc L)) / (αc − αq)
///                        (P₀ ρ Δλ L e^(−α L) when αc = αq),
///   counter-propagating: P₀ ρ Δλ (1 − e^(−(αc + αq) L)) / (αc + αq),
///
/// the second being the light scattered backwards towards the classical
/// transmitter, where the quantum receiver then sits.
public struct RamanNoise: Sendable, Hashable {
    public enum Direction: String, Sendable, CaseIterable {
        /// Classical light travels with the quantum signal (same receiver end).
        case coPropagating = "co"
        /// Classical light travels against it.
        case counterPropagating = "counter"
    }

    public let launchPowerDbm: Double
    public let lengthKm: Double
    public let classicalAttenuationDbPerKm: Double
    public let quantumAttenuationDbPerKm: Double
    /// Filter bandwidth of the quantum channel, in nm.
    public let filterBandwidthNm: Double
    /// Effective Raman coefficient ρ for this pair of wavelengths, per km per nm.
    public let coefficientPerKmNm: Double
    /// Quantum channel wavelength, in nm (the energy of a noise photon).
    public let quantumWavelengthNm: Double
    public let direction: Direction

    public init(launchPowerDbm: Double, lengthKm: Double, classicalAttenuationDbPerKm: Double,
                quantumAttenuationDbPerKm: Double, filterBandwidthNm: Double, coefficientPerKmNm: Double,
                quantumWavelengthNm: Double, direction: Direction = .coPropagating) throws(NetworkError) {
        try checkParameter("classical launch power", launchPowerDbm, in: -100...40, unit: " dBm")
        try checkParameter("fiber length", lengthKm, in: 0...1e5, unit: " km")
        try checkParameter("classical attenuation", classicalAttenuationDbPerKm, in: 0...10, unit: " dB/km")
        try checkParameter("quantum attenuation", quantumAttenuationDbPerKm, in: 0...10, unit: " dB/km")
        try checkParameter("filter bandwidth", filterBandwidthNm, in: 0...1000, unit: " nm")
        try checkParameter("Raman coefficient", coefficientPerKmNm, in: 0...1e-3, unit: " /(km nm)")
        try checkParameter("quantum wavelength", quantumWavelengthNm, in: 100...10_000, unit: " nm")
        self.launchPowerDbm = launchPowerDbm
        self.lengthKm = lengthKm
        self.classicalAttenuationDbPerKm = classicalAttenuationDbPerKm
        self.quantumAttenuationDbPerKm = quantumAttenuationDbPerKm
        self.filterBandwidthNm = filterBandwidthNm
        self.coefficientPerKmNm = coefficientPerKmNm
        self.quantumWavelengthNm = quantumWavelengthNm
        self.direction = direction
    }

    /// Launch power in watts.
    public var launchPowerW: Double { 1e-3 * Double.pow(10, launchPowerDbm / 10) }

    /// Raman power in the quantum channel at its receiver, in watts.
    public var powerW: Double {
        let perKm = Double.log(10) / 10
        let ac = classicalAttenuationDbPerKm * perKm, aq = quantumAttenuationDbPerKm * perKm, l = lengthKm
        let scale = launchPowerW * coefficientPerKmNm * filterBandwidthNm
        switch direction {
        case .coPropagating:
            // (e^(−aq l) − e^(−ac l)) / (ac − aq), written to stay exact as ac → aq.
            let d = ac - aq
            let spread = abs(d * l) < 1e-8 ? l : -Double.expMinusOne(-d * l) / d
            return scale * Double.exp(-aq * l) * spread
        case .counterPropagating:
            let s = ac + aq
            return s == 0 ? scale * l : scale * -Double.expMinusOne(-s * l) / s
        }
    }

    /// Noise photons per second in the quantum channel at its receiver
    /// (before the detector's efficiency).
    public var photonRate: Double {
        let planck = 6.62607015e-34, light = 299_792_458.0
        return powerW / (planck * light / (quantumWavelengthNm * 1e-9))
    }
}
