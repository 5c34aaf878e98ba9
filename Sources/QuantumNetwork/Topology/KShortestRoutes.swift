extension Network {
    /// Up to `k` loopless paths from `source` to `destination`, best first
    /// under `metric` (Yen, 1971: each next path leaves one of the paths
    /// found so far at a spur node and takes the best way on that avoids
    /// the links those paths take from there). The first is
    /// ``route(from:to:metric:capacity:)``'s. Equal costs are ordered by
    /// their links, so the list does not depend on hashing. Only the
    /// additive metrics (shortest, fewest hops) rank paths this way; the
    /// widest path's bottleneck is not a sum.
    public func routes(from source: String, to destination: String, metric: RouteMetric, k: Int)
        throws(NetworkError) -> [Route]
    {
        guard k >= 1 else { throw .invalidParameter(name: "paths per user pair", value: Double(k), expected: "at least 1") }
        let first = try route(from: source, to: destination, metric: metric)
        guard k > 1 else { return [first] }
        guard metric != .widest else {
            throw .invalidValue("route widest with \(k) paths",
                                expected: "shortest or fewest-hops (k paths are ranked by a sum along them)")
        }
        let t = try index(of: destination)
        func cost(_ link: Int) -> PathCost {
            let km = links[link].link.lengthKm
            return metric == .shortest ? PathCost(measure: km, tieBreak: 1) : PathCost(measure: 1, tieBreak: km)
        }
        typealias Path = (cost: PathCost, vertices: [Int], edges: [Int])
        func before(_ x: Path, _ y: Path) -> Bool {
            x.cost != y.cost ? x.cost < y.cost : x.edges.lexicographicallyPrecedes(y.edges)
        }
        let firstPath: Path = (first.links.reduce(.zero) { $0 + cost($1) }, try first.nodes.map { (n) throws(NetworkError) in try index(of: n) },
                               first.links)
        var accepted = [firstPath], candidates: [Path] = []
        while accepted.count < k, let last = accepted.last {
            for i in 0..<last.edges.count {
                let spur = last.vertices[i]
                let rootVertices = Array(last.vertices[...i]), rootEdges = Array(last.edges[..<i])
                var bannedLinks = Set<Int>()
                for p in accepted where p.edges.count > i && Array(p.edges[..<i]) == rootEdges { bannedLinks.insert(p.edges[i]) }
                let bannedNodes = Set(rootVertices.dropLast())
                let spurPath = LeastCostPath.find(from: spur, to: t, count: nodes.count) { u in
                    adjacency[u].compactMap { (v, link) -> LeastCostPath.Edge? in
                        bannedLinks.contains(link) || bannedNodes.contains(v) ? nil : LeastCostPath.Edge(to: v, cost: cost(link), id: link)
                    }
                }
                guard let spurPath else { continue }
                let candidate: Path = (rootEdges.reduce(.zero) { $0 + cost($1) } + spurPath.cost,
                                       rootVertices.dropLast() + spurPath.vertices, rootEdges + spurPath.edges)
                if !accepted.contains(where: { $0.edges == candidate.edges }) && !candidates.contains(where: { $0.edges == candidate.edges }) {
                    candidates.append(candidate)
                }
            }
            guard let best = candidates.indices.min(by: { before(candidates[$0], candidates[$1]) }) else { break }
            accepted.append(candidates.remove(at: best))
        }
        let caps = links.map { Self.expectedPairRate($0.link) }
        return accepted.map { p in
            Route(nodes: p.vertices.map { nodes[$0].name }, links: p.edges,
                  lengthKm: p.edges.reduce(0) { $0 + links[$1].link.lengthKm }, bottleneck: p.edges.map { caps[$0] }.min() ?? .infinity)
        }
    }
}
