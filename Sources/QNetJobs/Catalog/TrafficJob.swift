import QuantumNetwork

extension TrafficPolicy.SwapOrder: JobChoice {}
extension TrafficPolicy.Corrections: JobChoice {}
extension TrafficPolicy.Admission: JobChoice {}
extension TrafficPolicy.Allocation: JobChoice {}
extension TrafficPolicy.PathChoice: JobChoice {}
extension TrafficPolicy.PairPurification.Scope: JobChoice {}

extension ProtocolCatalog {
    /// `traffic`: many user pairs asking for end-to-end pairs at once, served
    /// together on one network (``Traffic``). A run is the whole demand
    /// served once.
    enum TrafficJob {
        /// How requests arrive.
        enum Arrivals: String, JobChoice {
            /// Poisson arrivals per user pair at `arrival_rate_hz`, until `arrival_window_s`.
            case poisson
            /// One request per user pair, all at time 0.
            case once
            /// One Poisson process over the network at `arrival_rate_hz`, each
            /// request between a random pair of `random_nodes` (or around `hotspot`).
            case randomPairs
        }

        /// Per-hop purification before swapping.
        enum HopPurify: String, JobChoice {
            case none, bbpssw, dejmps
        }

        static let users = Parameter.nodePairs(
            "users", "who asks: pairs \"A-B\" of nodes, source first (\"\": the first node and the last)")
        static let arrivals = Parameter<Arrivals>(
            "arrivals", default: .poisson,
            "poisson: each user pair's requests arrive at arrival_rate_hz until arrival_window_s; once: one request per user pair "
                + "at time 0; random-pairs: requests at arrival_rate_hz over the network, between random pairs of random_nodes")
        static let rate = Parameter<Double>("arrival_rate_hz", unit: "1/s", in: positiveTime, default: 10,
                                            "requests per second for each user pair (poisson), or over the network (random-pairs)")
        static let randomNodes = Parameter.nodes(
            "random_nodes", "random-pairs: the nodes drawn among (\"\": every node; at most \(RandomPairArrivals.nodeLimit))")
        static let hotspot = Parameter.node("hotspot", "random-pairs: a node in a share of the requests (\"\": none)")
        static let hotspotShare = Parameter<Double>("hotspot_share", in: probability, default: 0,
                                                    "random-pairs: fraction of requests between the hotspot and another node")
        static let window = Parameter<Double>("arrival_window_s", unit: "s", in: positiveTime, default: 1,
                                              "requests arrive from time 0 until this time (poisson)")
        static let pairs = Parameter<Int>("pairs_per_request", in: 1...1_000_000, default: 1,
                                          "end-to-end pairs each request wants")
        static let minFidelity = Parameter<Double>("min_fidelity", in: probability, default: 0,
                                                   "fidelity a delivered pair should reach (reported as a fraction)")
        static let deadline = Parameter<Double>("deadline_s", unit: "s", in: nonNegative, default: 0,
                                                "time after its arrival by which a request must be served (0: none)")
        static let horizon = Parameter<Double>("horizon_s", unit: "s", in: nonNegative, default: 0,
                                               "simulated time at which a run stops (0: once every request has ended)")
        static let paths = Parameter<Int>("paths", in: 1...64, default: 1,
                                          "paths kept per user pair: the k best by route (Yen's k shortest)")
        static let pathChoice = Parameter<TrafficPolicy.PathChoice>(
            "path_choice", default: .first,
            "first: always the best path; least-loaded: at admission, the path whose busiest link serves fewest requests; "
                + "spread: multipath, the request's pairs shared out over all its paths at once")
        static let swapOrder = Parameter<TrafficPolicy.SwapOrder>(
            "swap_order", default: .asap,
            "asap: swap as soon as a node holds both halves; sequential or nested: only the swaps of that tree")
        static let corrections = Parameter<TrafficPolicy.Corrections>(
            "corrections", default: .frame,
            "frame: Pauli frames tracked and applied at delivery; physical: applied as gates, swaps wait for them")
        static let admission = Parameter<TrafficPolicy.Admission>(
            "admission", default: .wait,
            "wait: every request is admitted and waits first come first served; block: refused when its path is busy")
        static let allocation = Parameter<TrafficPolicy.Allocation>(
            "allocation", default: .onDemand,
            "on-demand: a slot is taken when an attempt starts; reserve-path: a request reserves a slot per link end on its whole path first; "
                + "node-share: on demand, each request holding at most its even share of every node's slots")
        static let purify = Parameter<HopPurify>(
            "purify", default: .none,
            "none, or purify pairs (see purify_scope) by bbpssw (twirled) or dejmps (untwirled)")
        static let purifyRounds = Parameter<Int>("purify_rounds", in: 1...6, default: 1,
                                                 "recurrence rounds (2^k input pairs per purified pair)")
        static let purifyUntil = Parameter<Double>(
            "purify_until", in: probability, default: 0,
            "until(F): purify a pair again only while its fidelity is below this, at most purify_rounds (0: always purify_rounds)")
        static let purifyScope = Parameter<TrafficPolicy.PairPurification.Scope>(
            "purify_scope", default: .perHop,
            "per-hop: each hop's link pairs before swapping; end-to-end: the pairs spanning the path before delivery; "
                + "nested: every span of the swap tree (Dür–Briegel; swap_order sequential or nested)")
        static let cutoff = Parameter<Double>("cutoff_s", unit: "s", in: nonNegative, default: 0,
                                              "longest a pair may wait at its nodes before it is discarded (0: none)")
        static let settings = [arrivals.definition, rate.definition, window.definition, hotspotShare.definition, pairs.definition,
                               minFidelity.definition, deadline.definition, horizon.definition,
                               RepeaterChainJob.route.definition, paths.definition, pathChoice.definition, swapOrder.definition, corrections.definition,
                               admission.definition, allocation.definition, purify.definition, purifyRounds.definition,
                               purifyScope.definition, purifyUntil.definition,
                               cutoff.definition,
                               exactRepresentation.definition]

        // The parameter form: a chain whose two ends are the users.
        static let segments = Parameter<Int>("segments", in: 1...10_000, default: 4, "number of links")
        static let length = totalLength(default: 100)
        static let channels = Parameter<Int>("channels", in: 1...1024, default: 1,
                                             "parallel channels per link (multiplexing)")
        static let memories = Parameter<Int>("memories", in: 1...4096, default: 4, "memory slots per node")

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> Traffic {
            var userPairs = try p.nodePairs(users, on: d).map { UserPair($0.0, $0.1) }
            if userPairs.isEmpty {
                guard let first = d.nodes.first?.name, let last = d.nodes.last?.name else {
                    throw .invalidValue(users.name, expected: "pairs of nodes (the network has none)")
                }
                userPairs = [UserPair(first, last)]
            }
            let deadline = try p.optionalPositive(deadline)
            let demand: TrafficDemand
            switch try p[arrivals] {
            case .poisson:
                demand = .poisson(try PoissonArrivals(users: userPairs, rate: p[rate], until: p[window],
                                                      pairs: p[pairs], minimumFidelity: p[minFidelity],
                                                      deadline: deadline))
            case .once:
                demand = .fixed(try userPairs.map { (u) throws(NetworkError) in
                    try TrafficRequest(source: u.source, destination: u.destination, pairs: p[pairs],
                                       minimumFidelity: p[minFidelity], deadline: deadline)
                })
            case .randomPairs:
                let among = try p[randomNodes]
                let spot = try p[hotspot]
                demand = .randomPairs(try RandomPairArrivals(
                    nodes: among.isEmpty ? d.nodes.map(\.name) : among, rate: p[rate], until: p[window],
                    hotspot: spot.isEmpty ? nil : spot, hotspotShare: p[hotspotShare], pairs: p[pairs],
                    minimumFidelity: p[minFidelity], deadline: deadline))
            }
            let scheme: Purification.Scheme? = switch try p[purify] {
            case .none: nil
            case .bbpssw: .bbpssw
            case .dejmps: .dejmps
            }
            let hopPurification = try scheme.map { (s) throws(NetworkError) in
                try TrafficPolicy.PairPurification(scheme: s, rounds: p[purifyRounds], scope: p[purifyScope],
                                                   until: p.optionalPositive(purifyUntil))
            }
            let policy = try TrafficPolicy(route: p[RepeaterChainJob.route], paths: p[paths], pathChoice: p[pathChoice],
                                           swapOrder: p[swapOrder],
                                           corrections: p[corrections], admission: p[admission],
                                           allocation: p[allocation], purification: hopPurification,
                                           cutoff: p.optionalPositive(cutoff))
            return try Traffic(network: d.build(), demand: demand, policy: policy,
                               horizon: p.optionalPositive(horizon) ?? .infinity, representation: p[exactRepresentation])
        }

        static let spec = ProtocolSpec(
            name: "traffic",
            summary: "many user pairs served at once: requests, multiplexed links, routing, swap-ASAP with tracked "
                + "Pauli frames, cut-offs; `runs` is the number of times the whole demand is served",
            parameters: [segments.definition, length.definition, channels.definition, memories.definition] + settings
                + linkParameters + moduleParameters,
            experiment: { (p) throws(NetworkError) in
                let n = try p[segments], k = try p[channels]
                var d = try chainDescription(p, segments: n, lengthKm: p[length] / Double(n), capacity: p[memories])
                for i in d.links.indices { d.links[i].channels = k }
                return try experiment(p, d)
            },
            network: NetworkForm(parameters: { d in
                [users.definition(on: d), randomNodes.definition(on: d), hotspot.definition(on: d)] + settings
            }, experiment: experiment))
    }
}
