/// How the network serves its requests: routing, admission, swapping and
/// corrections, cut-offs. Each choice is named and documented here, once.
public struct TrafficPolicy: Sendable, Hashable {
    /// Where swaps happen along a request's path.
    public enum SwapOrder: String, Sendable, CaseIterable, Hashable {
        /// Swap as soon as a node holds a pair reaching left and one
        /// reaching right (oldest of each first).
        case asap
        /// Only the swaps of a left-deep tree: node 1 joins links 0 and 1,
        /// node 2 extends that pair by link 2, … (``RepeaterChain/Scheme/sequential``).
        case sequential
        /// Only the swaps of the balanced doubling tree of Briegel et al.
        /// (``RepeaterChain/Scheme/nested``).
        case nested
    }

    /// What happens to the Pauli correction a swap's Bell measurement calls for.
    public enum Corrections: String, Sendable, CaseIterable, Hashable {
        /// Tracked: the two bits travel to the pair's far end and are
        /// composed into the pair's Pauli frame, applied once at delivery.
        /// A node swaps a qubit as soon as it holds it, whatever corrections
        /// are still on their way.
        case frame
        /// Applied: the far end applies X^x Z^z as gates when the bits
        /// arrive, and a node swaps a qubit only once it is corrected (and,
        /// at the pair's near end, once it knows the pair exists), as
        /// ``RepeaterChain`` does.
        case physical
    }

    /// What a request meets when its path is busy on arrival.
    public enum Admission: String, Sendable, CaseIterable, Hashable {
        /// It is admitted and waits for channels and memory, first come
        /// first served: a free channel serves the oldest request that can
        /// use it (both end modules have a free slot).
        case wait
        /// It is blocked when any link of its path has no free channel or
        /// any node of its path no free memory slot at the moment it arrives.
        case block
    }

    public var route: RouteMetric
    public var swapOrder: SwapOrder
    public var corrections: Corrections
    public var admission: Admission
    /// Longest a pair may wait at its nodes before it is discarded (from its
    /// herald, or from the swap that made it), or nil for no cut-off. An
    /// end-to-end pair waiting for its last messages is never cut off.
    public var cutoff: Double?

    public init(route: RouteMetric = .shortest, swapOrder: SwapOrder = .asap, corrections: Corrections = .frame,
                admission: Admission = .wait, cutoff: Double? = nil) throws(NetworkError) {
        if let cutoff { try checkParameter("cut-off", cutoff, in: .leastNonzeroMagnitude ... .infinity, unit: " seconds") }
        self.route = route
        self.swapOrder = swapOrder
        self.corrections = corrections
        self.admission = admission
        self.cutoff = cutoff
    }
}
