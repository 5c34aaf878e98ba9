import QuantumNetwork
import QuantumSim
import Testing

@Suite struct TeleportationTests {
    @Test(arguments: [1.0, 0.9, 0.75, 0.5])
    func averageFidelityThroughAWernerPairIs2FPlus1Over3(f: Double) throws {
        let net = try pairNetwork(fidelity: f, lengthKm: 20)
        let result = try Teleportation(network: net, from: "A", to: "B").run(runs: 200, seed: 11)
        #expect(result.successes == 200)
        // Every input comes out as w·ψ + (1 − w)·I/2, so each run (not only the mean) hits the closed form.
        #expect(abs(result.fidelity.mean - (2 * f + 1) / 3) < 1e-9)
        #expect(result.resources.ebits == 200)
        #expect(result.resources.classicalBits == 400)
        // Time: attempts of 2·20 km·5 µs/km, then the 20 km message.
        let least: Double = 3 * 20 * 5e-6
        #expect(result.time.mean >= least - 1e-12)
    }

    @Test func stateVectorTrajectoriesAgreeWithTheDensityMatrix() throws {
        let f = 0.8
        let net = try pairNetwork(fidelity: f)
        let result = try Teleportation(network: net, from: "A", to: "B", representation: .stateVector)
            .run(runs: 4000, seed: 5)
        expectWithin4SE(result.fidelity, (2 * f + 1) / 3)
    }

    @Test func aFixedInputThroughDephasingMemoryWaitsForTheMessage() throws {
        // Bob's half waits for the photon's flight back and the message: with
        // pure dephasing T2 at B, |+⟩ arrives with fidelity (1 + e^(−t/T2))/2.
        let t2 = 1e-3, km = 40.0
        let net = try pairNetwork(lengthKm: km, moduleB: ProcessorModule(memory: MemoryModel(t1: .infinity, t2: t2)))
        let plus = try StateVector(amplitudes: [Complex(0.5.squareRoot()), Complex(0.5.squareRoot())],
                                   options: .singleThreaded)
        let result = try Teleportation(network: net, from: "A", to: "B", input: .state(plus)).run(runs: 20, seed: 2)
        // B stores its half from the photon's arrival (L·5 µs after emission) until the
        // correction arrives: herald back (L) plus message (L): 2L·5 µs in all.
        let wait = 2 * km * 5e-6
        #expect(abs(result.fidelity.mean - (1 + Double.exp(-wait / t2)) / 2) < 1e-9)
    }

    @Test func sameSeedSameResult() throws {
        let net = try pairNetwork(fidelity: 0.9, lengthKm: 30)
        let t = try Teleportation(network: net, from: "A", to: "B")
        let a = try t.run(runs: 50, seed: 99), b = try t.run(runs: 50, seed: 99)
        #expect(a.fidelity == b.fidelity && a.time == b.time && a.resources == b.resources)
    }
}
