import CKernels
import ComplexModule

/// A state vector split over the ranks of a ``Communicator``: 2^n
/// amplitudes over 2^k ranks, each holding a slice of 2^(n−k) in an ordinary
/// ``StateVector`` (its `options` choose kernel variant, threads, fusion and
/// cache blocking as on one machine).
///
/// Qubits sit at physical positions (``QubitLayout``): the low n−k are bits
/// of the index within a slice, the top k bits of the rank number. Gates run
/// on each slice with no communication when their dense targets are local;
/// controls and diagonal targets on global positions are resolved from the
/// rank number. When a gate needs a global qubit as a dense target, the
/// ranks swap that qubit with a local one by exchanging half of each slice
/// with a partner rank (in chunks of at most ``exchangeChunkBytes``); with
/// ``RemapStrategy/lookahead`` the qubit then stays local until it is
/// pushed out, and the swaps are planned for the whole circuit first. SWAP
/// gates move no amplitude at all: the two qubits trade positions.
///
/// Every rank calls the same methods in the same order (they communicate).
/// The amplitudes equal a single-process run's to rounding, whatever the
/// rank count.
public struct DistributedStateVector: Sendable {
    /// Number of qubits of the whole state.
    public let qubitCount: Int
    /// The ranks and their messages.
    public let communicator: any Communicator
    /// This rank's amplitudes, indexed by physical position.
    public internal(set) var slice: StateVector
    /// Where each qubit currently is.
    var layout: QubitLayout
    /// How global qubits are brought into the slice.
    public var remapping: RemapStrategy = .lookahead
    /// Largest message of an exchange: bounds the buffers an exchange needs.
    /// 1 MiB keeps the packed chunk in L2 between packing and sending.
    public var exchangeChunkBytes = 1 << 20
    /// What this rank has exchanged so far.
    public internal(set) var statistics = ExchangeStatistics()

    /// Qubits held within each rank's slice.
    public var localQubitCount: Int { slice.qubitCount }
    /// This rank.
    public var rank: Int { communicator.rank }
    /// The element type, as for ``StateVector``.
    public var precision: Precision { slice.precision }

    /// |0…0⟩ on `qubits` qubits over all of `communicator`'s ranks, whose
    /// count must be a power of two leaving each rank at least 2 amplitudes.
    public init(qubits: Int, communicator: any Communicator, precision: Precision = .double,
                options: ExecutionOptions? = nil) throws(QuantumSimError) {
        guard qubits >= 1 else { throw .invalidQubitCount(qubits) }
        let ranks = communicator.size
        guard ranks >= 1, ranks & (ranks - 1) == 0 else { throw .invalidRankCount(ranks) }
        let globalQubits = ranks.trailingZeroBitCount
        guard qubits - globalQubits >= 1 else { throw .tooManyRanks(ranks: ranks, qubits: qubits) }
        self.qubitCount = qubits
        self.communicator = communicator
        slice = try StateVector(qubits: qubits - globalQubits, precision: precision, options: options)
        if communicator.rank != 0 { try slice.scale(by: 0) }
        layout = QubitLayout(qubits: qubits)
    }

    /// The physical position of `qubit` (below ``localQubitCount``: local).
    public func position(of qubit: Int) -> Int { layout.position[qubit] }

    /// Bit `position` of this rank's part of a basis index (a global position).
    func rankBit(_ position: Int) -> Int { rank >> (position - localQubitCount) & 1 }

    // MARK: Gates

    /// Applies `circuit` (no wider than the state): the global-qubit swaps
    /// are planned over the whole circuit, then each run between them is
    /// applied to the slices as an ordinary circuit (fused and cache-blocked
    /// per `slice.options`).
    public mutating func apply(_ circuit: Circuit) throws(QuantumSimError) {
        guard circuit.qubitCount <= qubitCount else {
            throw .qubitCountMismatch(expected: qubitCount, got: circuit.qubitCount)
        }
        let plan = try GlobalQubitPlan(circuit.operations, layout: layout, localQubits: localQubitCount,
                                       strategy: remapping)
        for step in plan.steps {
            switch step {
            case let .local(ops):
                var run = try Circuit(qubits: localQubitCount)
                for op in ops {
                    if let r = resolved(op) { try run.append(r.gate, on: r.qubits) }
                }
                if !run.operations.isEmpty { try slice.apply(run) }
            case let .swap(pairs):
                try swap(pairs)
            case let .relabel(a, b):
                layout.swap(a, b)
            }
        }
        assert(layout == plan.layout)
        statistics.globalGates += plan.globalGateCount
    }

    /// Applies `gate` to `qubits` (controls first, then targets).
    public mutating func apply(_ gate: Gate, to qubits: [Int]) throws(QuantumSimError) {
        var c = try Circuit(qubits: qubitCount)
        try c.append(gate, on: qubits)
        try apply(c)
    }

    /// What each rank would count in ``statistics`` for `circuit` on a fresh
    /// state of `qubits` qubits over `ranks` ranks, planned but not run: for
    /// sizing runs too large to try (bytes for `precision`, messages for
    /// `chunkBytes`).
    public static func plannedExchanges(for circuit: Circuit, qubits: Int, ranks: Int,
                                        strategy: RemapStrategy = .lookahead, precision: Precision = .double,
                                        chunkBytes: Int = 1 << 20) throws(QuantumSimError) -> ExchangeStatistics {
        guard ranks >= 1, ranks & (ranks - 1) == 0 else { throw .invalidRankCount(ranks) }
        let local = qubits - ranks.trailingZeroBitCount
        guard local >= 1 else { throw .tooManyRanks(ranks: ranks, qubits: qubits) }
        guard circuit.qubitCount <= qubits else { throw .qubitCountMismatch(expected: qubits, got: circuit.qubitCount) }
        let plan = try GlobalQubitPlan(circuit.operations, layout: QubitLayout(qubits: qubits), localQubits: local,
                                       strategy: strategy)
        var s = ExchangeStatistics()
        s.swaps = plan.swapCount
        s.exchanges = plan.exchangeSizes.count
        s.globalGates = plan.globalGateCount
        for m in plan.exchangeSizes {
            // As `swap` sends: 2^m − 1 blocks of 2^(local − m) amplitudes, in chunks.
            let block = 1 << (local - m), chunk = max(1, min(block, chunkBytes / precision.amplitudeBytes))
            s.bytesSent += ((1 << m) - 1) * block * precision.amplitudeBytes
            s.messages += ((1 << m) - 1) * ((block + chunk - 1) / chunk)
        }
        return s
    }

    /// `op` (physical positions; dense targets local) as this rank applies it
    /// to its slice, or nil when a global control is 0 here. Global controls
    /// that are 1 drop out; global diagonal targets fix part of the diagonal.
    func resolved(_ op: Operation) -> Operation? {
        let gate = op.gate, local = localQubitCount
        var controls: [Int] = []
        for p in op.qubits[..<gate.controlCount] {
            if p < local { controls.append(p) } else if rankBit(p) == 0 { return nil }
        }
        let targets = Array(op.qubits[gate.controlCount...])
        if targets.allSatisfy({ $0 < local }) {
            guard controls.count < gate.controlCount else { return op }
            let g = Gate(name: gate.name, parameters: gate.parameters, controls: controls.count,
                         targets: gate.targetCount, action: gate.action)
            return Operation(gate: g, qubits: controls + targets)
        }
        guard case let .diagonal(d) = gate.action else {
            preconditionFailure("plan left dense target of \(gate.name) global")
        }
        // Entries of the diagonal whose global target bits match this rank.
        var fixed = 0, localTargets: [Int] = [], localBits: [Int] = []
        for (b, p) in targets.enumerated() {
            if p < local { localTargets.append(p); localBits.append(b) } else if rankBit(p) == 1 { fixed |= 1 << b }
        }
        let entries = (0..<(1 << localTargets.count)).map { j in
            d[depositing(j, at: localBits, into: fixed)]
        }
        if !localTargets.isEmpty {
            let g = Gate(name: gate.name, parameters: gate.parameters, controls: controls.count,
                         targets: localTargets.count, action: .diagonal(entries))
            return Operation(gate: g, qubits: controls + localTargets)
        }
        // A phase on this rank's whole slice (under its local controls).
        let phase = entries[0]
        if !controls.isEmpty {
            let g = Gate(name: gate.name, parameters: gate.parameters, controls: controls.count - 1, targets: 1,
                         action: .diagonal([.one, phase]))
            return Operation(gate: g, qubits: controls)
        }
        guard phase != .one else { return nil }
        let g = Gate(name: gate.name, parameters: gate.parameters, targets: 1, action: .diagonal([phase, phase]))
        return Operation(gate: g, qubits: [0])
    }

    // MARK: Exchanges

    /// Swaps global position `global` with local position `local`.
    mutating func swap(global: Int, local: Int) throws(QuantumSimError) {
        try swap([QubitSwap(global: global, local: local)])
    }

    /// Swaps each pair's global and local positions in one exchange. With m
    /// pairs, this rank's slice falls into 2^m blocks by its bits at the m
    /// local positions; the block whose pattern is c goes to the rank whose
    /// bits at the m global positions are c, and that rank's block for this
    /// rank's pattern comes back into the same place. So 2^m − 1 pairwise
    /// exchanges move 1 − 2^−m of the slice, where m separate swaps would
    /// move m/2.
    mutating func swap(_ pairs: [QubitSwap]) throws(QuantumSimError) {
        let started = ContinuousClock.now
        defer { statistics.seconds += (ContinuousClock.now - started).seconds }
        let localCount = localQubitCount, m = pairs.count
        let sorted = pairs.sorted { $0.local < $1.local }
        let bits = sorted.map { Int32($0.local) }
        let own = sorted.enumerated().reduce(0) { $0 | rankBit($1.element.global) << $1.offset }
        let elem = precision.amplitudeBytes
        let block = 1 << (localCount - m)
        let chunk = max(1, min(block, exchangeChunkBytes / elem))
        try slice.makeUnique()
        let base = slice.storage.raw
        // Blocks over the top m local positions are contiguous: sent in
        // place, unpacked from the receive buffer.
        let contiguous = sorted.enumerated().allSatisfy { $0.element.local == localCount - m + $0.offset }
        let receive = UnsafeMutableRawPointer.allocate(byteCount: chunk * elem, alignment: 64)
        let send = contiguous ? nil : UnsafeMutableRawPointer.allocate(byteCount: chunk * elem, alignment: 64)
        defer { receive.deallocate(); send?.deallocate() }
        for t in 1..<(1 << m) {
            let pattern = own ^ t
            var partner = rank
            for (s, pair) in sorted.enumerated() where t >> s & 1 == 1 { partner ^= 1 << (pair.global - localCount) }
            var first = 0
            while first < block {
                let count = min(chunk, block - first)
                let source: UnsafeRawPointer
                if let send {
                    qn_sv_pack_block(base, bits, Int32(m), UInt64(pattern), first, count, elem, send)
                    source = UnsafeRawPointer(send)
                } else {
                    source = UnsafeRawPointer(base + (pattern * block + first) * elem)
                }
                try communicator.exchange(sending: source, receivingInto: receive, byteCount: count * elem, with: partner)
                qn_sv_unpack_block(base, bits, Int32(m), UInt64(pattern), first, count, elem, receive)
                statistics.messages += 1
                statistics.bytesSent += count * elem
                first += count
            }
        }
        statistics.swaps += m
        statistics.exchanges += 1
        for pair in pairs { layout.swap(pair.global, pair.local) }
    }
}

/// `base` with bit t of `j` set at bit `positions[t]`: an outcome or
/// diagonal index put together from a slice's bits and the rank's.
func depositing(_ j: Int, at positions: [Int], into base: Int) -> Int {
    positions.enumerated().reduce(base) { $0 | (j >> $1.offset & 1) << $1.element }
}

/// Communication counted on one rank.
public struct ExchangeStatistics: Sendable, Hashable {
    /// Global–local qubit pairs swapped.
    public var swaps = 0
    /// Exchanges: each swaps m pairs at once, sending 1 − 2^−m of the slice.
    public var exchanges = 0
    /// Gates applied while one of their dense targets was global (each
    /// needed at least one swap).
    public var globalGates = 0
    /// Messages sent (a swap sends one per chunk).
    public var messages = 0
    /// Bytes sent (as many are received).
    public var bytesSent = 0
    /// Wall time spent in swaps: packing, messages and unpacking.
    public var seconds = 0.0
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
