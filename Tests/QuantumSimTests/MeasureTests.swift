import Foundation
import QuantumSim
import QuantumSimTestSupport
import RealModule
import Testing

/// Measures against NumPy/SciPy fixtures and known values.
@Suite struct MeasureTests {
    struct Matrix: Decodable { let re: [[Double]]; let im: [[Double]] }
    struct Case: Decodable {
        let qubits: Int
        let rho: Matrix
        let sigma: Matrix
        let fidelity: Double
        let trace_distance: Double
        let entropy: Double
        let relative_entropy: Double
        let negativity_q0: Double
        let concurrence: Double?
    }
    struct Fixture: Decodable { let cases: [Case] }

    static func load() throws -> [Case] {
        // Fixtures/measures.json beside this file (made by scripts/fixtures/make_measure_fixtures.py).
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/measures.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    static func density(_ m: Matrix) throws -> DensityMatrix {
        let rows = zip(m.re, m.im).map { zip($0, $1).map { Complex($0, $1) } }
        return try DensityMatrix(matrix: rows, tolerance: 1e-9, options: options(.best))
    }

    @Test func measuresMatchNumPyFixtures() throws {
        let cases = try Self.load()
        #expect(cases.count == 7)
        for c in cases {
            let rho = try Self.density(c.rho), sigma = try Self.density(c.sigma)
            // Square roots are not Lipschitz at 0: for a rank-deficient ρ the
            // rounding (~1e-16) of its zero eigenvalues moves √ρ by ~1e-8, so
            // any two correct implementations agree to ~1e-8 there only.
            let fullRank = try rho.eigenvalues()[0] > 1e-6
            let tol = fullRank ? 1e-11 : 1e-7
            let fid = try rho.fidelity(with: sigma)
            #expect(abs(fid - c.fidelity) < tol, "fidelity n=\(c.qubits): \(fid) vs \(c.fidelity)")
            #expect(abs(try sigma.fidelity(with: rho) - c.fidelity) < tol, "fidelity is symmetric")
            #expect(abs(try rho.traceDistance(to: sigma) - c.trace_distance) < 1e-10)
            #expect(abs(try rho.vonNeumannEntropy() - c.entropy) < 1e-9)
            #expect(abs(try rho.relativeEntropy(to: sigma) - c.relative_entropy) < 1e-8)
            if c.qubits > 1 { #expect(abs(try rho.negativity(subsystem: [0]) - max(0, c.negativity_q0)) < 1e-10) }
            if let conc = c.concurrence {
                let mine = try rho.concurrence()
                #expect(abs(mine - conc) < tol, "concurrence \(mine) vs \(conc)")
            }
            // Fuchs–van de Graaf: 1 − √F ≤ D ≤ √(1 − F).
            let f = c.fidelity, d = c.trace_distance
            #expect(1 - f.squareRoot() <= d + 1e-12 && d <= (1 - f).squareRoot() + 1e-12)
        }
    }

    @Test func bellStatesAndWernerStates() throws {
        let bell = try DensityMatrix.bell(.phiPlus, options: options(.best))
        #expect(abs(try bell.concurrence() - 1) < 1e-12)
        #expect(abs(try bell.partialTrace(keeping: [0]).vonNeumannEntropy() - 1) < 1e-12)
        #expect(abs(try bell.vonNeumannEntropy()) < 1e-12)
        #expect(abs(try bell.logarithmicNegativity(subsystem: [1]) - 1) < 1e-12)
        let fids = try DensityMatrix.bell(.psiMinus, options: options(.best)).bellStateFidelities()
        #expect(abs(fids[.psiMinus]! - 1) < 1e-12 && abs(fids[.phiPlus]!) < 1e-12)
        for f in stride(from: 0.0, through: 1.0, by: 0.125) {
            let w = try DensityMatrix.werner(fidelity: f, options: options(.best))
            #expect(abs(w.trace - 1) < 1e-12)
            #expect(abs(try w.concurrence() - max(0, 2 * f - 1)) < 1e-9, "F=\(f)")
            #expect(abs(try w.negativity(subsystem: [0]) - max(0, (2 * f - 1) / 2)) < 1e-9, "F=\(f)")
            #expect(abs(try w.wernerParameter() - (4 * f - 1) / 3) < 1e-12)
            #expect(abs(try w.fidelity(with: BellState.phiPlus.stateVector()) - f) < 1e-12)
        }
        // Pure–pure and pure–mixed fidelities agree with the mixed–mixed one.
        var rnd = RandomInputs(seed: 90)
        let a = try StateVector(amplitudes: rnd.state(qubits: 3), options: options(.best))
        let b = try StateVector(amplitudes: rnd.state(qubits: 3), options: options(.best))
        let pure = try a.fidelity(with: b)
        #expect(abs(try DensityMatrix(a).fidelity(with: b) - pure) < 1e-12)
        #expect(abs(try DensityMatrix(a).fidelity(with: DensityMatrix(b)) - pure) < 1e-7)
    }

    @Test func tensorProductsAndIsotropicStates() throws {
        let w = try DensityMatrix.werner(fidelity: 0.9, options: options(.best))
        let two = try w.tensor(DensityMatrix.bell(.phiMinus, options: options(.best)))
        #expect(two.qubitCount == 4)
        #expect(abs(try two.partialTrace(keeping: [0, 1]).fidelity(with: BellState.phiPlus.stateVector()) - 0.9) < 1e-12)
        #expect(abs(try two.partialTrace(keeping: [2, 3]).fidelity(with: BellState.phiMinus.stateVector()) - 1) < 1e-12)
        let iso = try DensityMatrix.isotropic(fidelity: 0.7, qubitsPerSide: 2, options: options(.best))
        #expect(abs(iso.trace - 1) < 1e-12)
        #expect(try iso.eigenvalues().allSatisfy { $0 > -1e-12 })
        #expect(throws: QuantumSimError.invalidParameter(name: "fidelity", value: 1.2, expected: "a value in 0...1")) {
            _ = try DensityMatrix.werner(fidelity: 1.2)
        }
        #expect(throws: QuantumSimError.qubitCountMismatch(expected: 2, got: 4)) { _ = try two.concurrence() }
    }
}
