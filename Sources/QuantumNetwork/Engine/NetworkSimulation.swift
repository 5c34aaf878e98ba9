import QuantumSim
import RealModule

/// A qubit alive in a run: an identity and the module that holds it.
public struct Qubit: Sendable, Hashable, CustomStringConvertible {
    /// Unique within the run.
    public let id: Int
    /// Where it is stored.
    public let location: ModuleAddress
    /// Index of its module in the simulation's module table (no hashing per operation).
    let slot: Int

    public var description: String { "#\(id)@\(location)" }

    /// The engine's handle of it.
    var ref: QubitRef { QubitRef(id: id, slot: slot) }
}

/// A qubit as the engine's hot paths hold it: its id and its module's
/// index, no names. A ``Qubit`` carries its module's address, two strings
/// that every copy retains and every drop releases; a traffic run copies
/// its pairs' qubits a dozen times per hop (BENCHMARKS.md, "The traffic
/// engine"). ``NetworkSimulation/qubit(_:)`` gives the full qubit back.
struct QubitRef: Hashable, Sendable {
    let id: Int
    let slot: Int
}

/// What a run used up.
public struct Resources: Sendable, Hashable {
    /// Entangled pairs delivered by links.
    public var ebits = 0
    /// Classical bits sent between nodes.
    public var classicalBits = 0
    /// Link attempts (each one photon sent down a fiber).
    public var linkAttempts = 0

    public init(ebits: Int = 0, classicalBits: Int = 0, linkAttempts: Int = 0) {
        self.ebits = ebits
        self.classicalBits = classicalBits
        self.linkAttempts = linkAttempts
    }

    static func + (a: Resources, b: Resources) -> Resources {
        Resources(ebits: a.ebits + b.ebits, classicalBits: a.classicalBits + b.classicalBits,
                  linkAttempts: a.linkAttempts + b.linkAttempts)
    }
}

/// One run of a network: the event engine, the qubits and their states,
/// module occupancy, and the resources used. Protocols drive it; a new run
/// starts from a new simulation.
///
/// Operations act at the current simulated time: before a qubit is touched
/// it decays in its module's memory for the time since it was last touched.
/// Gate and measurement durations do not advance the clock by themselves;
/// protocols schedule what follows after them (see `localTime(_:at:)`).
///
/// Pending events hold their actions, which usually hold this simulation:
/// a custom protocol that stops with events still queued should call
/// `engine.cancelAll()` to free the run (the built-in protocols do).
public final class NetworkSimulation {
    /// The network being simulated.
    public let network: Network
    /// The clock and event queue.
    public let engine = EventEngine()
    /// The run's random numbers (measurement outcomes, link attempts, noise).
    public var rng: SeededGenerator {
        get { generator }
        set { generator = newValue }
    }
    /// `rng`'s storage, unchecked as the hot state below: the engine passes
    /// it inout at every operation, and protocols outside this module reach
    /// it through `rng`, whose copies in and out keep their accesses apart.
    @exclusivity(unchecked) var generator: SeededGenerator
    /// Density matrices or state vectors.
    public let representation: StateRepresentation
    /// Kernel variant and threads for the states.
    public let options: ExecutionOptions
    /// What the run used so far.
    // Hot state `@exclusivity(unchecked)`, as in ``EventEngine``.
    @exclusivity(unchecked) public private(set) var resources = Resources()

    @exclusivity(unchecked) var registry = QubitRegistry()
    /// Link pairs held as X states (exact, and eight numbers each) until an
    /// operation leaves the form; false keeps every state a density matrix
    /// from the start, the reference the X-state path is tested against.
    @TaskLocal static var holdsPairsAsXStates = true
    private let pairsAsXStates = NetworkSimulation.holdsPairsAsXStates
    /// Qubits in use per module (indexed like `network.moduleTable`).
    @exclusivity(unchecked) private var used: [Int]
    /// Heralds waiting for their event, by the code it carries; freed entries are reused.
    @exclusivity(unchecked) private var pendingHeralds: [PendingHerald?] = []
    @exclusivity(unchecked) private var freeHeralds: [Int] = []
    /// Capacity per module (read at every reservation, without the module's other fields).
    private let capacity: [Int]
    /// Per link (indexed like `network.links`), what its attempts and
    /// heralds read, computed once: the success probability is a power of
    /// ten, and the placement holds strings that a copy would retain.
    private let linkDraws: [LinkDraw]

    private struct LinkDraw {
        let aSlot: Int, bSlot: Int
        let successProbability: Double
        /// log(1 − p), the denominator of the geometric draw.
        let logFailure: Double
        let attemptDuration: Double, oneWayDelay: Double, sourceFidelity: Double

        init(_ placement: Network.LinkPlacement) {
            let link = placement.link
            (aSlot, bSlot) = (placement.aSlot, placement.bSlot)
            successProbability = link.successProbability
            logFailure = Double.log(onePlus: -successProbability)
            (attemptDuration, oneWayDelay, sourceFidelity) = (link.attemptDuration, link.oneWayDelay, link.sourceFidelity)
        }
    }

    /// A fresh run of `network` (time 0, no qubits).
    public init(network: Network, seed: UInt64, representation: StateRepresentation = .densityMatrix,
                options: ExecutionOptions = .singleThreaded) {
        self.network = network
        generator = SeededGenerator(seed: seed)
        self.representation = representation
        self.options = options
        used = Array(repeating: 0, count: network.moduleTable.count)
        capacity = network.moduleTable.map(\.capacity)
        linkDraws = network.links.map(LinkDraw.init)
    }

    /// The simulated time in seconds.
    public var now: Double { engine.now }
    /// Qubits alive now.
    public var aliveQubits: Int { registry.aliveCount }
    /// The largest joint state built so far, in qubits.
    public var largestJointState: Int { registry.largestGroup }
    /// The most qubits alive at once so far.
    public var peakAliveQubits: Int { registry.mostAlive }
    /// Qubit records held, alive or free to reuse: bounded by the most
    /// qubits alive at once, not by how many the run has made.
    public var qubitRecords: Int { registry.storage.slots }

    /// The module at `address`.
    public func module(_ address: ModuleAddress) throws(NetworkError) -> ProcessorModule {
        try network.module(address)
    }


    // MARK: Qubits

    /// Holds one qubit of module `slot`, or throws naming the module when it is full.
    private func reserve(slot i: Int) throws(NetworkError) {
        guard used[i] < capacity[i] else {
            let place = network.moduleAddresses[i]
            throw .moduleFull(node: place.node, module: place.module, capacity: capacity[i])
        }
        used[i] += 1
    }

    /// Holds one qubit of each slot (all or none), or throws for the first full module.
    private func reserve(_ indices: [Int]) throws(NetworkError) {
        for (k, i) in indices.enumerated() {
            do throws(NetworkError) { try reserve(slot: i) } catch {
                for j in indices[..<k] { used[j] -= 1 }
                throw error
            }
        }
    }

    func release(_ slot: Int) { used[slot] -= 1 }

    /// Qubits module `slot` (its index in the module table) can still take.
    func freeSlots(_ slot: Int) -> Int { capacity[slot] - used[slot] }

    /// Qubits module `slot` holds at most.
    func capacity(of slot: Int) -> Int { capacity[slot] }

    /// Qubits of one new joint state: `state`'s qubit k goes to `places[k]`
    /// and has waited in memory since `storedAt[k]` (≤ now).
    func create(_ state: consuming GroupState, at places: [ModuleAddress], storedAt: [Double])
        throws(NetworkError) -> [Qubit]
    {
        var indices: [Int] = []
        for p in places { indices.append(try network.moduleSlot(p)) }
        try reserve(indices)
        return create(consume state, slots: indices, places: places, storedAt: storedAt)
    }

    /// `create` for slots already reserved.
    private func create(_ state: consuming GroupState, slots indices: [Int], places: [ModuleAddress],
                        storedAt: [Double]) -> [Qubit]
    {
        let ids = registry.create(consume state, memories: indices.map { network.moduleTable[$0].memory },
                                  upToDate: storedAt)
        return ids.indices.map { Qubit(id: ids[$0], location: places[$0], slot: indices[$0]) }
    }

    /// A new qubit in |0⟩ (or `state`, a 1-qubit pure state) at `address`.
    public func newQubit(at address: ModuleAddress, state: StateVector? = nil) throws(NetworkError) -> Qubit {
        let slot = try network.moduleSlot(address)
        try reserve(slot: slot)
        return try newQubit(slot: slot, address: address, state: state)
    }

    /// New qubits in a joint pure `state` (its qubit k at `places[k]`),
    /// placed as they are: no gates, so no gate noise. For inputs and
    /// reference qubits of a computation.
    public func newQubits(at places: [ModuleAddress], state: StateVector) throws(NetworkError) -> [Qubit] {
        guard state.qubitCount == places.count else {
            throw .invalidParameter(name: "qubit count of the joint state", value: Double(state.qubitCount),
                                    expected: "one qubit per place (\(places.count))")
        }
        let group: GroupState = representation == .stateVector
            ? .pure(state) : .mixed(try sim { () throws(QuantumSimError) in try DensityMatrix(state, options: options) })
        return try create(group, at: places, storedAt: places.map { _ in now })
    }

    /// A new qubit in |0⟩ (or `state`) in the module that holds `neighbour`.
    public func newQubit(beside neighbour: Qubit, state: StateVector? = nil) throws(NetworkError) -> Qubit {
        guard used.indices.contains(neighbour.slot), isAlive(neighbour) else { throw .qubitNotAlive(neighbour.id) }
        try reserve(slot: neighbour.slot)
        return try newQubit(slot: neighbour.slot, address: neighbour.location, state: state)
    }

    /// `newQubit` in a slot already reserved (released again when it throws).
    private func newQubit(slot: Int, address: ModuleAddress, state: StateVector?) throws(NetworkError) -> Qubit {
        do throws(NetworkError) {
            var psi: StateVector
            if let state { psi = state } else {
                psi = try sim { () throws(QuantumSimError) in try StateVector(qubits: 1, options: options) }
            }
            guard psi.qubitCount == 1 else {
                throw NetworkError.invalidParameter(name: "qubit count of a new qubit's state",
                                                    value: Double(psi.qubitCount), expected: "1")
            }
            let group: GroupState = representation == .stateVector
                ? .pure(psi) : .mixed(try sim { () throws(QuantumSimError) in try DensityMatrix(psi, options: options) })
            return create(group, slots: [slot], places: [address], storedAt: [now])[0]
        } catch {
            release(slot)
            throw error
        }
    }

    /// True when `qubit` has not been measured or discarded.
    public func isAlive(_ qubit: Qubit) -> Bool { registry.isAlive(qubit.id) }

    func isAlive(_ qubit: QubitRef) -> Bool { registry.isAlive(qubit.id) }

    /// The qubit `ref` stands for, with its module's address.
    func qubit(_ ref: QubitRef) -> Qubit {
        Qubit(id: ref.id, location: network.moduleAddresses[ref.slot], slot: ref.slot)
    }

    /// Qubits in the joint state that holds `qubit`.
    public func jointStateSize(of qubit: Qubit) throws(NetworkError) -> Int { try registry.groupSize(of: qubit.id) }

    // MARK: Local operations

    /// A gate on qubits of one module (controls first), followed by the
    /// module's gate noise.
    public func apply(_ gate: Gate, to qubits: [Qubit]) throws(NetworkError) {
        let place = qubits[0].slot
        guard qubits.allSatisfy({ $0.slot == place }) else {
            throw .nonLocalOperation(gate: gate.name, modules: qubits.map(\.location.description))
        }
        let ids = qubits.map(\.id)
        try registry.bringUpToDate(ids, now: now, using: &generator)
        // The module's gate noise: its 1- or 2-qubit depolarizing on the
        // gate's qubits, the 1-qubit one on each qubit of wider gates.
        switch ids.count {
        case 1: try registry.apply(gate, to: ids, noise: network.moduleTable[place].gateNoise.one, using: &generator)
        case 2: try registry.apply(gate, to: ids, noise: network.moduleTable[place].gateNoise.two, using: &generator)
        default:
            try registry.apply(gate, to: ids, noise: network.moduleTable[place].gateNoise.wide, noiseOnEachQubit: true,
                               using: &generator)
        }
    }

    /// Applies a channel to qubits (of any modules: it models noise, not a
    /// controlled operation).
    public func apply(_ channel: Channel, to qubits: [Qubit]) throws(NetworkError) {
        let ids = qubits.map { $0.id }
        try registry.bringUpToDate(ids, now: now, using: &generator)
        try registry.apply(channel, to: ids, using: &generator)
    }

    /// Measures `qubit` in the computational basis, frees its slot, and
    /// returns the reported bit (flipped with the module's measurement error).
    public func measure(_ qubit: Qubit) throws(NetworkError) -> Int {
        try registry.bringUpToDate(qubit.id, now: now, using: &generator)
        var outcome = try registry.measure(qubit.id, using: &generator)
        release(qubit.slot)
        let flip = network.moduleTable[qubit.slot].measurementError
        if flip > 0, Double.random(in: 0..<1, using: &generator) < flip { outcome ^= 1 }
        return outcome
    }

    /// Measures `qubit` in the X basis (H, then Z read-out).
    public func measureX(_ qubit: Qubit) throws(NetworkError) -> Int {
        try apply(.h, to: [qubit])
        return try measure(qubit)
    }

    /// Frees `qubit` without measuring it (its state is traced out).
    public func discard(_ qubit: Qubit) throws(NetworkError) { try discard(qubit.ref) }

    func discard(_ qubit: QubitRef) throws(NetworkError) {
        try registry.discard(qubit.id, using: &generator)
        release(qubit.slot)
    }

    /// The state of `qubits` now (bit k of its index is qubits[k]),
    /// including their memory decay up to now.
    public func state(of qubits: [Qubit]) throws(NetworkError) -> DensityMatrix {
        let ids = qubits.map { $0.id }
        try registry.bringUpToDate(ids, now: now, using: &generator)
        return try registry.state(of: ids)
    }

    /// ⟨P⟩ now for a Pauli string over `qubits` (its qubit j is qubits[j]),
    /// which must share one joint state; memory decay is applied up to now.
    public func expectation(_ pauli: PauliString, on qubits: [Qubit]) throws(NetworkError) -> Double {
        let ids = qubits.map { $0.id }
        try registry.bringUpToDate(ids, now: now, using: &generator)
        return try registry.expectation(pauli, on: ids)
    }

    /// Lets `seconds` of simulated time pass (memories decay meanwhile).
    public func wait(_ seconds: Double) throws(NetworkError) {
        guard seconds > 0 else { return }
        var done = false
        engine.schedule(after: seconds) { done = true }
        try runEngine(until: .infinity) { done }
    }

    /// Time the module needs for the given operations, in seconds.
    public func localTime(_ operations: [LocalOperation], at place: ModuleAddress) throws(NetworkError) -> Double {
        Self.duration(of: operations, in: try module(place))
    }

    /// Time the module holding `qubit` needs for the given operations, in seconds.
    public func localTime(_ operations: [LocalOperation], at qubit: Qubit) -> Double {
        Self.duration(of: operations, in: network.moduleTable[qubit.slot])
    }

    private static func duration(of operations: [LocalOperation], in m: ProcessorModule) -> Double {
        operations.reduce(0) { t, op in
            switch op {
            case .singleQubitGate: return t + m.singleQubitGateTime
            case .twoQubitGate: return t + m.twoQubitGateTime
            case .measurement: return t + m.measurementTime
            }
        }
    }

    /// Kinds of local operation, for ``localTime(_:at:)``.
    public enum LocalOperation: Sendable { case singleQubitGate, twoQubitGate, measurement }

    // MARK: Communication

    /// Sends `bits` classical bits from node `from` to node `to` and runs
    /// `delivered` when they arrive (after the shortest classical delay, or
    /// `delay` when given).
    public func send(bits: Int, from: String, to: String, delay: Double? = nil,
                     _ delivered: @escaping () throws -> Void) throws(NetworkError) {
        var d: Double
        if let delay { d = delay } else { d = try network.classicalDelay(from: from, to: to) }
        send(bits: bits, from: from, to: to)
        engine.schedule(after: d, delivered)
    }

    /// Sends `bits` classical bits from node `from` to node `to` that nobody
    /// acts on when they arrive (the receiver's knowing them is the caller's
    /// bookkeeping, e.g. a time the caller computed): the bits are counted,
    /// and no event is scheduled, since its arrival would change nothing.
    public func send(bits: Int, from: String, to: String) {
        if from != to { resources.classicalBits += bits }
    }

    /// Starts heralded entanglement generation on `link` now; when a pair is
    /// heralded, `delivered` runs with its two qubits (at the link's `a` and
    /// `b` ends). The number of attempts is drawn from the geometric
    /// distribution of independent attempts with the link's success
    /// probability (the same law as trying one attempt after another);
    /// memory slots are held from the start.
    public func generatePair(on placement: Network.LinkPlacement,
                             _ delivered: @escaping (Qubit, Qubit) throws -> Void) throws(NetworkError) {
        let link = placement.index
        guard network.links.indices.contains(link), network.links[link] == placement else {
            throw .invalidValue("link \(placement.a)–\(placement.b)", expected: "a link of this simulation's network")
        }
        let (start, heralded) = try startAttempts(onLink: link)
        engine.schedule(at: heralded) { [unowned self] in
            let (a, b) = try heraldPair(onLink: link, start: start)
            try delivered(qubit(a), qubit(b))
        }
    }

    /// ``generatePair(on:_:)`` that calls `handler` with `code` instead of
    /// a closure: a herald is then an entry in a pool, not a closure context
    /// (the traffic engine starts one per hop and pair).
    func generatePair(onLink link: Int, notifying handler: any HeraldHandler, code: Int) throws(NetworkError) {
        let (start, heralded) = try startAttempts(onLink: link)
        let herald = PendingHerald(link: link, start: start, handler: handler, code: code)
        let slot: Int
        if let free = freeHeralds.popLast() {
            pendingHeralds[free] = herald
            slot = free
        } else {
            pendingHeralds.append(herald)
            slot = pendingHeralds.count - 1
        }
        engine.schedule(at: heralded, self, code: slot)
    }

    /// Holds the pair's slots at both ends of link `index` and draws its
    /// attempts; returns when the successful attempt started and when its
    /// pair is heralded.
    private func startAttempts(onLink index: Int) throws(NetworkError) -> (start: Double, heralded: Double) {
        let link = linkDraws[index]
        // Both ends, all or none (two calls, not an array: this runs at every attempt).
        try reserve(slot: link.aSlot)
        do throws(NetworkError) { try reserve(slot: link.bSlot) } catch {
            release(link.aSlot)
            throw error
        }
        var attempts = 1
        if link.successProbability < 1 {
            let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
            attempts += Int((Double.log(u) / link.logFailure).rounded(.down))
        }
        resources.linkAttempts += attempts
        let start = now + Double(attempts - 1) * link.attemptDuration
        return (start, start + link.attemptDuration)
    }

    /// The heralded pair of link `index`, its halves at the link's `a` and
    /// `b` ends, having waited since the successful attempt's emission and
    /// the photon's arrival.
    private func heraldPair(onLink index: Int, start: Double) throws(NetworkError) -> (QubitRef, QubitRef) {
        let link = linkDraws[index]
        let ends = (network.moduleTable[link.aSlot].memory, network.moduleTable[link.bSlot].memory)
        let (a, b) = registry.createPair(try sourcePair(fidelity: link.sourceFidelity), memories: ends,
                                         upToDate: (start, start + link.oneWayDelay))
        resources.ebits += 1
        return (QubitRef(id: a, slot: link.aSlot), QubitRef(id: b, slot: link.bSlot))
    }

    /// Drops the heralds still pending (with the engine's queue at the end
    /// of a run: they hold their handlers, which hold this simulation).
    func dropPendingHeralds() {
        pendingHeralds = []
        freeHeralds = []
    }

    /// A herald scheduled by ``generatePair(onLink:notifying:code:)``.
    struct PendingHerald {
        /// The link's index in the network (the placement is read there, not copied).
        let link: Int
        let start: Double
        let handler: any HeraldHandler
        let code: Int
    }

    /// The emitted pair: a Werner state of fidelity f with Φ⁺ as a density
    /// matrix; as a state vector, Φ⁺ with probability f and each other Bell
    /// state with probability (1 − f)/3 (the same mixture over runs).
    private func sourcePair(fidelity f: Double) throws(NetworkError) -> GroupState {
        try sim { () throws(QuantumSimError) in
            switch representation {
            case .densityMatrix:
                return pairsAsXStates ? .pair(try XState.werner(fidelity: f), options)
                    : .mixed(try DensityMatrix.werner(fidelity: f, options: options))
            case .stateVector:
                let u = Double.random(in: 0..<1, using: &generator)
                let others: [BellState] = [.psiMinus, .psiPlus, .phiMinus]
                let bell = u < f ? BellState.phiPlus : others[min(2, Int((u - f) / ((1 - f) / 3)))]
                return .pure(try bell.stateVector(options: options))
            }
        }
    }
}

/// Receives the pairs of ``NetworkSimulation/generatePair(onLink:notifying:code:)``.
protocol HeraldHandler: AnyObject {
    func heralded(_ a: QubitRef, _ b: QubitRef, code: Int) throws
}

extension NetworkSimulation: EventHandler {
    /// A pooled herald is due: its pair is made and handed to its handler.
    func handle(event slot: Int) throws {
        // Moved out, not copied and cleared: no retain and release of its handler.
        guard let herald = pendingHeralds[slot].take() else { return }
        freeHeralds.append(slot)
        let (a, b) = try heraldPair(onLink: herald.link, start: herald.start)
        try herald.handler.heralded(a, b, code: herald.code)
    }
}
