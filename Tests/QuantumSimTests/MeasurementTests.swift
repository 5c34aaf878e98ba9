import QuantumSim
import QuantumSimTestSupport
import Testing

/// Measurement, sampling and reset against exact probabilities.
@Suite struct MeasurementTests {
    /// Pearson's chi-square statistic of `counts` against `probabilities`.
    static func chiSquare(_ counts: [Int: Int], _ probabilities: [Double], shots: Int) -> Double {
        var chi = 0.0
        for (i, p) in probabilities.enumerated() where p > 0 {
            let expected = p * Double(shots)
            let d = Double(counts[i, default: 0]) - expected
            chi += d * d / expected
        }
        return chi
    }

    @Test(arguments: KernelVariant.supported)
    func samplingMatchesProbabilities(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 41)
        let n = 5
        let amps = rnd.state(qubits: n)
        let s = try StateVector(amplitudes: amps, options: options(variant))
        var g = SeededGenerator(seed: 42)
        let shots = 200_000
        let counts = try s.counts(shots: shots, using: &g)
        #expect(counts.keys.allSatisfy { (0..<32).contains($0) })
        // 31 degrees of freedom: the 0.999 quantile is 61.1.
        #expect(Self.chiSquare(counts, s.probabilities, shots: shots) < 61.1)
    }

    @Test func samplingNeverReturnsZeroProbabilityStates() throws {
        var s = try StateVector(qubits: 14, options: options(.best, threads: 2))
        try s.apply(Circuit(qubits: 14).h(3).cx(3, 12))
        var g = SeededGenerator(seed: 43)
        let samples = try s.sample(shots: 10_000, using: &g)
        #expect(Set(samples).isSubset(of: [0, (1 << 3) | (1 << 12)]))
        let ones = samples.filter { $0 != 0 }.count
        #expect(abs(Double(ones) / 10_000 - 0.5) < 0.03)
    }

    @Test(arguments: KernelVariant.supported)
    func measureCollapsesWithRightStatistics(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 44)
        var prepared = try StateVector(qubits: 4, options: options(variant))
        try prepared.apply(Gate.unitary(rnd.unitary(qubits: 4)), to: [0, 1, 2, 3])
        let p1 = try prepared.probabilityOfOne(2)
        var g = SeededGenerator(seed: 45)
        var ones = 0
        let trials = 4000
        for _ in 0..<trials {
            var s = prepared
            let m = try s.measure(2, using: &g)
            ones += m
            #expect(abs(try s.probabilityOfOne(2) - Double(m)) < 1e-12)
            #expect(abs(s.normSquared - 1) < 1e-12)
        }
        // Binomial: 4.5 standard deviations.
        let sd = (Double(trials) * p1 * (1 - p1)).squareRoot()
        #expect(abs(Double(ones) - p1 * Double(trials)) < 4.5 * sd)
        // The post-measurement state is the normalised projection.
        var s = prepared
        let outcome = try s.measure(2, using: &g)
        var projected = prepared.amplitudes
        for i in projected.indices where (i >> 2) & 1 != outcome { projected[i] = .zero }
        let norm = projected.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
        projected = projected.map { $0 * Complex(1 / norm) }
        #expect(Reference.maxDifference(s.amplitudes, projected) < 1e-12)
    }

    @Test func measureSeveralAndReset() throws {
        var s = try StateVector(qubits: 3, options: options(.best))
        try s.apply(Circuit(qubits: 3).x(0).x(2))
        var g = SeededGenerator(seed: 46)
        #expect(try s.measure([2, 1, 0], using: &g) == 0b101)
        try s.apply(Circuit(qubits: 3).h(1))
        try s.reset(1, using: &g)
        try s.reset(0, using: &g)
        #expect(abs(try s.probability(0b100) - 1) < 1e-14)
    }

    @Test func seedsReproduce() throws {
        var s = try StateVector(qubits: 6, options: options(.best))
        try s.apply(ThreadInvarianceTests.mixedCircuit(qubits: 6, seed: 47))
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 10)
        let x = try s.sample(shots: 100, using: &a)
        #expect(x == (try s.sample(shots: 100, using: &b)))
        #expect(x != (try s.sample(shots: 100, using: &c)))
    }
}

@Suite struct SeedConvenienceTests {
    @Test func seededSamplingMatchesExplicitGenerator() throws {
        var rnd = RandomInputs(seed: 50)
        let s = try StateVector(amplitudes: rnd.state(qubits: 4), options: options(.best))
        var g = SeededGenerator(seed: 51)
        #expect(try s.sample(shots: 64, seed: 51) == s.sample(shots: 64, using: &g))
        #expect(try s.counts(shots: 64, seed: 51).values.reduce(0, +) == 64)
    }
}
