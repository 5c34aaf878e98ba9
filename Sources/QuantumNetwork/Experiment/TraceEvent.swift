/// One thing that happened in a simulation, for traces: what, when, where,
/// and the ids of the request, pairs and qubits involved. Fields that do
/// not apply to a kind are nil or empty.
public struct TraceEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A request arrived (`request`, `ends`: its source and destination).
        case arrival
        /// A request was refused (admission `block`).
        case blocked
        /// A request got its reservation and is served from now on.
        case admitted
        /// A channel of `link` started attempting for `request`.
        case attempt
        /// A link pair was heralded: `pair` between `ends`, `qubits` its two qubits.
        case herald
        /// `node` joined pairs `from` into `pair` (between `ends`) by a Bell
        /// measurement with outcomes `bits` (z, x).
        case swap
        /// The Pauli frame of `pair` became `bits` (x, z): tracked, not applied.
        case frame
        /// The correction X^x Z^z (`bits`) was applied at `node` to `pair`'s qubit there.
        case correction
        /// A purification step on pairs `from` (kept, sacrificed) at the two
        /// ends of a link: its read-outs `bits`; `note` "kept" (then `pair`
        /// is the purer pair) or "failed" (both are gone).
        case purification
        /// `pair` was discarded: `note` says why (cut-off, request ended).
        case discard
        /// `pair` reached the users with fidelity `value` (its frame `bits` applied first).
        case delivery
        /// A request (with multipath: a share of its pairs on one path) ended: `note` is its outcome.
        case end
    }

    public let time: Double
    public let kind: Kind
    public var request: Int?
    public var node: String?
    public var link: String?
    public var pair: Int?
    public var from: [Int] = []
    public var ends: [String] = []
    public var qubits: [Int] = []
    public var bits: [Int] = []
    public var value: Double?
    public var note: String?

    public init(time: Double, kind: Kind, request: Int? = nil) {
        self.time = time
        self.kind = kind
        self.request = request
    }
}

/// An experiment that can report what happens in its runs, event by event.
public protocol TracedExperiment: NetworkExperiment {
    /// The nodes events name, in the network's order (a timeline's lanes).
    var traceNodes: [String] { get }

    /// Runs the first `runs` runs exactly as ``NetworkExperiment/run(runs:seed:)``
    /// does from `seed`, and hands every event of run k to `observe(k, event)`.
    func trace(runs: Int, seed: UInt64, _ observe: (_ run: Int, _ event: TraceEvent) -> Void) throws(NetworkError)
}
