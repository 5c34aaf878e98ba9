import ComplexModule
import QuantumSim
import QuantumSimTestSupport
import Testing

/// Every kernel in every variant this machine runs, against the reference,
/// for every target position (inside one SIMD register and above), control
/// configurations, and n from 1 to 12.
@Suite struct KernelTests {
    static let sizes = [1, 2, 3, 4, 5, 7, 9, 12]

    @Test(arguments: KernelVariant.supported)
    func denseOneQubitEveryTargetAndControl(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 11)
        for n in Self.sizes {
            let amps = rnd.state(qubits: n)
            for t in 0..<n {
                let u = try Gate.unitary(rnd.unitary(qubits: 1))
                #expect(try kernelError(u, on: [t], state: amps, variant: variant) < gateTolerance, "n=\(n) t=\(t)")
                for c in 0..<n where c != t {
                    let cu = u.controlled()
                    #expect(try kernelError(cu, on: [c, t], state: amps, variant: variant) < gateTolerance,
                            "n=\(n) c=\(c) t=\(t)")
                }
                if n >= 3 {
                    var controls = rnd.distinctQubits(n - 1, of: n).filter { $0 != t }
                    controls = Array(controls.prefix(Int.random(in: 2...max(2, n - 1), using: &rnd.rng)))
                    let g = u.controlled(by: controls.count)
                    #expect(try kernelError(g, on: controls + [t], state: amps, variant: variant) < gateTolerance,
                            "n=\(n) controls=\(controls) t=\(t)")
                }
            }
        }
    }

    @Test(arguments: KernelVariant.supported)
    func denseTwoQubitEveryPair(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 12)
        for n in [2, 3, 5, 8] {
            let amps = rnd.state(qubits: n)
            for a in 0..<n { for b in 0..<n where a != b {
                let u = try Gate.unitary(rnd.unitary(qubits: 2))
                #expect(try kernelError(u, on: [a, b], state: amps, variant: variant) < gateTolerance, "n=\(n) [\(a),\(b)]")
                for g in [Gate.swap, Gate.iswap] {
                    #expect(try kernelError(g, on: [a, b], state: amps, variant: variant) < gateTolerance)
                }
                if n >= 3 {
                    let c = (0..<n).first { $0 != a && $0 != b }!
                    #expect(try kernelError(u.controlled(), on: [c, a, b], state: amps, variant: variant) < gateTolerance,
                            "n=\(n) c=\(c) [\(a),\(b)]")
                }
            } }
        }
    }

    @Test(arguments: KernelVariant.supported)
    func denseManyQubits(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 13)
        for k in 3...5 {
            for n in Set([k, k + 1, 7, 12]).sorted() {
                let amps = rnd.state(qubits: n)
                // Random placements, plus ones forced to include the lowest
                // qubits (inside a register) and the highest.
                var placements = (0..<4).map { _ in rnd.distinctQubits(k, of: n) }
                placements.append(Array(0..<k))
                placements.append(Array((n - k)..<n).reversed())
                for qubits in placements {
                    let u = try Gate.unitary(rnd.unitary(qubits: k))
                    #expect(try kernelError(u, on: qubits, state: amps, variant: variant) < gateTolerance,
                            "k=\(k) n=\(n) \(qubits)")
                    if n > k {
                        let others = (0..<n).filter { !qubits.contains($0) }
                        let controls = Array(others.shuffled(using: &rnd.rng).prefix(min(2, others.count)))
                        #expect(try kernelError(u.controlled(by: controls.count), on: controls + qubits, state: amps,
                                                variant: variant) < gateTolerance,
                                "k=\(k) n=\(n) controls=\(controls) \(qubits)")
                    }
                }
            }
        }
    }

    @Test(arguments: KernelVariant.supported)
    func diagonalGates(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 14)
        for n in Self.sizes {
            let amps = rnd.state(qubits: n)
            for t in 0..<n {
                let θ = rnd.angle()
                for g in [Gate.z, .s, .sdg, .t, .tdg, .rz(θ), .p(θ), .i] {
                    #expect(try kernelError(g, on: [t], state: amps, variant: variant) < gateTolerance, "\(g) n=\(n) t=\(t)")
                }
                for c in 0..<n where c != t {
                    let d = try Gate.unitary([[Complex(.cos(θ), .sin(θ)), .zero, .zero, .zero],
                                              [.zero, .one, .zero, .zero],
                                              [.zero, .zero, Complex(0, 1), .zero],
                                              [.zero, .zero, .zero, Complex(.cos(-θ), .sin(-θ))]])
                    guard case .diagonal = d.action else { Issue.record("diagonal not detected"); return }
                    for g in [Gate.cz, .cp(θ), .crz(θ), d] {
                        #expect(try kernelError(g, on: [c, t], state: amps, variant: variant) < gateTolerance,
                                "\(g) n=\(n) [\(c),\(t)]")
                    }
                    if n >= 3 {
                        let c2 = (0..<n).first { $0 != c && $0 != t }!
                        #expect(try kernelError(.mcz(controls: 2), on: [c, c2, t], state: amps, variant: variant) < gateTolerance)
                        #expect(try kernelError(d.controlled(), on: [c2, c, t], state: amps, variant: variant) < gateTolerance)
                    }
                }
            }
        }
    }

    @Test(arguments: KernelVariant.supported)
    func namedGatesOnRandomStates(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 15)
        let n = 6
        let amps = rnd.state(qubits: n)
        let one: [Gate] = [.x, .y, .h, .sx, .rx(0.3), .ry(-1.2), .u(0.4, 1.1, -2.3)]
        for g in one { for t in 0..<n {
            #expect(try kernelError(g, on: [t], state: amps, variant: variant) < gateTolerance, "\(g) t=\(t)")
        } }
        for g in [Gate.cx, .cy, .crx(0.7), .cry(-0.2)] { for c in 0..<n { for t in 0..<n where t != c {
            #expect(try kernelError(g, on: [c, t], state: amps, variant: variant) < gateTolerance, "\(g) [\(c),\(t)]")
        } } }
        for q in [[0, 1, 2], [5, 0, 3], [2, 4, 1], [1, 0, 5]] {
            #expect(try kernelError(.ccx, on: q, state: amps, variant: variant) < gateTolerance)
            #expect(try kernelError(.cswap, on: q, state: amps, variant: variant) < gateTolerance)
        }
        #expect(try kernelError(.mcx(controls: 5), on: [0, 1, 2, 3, 5, 4], state: amps, variant: variant) < gateTolerance)
        #expect(try kernelError(.mcx(controls: 4), on: [5, 4, 3, 2, 0], state: amps, variant: variant) < gateTolerance)
    }

    @Test(arguments: KernelVariant.supported)
    func readsAgreeWithReference(variant: KernelVariant) throws {
        var rnd = RandomInputs(seed: 16)
        for n in [1, 2, 3, 6, 12, 15] {
            let a = rnd.state(qubits: n), b = rnd.state(qubits: n)
            let sa = try StateVector(amplitudes: a, options: options(variant, threads: 2))
            let sb = try StateVector(amplitudes: b, options: options(variant, threads: 2))
            #expect(abs(sa.normSquared - 1) < 1e-12)
            // <a|b>
            var dot = Complex<Double>.zero
            for i in a.indices { dot = dot + a[i].conjugate * b[i] }
            #expect((try sa.inner(sb) - dot).length < 1e-12)
            // all probabilities
            #expect(zip(sa.probabilities, a).allSatisfy { abs($0 - $1.lengthSquared) < 1e-15 })
            // marginals over random qubit sets
            for m in 1...min(n, 3) {
                let qs = rnd.distinctQubits(m, of: n)
                var expected = [Double](repeating: 0, count: 1 << m)
                for (i, amp) in a.enumerated() {
                    var j = 0
                    for (bit, q) in qs.enumerated() where (i >> q) & 1 == 1 { j |= 1 << bit }
                    expected[j] += amp.lengthSquared
                }
                let got = try sa.marginalProbabilities(qs)
                #expect(zip(got, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "n=\(n) \(qs)")
            }
            // Pauli expectations against the dense operator
            for _ in 0..<4 {
                let label = String((0..<n).map { _ in "IXYZ".randomElement(using: &rnd.rng)! })
                let p = try PauliString(label)
                var state = a
                for (q, f) in p.factors {
                    let g: Gate = f == .x ? .x : f == .y ? .y : .z
                    state = Reference.applyByIndex(g, on: [q], to: state)
                }
                var e = Complex<Double>.zero
                for i in a.indices { e = e + a[i].conjugate * state[i] }
                #expect(abs(try sa.expectation(p) - e.real) < 1e-12, "\(label)")
                #expect(abs(e.imaginary) < 1e-12)
            }
        }
    }
}
