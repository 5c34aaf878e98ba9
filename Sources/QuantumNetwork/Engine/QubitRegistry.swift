import QuantumSim

/// The quantum state of every live qubit of a run, kept as NetSquid does:
/// qubits that never interacted live in separate small groups; a gate or
/// channel on qubits of several groups first merges them (tensor product);
/// measuring or discarding a qubit takes it out of its group again. Memory
/// decoherence is applied lazily: when a qubit is next touched, it first
/// decays for exactly the time since it was last brought up to date.
struct QubitRegistry {
    private struct Group {
        var state: GroupState
        var members: [Int] // qubit ids, position = qubit index in `state`
        /// While the group is free: the next free group, or -1.
        var nextFree = -1

        /// Frees it in one access of the groups (one uniqueness check, not three).
        mutating func free(next: Int) {
            state = .moved
            // Emptied one by one: a group has few members, and `removeAll(keepingCapacity:)` goes through a generic replace.
            while !members.isEmpty { members.removeLast() }
            nextFree = next
        }
    }

    private struct Record {
        /// The qubit's id: its slot here in the low 32 bits, and above them
        /// how many qubits held the slot before it, so ids stay unique.
        var id: Int
        /// Its group while alive; once gone, the next free slot, or -1.
        var group: Int
        var memory: MemoryModel
        var lastUpdate: Double
        var alive: Bool
    }

    // Indexed by group and by slot (a qubit id's low bits): arrays, not
    // dictionaries, because small runs make millions of lookups. Gone
    // qubits' slots and groups are chained into free lists inside the
    // arrays and handed out again (last freed first, no extra storage),
    // so memory follows the qubits alive, not every qubit a long run made.
    private var groups: [Group] = []
    private var records: [Record] = []
    private var firstFreeGroup = -1, firstFreeRecord = -1

    init() {
        // Small runs (a teleportation, a swap) fit without regrowing.
        groups.reserveCapacity(8)
        records.reserveCapacity(8)
    }

    private static let slotBits = 32

    private static func slot(_ id: Int) -> Int { id & ((1 << slotBits) - 1) }

    /// Puts group `g` on the free list: its state let go, its members
    /// emptied but their storage kept for the next group made there (a
    /// traffic run frees and makes a pair's group at every hop).
    private mutating func freeGroup(_ g: Int) {
        groups[g].free(next: firstFreeGroup)
        firstFreeGroup = g
    }

    /// The members' storage of the group about to be made at `g` (a free
    /// group's, empty), moved out so that appending to it copies nothing.
    private mutating func takeMembers(at g: Int) -> [Int] {
        var members: [Int] = []
        if g < groups.count { swap(&members, &groups[g].members) }
        return members
    }

    /// Slots and groups held now (for tests: bounded by the qubits alive).
    var storage: (slots: Int, groups: Int) { (records.count, groups.count) }
    private(set) var aliveCount = 0
    /// The most qubits ever held in one group during the run.
    private(set) var largestGroup = 0
    /// The most qubits alive at once during the run.
    private(set) var mostAlive = 0

    /// Adds a new group holding `state`; qubit k of the state gets the k-th
    /// returned id, decays with memories[k], and is up to date at times[k].
    mutating func create(_ state: consuming GroupState, memories: [MemoryModel], upToDate times: [Double]) -> [Int] {
        let g = firstFreeGroup >= 0 ? firstFreeGroup : groups.count
        var ids = takeMembers(at: g)
        ids.reserveCapacity(state.qubitCount)
        for k in 0..<state.qubitCount { ids.append(newRecord(group: g, memory: memories[k], upToDate: times[k])) }
        add(Group(state: consume state, members: ids), at: g)
        return ids
    }

    /// `create` for a pair (a link's herald), without the arrays.
    mutating func createPair(_ state: consuming GroupState, memories: (MemoryModel, MemoryModel),
                             upToDate times: (Double, Double)) -> (Int, Int) {
        let g = firstFreeGroup >= 0 ? firstFreeGroup : groups.count
        let a = newRecord(group: g, memory: memories.0, upToDate: times.0)
        let b = newRecord(group: g, memory: memories.1, upToDate: times.1)
        var members = takeMembers(at: g)
        members.append(a)
        members.append(b)
        add(Group(state: consume state, members: members), at: g)
        return (a, b)
    }

    /// A record for a new qubit of group `g` (a freed slot when there is one); its id.
    private mutating func newRecord(group g: Int, memory: MemoryModel, upToDate time: Double) -> Int {
        let record = Record(id: 0, group: g, memory: memory, lastUpdate: time, alive: true)
        guard firstFreeRecord >= 0 else {
            records.append(record)
            records[records.count - 1].id = records.count - 1
            return records.count - 1
        }
        let slot = firstFreeRecord
        firstFreeRecord = records[slot].group
        let id = ((records[slot].id >> Self.slotBits) + 1) << Self.slotBits | slot
        records[slot] = record
        records[slot].id = id
        return id
    }

    /// Qubit `id` is gone: its record goes on the free list.
    private mutating func freeRecord(_ id: Int) {
        let s = Self.slot(id)
        records[s].alive = false
        records[s].group = firstFreeRecord
        firstFreeRecord = s
        aliveCount -= 1
    }

    /// Puts a new group at `g` (the first free group, or the end).
    private mutating func add(_ group: consuming Group, at g: Int) {
        let size = group.members.count
        // Moved in (the caller holds no copy): the state stays uniquely referenced.
        if g == groups.count {
            groups.append(group)
        } else {
            firstFreeGroup = groups[g].nextFree
            groups[g] = group
        }
        aliveCount += size
        largestGroup = max(largestGroup, size)
        mostAlive = max(mostAlive, aliveCount)
    }

    func isAlive(_ id: Int) -> Bool {
        let s = Self.slot(id)
        return id >= 0 && records.indices.contains(s) && records[s].alive && records[s].id == id
    }

    /// Size of the group holding qubit `id`.
    func groupSize(of id: Int) throws(NetworkError) -> Int {
        try groups[record(id).group].members.count
    }

    private func record(_ id: Int) throws(NetworkError) -> Record {
        let s = Self.slot(id)
        guard id >= 0, records.indices.contains(s), records[s].alive, records[s].id == id else { throw .qubitNotAlive(id) }
        return records[s]
    }

    /// Applies each qubit's memory decay from its last update to `now`.
    mutating func bringUpToDate(_ ids: [Int], now: Double, using rng: inout SeededGenerator) throws(NetworkError) {
        for id in ids { try bringUpToDate(id, now: now, using: &rng) }
    }

    /// Applies qubit `id`'s memory decay from its last update to `now`.
    mutating func bringUpToDate(_ id: Int, now: Double, using rng: inout SeededGenerator) throws(NetworkError) {
        let r = try record(id)
        let wait = now - r.lastUpdate
        guard wait > 0 else { return }
        records[Self.slot(id)].lastUpdate = now
        let position = groups[r.group].members.firstIndex(of: id)!
        if case .pair(var x, let options) = groups[r.group].state {
            // The decay's two numbers, no channel built (a run waits at every operation).
            guard let (gamma, coherence) = r.memory.relaxation(waiting: wait) else { return }
            try sim { () throws(QuantumSimError) in try x.relax(qubit: position, gamma: gamma, coherence: coherence) }
            groups[r.group].state = .pair(x, options)
            return
        }
        guard let channel = try r.memory.channel(waiting: wait) else { return }
        try sim { () throws(QuantumSimError) in
            try groups[r.group].state.apply(channel, to: [position], using: &rng)
        }
    }

    /// Merges the groups of `ids` into one; returns its key and the
    /// positions of `ids` in it.
    private mutating func merge(_ ids: [Int]) throws(NetworkError) -> (group: Int, positions: [Int]) {
        // Each qubit's group is joined into the first qubit's (its records
        // then point there, so later qubits of a joined group are skipped).
        let target = try record(ids[0]).group
        for id in ids.dropFirst() {
            let other = try record(id).group
            guard other != target else { continue }
            // Moved out whole, so that freeing the group copies nothing.
            var moved = Group(state: .moved, members: [])
            swap(&moved, &groups[other])
            freeGroup(other)
            let joined = try sim { () throws(QuantumSimError) in try groups[target].state.tensor(moved.state) }
            groups[target].state = joined
            groups[target].members += moved.members
            for member in moved.members { records[Self.slot(member)].group = target }
            largestGroup = max(largestGroup, groups[target].members.count)
        }
        let members = groups[target].members
        return (target, ids.map { members.firstIndex(of: $0)! })
    }

    /// A gate on `ids` (controls first), merging their groups; then, when
    /// given, `noise` on all of them together or, with `noiseOnEachQubit`,
    /// on each alone.
    mutating func apply(_ gate: Gate, to ids: [Int], noise: Channel? = nil, noiseOnEachQubit: Bool = false,
                        using rng: inout SeededGenerator) throws(NetworkError) {
        let (g, positions) = try merge(ids)
        try sim { () throws(QuantumSimError) in
            try groups[g].state.apply(gate, to: positions)
            guard let noise else { return }
            if noiseOnEachQubit {
                for p in positions { try groups[g].state.apply(noise, to: [p], using: &rng) }
            } else {
                try groups[g].state.apply(noise, to: positions, using: &rng)
            }
        }
    }

    /// A channel on `ids`, merging their groups.
    mutating func apply(_ channel: Channel, to ids: [Int], using rng: inout SeededGenerator) throws(NetworkError) {
        let (g, positions) = try merge(ids)
        try sim { () throws(QuantumSimError) in try groups[g].state.apply(channel, to: positions, using: &rng) }
    }

    /// Measures qubit `id` in the computational basis and removes it.
    mutating func measure(_ id: Int, using rng: inout SeededGenerator) throws(NetworkError) -> Int {
        try remove(id) { (state, position) throws(QuantumSimError) in
            try state.measuringAndRemoving(position, using: &rng)
        }
    }

    /// Removes qubit `id` without looking at it.
    mutating func discard(_ id: Int, using rng: inout SeededGenerator) throws(NetworkError) {
        _ = try remove(id) { (state, position) throws(QuantumSimError) in
            (0, try state.discarding(position, using: &rng))
        }
    }

    private mutating func remove(_ id: Int, _ split: (GroupState, Int) throws(QuantumSimError) -> (outcome: Int, rest: GroupState?))
        throws(NetworkError) -> Int
    {
        let g = try record(id).group
        var group = groups[g]
        // Moved out, so that the state and members are uniquely referenced while split.
        groups[g] = Group(state: .moved, members: [])
        let position = group.members.firstIndex(of: id)!
        let (outcome, rest) = try sim { () throws(QuantumSimError) in try split(group.state, position) }
        freeRecord(id)
        group.members.remove(at: position)
        if let rest {
            group.state = rest
            groups[g] = group
        } else {
            swap(&groups[g].members, &group.members)
            freeGroup(g)
        }
        return outcome
    }

    /// A Bell measurement of `a` and `b` (CNOT a→b with 2-qubit
    /// depolarizing `p2`, H on a with depolarizing `p1`, both read out, each
    /// reported bit flipped with probability `readoutError`) done without a
    /// joint state when b is one half of an X-state pair and a is one half
    /// of another (a swap) or a lone qubit held as a density matrix
    /// (teleportation). What remains (the two far halves, or b's far half)
    /// is left in a's group as the density-matrix path leaves it, and the
    /// outcomes are drawn as it draws them (a's outcome, its flip, b's
    /// outcome, its flip). Nil, nothing done, for any other groups.
    mutating func bellMeasureOnPair(_ a: Int, _ b: Int, p2: Double, p1: Double, readoutError: Double,
                                    using rng: inout SeededGenerator) throws(NetworkError) -> (z: Int, x: Int)? {
        let ga = try record(a).group, gb = try record(b).group
        guard ga != gb, case let .pair(right, options) = groups[gb].state else { return nil }
        let mb = groups[gb].members
        // The measured qubit as the right pair's qubit 0.
        let r = mb[0] == b ? right : right.swappingQubits(), farB = mb[0] == b ? mb[1] : mb[0]
        let outcome: (z: Int, x: Int, reported: (z: Int, x: Int))
        let kept: GroupState, farA: Int?
        switch groups[ga].state {
        case let .pair(left, _):
            let ma = groups[ga].members
            let l = ma[1] == a ? left : left.swappingQubits()
            let branches = try sim { () throws(QuantumSimError) in
                try XState.bellMeasurement(l, r, twoQubitDepolarizing: p2, oneQubitDepolarizing: p1)
            }
            outcome = Self.drawBellOutcome({ branches[z: $0, x: $1].trace }, readoutError: readoutError, using: &rng)
            kept = .pair(try sim { () throws(QuantumSimError) in
                try branches[z: outcome.z, x: outcome.x].normalised()
            }, options)
            farA = ma[0] == a ? ma[1] : ma[0]
        case let .mixed(rho) where rho.qubitCount == 1:
            let input = try sim { () throws(QuantumSimError) in try QubitDensity(rho) }
            let branches = try sim { () throws(QuantumSimError) in
                try XState.teleportation(of: input, through: r, twoQubitDepolarizing: p2, oneQubitDepolarizing: p1)
            }
            outcome = Self.drawBellOutcome({ branches[z: $0, x: $1].trace }, readoutError: readoutError, using: &rng)
            kept = .mixed(try sim { () throws(QuantumSimError) in
                try branches[z: outcome.z, x: outcome.x].normalised().densityMatrix(options: rho.options)
            })
            farA = nil
        default:
            return nil
        }
        // In the order the density-matrix path frees them: b's group, then a, then b.
        freeGroup(gb)
        freeRecord(a)
        freeRecord(b)
        groups[ga].state = kept
        if let farA {
            groups[ga].members[0] = farA
            groups[ga].members[1] = farB
        } else {
            groups[ga].members[0] = farB
        }
        records[Self.slot(farB)].group = ga
        return outcome.reported
    }

    /// Draws a Bell measurement's outcome from its branches' weights as the
    /// density-matrix path does: z, then its read-out flip, then x given z,
    /// then its flip.
    private static func drawBellOutcome(_ weight: (Int, Int) -> Double, readoutError: Double,
                                        using rng: inout SeededGenerator) -> (z: Int, x: Int, reported: (z: Int, x: Int)) {
        func draw(_ p1: Double) -> Int { Double.random(in: 0..<1, using: &rng) < p1 ? 1 : 0 }
        func reported(_ bit: Int) -> Int {
            readoutError > 0 && Double.random(in: 0..<1, using: &rng) < readoutError ? bit ^ 1 : bit
        }
        let total = weight(0, 0) + weight(1, 0) + weight(0, 1) + weight(1, 1)
        let z = draw((weight(1, 0) + weight(1, 1)) / total)
        let zReported = reported(z)
        let x = draw(weight(z, 1) / (weight(z, 0) + weight(z, 1)))
        return (z, x, (zReported, reported(x)))
    }

    /// ⟨P⟩ for a Pauli string over `ids` (its qubit j is ids[j]), which must
    /// share one joint state: read on that state directly, whatever its size.
    func expectation(_ pauli: PauliString, on ids: [Int]) throws(NetworkError) -> Double {
        let g = try record(ids[0]).group
        for id in ids where try record(id).group != g {
            throw .invalidProtocol("qubits \(ids) do not share one joint state")
        }
        let group = groups[g]
        var factors: [Int: PauliString.Pauli] = [:]
        for (q, factor) in pauli.factors {
            guard q < ids.count else { throw .invalidParameter(name: "Pauli qubit", value: Double(q), expected: "below \(ids.count)") }
            factors[group.members.firstIndex(of: ids[q])!] = factor
        }
        return try sim { () throws(QuantumSimError) in
            let mapped = try PauliString(factors)
            switch group.state {
            case let .mixed(rho): return try rho.expectation(mapped)
            case let .pure(psi): return try psi.expectation(mapped)
            case let .pair(x, o): return try x.densityMatrix(options: o).expectation(mapped)
            case .moved: throw .zeroNorm
            }
        }
    }

    /// The joint state of `ids` when they are exactly the members of one
    /// group in that order (the common case of a protocol's end, with no
    /// arrays built); else nil.
    func wholeGroupState(of ids: [Int]) throws(NetworkError) -> GroupState? {
        let group = groups[try record(ids[0]).group]
        return group.members == ids ? group.state : nil
    }

    /// The pure state of exactly `ids` (bit k of its index is ids[k]) when
    /// their groups are state vectors holding no other qubits; else nil.
    func pureState(of ids: [Int]) throws(NetworkError) -> StateVector? {
        var keys: [Int] = []
        for id in ids {
            let g = try record(id).group
            if !keys.contains(g) { keys.append(g) }
        }
        guard keys.reduce(0, { $0 + groups[$1].members.count }) == ids.count else { return nil }
        var joint: StateVector?
        var order: [Int] = []
        for key in keys {
            guard case let .pure(psi) = groups[key].state else { return nil }
            if let previous = joint {
                joint = try sim { () throws(QuantumSimError) in try previous.tensor(psi) }
            } else {
                joint = psi
            }
            order += groups[key].members
        }
        guard var result = joint else { return nil }
        for k in ids.indices where order[k] != ids[k] {
            let j = order.firstIndex(of: ids[k])!
            try sim { () throws(QuantumSimError) in try result.apply(.swap, to: [k, j]) }
            order.swapAt(k, j)
        }
        return result
    }

    /// The density matrix of `ids` in that order (bit k of its index is
    /// ids[k]), other qubits of their groups traced out. Groups are not merged:
    /// qubits of different groups are uncorrelated, so their joint state is
    /// the tensor product.
    func state(of ids: [Int]) throws(NetworkError) -> DensityMatrix {
        var keys: [Int] = []
        for id in ids {
            let g = try record(id).group
            if !keys.contains(g) { keys.append(g) }
        }
        var joint: DensityMatrix?
        var order: [Int] = [] // ids in the order of the joint state's qubits
        for key in keys {
            let group = groups[key]
            let mine = ids.filter { records[Self.slot($0)].group == key }
            let part = try sim { () throws(QuantumSimError) in
                try group.state.reduced(keeping: mine.map { group.members.firstIndex(of: $0)! })
            }
            if let previous = joint {
                joint = try sim { () throws(QuantumSimError) in try previous.tensor(part) }
            } else {
                joint = part
            }
            order += mine
        }
        guard var result = joint else { throw .invalidProtocol("a state of no qubits was asked for") }
        if order != ids {
            // Reorder with swaps so that qubit k is ids[k].
            var current = order
            for k in ids.indices where current[k] != ids[k] {
                let j = current.firstIndex(of: ids[k])!
                try sim { () throws(QuantumSimError) in try result.apply(.swap, to: [k, j]) }
                current.swapAt(k, j)
            }
        }
        return result
    }
}
