import QuantumNetwork
import QuantumSim
import RealModule
import Testing

/// A chain A0–A1–…: links of the given lengths and source fidelities, every
/// node one module of `module`'s hardware.
private func chain(_ lengths: [Double], fidelities: [Double]? = nil, attenuation: Double = 0.2,
                   module: ProcessorModule = .ideal(), channels: Int = 1) throws -> Network {
    var net = Network()
    for i in 0...lengths.count { try net.addNode("A\(i)", modules: [module]) }
    for (i, km) in lengths.enumerated() {
        let link = try QuantumLink(lengthKm: km, attenuationDbPerKm: attenuation,
                                   sourceFidelity: fidelities?[i] ?? 1)
        try net.connect("A\(i)", "A\(i + 1)", by: link, channels: channels)
    }
    return net
}

private func nodes(_ n: Int) -> [String] { (0..<n).map { "A\($0)" } }

private func oneRequest(_ from: String, _ to: String, pairs: Int = 1, deadline: Double? = nil) throws -> TrafficDemand {
    .fixed([try TrafficRequest(source: from, destination: to, pairs: pairs, deadline: deadline)])
}

/// The 15-node metro network past saturation: 2 channels per link, 4 slots
/// per node, six user pairs across the core at 3,000 requests/s for 5 ms.
private func saturatedMetro() throws -> (NetworkDescription, TrafficDemand) {
    var link = LinkDescription(a: LinkEnd(node: ""), b: LinkEnd(node: ""), sourceEfficiency: 0.5)
    link.channels = 2
    var metro = NetworkDescription.metro15(link: link)
    for i in metro.nodes.indices { metro.nodes[i].modules = [ModuleDescription(capacity: 4)] }
    let users = [("K6", "K10"), ("K7", "K11"), ("K8", "K13"), ("K9", "K14"), ("K12", "K6"), ("K13", "K7")]
        .map { UserPair($0.0, $0.1) }
    return (metro, TrafficDemand.poisson(try PoissonArrivals(users: users, rate: 3000, until: 0.005)))
}

/// One recurrence step on Bell-diagonal weights (Φ⁺, Ψ⁻, Ψ⁺, Φ⁻):
/// ((A²+B²), 2CD, (C²+D²), 2AB)/N, N = (A+B)² + (C+D)², and N. DEJMPS's map,
/// and on Werner input BBPSSW's too.
private func recurrence(_ p: [Double]) -> (p: [Double], n: Double) {
    let n = (p[0] + p[1]) * (p[0] + p[1]) + (p[2] + p[3]) * (p[2] + p[3])
    return ([(p[0] * p[0] + p[1] * p[1]) / n, 2 * p[2] * p[3] / n, (p[2] * p[2] + p[3] * p[3]) / n, 2 * p[0] * p[1] / n], n)
}

@Suite struct TrafficTests {
    /// Physical corrections in a tree order are RepeaterChain's protocol:
    /// on the same unequal links, decaying memories, noisy gates and seeds,
    /// the traffic engine makes the same draws in the same order and
    /// delivers the same pair at the same time.
    @Test(arguments: [TrafficPolicy.SwapOrder.sequential, .nested])
    func oneRequestIsTheRepeaterChain(order: TrafficPolicy.SwapOrder) throws {
        let module = try ProcessorModule(memory: MemoryModel(t1: 0.5, t2: 0.02), twoQubitGateError: 0.01,
                                         measurementError: 0.005)
        let net = try chain([10, 25, 15, 40], fidelities: [0.97, 0.92, 0.95, 0.9], module: module)
        let scheme: RepeaterChain.Scheme = order == .nested ? .nested : .sequential
        for cutoff in [nil, 1.5e-3] as [Double?] {
            let reference = try RepeaterChain(network: net, path: nodes(5), scheme: scheme, cutoff: cutoff)
            let traffic = try Traffic(network: net, demand: oneRequest("A0", "A4"),
                                      policy: TrafficPolicy(swapOrder: order, corrections: .physical, cutoff: cutoff))
            for seed: UInt64 in 1...40 {
                let chainRun = try reference.runOnce(seed: seed).outcome
                let served = try traffic.runOnce(seed: seed).requests[0]
                #expect(served.outcome == .delivered)
                #expect(served.fidelities == [try #require(chainRun.fidelity)], "seed \(seed), cut-off \(String(describing: cutoff))")
                #expect(served.end == chainRun.time, "seed \(seed)")
            }
        }
    }

    /// Three links of τ = L·5 µs/km, every attempt succeeding, pure
    /// dephasing memories: the qubits' waits add to 13τ with tracked frames
    /// (both swaps at 2τ, in either order; delivery at 4τ) and 17τ with
    /// physical corrections (node 2 waits for node 1's correction until 3τ;
    /// delivery at 5τ), and F = (1 + e^(−Σt/T2))/2. The frame wins by
    /// exactly the wait it saves.
    @Test(arguments: [TrafficPolicy.SwapOrder.asap, .sequential])
    func trackedFramesSaveTheWaitForCorrections(order: TrafficPolicy.SwapOrder) throws {
        let (km, t2) = (20.0, 1e-3), tau = 20.0 * 5e-6
        let module = try ProcessorModule(memory: MemoryModel(t1: .infinity, t2: t2))
        let net = try chain([km, km, km], attenuation: 0, module: module)
        func served(_ corrections: TrafficPolicy.Corrections) throws -> ServedRequestRecord {
            let t = try Traffic(network: net, demand: oneRequest("A0", "A3"),
                                policy: TrafficPolicy(swapOrder: order, corrections: corrections))
            return try t.runOnce(seed: 5).requests[0]
        }
        let frame = try served(.frame), physical = try served(.physical)
        #expect(abs(frame.fidelities[0] - (1 + Double.exp(-13 * tau / t2)) / 2) < 1e-12)
        #expect(abs(physical.fidelities[0] - (1 + Double.exp(-17 * tau / t2)) / 2) < 1e-12)
        #expect(abs(frame.end - 4 * tau) < 1e-15)
        #expect(abs(physical.end - 5 * tau) < 1e-15)
    }

    /// With perfect memories the frame changes nothing: on lossy unequal
    /// links (random swap orders under swap-ASAP) every delivered Werner
    /// chain has F = 1/4 + 3/4·Π w_i, with frames and with corrections.
    @Test(arguments: TrafficPolicy.Corrections.allCases)
    func perfectMemoriesGiveTheWernerChainWhateverTheCorrections(corrections: TrafficPolicy.Corrections) throws {
        let fs = [0.99, 0.93, 0.97, 0.95, 0.9]
        let net = try chain([30, 5, 50, 12, 22], fidelities: fs)
        let expected = 0.25 + 0.75 * fs.map(wernerParameter).reduce(1, *)
        let t = try Traffic(network: net, demand: oneRequest("A0", "A5", pairs: 3),
                            policy: TrafficPolicy(swapOrder: .asap, corrections: corrections))
        let result = try t.run(runs: 30, seed: 9)
        #expect(result.fidelities.count == 90)
        for f in result.fidelities { #expect(abs(f - expected) < 1e-12) }
    }

    /// State vectors make the frame visible: a wrong Pauli frame turns Φ⁺
    /// into another Bell state (fidelity 0). Perfect sources give F = 1 in
    /// every run; Werner sources are Φ⁺ with probability Π over links of
    /// (links' chance of an even Pauli product), here within 4 SE.
    @Test func stateVectorFramesDeliverPhiPlus() throws {
        let net = try chain([30, 5, 50, 12, 22])
        for order in TrafficPolicy.SwapOrder.allCases {
            let t = try Traffic(network: net, demand: oneRequest("A0", "A5", pairs: 4),
                                policy: TrafficPolicy(swapOrder: order), representation: .stateVector)
            let fs = try t.run(runs: 25, seed: 2).fidelities
            #expect(fs.count == 100)
            for f in fs { #expect(abs(f - 1) < 1e-12, "\(order)") }
        }
        let f = 0.9
        let noisy = try Traffic(network: chain([10, 10, 10], fidelities: [f, f, f]), demand: oneRequest("A0", "A3"),
                                policy: TrafficPolicy(), representation: .stateVector)
        let estimate = Estimate(samples: try noisy.run(runs: 4000, seed: 3).fidelities)
        expectWithin4SE(estimate, 0.25 + 0.75 * Double.pow(wernerParameter(f), 3))
    }

    /// k channels attempting side by side for m attempt times each: the
    /// pairs delivered are Binomial(k·m, p), k times one channel's.
    @Test(arguments: [1, 4])
    func parallelChannelsMultiplyTheLinkRate(channels k: Int) throws {
        let net = try chain([20], channels: k)
        let link = net.links[0].link, p = link.successProbability, m = 50
        let horizon = (Double(m) + 0.5) * link.attemptDuration
        let t = try Traffic(network: net, demand: oneRequest("A0", "A1", pairs: 1_000_000),
                            policy: TrafficPolicy(), horizon: horizon)
        let runs = 300
        let result = try t.run(runs: runs, seed: 17)
        let perRun = result.runs.map { Double($0.requests[0].fidelities.count) }
        let n = Double(k * m)
        let expected = Estimate(mean: n * p, standardError: (n * p * (1 - p) / Double(runs)).squareRoot(), count: runs)
        expectWithin4SE(Estimate(mean: perRun.reduce(0, +) / Double(runs), standardError: expected.standardError,
                                 count: runs), n * p)
        #expect(result.runs.allSatisfy { $0.requests[0].outcome == .unfinished })
        // Every channel is busy all the time.
        for run in result.runs { #expect(abs(try #require(run.linkUtilisation[0]) - 1) < 1e-9) }
    }

    /// First come, first served on one channel: the first request takes
    /// every attempt until its a-th pair, then the second its b: their ends
    /// are sums of a and a + b geometric waits, T·a/p and T·(a + b)/p on average.
    @Test func firstComeFirstServedSplitsABottleneckInArrivalOrder() throws {
        let net = try chain([25])
        let link = net.links[0].link, p = link.successProbability, T = link.attemptDuration
        let (a, b) = (3, 5)
        let demand = TrafficDemand.fixed([
            try TrafficRequest(source: "A0", destination: "A1", pairs: a),
            try TrafficRequest(source: "A1", destination: "A0", pairs: b),
        ])
        let runs = 2000
        let result = try Traffic(network: net, demand: demand, policy: TrafficPolicy()).run(runs: runs, seed: 4)
        func ends(_ i: Int) -> Estimate { Estimate(samples: result.runs.map { $0.requests[i].end }) }
        // A sum of n geometric waits of T has variance n·T²(1 − p)/p².
        func expected(_ n: Int) -> Estimate {
            Estimate(mean: T * Double(n) / p, standardError: T * (Double(n) * (1 - p)).squareRoot() / p / Double(runs).squareRoot(), count: runs)
        }
        for (i, n) in [(0, a), (1, a + b)] {
            let e = ends(i)
            #expect(abs(e.mean - expected(n).mean) <= 4 * expected(n).standardError, "request \(i): \(e) vs \(expected(n))")
        }
        #expect(result.runs.allSatisfy { $0.requests[0].end < $0.requests[1].end })
    }

    /// Poisson traffic on a ring with contention, cut-offs and deadlines:
    /// every heralded link pair is delivered, discarded (with its reason) or
    /// held at the end; every request ends once; and the time integral of
    /// the requests in the system is the sum of their sojourns (Little's
    /// law on the sample path).
    @Test(arguments: TrafficPolicy.Admission.allCases, TrafficPolicy.Allocation.allCases)
    func everyPairAndRequestIsAccountedFor(admission: TrafficPolicy.Admission,
                                           allocation: TrafficPolicy.Allocation) throws {
        let module = try ProcessorModule(capacity: 4, memory: MemoryModel(t1: 1, t2: 0.005))
        var net = try chain([20, 30, 25, 15], fidelities: [0.9, 0.95, 0.9, 0.95], module: module, channels: 2)
        try net.connect("A4", "A0", by: QuantumLink(lengthKm: 35, sourceFidelity: 0.9), channels: 2)
        let arrivals = try PoissonArrivals(users: [UserPair("A0", "A2"), UserPair("A1", "A3"), UserPair("A4", "A2")],
                                           rate: 800, until: 0.02, pairs: 2, deadline: 4e-3)
        var outcomes: Set<RequestOutcome> = []
        var (cutOff, requestEnded, purificationFailed) = (0, 0, 0)
        for purification in [nil, try TrafficPolicy.PairPurification(scheme: .dejmps)] {
        let policy = try TrafficPolicy(swapOrder: .asap, corrections: .frame, admission: admission,
                                       allocation: allocation, purification: purification, cutoff: 1e-3)
        let t = try Traffic(network: net, demand: .poisson(arrivals), policy: policy, horizon: 0.05)
        for seed: UInt64 in 1...20 {
            let run = try t.runOnce(seed: seed)
            let l = run.linkPairs
            #expect(l.heralded == l.delivered + l.cutOff + l.requestEnded + l.purificationFailed + l.held,
                    "seed \(seed): \(l)")
            purificationFailed += l.purificationFailed
            cutOff += l.cutOff
            requestEnded += l.requestEnded
            var delivered = 0
            for r in run.requests {
                outcomes.insert(r.outcome)
                delivered += r.fidelities.count * (r.path.count - 1)
                switch r.outcome {
                case .delivered: #expect(r.fidelities.count == r.request.pairs)
                case .expired:
                    #expect(r.fidelities.count < r.request.pairs)
                    #expect(abs(r.end - r.request.start - 4e-3) < 1e-12)
                case .blocked: #expect(r.fidelities.isEmpty && r.end == r.request.start)
                case .unfinished: #expect(r.end == run.duration)
                }
                #expect(r.pairLatencies.allSatisfy { $0 >= 0 && $0 <= r.sojourn + 1e-15 })
            }
            #expect(delivered * (purification == nil ? 1 : 2) == l.delivered)
            let sojourns = run.requests.reduce(0) { $0 + $1.sojourn }
            #expect(abs(run.meanRequestsInSystem * run.duration - sojourns) <= 1e-9 * sojourns)
        }
        }
        #expect(purificationFailed > 0)
        #expect(cutOff > 0 && requestEnded > 0)
        #expect(outcomes.contains(.delivered) && outcomes.contains(.expired))
        if admission == .block { #expect(outcomes.contains(.blocked)) }
    }

    /// Two requests over a 2-hop chain whose middle node has 2 slots, every
    /// attempt succeeding (τ = L·5 µs/km). On demand, the second starts as
    /// soon as the first's swap frees the middle (2τ) and ends at 5τ; with
    /// reservations it waits until the first has ended (3τ) and ends at 6τ.
    @Test func reservationsHoldThePathUntilTheRequestEnds() throws {
        let tau = 10.0 * 5e-6
        var net = Network()
        for (name, slots) in [("A0", 4), ("A1", 2), ("A2", 4)] {
            try net.addNode(name, modules: [.ideal(capacity: slots)])
        }
        try net.connect("A0", "A1", by: QuantumLink(lengthKm: 10, attenuationDbPerKm: 0), channels: 2)
        try net.connect("A1", "A2", by: QuantumLink(lengthKm: 10, attenuationDbPerKm: 0), channels: 2)
        let demand = TrafficDemand.fixed([try TrafficRequest(source: "A0", destination: "A2"),
                                          try TrafficRequest(source: "A0", destination: "A2")])
        for (allocation, second) in [(TrafficPolicy.Allocation.onDemand, 5.0), (.reservePath, 6.0)] {
            let t = try Traffic(network: net, demand: demand, policy: TrafficPolicy(allocation: allocation))
            let run = try t.runOnce(seed: 1)
            #expect(abs(run.requests[0].end - 3 * tau) < 1e-15, "\(allocation)")
            #expect(abs(run.requests[1].end - second * tau) < 1e-15, "\(allocation)")
        }
    }

    /// One link of 4 channels, 4 slots at each end, every attempt
    /// succeeding in T; two requests for 100 pairs each at time 0. On
    /// demand the first takes all 4 channels (4 pairs per T) and ends at
    /// 25T, the second then at 50T. With node shares the first, alone for
    /// an instant at time 0, starts 4 attempts; from T on each holds its 2
    /// slots and gets 2 pairs per T: the first ends at (100 − 4)/2 + 1 =
    /// 49T, the second, with all 4 channels for its last 4 pairs, at 50T.
    @Test func nodeSharesSplitANodeEvenly() throws {
        var net = Network()
        for n in ["A0", "A1"] { try net.addNode(n, modules: [.ideal(capacity: 4)]) }
        try net.connect("A0", "A1", by: QuantumLink(lengthKm: 10, attenuationDbPerKm: 0), channels: 4)
        let T = net.links[0].link.attemptDuration
        let demand = TrafficDemand.fixed([try TrafficRequest(source: "A0", destination: "A1", pairs: 100),
                                          try TrafficRequest(source: "A1", destination: "A0", pairs: 100)])
        for (allocation, ends) in [(TrafficPolicy.Allocation.onDemand, [25.0, 50]), (.nodeShare, [49.0, 50])] {
            let run = try Traffic(network: net, demand: demand, policy: TrafficPolicy(allocation: allocation)).runOnce(seed: 1)
            for (r, end) in zip(run.requests, ends) {
                #expect(r.outcome == .delivered && abs(r.end - end * T) < 1e-12, "\(allocation): \(r.end / T) T")
            }
        }
    }

    /// The metro network past saturation, no cut-off: on demand, requests
    /// holding parts of their paths wait on each other's slots for ever (the
    /// run ends with nothing left to happen and requests unfinished);
    /// reserving the path first serves every request.
    @Test func reservationsAvoidTheDeadlockOfOnDemandSlots() throws {
        let (metro, demand) = try saturatedMetro()
        var deadlocked = 0
        for seed: UInt64 in 1...5 {
            let onDemand = try Traffic(network: metro.build(), demand: demand, policy: TrafficPolicy()).runOnce(seed: seed)
            let stuck = onDemand.requests.contains(where: { $0.outcome == .unfinished })
            if stuck { deadlocked += 1 }
            // No horizon and no cut-off: a run with requests left open ran out
            // of events (a deadlock), and says so.
            #expect(onDemand.stalled == stuck, "seed \(seed)")
            let reserving = try Traffic(network: metro.build(), demand: demand,
                                        policy: TrafficPolicy(allocation: .reservePath)).runOnce(seed: seed)
            #expect(reserving.requests.allSatisfy { $0.outcome == .delivered }, "seed \(seed)")
            let l = reserving.linkPairs
            #expect(l.heralded == l.delivered && l.held == 0)
        }
        #expect(deadlocked >= 3, "on-demand slots deadlocked in \(deadlocked) of 5 runs")
    }

    /// Nested purification with reserved paths: each node reserves, per
    /// side, rounds + 1 slots for every span of the swap tree ending there,
    /// because a span is purified while the spans inside it are still being
    /// made. With only one span's worth (the hop's) every run deadlocked and
    /// delivered nothing; now every pair is delivered on 2, 4 and 8 hops. A
    /// module too small for the reservation is refused by name.
    @Test(arguments: [(1, 2), (1, 4), (1, 8), (2, 4)])
    func nestedPurificationReservesASpanOfSlotsPerLevel(rounds: Int, hops: Int) throws {
        let module = try ProcessorModule(capacity: 16)
        let net = try chain(Array(repeating: 5, count: hops), fidelities: Array(repeating: 0.9, count: hops), module: module)
        let policy = try TrafficPolicy(swapOrder: .nested, allocation: .reservePath,
                                       purification: .init(scheme: .dejmps, rounds: rounds, scope: .nested))
        let t = try Traffic(network: net, demand: oneRequest("A0", "A\(hops)", pairs: 3), policy: policy, horizon: 5)
        for seed: UInt64 in 1...6 {
            let run = try t.runOnce(seed: seed)
            #expect(run.requests[0].outcome == .delivered && run.requests[0].fidelities.count == 3 && !run.stalled,
                    "rounds \(rounds), \(hops) hops, seed \(seed)")
        }
        // Node A4 of 8 hops, 2 rounds: spans [0,4], [2,4] and the hop behind, [4,6], [4,8] and the hop ahead: 6 × 3.
        let small = try chain(Array(repeating: 5, count: 8), module: try ProcessorModule(capacity: 17))
        let deep = try TrafficPolicy(swapOrder: .nested, allocation: .reservePath,
                                     purification: .init(scheme: .dejmps, rounds: 2, scope: .nested))
        #expect(throws: NetworkError.self) {
            try Traffic(network: small, demand: oneRequest("A0", "A8"), policy: deep)
        }
        do {
            _ = try Traffic(network: small, demand: oneRequest("A0", "A8"), policy: deep)
        } catch {
            #expect("\(error)".contains("A4") && "\(error)".contains("at least 18 slots"), "\(error)")
        }
    }

    /// A trace tells the run's story and changes nothing: the same record
    /// with and without an observer; a herald per link pair heralded; every
    /// pair made once (herald or swap) and used at most once (swap, discard,
    /// delivery); deliveries carry the recorded fidelities in order.
    @Test(arguments: TrafficPolicy.Corrections.allCases)
    func tracesMatchTheRunTheyDescribe(corrections: TrafficPolicy.Corrections) throws {
        let module = try ProcessorModule(capacity: 3, memory: MemoryModel(t1: 1, t2: 0.005))
        var net = try chain([20, 30, 25, 15], module: module, channels: 2)
        try net.connect("A4", "A0", by: QuantumLink(lengthKm: 35), channels: 2)
        let arrivals = try PoissonArrivals(users: [UserPair("A0", "A2"), UserPair("A1", "A3")],
                                           rate: 800, until: 0.01, pairs: 2, deadline: 4e-3)
        let t = try Traffic(network: net, demand: .poisson(arrivals),
                            policy: TrafficPolicy(corrections: corrections, cutoff: 1e-3))
        var events: [TraceEvent] = []
        let traced = try t.runOnce(seed: 3) { events.append($0) }
        let plain = try t.runOnce(seed: 3)
        #expect(traced.requests == plain.requests && traced.linkPairs == plain.linkPairs)
        #expect(events.count(where: { $0.kind == .herald }) + events.count(where: { $0.note == "heralded after its request ended" })
            == traced.linkPairs.heralded)
        var made = Set<Int>(), used = Set<Int>()
        for e in events {
            if e.kind == .herald || e.kind == .swap, let p = e.pair { #expect(made.insert(p).inserted) }
            for p in e.from { #expect(made.contains(p) && used.insert(p).inserted) }
            if e.kind == .delivery || e.kind == .discard, let p = e.pair { #expect(made.contains(p) && used.insert(p).inserted) }
        }
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time })
        for (i, r) in traced.requests.enumerated() {
            let delivered = events.filter { $0.kind == .delivery && $0.request == i }.compactMap(\.value)
            #expect(delivered == r.fidelities)
            #expect(events.filter { $0.kind == .end || $0.kind == .blocked }.filter { $0.request == i }.map(\.note)
                == [r.outcome.rawValue])
        }
        let kinds = Set(events.map(\.kind))
        #expect(kinds.isSuperset(of: [.arrival, .attempt, .herald, .swap, .delivery, .discard, .end]))
        #expect(kinds.contains(corrections == .frame ? .frame : .correction))
    }

    /// Two requests at once between opposite nodes of a 4-node ring of equal
    /// links, every attempt succeeding. With the first path only, the
    /// second waits for the first's channel and ends at 5τ; choosing the
    /// least loaded of the two paths at admission sends it the other way,
    /// and both end at 3τ.
    @Test func theLeastLoadedPathTakesTheOtherWayRound() throws {
        let tau = 10.0 * 5e-6
        var ring = Network()
        for i in 0..<4 { try ring.addNode("n\(i)") }
        for i in 0..<4 { try ring.connect("n\(i)", "n\((i + 1) % 4)", by: QuantumLink(lengthKm: 10, attenuationDbPerKm: 0)) }
        let demand = TrafficDemand.fixed([try TrafficRequest(source: "n0", destination: "n2"),
                                          try TrafficRequest(source: "n0", destination: "n2")])
        let fixed = try Traffic(network: ring, demand: demand, policy: TrafficPolicy(paths: 2)).runOnce(seed: 1)
        #expect(fixed.requests.map(\.path) == [["n0", "n1", "n2"], ["n0", "n1", "n2"]])
        #expect(abs(fixed.requests[1].end - 5 * tau) < 1e-15)
        let adaptive = try Traffic(network: ring, demand: demand, policy: TrafficPolicy(paths: 2, pathChoice: .leastLoaded))
        #expect(adaptive.paths(of: UserPair("n0", "n2")) == [["n0", "n1", "n2"], ["n0", "n3", "n2"]])
        let run = try adaptive.runOnce(seed: 1)
        #expect(run.requests.map(\.path) == [["n0", "n1", "n2"], ["n0", "n3", "n2"]])
        for r in run.requests { #expect(abs(r.end - 3 * tau) < 1e-15) }
    }

    /// Purify-then-swap on two hops of Werner(F) links, perfect memories
    /// and gates. A recurrence step maps a Bell-diagonal pair (A, B, C, D)
    /// to ((A²+B²), 2CD, (C²+D²), 2AB)/N with N = (A+B)² + (C+D)², which on
    /// Werner input is what both BBPSSW and DEJMPS give; BBPSSW twirls back
    /// to Werner before its next step, DEJMPS does not. The swap of pairs p
    /// and q has F = Σ p_i q_i. Every delivered pair has that fidelity, and
    /// one-round steps succeed at rate N (within 4 SE).
    @Test(arguments: Purification.Scheme.allCases, [1, 2])
    func purifyThenSwapFollowsTheRecurrenceAndTheSwapClosedForm(scheme: Purification.Scheme, rounds: Int) throws {
        let f = 0.85, w = (1 - f) / 3
        var hop = [f, w, w, w], firstRate = 0.0
        for r in 1...rounds {
            if scheme == .bbpssw { hop = [hop[0]] + Array(repeating: (1 - hop[0]) / 3, count: 3) }
            let (next, n) = recurrence(hop)
            if r == 1 { firstRate = n }
            hop = next
        }
        let expected = zip(hop, hop).map(*).reduce(0, +)
        let net = try chain([10, 10], fidelities: [f, f], module: .ideal(capacity: 8))
        let policy = try TrafficPolicy(purification: TrafficPolicy.PairPurification(scheme: scheme, rounds: rounds))
        let t = try Traffic(network: net, demand: oneRequest("A0", "A2", pairs: 10), policy: policy)
        // A twirl maps a Werner pair to itself but a pair purified once to one of three
        // Bell-diagonal states: BBPSSW's second round is Werner only on average.
        let exact = scheme == .dejmps || rounds == 1
        var kept = 0, steps = 0, delivered = 0, all: [Double] = []
        for seed: UInt64 in 1...(rounds == 1 ? 40 : 10) {
            var events: [TraceEvent] = []
            let run = try t.runOnce(seed: seed) { events.append($0) }
            all += run.requests[0].fidelities
            for fidelity in run.requests[0].fidelities where exact {
                #expect(abs(fidelity - expected) < 1e-12, "\(scheme) × \(rounds), seed \(seed)")
            }
            delivered += run.requests[0].fidelities.count
            kept += events.count { $0.kind == .purification && $0.note == "kept" }
            steps += events.count { $0.kind == .purification }
            #expect(run.linkPairs.delivered == run.requests[0].fidelities.count * 2 * (1 << rounds))
        }
        #expect(delivered == (rounds == 1 ? 400 : 100))
        if !exact { expectWithin4SE(Estimate(samples: all), expected) }
        if rounds == 1 {
            let rate = Double(kept) / Double(steps)
            expectWithin4SE(Estimate(mean: rate, standardError: (firstRate * (1 - firstRate) / Double(steps)).squareRoot(),
                                     count: steps), firstRate)
        }
    }

    /// Past saturation with slots on demand and a cut-off, requests hold
    /// slots the others wait for and cut-offs free and refill them for
    /// ever: without a horizon the run must still end. It stops once
    /// nothing was delivered for the stall time, the open requests
    /// unfinished; reserving paths never stalls.
    @Test func aLivelockedRunStopsAndSaysSo() throws {
        let (metro, demand) = try saturatedMetro()
        let onDemand = try Traffic(network: metro.build(), demand: demand, policy: TrafficPolicy(cutoff: 0.002))
        #expect(onDemand.stallTime >= 0.1)
        var stalls = 0
        for seed: UInt64 in 1...5 {
            let run = try onDemand.runOnce(seed: seed)
            if run.stalled {
                stalls += 1
                #expect(run.requests.contains { $0.outcome == .unfinished })
                #expect(run.duration < 0.005 + 2 * onDemand.stallTime)
            }
        }
        #expect(stalls >= 3, "\(stalls) of 5 runs stalled")
        let reserving = try Traffic(network: metro.build(), demand: demand,
                                    policy: TrafficPolicy(allocation: .reservePath, cutoff: 0.002))
        for seed: UInt64 in 1...5 { #expect(!(try reserving.runOnce(seed: seed).stalled)) }
    }

    /// Multipath on a 4-ring of equal links, every attempt succeeding: one
    /// request for 4 pairs from n0 to n2. On its best path alone the pairs
    /// come at 3τ, 5τ, 7τ, 9τ; spread over both paths, two at 3τ and two at
    /// 5τ. The request is one record naming both paths, and it is one
    /// request in the system (Little's law on the sample path).
    @Test func multipathSpreadsARequestsPairsOverItsPaths() throws {
        let tau = 10.0 * 5e-6
        var ring = Network()
        for i in 0..<4 { try ring.addNode("n\(i)") }
        for i in 0..<4 { try ring.connect("n\(i)", "n\((i + 1) % 4)", by: QuantumLink(lengthKm: 10, attenuationDbPerKm: 0)) }
        let demand = try oneRequest("n0", "n2", pairs: 4)
        let single = try Traffic(network: ring, demand: demand, policy: TrafficPolicy(paths: 2)).runOnce(seed: 1)
        #expect(single.requests.count == 1)
        for (got, want) in zip(single.requests[0].pairLatencies, [3.0, 5, 7, 9]) { #expect(abs(got - want * tau) < 1e-15) }
        let spread = try Traffic(network: ring, demand: demand, policy: TrafficPolicy(paths: 2, pathChoice: .spread))
            .runOnce(seed: 1)
        let r = try #require(spread.requests.first)
        #expect(spread.requests.count == 1 && r.outcome == .delivered && r.fidelities.count == 4)
        #expect(r.paths == [["n0", "n1", "n2"], ["n0", "n3", "n2"]])
        for (got, want) in zip(r.pairLatencies, [3.0, 3, 5, 5]) { #expect(abs(got - want * tau) < 1e-15) }
        #expect(abs(r.end - 5 * tau) < 1e-15)
        #expect(abs(spread.meanRequestsInSystem * spread.duration - r.sojourn) < 1e-18)
        // Three pairs over two paths: two on the better one.
        let odd = try Traffic(network: ring, demand: oneRequest("n0", "n2", pairs: 3),
                              policy: TrafficPolicy(paths: 2, pathChoice: .spread)).runOnce(seed: 1)
        for (got, want) in zip(odd.requests[0].pairLatencies, [3.0, 3, 5]) { #expect(abs(got - want * tau) < 1e-15) }
    }

    /// End-to-end purification on two hops of Werner(F) links, perfect
    /// memories: the swapped pair is Werner with A = F² + 3w² (w = (1−F)/3),
    /// its frame is applied once both ends know it, and the recurrence then
    /// maps it as for a hop pair. Every delivered pair has the result's
    /// weight A (DEJMPS 1 and 2 rounds, BBPSSW 1 round); forgetting the
    /// frame would leave most pairs another Bell state.
    @Test(arguments: [(Purification.Scheme.dejmps, 1), (.dejmps, 2), (.bbpssw, 1)])
    func endToEndPurificationFollowsTheRecurrence(scheme: Purification.Scheme, rounds: Int) throws {
        let f = 0.85, w = (1 - f) / 3
        var p = [f * f + 3 * w * w] + Array(repeating: (1 - f * f - 3 * w * w) / 3, count: 3)
        for _ in 0..<rounds { p = recurrence(p).p }
        let net = try chain([10, 10], fidelities: [f, f], module: .ideal(capacity: 8))
        for corrections in TrafficPolicy.Corrections.allCases {
            let purify = try TrafficPolicy.PairPurification(scheme: scheme, rounds: rounds, scope: .endToEnd)
            let t = try Traffic(network: net, demand: oneRequest("A0", "A2", pairs: 5),
                                policy: TrafficPolicy(corrections: corrections, purification: purify))
            var delivered = 0
            for seed: UInt64 in 1...20 {
                let run = try t.runOnce(seed: seed)
                #expect(run.requests[0].outcome == .delivered)
                for fidelity in run.requests[0].fidelities {
                    #expect(abs(fidelity - p[0]) < 1e-12, "\(scheme) × \(rounds), \(corrections), seed \(seed)")
                }
                delivered += run.requests[0].fidelities.count
                let l = run.linkPairs
                #expect(l.heralded == l.delivered + l.purificationFailed + l.held + l.cutOff + l.requestEnded)
            }
            #expect(delivered == 100)
        }
    }

    /// Random pairs: one Poisson process of rate λ over the network, each
    /// request between a uniformly drawn ordered pair of the n nodes, or
    /// with probability h between the hotspot and another node. Counted
    /// over 5 runs of λ = 3000/s for 1 s (served only until 1 ns: the
    /// requests are what is checked): the total is Poisson, each of the
    /// n(n−1) pairs gets 1/(n(n−1)) of them, and with a hotspot the share
    /// of requests touching it is h + (1 − h)·2/n, each within 4 SE.
    @Test func randomPairsAreDrawnUniformlyOrAroundAHotspot() throws {
        var ring = Network()
        let names = (0..<6).map { "n\($0)" }
        for n in names { try ring.addNode(n) }
        for i in 0..<6 { try ring.connect(names[i], names[(i + 1) % 6], by: QuantumLink(lengthKm: 2)) }
        func requests(_ arrivals: RandomPairArrivals) throws -> [TrafficRequest] {
            let t = try Traffic(network: ring, demand: .randomPairs(arrivals), policy: TrafficPolicy(), horizon: 1e-9)
            return try (1...5 as ClosedRange<UInt64>).flatMap { seed in try t.runOnce(seed: seed).requests.map(\.request) }
        }
        let uniform = try requests(RandomPairArrivals(nodes: names, rate: 3000, until: 1))
        expectWithin4SE(Estimate(mean: Double(uniform.count), standardError: (15000.0).squareRoot(), count: 5), 15000)
        var counts: [UserPair: Int] = [:]
        for r in uniform { counts[UserPair(r.source, r.destination), default: 0] += 1 }
        #expect(counts.count == 30)
        let n = Double(uniform.count), q = 1.0 / 30
        for (pair, c) in counts {
            #expect(abs(Double(c) - n * q) <= 4 * (n * q * (1 - q)).squareRoot(), "\(pair): \(c) of \(Int(n))")
        }
        let hot = try requests(RandomPairArrivals(nodes: names, rate: 3000, until: 1, hotspot: "n0", hotspotShare: 0.5))
        let touching = Double(hot.count { $0.source == "n0" || $0.destination == "n0" }) / Double(hot.count)
        let expected = 0.5 + 0.5 * 2 / 6
        expectWithin4SE(Estimate(mean: touching, standardError: (expected * (1 - expected) / Double(hot.count)).squareRoot(),
                                 count: hot.count), expected)
        #expect(throws: NetworkError.self) { try RandomPairArrivals(nodes: ["n0"], rate: 1, until: 1) }
        #expect(throws: NetworkError.self) { try RandomPairArrivals(nodes: names, rate: 1, until: 1, hotspot: "x") }
        #expect(throws: NetworkError.self) { try RandomPairArrivals(nodes: names, rate: 1, until: 1, hotspotShare: 2) }
        #expect(throws: NetworkError.self) { try RandomPairArrivals(nodes: ["n0", "n0"], rate: 1, until: 1) }
    }

    /// Dür–Briegel's nested purify-and-swap on two hops of Werner(F)
    /// links, perfect memories, DEJMPS: each hop pair is purified, the two
    /// are swapped (the Bell-diagonal weights convolve over the Pauli group:
    /// Φ⁺ = I, Ψ⁺ = X, Φ⁻ = Z, Ψ⁻ = Y), and the swapped pair, its frame
    /// applied, is purified again. Every delivered pair has the result's Φ⁺
    /// weight, with frames and with corrections. The labelling matters here:
    /// the swapped pair is not Werner.
    @Test func nestedPurifyAndSwapFollowsTheRecurrenceAtEveryLevel() throws {
        let f = 0.85, w = (1 - f) / 3
        func dejmps(_ p: [Double]) -> [Double] { recurrence(p).p }
        let pauli = [0b00, 0b11, 0b10, 0b01] // (x, z) bits of I, Y, X, Z: Φ⁺, Ψ⁻, Ψ⁺, Φ⁻
        func swapped(_ p: [Double], _ q: [Double]) -> [Double] {
            var r = [0.0, 0, 0, 0]
            for i in 0..<4 { for j in 0..<4 { r[pauli.firstIndex(of: pauli[i] ^ pauli[j])!] += p[i] * q[j] } }
            return r
        }
        let hop = dejmps([f, w, w, w])
        let expected = dejmps(swapped(hop, hop))[0]
        let net = try chain([10, 10], fidelities: [f, f], module: .ideal(capacity: 8))
        let purify = try TrafficPolicy.PairPurification(scheme: .dejmps, scope: .nested)
        for corrections in TrafficPolicy.Corrections.allCases {
            let t = try Traffic(network: net, demand: oneRequest("A0", "A2", pairs: 5),
                                policy: TrafficPolicy(swapOrder: .nested, corrections: corrections, purification: purify))
            var delivered = 0
            for seed: UInt64 in 1...20 {
                let run = try t.runOnce(seed: seed)
                for fidelity in run.requests[0].fidelities {
                    #expect(abs(fidelity - expected) < 1e-12, "\(corrections), seed \(seed)")
                }
                delivered += run.requests[0].fidelities.count
                #expect(run.linkPairs.delivered == run.requests[0].fidelities.count * 8)
            }
            #expect(delivered == 100)
        }
        #expect(throws: NetworkError.self) {
            try Traffic(network: net, demand: oneRequest("A0", "A2"), policy: TrafficPolicy(purification: purify))
        }
    }

    /// until(F) on one link of Werner(0.85) pairs, DEJMPS, at most 4 rounds:
    /// one round gives 0.8841, two 0.9716, three 0.9960, four 0.9992 (the
    /// recurrence's closed form). A target of 0.88 stops after one round,
    /// 0.9 after two, 0.99 after three, and 0.9999 at the cap of four.
    @Test func purificationUntilATargetStopsAtTheFirstRoundThatReachesIt() throws {
        let f = 0.85, w = (1 - f) / 3
        var levels = [[f, w, w, w]]
        for _ in 0..<4 { levels.append(recurrence(levels[levels.count - 1]).p) }
        let net = try chain([10], fidelities: [f], module: .ideal(capacity: 8))
        for (target, rounds) in [(0.88, 1), (0.9, 2), (0.99, 3), (0.9999, 4)] {
            let purify = try TrafficPolicy.PairPurification(scheme: .dejmps, rounds: 4, until: target)
            let t = try Traffic(network: net, demand: oneRequest("A0", "A1", pairs: 5), policy: TrafficPolicy(purification: purify))
            for seed: UInt64 in 1...5 {
                let run = try t.runOnce(seed: seed)
                #expect(run.requests[0].fidelities.count == 5)
                for fidelity in run.requests[0].fidelities {
                    #expect(abs(fidelity - levels[rounds][0]) < 1e-12, "target \(target), seed \(seed)")
                }
            }
        }
        #expect(throws: NetworkError.self) { try TrafficPolicy.PairPurification(scheme: .dejmps, until: 1.5) }
    }

    @Test func sameSeedSameResults() throws {
        var net = try chain([20, 30, 25], channels: 3)
        try net.connect("A3", "A0", by: QuantumLink(lengthKm: 40), channels: 2)
        let arrivals = try PoissonArrivals(users: [UserPair("A0", "A2"), UserPair("A1", "A3")], rate: 300, until: 0.02)
        let t = try Traffic(network: net, demand: .poisson(arrivals), policy: TrafficPolicy(cutoff: 2e-3))
        let a = try t.run(runs: 4, seed: 77), b = try t.run(runs: 4, seed: 77)
        #expect(a.row == b.row)
        #expect(a.runs.map(\.requests) == b.runs.map(\.requests))
        #expect(try t.run(runs: 4, seed: 78).row != a.row)
    }

    @Test func badInputsAreClearErrors() throws {
        let net = try chain([10, 10])
        #expect(throws: NetworkError.self) { try TrafficRequest(source: "A0", destination: "A0") }
        #expect(throws: NetworkError.self) { try TrafficRequest(source: "A0", destination: "A1", pairs: 0) }
        #expect(throws: NetworkError.self) { try TrafficRequest(source: "A0", destination: "A1", deadline: -1) }
        #expect(throws: NetworkError.self) { try TrafficRequest(source: "A0", destination: "A1", minimumFidelity: 1.5) }
        #expect(throws: NetworkError.self) { try TrafficPolicy(cutoff: 0) }
        #expect(throws: NetworkError.self) { try PoissonArrivals(users: [], rate: 1, until: 1) }
        #expect(throws: NetworkError.self) { try PoissonArrivals(users: [UserPair("A0", "A1")], rate: .nan, until: 1) }
        #expect(throws: NetworkError.self) { try PoissonArrivals(users: [UserPair("A0", "A1")], rate: 1e9, until: 1) }
        #expect(throws: NetworkError.self) {
            try Traffic(network: net, demand: oneRequest("A0", "Z9"), policy: TrafficPolicy())
        }
        #expect(throws: NetworkError.self) {
            try Traffic(network: net, demand: oneRequest("A0", "A2"), policy: TrafficPolicy(), horizon: 0)
        }
        #expect(throws: NetworkError.self) { try Traffic(network: net, demand: oneRequest("A0", "A2"), policy: TrafficPolicy()).run(runs: 0, seed: 1) }
        // Reserving a path needs 2 slots at an inner node, 4 when purifying once.
        let small = try chain([10, 10], module: .ideal(capacity: 3))
        #expect(throws: NetworkError.self) {
            try Traffic(network: small, demand: oneRequest("A0", "A2"),
                        policy: TrafficPolicy(allocation: .reservePath, purification: .init(scheme: .dejmps)))
        }
        _ = try Traffic(network: small, demand: oneRequest("A0", "A2"), policy: TrafficPolicy(allocation: .reservePath))
        #expect(throws: NetworkError.self) { try TrafficPolicy.PairPurification(scheme: .bbpssw, rounds: 0) }
        var split = Network()
        try split.addNode("A0")
        try split.addNode("A1")
        #expect(throws: NetworkError.self) {
            try Traffic(network: split, demand: oneRequest("A0", "A1"), policy: TrafficPolicy())
        }
        do {
            _ = try PoissonArrivals(users: [UserPair("A0", "A1")], rate: -3, until: 1)
            Issue.record("a negative rate was accepted")
        } catch {
            #expect("\(error)".contains("-3"))
        }
    }
}
