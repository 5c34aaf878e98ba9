import Foundation
import QuantumSim
import QuantumSimTestSupport
import Testing

/// The fidelity of rank-deficient states against mpmath at 50 digits
/// (Fixtures/fidelity.json, made by scripts/fixtures/make_fidelity_fixtures.py
/// from the states' factors, so rounding-noise eigenvalues play no part).
@Suite struct FidelityFixtureTests {
    struct Case: Decodable {
        let qubits: Int
        let rho: MeasureTests.Matrix
        let sigma: MeasureTests.Matrix
        let fidelity: String
    }
    struct Fixture: Decodable { let cases: [Case] }

    @Test func rankDeficientPairsAgreeWithMpmathTo1e12() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fidelity.json")
        let cases = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
        #expect(cases.count == 15)
        for (k, c) in cases.enumerated() {
            let rho = try MeasureTests.density(c.rho), sigma = try MeasureTests.density(c.sigma)
            let expected = try #require(Double(c.fidelity))
            for (f, order) in [(try rho.fidelity(with: sigma), "F(ρ, σ)"), (try sigma.fidelity(with: rho), "F(σ, ρ)")] {
                #expect(abs(f - expected) < 1e-12, "case \(k) (\(c.qubits) qubits) \(order) = \(f), mpmath \(expected)")
            }
        }
    }
}
