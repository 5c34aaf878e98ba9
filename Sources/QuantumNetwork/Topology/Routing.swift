/// How a path of quantum links between two nodes is chosen. Each metric
/// breaks its ties by the next measure named, so the path is unique up to
/// exact ties of all of them (then the lower node order wins).
public enum RouteMetric: String, Sendable, CaseIterable {
    /// Least fiber length; ties: fewer hops.
    case shortest
    /// Largest bottleneck capacity: the path whose slowest link is fastest
    /// (by default a link's capacity is its expected pair rate, success
    /// probability per attempt over the attempt's duration); ties: fewer
    /// hops, then less fiber.
    case widest
    /// Fewest links; ties: less fiber.
    case fewestHops = "fewest-hops"
}

/// A path through a network's quantum links.
public struct Route: Sendable, Hashable {
    /// Nodes from source to destination.
    public let nodes: [String]
    /// The links used, as indices into ``Network/links``, in path order.
    public let links: [Int]
    /// Total fiber length.
    public let lengthKm: Double
    /// The smallest capacity of a link on the path.
    public let bottleneck: Double

    public var hops: Int { links.count }
}

extension Network {
    /// A link's expected heralded pair rate: success probability per attempt
    /// over the attempt's duration (infinite for a zero-length, zero-overhead
    /// link). The default capacity of ``RouteMetric/widest``.
    public static func expectedPairRate(_ link: QuantumLink) -> Double {
        link.attemptDuration > 0 ? link.successProbability / link.attemptDuration
            : (link.successProbability > 0 ? .infinity : 0)
    }

    /// The best path from `source` to `destination` under `metric`, over
    /// links between different nodes. `capacity` (one value per link, in
    /// ``links`` order) replaces the expected pair rates for `widest`.
    public func route(from source: String, to destination: String, metric: RouteMetric,
                      capacity: [Double]? = nil) throws(NetworkError) -> Route
    {
        let s = try index(of: source), t = try index(of: destination)
        guard s != t else { throw .selfLink(node: source) }
        if let capacity, capacity.count != links.count {
            throw .invalidParameter(name: "capacity count", value: Double(capacity.count),
                                    expected: "one capacity per link (\(links.count))")
        }
        let caps = capacity ?? links.map { Self.expectedPairRate($0.link) }
        // Widest: the best bottleneck first (links joined strongest first
        // until the ends connect), then the fewest hops over links at least
        // that strong, which is an ordinary additive search.
        var floor = -Double.infinity
        if metric == .widest {
            guard let b = bottleneck(between: s, and: t, capacity: caps) else {
                throw .noPath(from: source, to: destination)
            }
            floor = b
        }
        let found = LeastCostPath.find(from: s, to: t, count: nodes.count) { u in
            adjacency[u].compactMap { (v, i) -> LeastCostPath.Edge? in
                guard caps[i] >= floor else { return nil }
                let km = links[i].link.lengthKm
                let cost = metric == .shortest ? PathCost(measure: km, tieBreak: 1) : PathCost(measure: 1, tieBreak: km)
                return LeastCostPath.Edge(to: v, cost: cost, id: i)
            }
        }
        guard let found else { throw .noPath(from: source, to: destination) }
        return Route(nodes: found.vertices.map { nodes[$0].name }, links: found.edges,
                     lengthKm: found.edges.reduce(0) { $0 + links[$1].link.lengthKm },
                     bottleneck: found.edges.map { caps[$0] }.min() ?? .infinity)
    }

    /// The largest capacity c such that links of capacity ≥ c join `s` and
    /// `t` (Kruskal order with union-find); nil when nothing joins them.
    private func bottleneck(between s: Int, and t: Int, capacity: [Double]) -> Double? {
        var parent = Array(0..<nodes.count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        let order = links.indices.filter { links[$0].a.node != links[$0].b.node }
            .sorted { (capacity[$0], -$0) > (capacity[$1], -$1) }
        for i in order {
            guard let a = try? index(of: links[i].a.node), let b = try? index(of: links[i].b.node) else { continue }
            parent[root(a)] = root(b)
            if root(s) == root(t) { return capacity[i] }
        }
        return nil
    }
}
