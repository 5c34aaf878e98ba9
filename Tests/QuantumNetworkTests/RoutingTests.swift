import QuantumNetwork
import QuantumSim
import Testing

/// Routing against an independent reference: every simple path of small
/// random graphs enumerated, and the best one under each metric's stated
/// order (measure, then its tie-breakers) compared with what `route` finds.
@Suite struct RoutingTests {
    /// A random connected-or-not graph on `n` nodes "v0" … with lengths and
    /// source efficiencies drawn from `rng` (so pair rates differ per link).
    static func randomNetwork(nodes n: Int, edgeProbability: Double, rng: inout SeededGenerator) throws -> Network {
        var net = Network()
        for i in 0..<n { try net.addNode("v\(i)") }
        for i in 0..<n { for j in (i + 1)..<max(i + 1, n) where Double.random(in: 0..<1, using: &rng) < edgeProbability {
            // Whole kilometres, so exact length ties (and hop tie-breaks) happen.
            let km = Double(Int.random(in: 1...6, using: &rng)) * 5
            try net.connect("v\(i)", "v\(j)", by: QuantumLink(lengthKm: km,
                                                              sourceEfficiency: Double.random(in: 0.1...1, using: &rng)))
        } }
        return net
    }

    /// Every simple path from `s` to `t` as link indices.
    static func allPaths(_ net: Network, from s: String, to t: String) -> [[Int]] {
        var out: [[Int]] = []
        func walk(_ at: String, _ visited: Set<String>, _ used: [Int]) {
            if at == t { out.append(used); return }
            for (i, l) in net.links.enumerated() where l.a.node == at || l.b.node == at {
                let next = l.a.node == at ? l.b.node : l.a.node
                if !visited.contains(next) { walk(next, visited.union([next]), used + [i]) }
            }
        }
        walk(s, [s], [])
        return out
    }

    /// The metric's order as a tuple to minimise: (measure, tie-break, tie-break).
    static func key(_ net: Network, _ links: [Int], _ metric: RouteMetric) -> [Double] {
        let km = links.reduce(0.0) { $0 + net.links[$1].link.lengthKm }
        let hops = Double(links.count)
        let bottleneck = links.map { Network.expectedPairRate(net.links[$0].link) }.min() ?? .infinity
        switch metric {
        case .shortest: return [km, hops]
        case .fewestHops: return [hops, km]
        case .widest: return [-bottleneck, hops, km]
        }
    }

    @Test(arguments: RouteMetric.allCases) func routeIsTheBestSimplePath(metric: RouteMetric) throws {
        var rng = SeededGenerator(seed: 1701)
        var checked = 0
        for _ in 0..<60 {
            let net = try Self.randomNetwork(nodes: 7, edgeProbability: 0.4, rng: &rng)
            let s = "v\(Int.random(in: 0..<7, using: &rng))", t = "v\(Int.random(in: 0..<7, using: &rng))"
            guard s != t else { continue }
            let paths = Self.allPaths(net, from: s, to: t)
            guard let best = paths.map({ Self.key(net, $0, metric) }).min(by: { $0.lexicographicallyPrecedes($1) }) else {
                #expect(throws: NetworkError.noPath(from: s, to: t)) { try net.route(from: s, to: t, metric: metric) }
                continue
            }
            let r = try net.route(from: s, to: t, metric: metric)
            // The route is a real path from s to t over the links it names.
            #expect(r.nodes.first == s && r.nodes.last == t && r.nodes.count == r.links.count + 1)
            for (k, i) in r.links.enumerated() {
                let l = net.links[i]
                #expect(Set([l.a.node, l.b.node]) == Set([r.nodes[k], r.nodes[k + 1]]))
            }
            let found = Self.key(net, r.links, metric)
            #expect(zip(found, best).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }, "\(s)→\(t): \(found) vs \(best)")
            #expect(abs(r.lengthKm - found[metric == .shortest ? 0 : metric == .fewestHops ? 1 : 2]) < 1e-9)
            checked += 1
        }
        #expect(checked > 30)
    }

    @Test func capacitiesReplaceThePairRatesForWidest() throws {
        // A–B–C direct and long, A–D–C around: widest follows the capacities given.
        var net = Network()
        for n in ["A", "B", "C", "D"] { try net.addNode(n) }
        try net.connect("A", "B", by: QuantumLink(lengthKm: 10))
        try net.connect("B", "C", by: QuantumLink(lengthKm: 10))
        try net.connect("A", "D", by: QuantumLink(lengthKm: 30))
        try net.connect("D", "C", by: QuantumLink(lengthKm: 30))
        #expect(try net.route(from: "A", to: "C", metric: .widest).nodes == ["A", "B", "C"])
        #expect(try net.route(from: "A", to: "C", metric: .widest, capacity: [5, 1, 3, 3]).nodes == ["A", "D", "C"])
        #expect(try net.route(from: "A", to: "C", metric: .widest, capacity: [5, 1, 3, 3]).bottleneck == 3)
        #expect(throws: NetworkError.invalidParameter(name: "capacity count", value: 2, expected: "one capacity per link (4)")) {
            try net.route(from: "A", to: "C", metric: .widest, capacity: [1, 2])
        }
        #expect(throws: NetworkError.selfLink(node: "A")) { try net.route(from: "A", to: "A", metric: .shortest) }
        #expect(throws: NetworkError.unknownNode("Z", known: ["A", "B", "C", "D"])) {
            try net.route(from: "A", to: "Z", metric: .shortest)
        }
    }
}

/// Yen's k shortest paths against every simple path listed by depth-first search.
@Suite struct KShortestRoutesTests {
    /// All loopless paths from s to t, as (km, hops, links), by brute force.
    static func allPaths(_ net: Network, from s: String, to t: String) -> [(km: Double, hops: Int, links: [Int])] {
        var out: [(Double, Int, [Int])] = []
        func walk(_ at: String, _ seen: Set<String>, _ links: [Int], _ km: Double) {
            if at == t { out.append((km, links.count, links)); return }
            for (i, l) in net.links.enumerated() where l.a.node != l.b.node && (l.a.node == at || l.b.node == at) {
                let next = l.a.node == at ? l.b.node : l.a.node
                guard !seen.contains(next) else { continue }
                walk(next, seen.union([next]), links + [i], km + l.link.lengthKm)
            }
        }
        walk(s, [s], [], 0)
        return out
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func yenListsTheBestPathsInOrder(seed: UInt64) throws {
        let d = try NetworkDescription.generate(.waxman(nodes: 9, sizeKm: 50, alpha: 0.6, beta: 0.9, seed: seed), lengthKm: 0)
        let net = try d.build()
        let (s, t) = ("n0", "n8")
        let all = Self.allPaths(net, from: s, to: t)
        try #require(all.count >= 6, "seed \(seed) gives too few paths")
        for metric in [RouteMetric.shortest, .fewestHops] {
            let k = 6
            let found = try net.routes(from: s, to: t, metric: metric, k: k)
            #expect(found.count == k)
            #expect(found[0] == (try net.route(from: s, to: t, metric: metric)))
            let key = { (km: Double, hops: Int) in metric == .shortest ? [km, Double(hops)] : [Double(hops), km] }
            let best = all.map { key($0.km, $0.hops) }.sorted { $0.lexicographicallyPrecedes($1) }.prefix(k)
            for (r, expected) in zip(found, best) {
                let got = key(r.lengthKm, r.hops)
                #expect(abs(got[0] - expected[0]) < 1e-9 && abs(got[1] - expected[1]) < 1e-9, "seed \(seed) \(metric): \(got) vs \(expected)")
            }
            // Distinct, loopless, and each a path of the network from s to t.
            #expect(Set(found.map(\.links)).count == k)
            for r in found {
                #expect(Set(r.nodes).count == r.nodes.count && r.nodes.first == s && r.nodes.last == t)
                #expect(all.contains { $0.links == r.links })
            }
        }
    }

    @Test func fewerPathsThanAskedAndBadRequests() throws {
        var ring = Network()
        for i in 0..<4 { try ring.addNode("n\(i)") }
        for i in 0..<4 { try ring.connect("n\(i)", "n\((i + 1) % 4)", by: QuantumLink(lengthKm: Double(i + 1))) }
        let two = try ring.routes(from: "n0", to: "n2", metric: .shortest, k: 5)
        #expect(two.map(\.nodes) == [["n0", "n1", "n2"], ["n0", "n3", "n2"]])
        #expect(throws: NetworkError.self) { try ring.routes(from: "n0", to: "n2", metric: .shortest, k: 0) }
        #expect(throws: NetworkError.self) { try ring.routes(from: "n0", to: "n2", metric: .widest, k: 2) }
        #expect(try ring.routes(from: "n0", to: "n2", metric: .widest, k: 1).count == 1)
    }
}
