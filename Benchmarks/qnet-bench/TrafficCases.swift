import Foundation
import QuantumNetwork
import QuantumSim

/// The traffic suite: the traffic engine's events per second on one core,
/// and wall time per simulated second, on three workloads of issue 18.
/// A row's unit is one event; its detail gives the events, the simulated
/// time, what was delivered and what the run held at most at once.
enum TrafficCases {
    struct Workload {
        let name: String
        let traffic: Traffic
        let what: String
    }

    static func workloads(quick: Bool) throws -> [Workload] {
        let memory = try MemoryModel(t1: 10, t2: 1)
        var out: [Workload] = []

        // 1. A 1,024-node line of 2 km links (p = 0.91 per attempt), one flow end to end wanting
        //    pairs one after another, swap-ASAP with tracked frames (SeQUeNCe's linear workload).
        let lineModule = ModuleDescription(capacity: 4, t1: memory.t1, t2: memory.t2)
        let lineLink = LinkDescription(a: LinkEnd(node: ""), b: LinkEnd(node: ""), sourceFidelity: 0.9999)
        let line = try NetworkDescription.generate(.chain(nodes: 1024), lengthKm: 2, modules: [lineModule], link: lineLink)
        let linePairs = quick ? 10 : 40
        out.append(Workload(
            name: "line-1024-asap",
            traffic: try Traffic(network: line.build(),
                                 demand: .fixed([try TrafficRequest(source: "n0", destination: "n1023", pairs: linePairs)]),
                                 policy: TrafficPolicy()),
            what: "\(linePairs) pairs n0→n1023"))

        // 2. A 512-node Waxman graph (200 km square, α 0.1, β 0.1), 4 channels per link, 100 flows
        //    between random routable node pairs, Poisson at 20/s each for 50 ms (MQNS's scale workload).
        var waxLink = lineLink
        waxLink.channels = 4
        let wax = try NetworkDescription.generate(.waxman(nodes: 512, sizeKm: 200, alpha: 0.1, beta: 0.1, seed: 5),
                                                  lengthKm: 0, modules: [ModuleDescription(capacity: 16, t1: 10, t2: 1)],
                                                  link: waxLink).build()
        var pick = SeededGenerator(seed: 11)
        var flows: [UserPair] = []
        while flows.count < 100 {
            let a = Int.random(in: 0..<512, using: &pick), b = Int.random(in: 0..<512, using: &pick)
            guard a != b, (try? wax.route(from: "n\(a)", to: "n\(b)", metric: .shortest)) != nil else { continue }
            flows.append(UserPair("n\(a)", "n\(b)"))
        }
        let waxWindow = quick ? 0.02 : 0.05
        out.append(Workload(
            name: "waxman-512-100-flows",
            traffic: try Traffic(network: wax,
                                 demand: .poisson(try PoissonArrivals(users: flows, rate: 20, until: waxWindow)),
                                 policy: TrafficPolicy(cutoff: 0.01), horizon: waxWindow),
            what: "100 flows × 20/s, 4 channels"))

        // 3. The 15-node metro network at saturation: six user pairs across it, Poisson at 5,000/s
        //    each, sources of efficiency 0.5, 2 channels per link, 8 slots per node, paths reserved.
        var metroLink = LinkDescription(a: LinkEnd(node: ""), b: LinkEnd(node: ""), sourceFidelity: 0.98,
                                        sourceEfficiency: 0.5)
        metroLink.channels = 2
        var metro = NetworkDescription.metro15(link: metroLink)
        for i in metro.nodes.indices { metro.nodes[i].modules = [ModuleDescription(capacity: 8, t1: 10, t2: 1)] }
        let metroUsers = [("K6", "K10"), ("K7", "K11"), ("K8", "K13"), ("K9", "K14"), ("K12", "K6"), ("K13", "K7")]
            .map { UserPair($0.0, $0.1) }
        let metroWindow = quick ? 0.01 : 0.03
        out.append(Workload(
            name: "metro-15-saturated",
            traffic: try Traffic(network: metro.build(),
                                 demand: .poisson(try PoissonArrivals(users: metroUsers, rate: 5000, until: metroWindow)),
                                 policy: TrafficPolicy(allocation: .reservePath, cutoff: 0.005), horizon: metroWindow),
            what: "6 flows × 5000/s, 2 channels"))
        return out
    }

    static func run(repeats: Int, quick: Bool, filter: String?, emit: (NetworkRow) -> Void) throws {
        for w in try workloads(quick: quick) where filter.map({ w.name.contains($0) }) ?? true {
            var last: TrafficRunRecord?
            var seed: UInt64 = 0
            let seconds = try Timing.median(repeats: repeats) {
                seed += 1
                last = try w.traffic.runOnce(seed: seed)
            }
            guard let r = last else { continue }
            let pairs = r.requests.reduce(0) { $0 + $1.fidelities.count }
            let perSimulated = r.duration > 0 ? seconds / r.duration : .nan
            emit(NetworkRow(
                name: w.name,
                detail: String(format: "%@: %d events, %.4f s simulated (%.2f s wall per simulated s), %d pairs delivered, "
                               + "at most %d qubits alive, %d in one state, %d events pending",
                               w.what, r.events, r.duration, perSimulated, pairs, r.peakAliveQubits, r.largestJointState,
                               r.mostPendingEvents),
                seconds: seconds / Double(max(1, r.events)), target: w.name == "line-1024-asap" ? "≥ 2000000 events/s" : "—"))
        }
    }
}
