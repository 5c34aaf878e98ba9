import QuantumSim

/// Quantum teleportation from one node to another over their link.
///
/// Each run: the link heralds a pair; the sender prepares the input qubit,
/// makes a Bell-state measurement of it with its half of the pair and sends
/// the two bits over the classical channel; on arrival the receiver applies
/// X^x Z^z to its half. The fidelity is that of the receiver's qubit with
/// the input, after every noise met on the way (source, memory waits, gates,
/// read-out).
public struct Teleportation: NetworkExperiment {
    /// What is teleported.
    public enum Input: Sendable {
        /// One fixed 1-qubit pure state.
        case state(StateVector)
        /// A Haar-random pure state, new in every run (the average fidelity
        /// over runs is the average over inputs).
        case haarRandom
    }

    public let network: Network
    public let sender: String, receiver: String
    public let input: Input
    /// Seconds the heralded pair waits in memory before the teleportation
    /// starts (a pair stored for later use).
    public let storageTime: Double
    public let representation: StateRepresentation
    public let options: ExecutionOptions
    // Looked up once, not per run.
    private let placement: Network.LinkPlacement
    private let delay: Double

    /// Checked: both nodes exist and a link joins them; a fixed input is one
    /// qubit; the storage time is ≥ 0.
    public init(network: Network, from sender: String, to receiver: String, input: Input = .haarRandom,
                storageTime: Double = 0, representation: StateRepresentation = .densityMatrix,
                options: ExecutionOptions = .singleThreaded) throws(NetworkError) {
        placement = try network.link(between: sender, and: receiver)
        delay = try network.classicalDelay(from: sender, to: receiver)
        if case let .state(psi) = input, psi.qubitCount != 1 {
            throw .invalidParameter(name: "qubit count of the input", value: Double(psi.qubitCount), expected: "1")
        }
        self.network = network
        self.sender = sender
        self.receiver = receiver
        try checkParameter("storage time", storageTime, in: 0 ... .greatestFiniteMagnitude, unit: " seconds")
        self.input = input
        self.storageTime = storageTime
        self.representation = representation
        self.options = options
    }

    /// `runs` runs with seeds derived from `seed`.
    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> ProtocolResult {
        try ProtocolResult.collect(name: "teleportation", runs: runs, seed: seed) { (_, s) throws(NetworkError) in
            try runOnce(seed: s)
        }
    }

    /// One run.
    public func runOnce(seed: UInt64) throws(NetworkError) -> RunOutcome {
        let sim = NetworkSimulation(network: network, seed: seed, representation: representation, options: options)
        var fidelity: Double?
        // The closures capture only what they use (not the whole protocol
        // value, whose copy costs a retain per field at each run).
        let (input, sender, receiver, delay) = (input, sender, receiver, delay)
        let teleport = { (alice: Qubit, bob: Qubit) throws in
            let psi: StateVector
            switch input {
            case let .state(s): psi = s
            case .haarRandom: psi = try sim.haarRandomQubit()
            }
            let q = try sim.newQubit(beside: alice, state: psi)
            let (z, x) = try sim.bellMeasure(q, alice)
            let busy = sim.bellMeasurementTime(at: alice)
            try sim.send(bits: 2, from: sender, to: receiver, delay: busy + delay) {
                try sim.correct(bob, x: x, z: z)
                fidelity = try sim.fidelity(of: [bob], with: psi)
            }
        }
        let (senderIsA, storageTime) = (placement.a.node == sender, storageTime)
        try sim.generatePair(on: placement) { qa, qb in
            let (alice, bob) = senderIsA ? (qa, qb) : (qb, qa)
            if storageTime > 0 {
                sim.engine.schedule(after: storageTime) { try teleport(alice, bob) }
            } else {
                try teleport(alice, bob)
            }
        }
        try sim.runEngine(until: .infinity) { fidelity != nil }
        return RunOutcome(success: fidelity != nil, fidelity: fidelity, time: sim.now, resources: sim.resources)
    }
}
