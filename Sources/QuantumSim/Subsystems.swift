import CKernels

// Joining and splitting registers: what a network simulator does when two
// qubits that never interacted meet in a gate (tensor product), and when a
// qubit is measured or discarded (it leaves the joint state).

extension StateVector {
    /// self ⊗ other: `other`'s qubits become the qubits above this state's
    /// (qubit q of `other` is qubit `qubitCount + q` of the result).
    public func tensor(_ other: StateVector) throws(QuantumSimError) -> StateVector {
        try Self.checkSamePrecision(self, other)
        let out = try StateVector(uninitializedQubits: qubitCount + other.qubitCount, precision: precision, options: options)
        switch precision {
        case .double: Self.tensor(storage.pointer, amplitudeCount, other.storage.pointer, other.amplitudeCount, out.storage.pointer)
        case .single: Self.tensor(storage.floats, amplitudeCount, other.storage.floats, other.amplitudeCount, out.storage.floats)
        }
        return out
    }

    /// p[i + j·low] = a[i] b[j] for interleaved complex elements of either precision.
    private static func tensor<T: BinaryFloatingPoint>(_ a: UnsafeMutablePointer<T>, _ low: Int,
                                                      _ b: UnsafeMutablePointer<T>, _ high: Int,
                                                      _ p: UnsafeMutablePointer<T>) {
        for j in 0..<high {
            let yr = b[2 * j], yi = b[2 * j + 1]
            for i in 0..<low {
                let xr = a[2 * i], xi = a[2 * i + 1], k = 2 * (i + j * low)
                p[k] = xr * yr - xi * yi
                p[k + 1] = xr * yi + xi * yr
            }
        }
    }

    /// Measures `qubit` and removes it: returns the outcome and the state of
    /// the other qubits (in their order, the measured position closed up),
    /// or nil when `qubit` was the only one. One pass to find the
    /// probability, one over the kept half to copy and rescale it.
    public func measuringAndRemoving(_ qubit: Int, using rng: inout some RandomNumberGenerator)
        throws(QuantumSimError) -> (outcome: Int, rest: StateVector?)
    {
        // Unnormalised weights of the two outcomes, from one pass.
        guard qubit >= 0, qubit < qubitCount else { throw .qubitOutOfRange(qubit: qubit, qubitCount: qubitCount) }
        var weights = [0.0, 0.0]
        var q = Int32(qubit)
        qn_sv_marginal(exec, storage.raw, n, &q, 1, &weights)
        let total = weights[0] + weights[1]
        guard total > 0 else { throw .zeroNorm }
        let outcome = Double.random(in: 0..<1, using: &rng) < weights[1] / total ? 1 : 0
        guard weights[outcome] > 0 else { throw .zeroNorm }
        guard qubitCount > 1 else { return (outcome, nil) }
        let rest = try StateVector(uninitializedQubits: qubitCount - 1, precision: precision, options: options)
        let scale = 1 / weights[outcome].squareRoot()
        switch precision {
        case .double:
            Self.keep(storage.pointer, qubit: qubit, outcome: outcome, scale: scale, into: rest.storage.pointer, count: rest.amplitudeCount)
        case .single:
            Self.keep(storage.floats, qubit: qubit, outcome: outcome, scale: Float(scale), into: rest.storage.floats,
                      count: rest.amplitudeCount)
        }
        return (outcome, rest)
    }

    /// Copies the amplitudes whose bit `qubit` is `outcome`, closing up that
    /// position, times `scale`: index k of the rest is index k of the whole
    /// with the measured bit inserted at `qubit`.
    private static func keep<T: BinaryFloatingPoint>(_ a: UnsafeMutablePointer<T>, qubit: Int, outcome: Int, scale: T,
                                                    into out: UnsafeMutablePointer<T>, count: Int) {
        let lowMask = (1 << qubit) - 1, bit = outcome << qubit
        for k in 0..<count {
            let i = (k & lowMask) | bit | ((k & ~lowMask) << 1)
            out[2 * k] = a[2 * i] * scale
            out[2 * k + 1] = a[2 * i + 1] * scale
        }
    }
}

extension DensityMatrix {
    /// Measures `qubit` and removes it: returns the outcome and the state of
    /// the other qubits in their order (the block of ρ whose row and column
    /// have the measured bit, divided by its trace), or nil when `qubit` was
    /// the only one.
    public func measuringAndRemoving(_ qubit: Int, using rng: inout some RandomNumberGenerator)
        throws(QuantumSimError) -> (outcome: Int, rest: DensityMatrix?)
    {
        let p1 = try probabilityOfOne(qubit)
        let outcome = Double.random(in: 0..<1, using: &rng) < p1 ? 1 : 0
        return (outcome, try postselecting(qubit, outcome: outcome).rest)
    }

    /// The outcome `outcome` of measuring `qubit`, imposed: its probability
    /// and the state of the other qubits after it (in their order, the block
    /// of ρ whose row and column have that bit, divided by its trace), or
    /// nil when `qubit` was the only one. A heralded event is this: the
    /// state given that a detector clicked.
    public func postselecting(_ qubit: Int, outcome: Int) throws(QuantumSimError) -> (probability: Double, rest: DensityMatrix?) {
        guard outcome == 0 || outcome == 1 else {
            throw .invalidParameter(name: "outcome", value: Double(outcome), expected: "0 or 1")
        }
        let p1 = try probabilityOfOne(qubit)
        let probability = outcome == 1 ? p1 : 1 - p1
        let p = probability * trace
        guard p > 0 else { throw .zeroNorm }
        guard qubitCount > 1 else { return (probability, nil) }
        let rest = try DensityMatrix(qubitCount: qubitCount - 1, options: options)
        let d = dimension, e = rest.dimension, lowMask = (1 << qubit) - 1, bit = outcome << qubit
        let a = storage.pointer, out = rest.storage.pointer
        for c in 0..<e {
            let cc = (c & lowMask) | bit | ((c & ~lowMask) << 1)
            for r in 0..<e {
                let rr = (r & lowMask) | bit | ((r & ~lowMask) << 1)
                out[2 * (r + c * e)] = a[2 * (rr + cc * d)] / p
                out[2 * (r + c * e) + 1] = a[2 * (rr + cc * d) + 1] / p
            }
        }
        return (probability, rest)
    }

    /// Tr_qubit ρ: the state of the other qubits, in their order.
    public func removing(_ qubit: Int) throws(QuantumSimError) -> DensityMatrix {
        guard qubit >= 0, qubit < qubitCount else { throw .qubitOutOfRange(qubit: qubit, qubitCount: qubitCount) }
        guard qubitCount > 1 else { throw .invalidQubitCount(0) }
        return try partialTrace(keeping: (0..<qubitCount).filter { $0 != qubit })
    }
}
