/// What one traffic run produced: every request's record, and the load on
/// the links and memories it used.
public struct TrafficRunRecord: Sendable {
    /// In the order the requests were given.
    public let requests: [ServedRequestRecord]
    /// Simulated seconds: until the last request ended, or the horizon.
    public let duration: Double
    /// Per link used by some request (network link index): busy channel-seconds
    /// over channels × duration.
    public let linkUtilisation: [Int: Double]
    /// Per module used by some request (module-table index): held
    /// slot-seconds over capacity × duration.
    public let memoryOccupancy: [Int: Double]
    /// Time average of the requests admitted and not yet ended.
    public let meanRequestsInSystem: Double
    /// Events the engine handled.
    public let events: Int
    /// Whether the run stopped because it stalled (``Traffic/stallTime``),
    /// or deadlocked: its events ran out with requests in the system.
    public let stalled: Bool
    /// What the run held at most at once: qubits alive, qubits in one joint
    /// state, events waiting (its memory is bounded by these, not by its length).
    public let peakAliveQubits: Int, largestJointState: Int, mostPendingEvents: Int
    /// Where every heralded link pair went, in link pairs (a delivered or
    /// discarded swapped pair counts every link pair it was made of).
    public let linkPairs: LinkPairLedger
}

/// Conservation of link pairs in a run: heralded = delivered + discarded + held.
public struct LinkPairLedger: Sendable, Hashable {
    public var heralded = 0
    public var delivered = 0
    /// Discarded because they waited longer than the cut-off.
    public var cutOff = 0
    /// Discarded because their request ended (deadline, or heralded after its end).
    public var requestEnded = 0
    /// Lost in a failed purification step (the kept pair and the sacrificed one).
    public var purificationFailed = 0
    /// Still held at the end of the run (counted then, from the pairs alive).
    public var held = 0
}
