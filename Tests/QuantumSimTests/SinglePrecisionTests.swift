import ComplexModule
import QuantumSim
import QuantumSimTestSupport
import Testing

/// complex64 state vectors against the complex128 reference (the dense and
/// index references of QuantumSimTestSupport, in double).
///
/// Tolerances for complex64, stated here once: a float holds about 7
/// significant digits (ε = 6e-8), an amplitude of a normalised state is at
/// most 1, and every gate adds a few roundings per amplitude: one gate
/// 1e-6, a circuit of up to 150 gates 2e-5, reads 1e-6 (they sum in double
/// per block). complex128 keeps its own 1e-12.
@Suite struct SinglePrecisionTests {
    static let gateTolerance32 = 1e-6
    static let circuitTolerance32 = 2e-5

    /// Applies `gate` to a complex64 state and to the double reference.
    func error32(_ gate: Gate, on qubits: [Int], state amps: [Complex<Double>], variant: KernelVariant,
                 threads: Int = 1) throws -> Double {
        var s = try StateVector(amplitudes: amps, precision: .single,
                                options: ExecutionOptions(variant: variant, threads: threads, parallelQubits: 6))
        try s.apply(gate, to: qubits)
        #expect(s.precision == .single)
        return Reference.maxDifference(s.amplitudes, Reference.applyByIndex(gate, on: qubits, to: amps))
    }

    /// Dense gates of 1 to 5 targets: all inside the register (with 8
    /// complex64 lanes per AVX-512 register, targets 0-2 mix lanes only),
    /// all above it, at random, with and without controls; states of 1 to
    /// 12 qubits (up to 6 take the small-state path).
    @Test(arguments: KernelVariant.supported)
    func denseGatesOfEveryShape(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 31)
        for n in [1, 2, 3, 4, 5, 7, 9, 12] {
            let amps = rnd.state(qubits: n)
            for k in 1...min(5, n) {
                let u = try Gate.unitary(rnd.unitary(qubits: k))
                var targetSets = [Array(0..<k), Array((n - k)..<n), rnd.distinctQubits(k, of: n)]
                if k <= 3, n >= 5 { targetSets.append(Array((0..<k).reversed())) }
                for targets in targetSets {
                    #expect(try error32(u, on: targets, state: amps, variant: variant) < Self.gateTolerance32,
                            "n=\(n) targets=\(targets)")
                    if n > k {
                        let control = (0..<n).first { !targets.contains($0) }!
                        #expect(try error32(u.controlled(), on: [control] + targets, state: amps, variant: variant)
                                < Self.gateTolerance32, "n=\(n) control=\(control) targets=\(targets)")
                    }
                }
            }
        }
    }

    @Test(arguments: KernelVariant.supported)
    func diagonalAndNamedGates(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 32)
        for n in [1, 3, 4, 8, 11] {
            let amps = rnd.state(qubits: n)
            for t in 0..<n {
                let θ = rnd.angle()
                for g in [Gate.h, .x, .y, .z, .s, .t, .rx(θ), .ry(θ), .rz(θ), .p(θ)] {
                    #expect(try error32(g, on: [t], state: amps, variant: variant) < Self.gateTolerance32, "\(g) n=\(n) t=\(t)")
                }
                if n >= 2 {
                    let c = (t + 1) % n
                    for g in [Gate.cx, .cz, .cp(θ), .swap] {
                        #expect(try error32(g, on: [c, t], state: amps, variant: variant) < Self.gateTolerance32,
                                "\(g) n=\(n) [\(c),\(t)]")
                    }
                }
            }
            if n >= 3 {
                let k = min(3, n)
                let phases = (0..<(1 << k)).map { _ in rnd.angle() }
                let rows = (0..<(1 << k)).map { r in
                    (0..<(1 << k)).map { c in r == c ? Complex(Double.cos(phases[r]), Double.sin(phases[r])) : .zero }
                }
                let d = try Gate.unitary(rows)
                #expect(d.isDiagonal)
                #expect(try error32(d, on: rnd.distinctQubits(k, of: n), state: amps, variant: variant) < Self.gateTolerance32)
            }
        }
    }

    /// Norm, probabilities, marginals, inner products, Pauli expectations
    /// and reduced density matrices (including ones keeping qubit 0, which
    /// lives inside a register) of complex64 states against complex128.
    @Test(arguments: KernelVariant.supported)
    func readsAgreeWithDouble(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 33)
        let opts = try ExecutionOptions(variant: variant, threads: 2, parallelQubits: 6)
        for n in [1, 3, 9, 12] {
            let a = rnd.state(qubits: n), b = rnd.state(qubits: n)
            let d = try StateVector(amplitudes: a, options: opts), d2 = try StateVector(amplitudes: b, options: opts)
            let s = try d.converted(to: .single), s2 = try d2.converted(to: .single)
            #expect(abs(s.normSquared - 1) < 1e-6)
            #expect(zip(s.probabilities, d.probabilities).allSatisfy { abs($0 - $1) < 1e-6 })
            let qs = Array(rnd.distinctQubits(min(2, n), of: n))
            #expect(zip(try s.marginalProbabilities(qs), try d.marginalProbabilities(qs)).allSatisfy { abs($0 - $1) < 1e-6 })
            #expect((try s.inner(s2) - d.inner(d2)).length < 1e-6)
            let pauli = try PauliString(String((0..<n).map { _ in "IXYZ".randomElement(using: &rnd.rng)! }))
            #expect(abs(try s.expectation(pauli) - d.expectation(pauli)) < 1e-6)
            var keeps = [[0], [n - 1]]
            if n >= 3 { keeps += [[0, n - 1], [n - 1, 1], [2, 0, 1]] }
            for keep in keeps {
                let rs = try s.reducedDensityMatrix(keeping: keep), rd = try d.reducedDensityMatrix(keeping: keep)
                for r in 0..<rd.dimension {
                    for c in 0..<rd.dimension {
                        #expect((try rs.element(r, c) - rd.element(r, c)).length < 1e-6, "n=\(n) keep=\(keep)")
                    }
                }
            }
        }
    }

    /// A whole circuit through `StateVector.apply(_: Circuit)` (fused at 14
    /// qubits, cache-blocked at 6) against the gate-by-gate complex128
    /// state; complex64 results are identical for 1 and 2 threads, and
    /// really are single precision (they differ from complex128 by more
    /// than complex128's own rounding).
    @Test(arguments: KernelVariant.supported)
    func circuitsFusedAndBlocked(variant: KernelVariant) throws {
        for (n, seed) in [(8, UInt64(34)), (14, 35)] {
            let c = try randomCircuit(qubits: n, gates: 150, seed: seed)
            var exact = try StateVector(qubits: n, options: ExecutionOptions(variant: variant, threads: 1,
                                                                               cacheBlockQubits: 0, fusionQubits: 1))
            try exact.apply(c)
            var results: [[Complex<Double>]] = []
            for threads in [1, 2] {
                var s = try StateVector(qubits: n, precision: .single,
                                        options: ExecutionOptions(variant: variant, threads: threads, parallelQubits: 6,
                                                                  cacheBlockQubits: 6))
                try s.apply(c)
                results.append(s.amplitudes)
            }
            let difference = Reference.maxDifference(results[0], exact.amplitudes)
            #expect(difference < Self.circuitTolerance32, "n=\(n): \(difference)")
            #expect(difference > 1e-10, "n=\(n): complex64 should round like floats, got \(difference)")
            #expect(results[0] == results[1], "n=\(n): thread count changed a complex64 result")
        }
    }

    /// Joining, measuring and sampling keep the precision and agree with
    /// complex128; mixing precisions is a clear error.
    @Test func tensorMeasureSampleAndMixing() throws {
        var rnd = RandomInputs(seed: 36)
        let opts = try ExecutionOptions(threads: 1)
        let a = try StateVector(amplitudes: rnd.state(qubits: 3), options: opts)
        let b = try StateVector(amplitudes: rnd.state(qubits: 4), options: opts)
        let a32 = try a.converted(to: .single), b32 = try b.converted(to: .single)
        let joined = try a32.tensor(b32)
        #expect(joined.precision == .single)
        #expect(Reference.maxDifference(joined.amplitudes, try a.tensor(b).amplitudes) < 1e-6)
        var r1 = SeededGenerator(seed: 7), r2 = SeededGenerator(seed: 7)
        let (o32, rest32) = try joined.measuringAndRemoving(2, using: &r1)
        let (o64, rest64) = try a.tensor(b).measuringAndRemoving(2, using: &r2)
        #expect(o32 == o64)
        #expect(rest32?.precision == .single)
        #expect(Reference.maxDifference(rest32!.amplitudes, rest64!.amplitudes) < 1e-6)
        // Sampling: the same draws land on the same outcomes unless a
        // cumulative sum falls within rounding of a draw.
        let s32 = try joined.sample(shots: 2000, seed: 5), s64 = try a.tensor(b).sample(shots: 2000, seed: 5)
        #expect(zip(s32, s64).filter { $0 != $1 }.count <= 2)
        #expect(throws: QuantumSimError.precisionMismatch(expected: .single, got: .double)) { _ = try a32.tensor(b) }
        #expect(throws: QuantumSimError.precisionMismatch(expected: .double, got: .single)) { _ = try a.inner(a32) }
        #expect(try a32.converted(to: .double).precision == .double)
    }
}

/// Reads of complex64 states sum in double: the norm and inner products of
/// a 22-qubit state (2^22 roundings of a float sum would cost ~1e-6) agree
/// with a double sum of the widened amplitudes to 1e-12.
@Suite struct SinglePrecisionReductionTests {
    @Test(arguments: KernelVariant.supported)
    func normAndInnerProductAccumulateInDouble(variant: KernelVariant) throws {
        let n = 22
        var rnd = RandomInputs(seed: 77)
        let options = try ExecutionOptions(variant: variant, threads: 2)
        var a = try StateVector(qubits: n, precision: .single, options: options)
        var b = try StateVector(qubits: n, precision: .single, options: options)
        for q in 0..<n {
            try a.apply(.h, to: [q])
            try a.apply(try Gate.unitary(rnd.unitary(qubits: 1)), to: [q])
            try b.apply(try Gate.unitary(rnd.unitary(qubits: 1)), to: [q])
        }
        let x = a.amplitudes, y = b.amplitudes
        var norm = 0.0, re = 0.0, im = 0.0
        for i in x.indices {
            norm += x[i].lengthSquared
            let p = x[i].conjugate * y[i]
            re += p.real
            im += p.imaginary
        }
        #expect(abs(a.normSquared - norm) < 1e-12, "\(a.normSquared) against \(norm)")
        let inner = try a.inner(b)
        #expect(abs(inner.real - re) < 1e-12 && abs(inner.imaginary - im) < 1e-12, "\(inner) against \(re), \(im)")
    }
}
