import RealModule

/// A two-qubit state whose density matrix is zero off its diagonal and
/// anti-diagonal (an "X state"): four populations and the coherences
/// ρ[0][3] and ρ[1][2], eight real numbers instead of a matrix.
///
/// Every Bell-diagonal state (Werner states among them) is one, and the set
/// is closed under what entanglement distribution does to a pair: Pauli
/// and diagonal gates, Pauli channels, depolarizing, amplitude damping and
/// dephasing on either qubit, and the Bell measurement that swaps two pairs
/// into one (``bellMeasurement(_:_:twoQubitDepolarizing:oneQubitDepolarizing:)``).
/// Each operation is exact: the state is the density matrix it stands for,
/// and ``densityMatrix(options:)`` writes that matrix out.
///
/// Index conventions are those of ``DensityMatrix``: qubit 0 is bit 0 of a
/// row or column index. The operations here that return `false` leave the
/// state unchanged: the result would not be an X state (or the qubits are
/// not 0 and 1), and the caller goes on with the density matrix instead.
public struct XState: Sendable, Hashable {
    /// ρ[i][i] for i = 0...3.
    public private(set) var populations: SIMD4<Double>
    /// ρ[0][3]; ρ[3][0] is its conjugate.
    public private(set) var outer: Complex<Double>
    /// ρ[1][2]; ρ[2][1] is its conjugate.
    public private(set) var inner: Complex<Double>

    /// Unchecked, and possibly unnormalised (the branches of a measurement).
    init(populations: SIMD4<Double>, outer: Complex<Double>, inner: Complex<Double>) {
        self.populations = populations
        self.outer = outer
        self.inner = inner
    }

    /// Σ w_B |B⟩⟨B| for the weights of Φ⁺, Φ⁻, Ψ⁺, Ψ⁻ (in that order),
    /// checked: each ≥ 0, summing to 1 within `tolerance`.
    public init(bellWeights w: SIMD4<Double>, tolerance: Double = 1e-10) throws(QuantumSimError) {
        for k in 0..<4 where !(w[k] >= 0 && w[k].isFinite) {
            throw .invalidParameter(name: "Bell weight \(k)", value: w[k], expected: "a finite value ≥ 0")
        }
        let total = w.sum()
        guard abs(total - 1) <= tolerance else {
            throw .invalidParameter(name: "sum of Bell weights", value: total, expected: "1 within \(tolerance)")
        }
        // Φ± = (|0⟩ ± |3⟩)/√2 and Ψ± = (|1⟩ ± |2⟩)/√2 as basis indices.
        let phi = (w[0] + w[1]) / 2, psi = (w[2] + w[3]) / 2
        self.init(populations: SIMD4(phi, psi, psi, phi), outer: Complex((w[0] - w[1]) / 2),
                  inner: Complex((w[2] - w[3]) / 2))
    }

    /// The Werner state of fidelity F to Φ⁺: F on Φ⁺, (1 − F)/3 on each other Bell state.
    public static func werner(fidelity f: Double) throws(QuantumSimError) -> XState {
        try checkProbability("fidelity", f)
        let other = (1 - f) / 3
        return try XState(bellWeights: SIMD4(f, other, other, other))
    }

    /// ρ[row][column].
    public func element(_ row: Int, _ column: Int) -> Complex<Double> {
        if row == column { return (0..<4).contains(row) ? Complex(populations[row]) : .zero }
        switch (row, column) {
        case (0, 3): return outer
        case (3, 0): return outer.conjugate
        case (1, 2): return inner
        case (2, 1): return inner.conjugate
        default: return .zero
        }
    }

    /// Tr ρ (1 for a state; a measurement branch's probability).
    public var trace: Double { populations.sum() }

    /// The same matrix as a ``DensityMatrix``.
    public func densityMatrix(options: ExecutionOptions? = nil) throws(QuantumSimError) -> DensityMatrix {
        let rho = try DensityMatrix(qubitCount: 2, options: options)
        let p = rho.storage.pointer
        for c in 0..<4 { for r in 0..<4 {
            let v = element(r, c)
            p[2 * (r + 4 * c)] = v.real
            p[2 * (r + 4 * c) + 1] = v.imaginary
        } }
        return rho
    }

    /// ⟨ψ|ρ|ψ⟩ for a two-qubit pure state.
    public func fidelity(with state: StateVector) throws(QuantumSimError) -> Double {
        guard state.qubitCount == 2 else { throw .qubitCountMismatch(expected: 2, got: state.qubitCount) }
        return state.withUnsafeAmplitudes { a in
            var s = 0.0
            for i in 0..<4 { s += populations[i] * a[i].lengthSquared }
            // Each coherence and its conjugate: 2 Re(a_r* ρ_rc a_c).
            s += 2 * (a[0].conjugate * outer * a[3]).real + 2 * (a[1].conjugate * inner * a[2]).real
            return s
        }
    }

    /// The populations of qubit `q` alone (its reduced state is diagonal).
    public func populations(ofQubit q: Int) -> (zero: Double, one: Double) {
        q == 0 ? (populations[0] + populations[2], populations[1] + populations[3])
               : (populations[0] + populations[1], populations[2] + populations[3])
    }

    /// The reduced density matrix of qubit `q` (the other traced out).
    public func reducedDensityMatrix(keeping q: Int, options: ExecutionOptions? = nil) throws(QuantumSimError) -> DensityMatrix {
        guard q == 0 || q == 1 else { throw .qubitOutOfRange(qubit: q, qubitCount: 2) }
        let (zero, one) = populations(ofQubit: q)
        return try QubitDensity(zero: zero, one: one, coherence: .zero).densityMatrix(options: options)
    }

    /// The state with its two qubits exchanged.
    public func swappingQubits() -> XState {
        XState(populations: SIMD4(populations[0], populations[2], populations[1], populations[3]), outer: outer,
               inner: inner.conjugate)
    }

    // MARK: Gates and channels

    /// Applies `gate` to `qubits` when an X state stays one: a 1-qubit gate
    /// whose matrix is diagonal or anti-diagonal (Paulis, phases, RZ), or a
    /// diagonal 2-qubit gate (CZ, RZZ). Otherwise returns false, unchanged.
    public mutating func apply(_ gate: Gate, to qubits: [Int]) -> Bool {
        guard gate.controlCount == 0, Self.valid(qubits, count: gate.targetCount) else { return false }
        switch gate.action {
        case let .diagonal(d):
            // U|i⟩ = d(i)|i⟩, d indexed by the target bits of i.
            let phase = { (i: Int) -> Complex<Double> in
                var k = 0
                for (b, q) in qubits.enumerated() { k |= ((i >> q) & 1) << b }
                return d[k]
            }
            self = mapped(flip: 0, phase)
            return true
        case let .dense(m):
            guard qubits.count == 1 else { return false }
            let q = qubits[0]
            if m[1] == .zero, m[2] == .zero {
                self = mapped(flip: 0) { i in (i >> q) & 1 == 0 ? m[0] : m[3] }
            } else if m[0] == .zero, m[3] == .zero {
                // U|0⟩ = m[1][0]|1⟩, U|1⟩ = m[0][1]|0⟩.
                self = mapped(flip: 1 << q) { i in (i >> q) & 1 == 0 ? m[2] : m[1] }
            } else {
                return false
            }
            return true
        }
    }

    /// Applies `channel` to `qubits` when an X state stays one: amplitude
    /// damping and dephasing (memory decay) and any mixture of such gates
    /// (Pauli channels, depolarizing) on one qubit; depolarizing and Pauli
    /// mixtures on both. Otherwise returns false, unchanged.
    public mutating func apply(_ channel: Channel, to qubits: [Int]) -> Bool {
        guard Self.valid(qubits, count: channel.qubitCount) else { return false }
        if qubits.count == 1, let r = channel.relaxation {
            relaxUnchecked(qubit: qubits[0], gamma: r.gamma, coherence: r.coherence)
            return true
        }
        if let p = channel.depolarizingProbability {
            depolarize(qubits, p)
            return true
        }
        guard let mixture = channel.unitaryMixture else { return false }
        var sum = XState(populations: .zero, outer: .zero, inner: .zero)
        for (w, factors) in zip(mixture.probabilities, mixture.factors) {
            var term = self
            for (gate, q) in zip(factors, qubits) {
                guard let gate else { continue }
                guard term.apply(gate, to: [q]) else { return false }
            }
            sum = sum.adding(term, times: w)
        }
        self = sum
        return true
    }

    /// ρ'[i][j] = u(i') ρ[i'][j'] u(j')* with i' = i ⊕ flip: conjugation by
    /// U|i⟩ = u(i)|i ⊕ flip⟩.
    private func mapped(flip: Int, _ u: (Int) -> Complex<Double>) -> XState {
        func entry(_ r: Int, _ c: Int) -> Complex<Double> {
            let rr = r ^ flip, cc = c ^ flip
            return u(rr) * element(rr, cc) * u(cc).conjugate
        }
        return XState(populations: SIMD4(entry(0, 0).real, entry(1, 1).real, entry(2, 2).real, entry(3, 3).real),
                      outer: entry(0, 3), inner: entry(1, 2))
    }

    private func adding(_ other: XState, times w: Double) -> XState {
        XState(populations: populations + w * other.populations, outer: outer + Complex(w) * other.outer,
               inner: inner + Complex(w) * other.inner)
    }

    /// |1⟩ → |0⟩ with probability γ on qubit `q` (0 or 1), then its
    /// coherences scaled to `coherence` in total: amplitude damping and
    /// dephasing, a memory's decay, in one step (both coherences of an X
    /// state flip q's bit, so both scale).
    /// Checked: q is 0 or 1, γ and the coherence factor in [0, 1].
    public mutating func relax(qubit q: Int, gamma: Double, coherence: Double) throws(QuantumSimError) {
        guard q == 0 || q == 1 else { throw .qubitOutOfRange(qubit: q, qubitCount: 2) }
        try Self.checkProbability("damping γ", gamma)
        try Self.checkProbability("coherence factor", coherence)
        relaxUnchecked(qubit: q, gamma: gamma, coherence: coherence)
    }

    private mutating func relaxUnchecked(qubit q: Int, gamma: Double, coherence: Double) {
        let bit = 1 << q
        var p = populations
        for i in 0..<4 where i & bit != 0 {
            p[i ^ bit] += gamma * populations[i]
            p[i] = (1 - gamma) * populations[i]
        }
        populations = p
        outer = Complex(coherence) * outer
        inner = Complex(coherence) * inner
    }

    /// ρ → (1 − p) ρ + p Tr_q(ρ) ⊗ I/2^k on the k = 1 or 2 qubits `qubits`.
    private mutating func depolarize(_ qubits: [Int], _ p: Double) {
        if qubits.count == 2 {
            populations = (1 - p) * populations + SIMD4(repeating: p / 4 * trace)
        } else {
            // The other qubit keeps its populations; q is replaced by I/2.
            let other = 1 - qubits[0]
            let (zero, one) = populations(ofQubit: other)
            var mixed = SIMD4<Double>()
            for i in 0..<4 { mixed[i] = p / 2 * ((i >> other) & 1 == 0 ? zero : one) }
            populations = (1 - p) * populations + mixed
        }
        outer = Complex(1 - p) * outer
        inner = Complex(1 - p) * inner
    }

    private static func checkProbability(_ name: String, _ p: Double) throws(QuantumSimError) {
        guard (0...1).contains(p) else { throw .invalidParameter(name: name, value: p, expected: "a value in 0...1") }
    }

    private static func valid(_ qubits: [Int], count: Int) -> Bool {
        qubits.count == count && qubits.allSatisfy { $0 == 0 || $0 == 1 } && (count != 2 || qubits[0] != qubits[1])
    }

    // MARK: Swapping

    /// The four outcomes of a Bell measurement on a pair's half, each with
    /// the unnormalised state it leaves (its trace is the outcome's probability).
    public struct Branches<State: Sendable>: Sendable {
        /// Index z + 2x.
        @usableFromInline var states: (State, State, State, State)

        init(states: (State, State, State, State)) { self.states = states }

        /// The branch of outcome z (the control's read-out) and x (the target's).
        /// Inlinable: read at every swap from the network layer, which must
        /// not pay for an unspecialised generic call (it cost 14 % of a traffic run).
        @inlinable public subscript(z z: Int, x x: Int) -> State {
            switch z + 2 * x {
            case 0: return states.0
            case 1: return states.1
            case 2: return states.2
            default: return states.3
            }
        }
    }

    /// The Bell measurement of `left`'s qubit 1 and `right`'s qubit 0 that
    /// swaps the two pairs into one: CNOT (left's qubit controls), then
    /// ρ → (1 − p₂)ρ + p₂·I/4 on the two, H on the control, ρ → (1 − p₁)ρ +
    /// p₁·I/2 on it, and both read out in Z (z from the control, x from the
    /// target). Each branch holds the remaining pair: `left`'s qubit 0 as
    /// qubit 0, `right`'s qubit 1 as qubit 1.
    ///
    /// The circuit measures in the Bell basis, outcome (z, x) projecting the
    /// two onto Φ⁺, Φ⁻, Ψ⁺, Ψ⁻ for 00, 10, 01, 11; depolarizing commutes
    /// with the gates before it, so p₂ mixes in the uncorrelated halves, and
    /// p₁ flips z with probability p₁/2 (X and Y of its Pauli mixture).
    /// Checked: p₂ and p₁ in [0, 1].
    public static func bellMeasurement(_ left: XState, _ right: XState, twoQubitDepolarizing p2: Double,
                                       oneQubitDepolarizing p1: Double) throws(QuantumSimError) -> Branches<XState> {
        try checkProbability("two-qubit depolarizing probability", p2)
        try checkProbability("one-qubit depolarizing probability", p1)
        // Projecting onto the Bell state of (z, x) gives, for rows r = r0 + 2r1
        // and columns c = c0 + 2c1 of the remaining pair,
        //   σ[r][c] = ½ Σ_{a,ã} (−1)^{z(a⊕ã)} L[r0 + 2a][c0 + 2ã] R[(a⊕x) + 2r1][(ã⊕x) + 2c1].
        // On X states only a = ã survives on the diagonal (so populations do
        // not depend on z) and only ã = 1 − a off it (so z flips the sign of
        // both coherences); what is left is written out below.
        let l = left.populations, r = right.populations
        // Keeping the measured two's correlations with probability 1 − p₂;
        // with p₂ the remaining halves are uncorrelated, each outcome 1/4.
        let (lZero, lOne) = left.populations(ofQubit: 0), (rZero, rOne) = right.populations(ofQubit: 1)
        let uncorrelated = SIMD4(lZero * rZero, lOne * rZero, lZero * rOne, lOne * rOne) * (p2 / 4)
        let half = (1 - p2) / 2
        // x = 0: a and b agree; x = 1: they differ. Population (r0, r1) sums L[r0 + 2a] R[(a⊕x) + 2r1] over a.
        let even = SIMD4(l[0] * r[0] + l[2] * r[1], l[1] * r[0] + l[3] * r[1],
                         l[0] * r[2] + l[2] * r[3], l[1] * r[2] + l[3] * r[3]) * half + uncorrelated
        let odd = SIMD4(l[0] * r[1] + l[2] * r[0], l[1] * r[1] + l[3] * r[0],
                        l[0] * r[3] + l[2] * r[2], l[1] * r[3] + l[3] * r[2]) * half + uncorrelated
        // Coherences (z = 0): ρ'[0][3] = ½(L₀₃ R_(x ? 12 : 03) + L₂₁ R_(x ? 03 : 12)), and ρ'[1][2] likewise with
        // L₁₂ and L₃₀; the H's depolarizing flips z with probability p₁/2, which scales both by 1 − p₁.
        let keep = Complex(half * (1 - p1))
        let lOuter = left.outer, lInner = left.inner, rOuter = right.outer, rInner = right.inner
        let outerEven = keep * (lOuter * rOuter + lInner.conjugate * rInner)
        let innerEven = keep * (lInner * rOuter + lOuter.conjugate * rInner)
        let outerOdd = keep * (lOuter * rInner + lInner.conjugate * rOuter)
        let innerOdd = keep * (lInner * rInner + lOuter.conjugate * rOuter)
        return Branches(states: (
            XState(populations: even, outer: outerEven, inner: innerEven),
            XState(populations: even, outer: -outerEven, inner: -innerEven),
            XState(populations: odd, outer: outerOdd, inner: innerOdd),
            XState(populations: odd, outer: -outerOdd, inner: -innerOdd)))
    }

    /// The same Bell measurement as ``bellMeasurement(_:_:twoQubitDepolarizing:oneQubitDepolarizing:)``
    /// with a lone qubit `input` in place of the left pair: `input` is the
    /// control, `pair`'s qubit 0 the target, and each branch holds `pair`'s
    /// qubit 1, to be corrected by X^x Z^z (teleportation).
    ///
    /// With ρ the input, σ[r][c] = ½ Σ_{a,ã} (−1)^{z(a⊕ã)} ρ[a][ã] R[(a⊕x) + 2r][(ã⊕x) + 2c]:
    /// populations from a = ã, independent of z; the coherence from ã = 1 − a,
    /// its sign flipped by z.
    /// Checked: p₂ and p₁ in [0, 1].
    public static func teleportation(of input: QubitDensity, through pair: XState, twoQubitDepolarizing p2: Double,
                                     oneQubitDepolarizing p1: Double) throws(QuantumSimError) -> Branches<QubitDensity> {
        try checkProbability("two-qubit depolarizing probability", p2)
        try checkProbability("one-qubit depolarizing probability", p1)
        let r = pair.populations, (rZero, rOne) = pair.populations(ofQubit: 1)
        let half = (1 - p2) / 2
        // x = 0: the input's bit a meets the pair's b = a; x = 1: b = 1 − a.
        let even = (half * (input.zero * r[0] + input.one * r[1]) + p2 / 4 * rZero,
                    half * (input.zero * r[2] + input.one * r[3]) + p2 / 4 * rOne)
        let odd = (half * (input.zero * r[1] + input.one * r[0]) + p2 / 4 * rZero,
                   half * (input.zero * r[3] + input.one * r[2]) + p2 / 4 * rOne)
        let keep = Complex(half * (1 - p1)), c = input.coherence
        let coherenceEven = keep * (c * pair.outer + c.conjugate * pair.inner)
        let coherenceOdd = keep * (c * pair.inner + c.conjugate * pair.outer)
        return Branches(states: (
            QubitDensity(zero: even.0, one: even.1, coherence: coherenceEven),
            QubitDensity(zero: even.0, one: even.1, coherence: -coherenceEven),
            QubitDensity(zero: odd.0, one: odd.1, coherence: coherenceOdd),
            QubitDensity(zero: odd.0, one: odd.1, coherence: -coherenceOdd)))
    }

    /// The state divided by its trace (a branch made a state).
    public func normalised() throws(QuantumSimError) -> XState {
        let t = trace
        guard t > 0 else { throw .zeroNorm }
        return XState(populations: populations / t, outer: outer / Complex(t), inner: inner / Complex(t))
    }
}
