@testable import QuantumNetwork
import QuantumSim
import RealModule
import Testing

/// The photonic-link physics against closed forms and independent
/// computations: Raman noise against a numerical integral of the scattering
/// along the fiber, the linear-optics Bell measurement's success of 1/2,
/// accidental coincidences diluting the delivered pairs towards the
/// maximally mixed state, and the jitter's coincidence loss.
@Suite struct PhotonicTests {
    /// Raman power by midpoint-rule integration of light scattered at each
    /// point z and attenuated to the receiver: an independent computation of
    /// the model the closed forms in RamanNoise solve.
    func integratedRamanPower(_ r: RamanNoise, steps: Int = 200_000) -> Double {
        let perKm = Double.log(10) / 10
        let ac = r.classicalAttenuationDbPerKm * perKm, aq = r.quantumAttenuationDbPerKm * perKm
        let dz = r.lengthKm / Double(steps)
        var sum = 0.0
        for i in 0..<steps {
            let z = (Double(i) + 0.5) * dz
            let classical = r.launchPowerW * Double.exp(-ac * z)
            // Co-propagating: the scattered light travels on to z = L;
            // counter-propagating: back to z = 0.
            let path = r.direction == .coPropagating ? r.lengthKm - z : z
            sum += classical * r.coefficientPerKmNm * r.filterBandwidthNm * Double.exp(-aq * path) * dz
        }
        return sum
    }

    @Test(arguments: RamanNoise.Direction.allCases)
    func ramanNoiseMatchesTheIntegralAlongTheFiber(direction: RamanNoise.Direction) throws {
        for (lengthKm, ac, aq) in [(30.2, 0.2, 0.33), (17.6, 0.2, 0.2), (80.0, 0.21, 0.19), (1.0, 0.2, 0.35)] {
            let r = try RamanNoise(launchPowerDbm: 18.7, lengthKm: lengthKm, classicalAttenuationDbPerKm: ac,
                                   quantumAttenuationDbPerKm: aq, filterBandwidthNm: 0.1, coefficientPerKmNm: 1e-9,
                                   quantumWavelengthNm: 1310, direction: direction)
            let integral = integratedRamanPower(r)
            #expect(abs(r.powerW - integral) <= 1e-8 * integral, "L=\(lengthKm) αc=\(ac) αq=\(aq): \(r.powerW) vs \(integral)")
            // Photon energy h c / λ at 1310 nm.
            let photon = 6.62607015e-34 * 299_792_458.0 / 1310e-9
            #expect(abs(r.photonRate * photon - r.powerW) <= 1e-12 * r.powerW)
        }
        // Power scales with the launch power: +10 dB, ten times the noise.
        let a = try RamanNoise(launchPowerDbm: 0, lengthKm: 10, classicalAttenuationDbPerKm: 0.2, quantumAttenuationDbPerKm: 0.33,
                               filterBandwidthNm: 1, coefficientPerKmNm: 1e-9, quantumWavelengthNm: 1310, direction: direction)
        let b = try RamanNoise(launchPowerDbm: 10, lengthKm: 10, classicalAttenuationDbPerKm: 0.2, quantumAttenuationDbPerKm: 0.33,
                               filterBandwidthNm: 1, coefficientPerKmNm: 1e-9, quantumWavelengthNm: 1310, direction: direction)
        #expect(abs(b.photonRate / a.photonRate - 10) < 1e-9)
    }

    /// An ideal, lossless, noiseless setup: a window with one photon from
    /// each source heralds with probability 1/2 (only Ψ± are told apart),
    /// delivered pairs are the swapped Φ⁺ but for windows with three photons
    /// (O(λ) of them: λ = 10⁻³ photons per window and source), and heralds of
    /// two photons from one source are never delivered (the other node has
    /// nothing to detect).
    @Test func bellMeasurementHeraldsHalfOfThePairsThatMeet() throws {
        let source = try PairSource(pairRate: 1e6)
        let fiber = try Fiber(lengthKm: 0, attenuationDbPerKm: 0.2)
        let swap = try PhotonicSwap(sourceA: source, sourceB: source, fiberA: fiber, fiberB: fiber,
                                    hubDetector: SinglePhotonDetector(efficiency: 1), coincidenceWindow: 1e-9)
        let r = try swap.simulate(deliveredPairs: 20_000, maximumSeconds: 1e6, seed: 1)
        // Windows with one click from each source, per second: λ_A λ_B / τ
        // to first order (λ = 1e-3 per window; corrections are O(λ)).
        let lambda = 1e6 * 1e-9, meet = lambda * lambda / 1e-9 * Double.exp(-2 * lambda)
        let ratio = r.deliveredRate / meet
        let se = ratio / Double(r.delivered).squareRoot()
        #expect(abs(ratio - 0.5) <= 4 * se + 2e-3, "delivered/meeting = \(ratio) ± \(se)")
        let accidental = 1 - Double(r.genuine) / Double(r.delivered)
        #expect(accidental < 3 * lambda, "accidental fraction \(accidental)")
        #expect(abs(r.fidelity.mean - (1 - 0.75 * accidental)) < 1e-12)
        #expect(abs(r.chsh! - 2 * 2.0.squareRoot() * (1 - accidental)) < 1e-9)
        // Two-photon heralds from one source: as many as the genuine ones
        // (λ²/2 per window and source, heralding half the time), none delivered.
        let heraldSE = Double(r.heralds).squareRoot() / Double(r.delivered)
        #expect(abs(Double(r.heralds) / Double(r.delivered) - 2) <= 4 * heraldSE + 0.01)
    }

    /// Accidental coincidences: dark counts at the nodes stand in for kept
    /// photons that were lost. With local efficiency η and a dark click
    /// probability q per window, a genuine herald is delivered with
    /// probability P = (η + (1 − η) q)² and is genuine with η²; heralds of
    /// two photons from one source (rate λ²/4 per window and source) are
    /// delivered with probability (1 − (1 − η)²(1 − q)) q. The accidental
    /// pairs are maximally mixed, so
    /// F = (G + A/4) / (G + A) and CHSH = 2√2 G / (G + A).
    @Test func accidentalCoincidencesDiluteTowardsTheMixedState() throws {
        let eta = 0.5, tau = 1e-9, dark = 5e8, lambda = 1e-3
        let source = try PairSource(pairRate: lambda / tau, localDetectionEfficiency: eta)
        let fiber = try Fiber(lengthKm: 0, attenuationDbPerKm: 0.2)
        let swap = try PhotonicSwap(sourceA: source, sourceB: source, fiberA: fiber, fiberB: fiber,
                                    hubDetector: SinglePhotonDetector(efficiency: 1), localDarkCountRate: dark,
                                    coincidenceWindow: tau)
        let r = try swap.simulate(deliveredPairs: 40_000, maximumSeconds: 1e6, seed: 2)
        let q = -Double.expMinusOne(-dark * tau)
        let deliveredGenuine = 0.5 * lambda * lambda * eta * eta
        let deliveredFromMeeting = 0.5 * lambda * lambda * Double.pow(eta + (1 - eta) * q, 2)
        let deliveredFromOneSource = 2 * (lambda * lambda / 4) * (1 - (1 - eta) * (1 - eta) * (1 - q)) * q
        let g = deliveredGenuine, a = deliveredFromMeeting - deliveredGenuine + deliveredFromOneSource
        let expectedFidelity = (g + a / 4) / (g + a)
        expectWithin4SE(r.fidelity, expectedFidelity, floor: 3e-3)
        #expect(abs(r.chsh! - 2 * 2.0.squareRoot() * g / (g + a)) < 0.03, "CHSH \(r.chsh!)")
    }

    /// Detector jitter σ spreads the two photons' arrival difference as a
    /// Gaussian of σ√2; a coincidence needs it within half the window:
    /// erf(τ / (4σ)) of the genuine heralds survive.
    @Test func jitterLosesCoincidencesOutsideTheWindow() throws {
        let source = try PairSource(pairRate: 1e6)
        let fiber = try Fiber(lengthKm: 0, attenuationDbPerKm: 0.2)
        var rates: [Double] = []
        for jitter in [0.0, 0.5e-9] {
            let swap = try PhotonicSwap(sourceA: source, sourceB: source, fiberA: fiber, fiberB: fiber,
                                        hubDetector: SinglePhotonDetector(efficiency: 1, jitter: jitter), coincidenceWindow: 1e-9)
            let r = try swap.simulate(deliveredPairs: 20_000, maximumSeconds: 1e6, seed: 3)
            rates.append(Double(r.genuine) / r.seconds)
        }
        let expected = Double.erf(1e-9 / (4 * 0.5e-9))
        #expect(abs(rates[1] / rates[0] - expected) < 4 * expected * (2.0 / 20_000).squareRoot() * 1.5,
                "\(rates[1] / rates[0]) vs erf = \(expected)")
    }

    /// Swapping two Werner pairs of fidelities F₁, F₂ gives a Werner pair of
    /// parameter w₁w₂ whatever the Bell outcome (each of Ψ± with probability
    /// 1/4): the density-matrix computation behind each genuine herald.
    @Test func genuinePairsAreTheSwappedWernerState() throws {
        let s = try PhotonicSwap.swappedStates(fidelityA: 0.9, fidelityB: 0.8)
        let w = wernerParameter(0.9) * wernerParameter(0.8)
        #expect(abs(s.probabilityPlus - 0.25) < 1e-12 && abs(s.probabilityMinus - 0.25) < 1e-12)
        #expect(abs(s.fidelityPlus - (1 + 3 * w) / 4) < 1e-12 && abs(s.fidelityMinus - (1 + 3 * w) / 4) < 1e-12)
        for state in s.corrected {
            #expect(abs(try state.maximalCHSH() - 2 * 2.0.squareRoot() * w) < 1e-9)
        }
    }

    /// Teleportation through a Werner pair of fidelity F: average fidelity
    /// (2F + 1)/3 for either Bell outcome; accidental three-folds leave B's
    /// photon maximally mixed (fidelity 1/2), so with only dark counts at the
    /// nodes the average is (G·(2F + 1)/3 + A/2)/(G + A) as in swapping.
    @Test func teleportationReachesTwoFPlusOneOverThree() throws {
        for f in [1.0, 0.9, 0.75] {
            let s = try PhotonicSwap.teleportedStates(fidelityB: f)
            #expect(abs(s.fidelityPlus - (2 * f + 1) / 3) < 1e-12 && abs(s.fidelityMinus - (2 * f + 1) / 3) < 1e-12)
            #expect(abs(s.probabilityPlus - 0.25) < 1e-12 && abs(s.probabilityMinus - 0.25) < 1e-12)
        }
        let eta = 0.5, tau = 1e-9, dark = 5e8, lambda = 1e-3
        let source = try PairSource(pairRate: lambda / tau, fidelity: 0.9, localDetectionEfficiency: eta)
        let fiber = try Fiber(lengthKm: 0, attenuationDbPerKm: 0.2)
        let swap = try PhotonicSwap(mode: .teleportation, sourceA: source, sourceB: source, fiberA: fiber, fiberB: fiber,
                                    hubDetector: SinglePhotonDetector(efficiency: 1), localDarkCountRate: dark,
                                    coincidenceWindow: tau)
        let r = try swap.simulate(deliveredPairs: 40_000, maximumSeconds: 1e6, seed: 5)
        #expect(r.chsh == nil)
        let q = -Double.expMinusOne(-dark * tau)
        let g = 0.5 * lambda * lambda * eta * eta
        let a = 0.5 * lambda * lambda * (Double.pow(eta + (1 - eta) * q, 2) - eta * eta)
            + 2 * (lambda * lambda / 4) * (1 - (1 - eta) * (1 - eta) * (1 - q)) * q
        expectWithin4SE(r.fidelity, (g * (2 * 0.9 + 1) / 3 + a / 2) / (g + a), floor: 3e-3)
    }

    @Test func badInputsAreClearErrors() {
        #expect(throws: NetworkError.invalidParameter(name: "pair rate", value: -1, expected: "a value in 0.0...1000000000000.0 pairs/s")) {
            _ = try PairSource(pairRate: -1)
        }
        #expect(throws: NetworkError.invalidParameter(name: "detector efficiency", value: 1.5, expected: "a value in 0.0...1.0")) {
            _ = try SinglePhotonDetector(efficiency: 1.5)
        }
        #expect(throws: NetworkError.self) {
            _ = try RamanNoise(launchPowerDbm: 50, lengthKm: 1, classicalAttenuationDbPerKm: 0.2, quantumAttenuationDbPerKm: 0.3,
                               filterBandwidthNm: 1, coefficientPerKmNm: 1e-9, quantumWavelengthNm: 1310)
        }
    }
}
