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
        /// any node of its path no free memory slot at the moment it arrives
        /// (with ``Allocation/reservePath``: when it cannot reserve its path).
        case block
    }

    /// How requests get memory slots.
    public enum Allocation: String, Sendable, CaseIterable, Hashable {
        /// A slot is taken when an attempt starts, by whichever request a
        /// free channel serves (oldest first). Nothing is set aside, so at
        /// high load many requests can each hold part of their path and
        /// wait for slots the others hold; only cut-offs and deadlines
        /// free them.
        case onDemand
        /// On admission a request reserves, on every node of its path, one
        /// slot per link of the path there (two at inner nodes, one at
        /// its ends), as SeQUeNCe's resource reservation does, and only
        /// its reserved slots hold its qubits: one link pair per hop at a
        /// time. With purification, rounds + 1 per link end, and with nested
        /// purification that for every span of the swap tree ending there. Admitted requests that cannot reserve wait, oldest first
        /// (a younger one whose path has room goes ahead), until one that
        /// holds a reservation ends.
        case reservePath
        /// As ``onDemand``, but a request holds at most its share of each
        /// node's slots: the module's capacity divided evenly among the
        /// requests being served whose paths pass it, and never less than
        /// its path's links there (one per side), so no few requests can
        /// fill a node that others need.
        case nodeShare
    }

    /// Which of its user pair's paths a request is served on.
    public enum PathChoice: String, Sendable, CaseIterable, Hashable {
        /// Always the route metric's best path (static routing).
        case first
        /// At admission, the path whose busiest link serves the fewest
        /// requests at that moment (ties: the better path).
        case leastLoaded
        /// Multipath: the request's pairs are spread over all its paths
        /// (as evenly as they divide, the better paths taking one more),
        /// each share served on its path at the same time; the request
        /// ends when every share has.
        case spread
    }

    /// Purification by recurrence (`scheme`, `rounds` deep), of each hop's
    /// link pairs before they are swapped (purify-and-swap), or of the
    /// end-to-end pairs before they are delivered. A purified pair is made
    /// of 2^rounds of its inputs; the two ends exchange their bits, and the
    /// kept pair waits for the verdict.
    public struct PairPurification: Sendable, Hashable {
        /// Which pairs are purified.
        public enum Scope: String, Sendable, CaseIterable, Hashable {
            /// Each hop's link pairs, before any swap (the bits cross one link).
            case perHop
            /// The pairs that span the path, once both ends know their
            /// Pauli frame (applied first), before delivery (the bits
            /// cross the whole path).
            case endToEnd
            /// Dür–Briegel's nested scheme: the pairs of every span of the
            /// swap tree, each hop's and each a swap makes, before they are
            /// swapped further or delivered (needs a tree swap order).
            case nested
        }

        public let scheme: Purification.Scheme
        public let twirled: Bool
        /// Rounds: always this many, or with `target` at most this many.
        public let rounds: Int
        public let scope: Scope
        /// until(F): a pair is purified again only while its fidelity is
        /// below `target` (nil: always `rounds` rounds). The fidelity is the
        /// one the simulation knows: an ideal estimator, as if the nodes
        /// had characterised their pairs perfectly.
        public let target: Double?

        /// Checked: 1 ≤ rounds ≤ 6, target in [0, 1]; twirled by default for BBPSSW only (as ``Purification``).
        public init(scheme: Purification.Scheme, rounds: Int = 1, twirled: Bool? = nil, scope: Scope = .perHop,
                    until target: Double? = nil) throws(NetworkError)
        {
            guard (1...6).contains(rounds) else {
                throw .invalidParameter(name: "purification rounds", value: Double(rounds), expected: "1 to 6")
            }
            if let target { try checkParameter("purification target fidelity", target, in: 0...1) }
            self.scheme = scheme
            self.rounds = rounds
            self.twirled = twirled ?? (scheme == .bbpssw)
            self.scope = scope
            self.target = target
        }
    }

    public var route: RouteMetric
    /// Paths kept per user pair: the `paths` best by the route metric
    /// (k shortest, Yen), found when the experiment is built.
    public var paths: Int
    public var pathChoice: PathChoice
    public var swapOrder: SwapOrder
    public var corrections: Corrections
    public var admission: Admission
    public var allocation: Allocation
    /// Purification of hop or end-to-end pairs, or nil for none.
    public var purification: PairPurification?
    /// Longest a pair may wait at its nodes before it is discarded (from its
    /// herald, or from the swap that made it), or nil for no cut-off. An
    /// end-to-end pair waiting for its last messages is never cut off.
    public var cutoff: Double?

    public init(route: RouteMetric = .shortest, paths: Int = 1, pathChoice: PathChoice = .first,
                swapOrder: SwapOrder = .asap, corrections: Corrections = .frame,
                admission: Admission = .wait, allocation: Allocation = .onDemand,
                purification: PairPurification? = nil, cutoff: Double? = nil)
        throws(NetworkError)
    {
        if let cutoff { try checkParameter("cut-off", cutoff, in: .leastNonzeroMagnitude ... .infinity, unit: " seconds") }
        guard (1...64).contains(paths) else {
            throw .invalidParameter(name: "paths per user pair", value: Double(paths), expected: "1 to 64")
        }
        self.route = route
        self.paths = paths
        self.pathChoice = pathChoice
        self.swapOrder = swapOrder
        self.corrections = corrections
        self.admission = admission
        self.allocation = allocation
        self.purification = purification
        self.cutoff = cutoff
    }
}
