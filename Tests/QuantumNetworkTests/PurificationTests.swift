import QuantumNetwork
import QuantumSim
import Testing

@Suite struct PurificationTests {
    @Test(arguments: [0.9, 0.75, 0.6])
    func bbpsswOnWernerPairs(f: Double) throws {
        let net = try pairNetwork(fidelity: f)
        let result = try Purification(network: net, between: "A", and: "B", scheme: .bbpssw).run(runs: 3000, seed: 21)
        let e = (1 - f) / 3
        let p = f * f + 2 * f * (1 - f) / 3 + 5 * e * e
        #expect(result.name == "BBPSSW (twirled)")
        expectWithin4SE(Estimate(mean: result.successProbability, standardError: result.successStandardError,
                                 count: result.runs), p)
        expectWithin4SE(result.roundSuccess[0], p)
        #expect(abs(result.fidelity.mean - (f * f + e * e) / p) < 1e-9)
        #expect(result.resources.ebits == 2 * 3000)
    }

    @Test func dejmpsOnABellDiagonalState() throws {
        let (a, b, c, d) = (0.7, 0.15, 0.1, 0.05)
        let net = try pairNetwork()
        let rho = try bellDiagonal(a, b, c, d)
        let result = try Purification(network: net, between: "A", and: "B", scheme: .dejmps, source: .state(rho))
            .run(runs: 3000, seed: 22)
        let n = (a + b) * (a + b) + (c + d) * (c + d)
        #expect(result.name == "DEJMPS (untwirled)")
        expectWithin4SE(result.roundSuccess[0], n)
        #expect(abs(result.fidelity.mean - (a * a + b * b) / n) < 1e-9)
    }

    @Test func twoRoundsOfDejmpsFollowTheRecurrence() throws {
        let (a, b, c, d) = (0.7, 0.15, 0.1, 0.05)
        let net = try pairNetwork()
        let result = try Purification(network: net, between: "A", and: "B", scheme: .dejmps, rounds: 2,
                                      source: .state(bellDiagonal(a, b, c, d)), retry: true).run(runs: 300, seed: 23)
        // One DEJMPS step maps (A, B, C, D) to ((A²+B²), 2CD, (C²+D²), 2AB)/N.
        let n1 = (a + b) * (a + b) + (c + d) * (c + d)
        let (a1, b1, c1, d1) = ((a * a + b * b) / n1, 2 * c * d / n1, (c * c + d * d) / n1, 2 * a * b / n1)
        let n2 = (a1 + b1) * (a1 + b1) + (c1 + d1) * (c1 + d1)
        #expect(result.successProbability == 1)
        #expect(abs(result.fidelity.mean - (a1 * a1 + b1 * b1) / n2) < 1e-9)
        expectWithin4SE(result.roundSuccess[1], n2)
    }

    @Test func twirlingMakesBbpsswForgetTheBellDiagonalStructure() throws {
        // Twirled, the input acts as the Werner state of the same fidelity A.
        let (a, b, c, d) = (0.8, 0.1, 0.07, 0.03)
        let net = try pairNetwork()
        let result = try Purification(network: net, between: "A", and: "B", scheme: .bbpssw,
                                      source: .state(bellDiagonal(a, b, c, d))).run(runs: 4000, seed: 24)
        let e = (1 - a) / 3, p = a * a + 2 * a * (1 - a) / 3 + 5 * e * e
        expectWithin4SE(result.roundSuccess[0], p)
        expectWithin4SE(result.fidelity, (a * a + e * e) / p)
    }
}
