import QuantumNetwork
import QuantumSim
import Testing

@Suite struct QKDTests {
    @Test(arguments: [1.0, 0.4])
    func bb84InterceptResendGivesAQberOfFOver4(fraction: Double) throws {
        let net = try pairNetwork(lengthKm: 10)
        let settings = try QKDSettings(eavesdropper: InterceptResend(fraction: fraction))
        let result = try BB84(network: net, from: "A", to: "B", settings: settings).run(pulses: 40_000, seed: 31)
        expectWithin4SE(result.qber, fraction / 4)
    }

    @Test func bb84WithoutEveOverALossyFiber() throws {
        // 50 km: η = 0.1, so about 10% of pulses arrive and half of those sift.
        let net = try pairNetwork(lengthKm: 50)
        let result = try BB84(network: net, from: "A", to: "B").run(pulses: 40_000, seed: 32)
        #expect(result.errors == 0)
        #expect(result.secretKeyFraction == 1)
        let siftedPerPulse = Double(result.sifted) / 40_000
        expectWithin4SE(Estimate(mean: siftedPerPulse, standardError: (0.05 * 0.95 / 40_000).squareRoot(), count: 40_000), 0.05)
        // PLOB: −log₂(1 − 0.1) ≈ 0.152 bits per use, above the 0.05 sifted bits per pulse.
        #expect(abs(result.plobBoundPerPulse - 0.152_003_093_445_049_3) < 1e-12)
        #expect(result.plobBoundRate > result.secretKeyRate)
    }

    @Test func misalignmentAndShorPreskill() throws {
        let net = try pairNetwork(lengthKm: 1)
        let settings = try QKDSettings(misalignment: 0.05)
        let result = try BB84(network: net, from: "A", to: "B", settings: settings).run(pulses: 20_000, seed: 33)
        expectWithin4SE(result.qber, 0.05)
        let q = result.qber.mean
        let h = -q * Double.log2(q) - (1 - q) * Double.log2(1 - q)
        #expect(abs(result.secretKeyFraction - (1 - 2 * h)) < 1e-12)
    }

    @Test(arguments: [1.0, 0.95, 0.85])
    func bbm92WithWernerPairs(f: Double) throws {
        let net = try pairNetwork(fidelity: f, lengthKm: 5)
        let result = try BBM92(network: net, from: "A", to: "B", testFraction: 0.5).run(pulses: 40_000, seed: 34)
        expectWithin4SE(result.qber, 2 * (1 - f) / 3)
        expectWithin4SE(result.chsh!, 2 * 2.0.squareRoot() * wernerParameter(f))
    }

    @Test func bbm92UnderFullInterceptResendLosesItsCHSHViolation() throws {
        let net = try pairNetwork(lengthKm: 5)
        let settings = try QKDSettings(eavesdropper: InterceptResend(fraction: 1))
        let result = try BBM92(network: net, from: "A", to: "B", settings: settings, testFraction: 0.5)
            .run(pulses: 40_000, seed: 35)
        expectWithin4SE(result.qber, 0.25)
        // Measuring in Z or X leaves a separable pair: S = √2 on average over Eve's bases.
        expectWithin4SE(result.chsh!, 2.0.squareRoot())
    }
}
