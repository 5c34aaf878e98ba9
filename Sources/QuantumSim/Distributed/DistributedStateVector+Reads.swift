import CKernels
import ComplexModule
import RealModule

/// Reads and measurements of a distributed state: each rank reduces its
/// slice, the partial results are summed over ranks, and random draws are
/// made once (rank 0's) and broadcast, so every rank collapses alike.
extension DistributedStateVector {
    /// Σ|a_i|² over all ranks.
    public func normSquared() throws(QuantumSimError) -> Double {
        var v = [slice.normSquared]
        try communicator.sumOverRanks(&v)
        return v[0]
    }

    /// The amplitude of logical basis state `index` (every rank gets it).
    public func amplitude(_ index: Int) throws(QuantumSimError) -> Complex<Double> {
        guard index >= 0, index < 1 << qubitCount else { throw .indexOutOfRange(index: index, count: 1 << qubitCount) }
        let physical = layout.physicalIndex(index)
        let owner = physical >> localQubitCount
        var v = [0.0, 0.0]
        if owner == rank {
            let a = try slice.amplitude(physical & (1 << localQubitCount - 1))
            v = [a.real, a.imaginary]
        }
        try communicator.broadcast(&v, from: owner)
        return Complex(v[0], v[1])
    }

    /// All 2^n amplitudes in logical order, on `root` (nil on other ranks):
    /// for checks and small states.
    public func gatheredAmplitudes(root: Int = 0) throws(QuantumSimError) -> [Complex<Double>]? {
        let wide = try slice.converted(to: .double)
        let count = 1 << qubitCount
        var all: [Complex<Double>]? = rank == root ? Array(repeating: .zero, count: count) : nil
        let bytes = wide.amplitudeCount * MemoryLayout<Complex<Double>>.stride
        let mine = UnsafeRawPointer(wide.storage.raw)
        if all == nil {
            try communicator.gather(sending: mine, byteCount: bytes, into: nil, root: root)
        } else {
            try all!.withUnsafeMutableBufferPointer { (out) throws(QuantumSimError) in
                try communicator.gather(sending: mine, byteCount: bytes, into: UnsafeMutableRawPointer(out.baseAddress),
                                        root: root)
            }
        }
        guard let physical = all, !layout.isIdentity else { return all }
        let tables = layout.logicalIndexTables()
        var logical = physical
        for p in 0..<count {
            var l = 0
            for (k, table) in tables.enumerated() { l |= table[p >> (8 * k) & 255] }
            logical[l] = physical[p]
        }
        return logical
    }

    /// The distribution of the bits at `qubits` (bit b of the outcome is
    /// qubits[b]), normalised: each rank reads its slice's marginal over the
    /// local ones, the global ones are fixed by its rank, and the ranks' parts are summed.
    public func marginalProbabilities(_ qubits: [Int]) throws(QuantumSimError) -> [Double] {
        try Circuit.checkDistinct(qubits, registerSize: qubitCount)
        guard qubits.count <= 24 else { throw .gateTooLarge(gate: "marginal", targets: qubits.count, maximum: 24) }
        var fixed = 0, localPositions: [Int] = [], localBits: [Int] = []
        for (b, q) in qubits.enumerated() {
            let p = layout.position[q]
            if p < localQubitCount { localPositions.append(p); localBits.append(b) } else if rankBit(p) == 1 { fixed |= 1 << b }
        }
        let part = try slice.unnormalizedMarginal(localPositions)
        var full = [Double](repeating: 0, count: 1 << qubits.count)
        for (j, w) in part.enumerated() {
            full[depositing(j, at: localBits, into: fixed)] = w
        }
        try communicator.sumOverRanks(&full)
        let total = full.reduce(0, +)
        guard total > 0 else { throw .zeroNorm }
        return full.map { $0 / total }
    }

    /// Probability that `qubit` reads 1.
    public func probabilityOfOne(_ qubit: Int) throws(QuantumSimError) -> Double {
        try marginalProbabilities([qubit])[1]
    }

    /// ⟨ψ|P|ψ⟩ for a Pauli string. Qubits where P has X or Y are first
    /// brought into the slices (the state is unchanged, its layout may not
    /// be); Z factors on global qubits become a sign per rank.
    public mutating func expectation(_ pauli: PauliString) throws(QuantumSimError) -> Double {
        guard pauli.highestQubit < qubitCount else {
            throw .qubitOutOfRange(qubit: pauli.highestQubit, qubitCount: qubitCount)
        }
        let flipping = pauli.factors.filter { $0.value == .x || $0.value == .y }.map(\.key).sorted()
        guard flipping.count <= localQubitCount else {
            throw .gateWiderThanSlice(gate: "Pauli \(pauli)", targets: flipping.count, localQubits: localQubitCount)
        }
        // One exchange brings every global X/Y qubit in, in place of local
        // qubits the Pauli string does not flip (the highest ones).
        let global = flipping.filter { layout.position[$0] >= localQubitCount }
        if !global.isEmpty {
            let free = (0..<localQubitCount).reversed().filter { !flipping.contains(layout.qubit[$0]) }
            try swap(zip(global, free).map { QubitSwap(global: layout.position[$0], local: $1) })
        }
        var localFactors: [Int: PauliString.Pauli] = [:], sign = 1.0
        for (q, f) in pauli.factors {
            let p = layout.position[q]
            if p < localQubitCount { localFactors[p] = f } else if rankBit(p) == 1 { sign = -sign }
        }
        var v = [sign * (try slice.expectation(PauliString(localFactors)))]
        try communicator.sumOverRanks(&v)
        return v[0]
    }

    /// Measures `qubit`, collapses and renormalises the state on every rank,
    /// and returns 0 or 1. Every rank draws from its `rng` (keeping the
    /// streams in step); rank 0's draw decides.
    public mutating func measure(_ qubit: Int, using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> Int {
        let p1 = try probabilityOfOne(qubit)
        var draw = [Double.random(in: 0..<1, using: &rng)]
        try communicator.broadcast(&draw, from: 0)
        let outcome = draw[0] < p1 ? 1 : 0
        let probability = outcome == 1 ? p1 : 1 - p1
        let norm2 = try normSquared()
        guard probability > 0, norm2 > 0 else { throw .zeroNorm }
        let keep = 1 / (probability * norm2).squareRoot()
        let p = layout.position[qubit]
        if p < localQubitCount {
            try slice.collapse(p, to: outcome, probability: probability, normSquared: norm2)
        } else {
            try slice.scale(by: rankBit(p) == outcome ? keep : 0)
        }
        return outcome
    }

    /// Measures `qubits` one after another; bit b of the result is qubits[b].
    public mutating func measure(_ qubits: [Int], using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> Int {
        try measureEach(qubits, registerSize: qubitCount) { (q) throws(QuantumSimError) in try measure(q, using: &rng) }
    }

    /// Draws `shots` logical basis indices from |a_i|² as
    /// ``StateVector/sample(shots:using:)`` does: rank 0's draws, sorted and
    /// located on the cumulative distribution across the ranks in rank
    /// order. Every qubit is first brought back to its own position
    /// (``restoreLayout()``), so the indices are the single-process ones for
    /// the same generator whatever the rank count. Every rank gets the result.
    public mutating func sample(shots: Int, using rng: inout some RandomNumberGenerator) throws(QuantumSimError) -> [Int] {
        guard shots >= 0 else { throw .invalidShots(shots) }
        guard shots > 0 else { return [] }
        try restoreLayout()
        var norms = [Double](repeating: 0, count: communicator.size)
        norms[rank] = slice.normSquared
        try communicator.sumOverRanks(&norms)
        let total = norms.reduce(0, +)
        guard total > 0 else { throw .zeroNorm }
        var u = (0..<shots).map { _ in Double.random(in: 0..<1, using: &rng) }
        u.sort()
        try communicator.broadcast(&u, from: 0)
        // This rank's share of the cumulative distribution: [below, below + mine).
        let below = norms[..<rank].reduce(0, +), mine = norms[rank]
        let last = norms.lastIndex { $0 > 0 }!
        var indices = [Double](repeating: 0, count: shots)
        let targets = u.map { $0 * total }
        let start = targets.firstIndex { $0 >= below } ?? shots
        let end = rank == last ? shots : (targets.firstIndex { $0 >= below + mine } ?? shots)
        if mine > 0, start < end {
            let local = targets[start..<end].map { min(max(($0 - below) / mine, 0), 1.0.nextDown) }
            var found = [UInt64](repeating: 0, count: local.count)
            qn_sv_sample(slice.exec, slice.storage.raw, Int32(localQubitCount), local, local.count, &found)
            for (s, i) in found.enumerated() {
                indices[start + s] = Double(rank << localQubitCount | Int(i))
            }
        }
        try communicator.sumOverRanks(&indices)
        var result = indices.map { Int($0) }
        result.shuffle(using: &rng)
        try communicator.broadcast(&result, from: 0)
        return result
    }
}

extension DistributedStateVector {
    /// Moves every qubit back to its own position (qubit q at bit q): one
    /// exchange per global position holding the wrong qubit (two when the
    /// qubit it needs is itself global), then local SWAP gates.
    public mutating func restoreLayout() throws(QuantumSimError) {
        let local = localQubitCount
        // Positions below p are settled, so the qubit p needs is above them.
        for p in local..<qubitCount where layout.qubit[p] != p {
            let x = layout.position[p]
            if x < local {
                try swap(global: p, local: x)
            } else {
                try swap(global: x, local: local - 1)
                try swap(global: p, local: local - 1)
            }
        }
        for p in 0..<local where layout.qubit[p] != p {
            let x = layout.position[p]
            try slice.apply(.swap, to: [p, x])
            layout.swap(p, x)
        }
    }
}
