import HeapModule

/// A path cost: a measure and a tie-breaker, both added along the path and
/// compared in that order (e.g. fiber length, then hops).
struct PathCost: Comparable, Sendable {
    var measure: Double
    var tieBreak: Double

    static let zero = PathCost(measure: 0, tieBreak: 0)
    static func + (x: PathCost, y: PathCost) -> PathCost {
        PathCost(measure: x.measure + y.measure, tieBreak: x.tieBreak + y.tieBreak)
    }
    static func < (x: PathCost, y: PathCost) -> Bool { (x.measure, x.tieBreak) < (y.measure, y.tieBreak) }
}

/// The package's one shortest-path search (Dijkstra) over vertices
/// 0..<count: routing, classical delays and trusted-node key relaying all
/// use it. Costs must be non-negative. Equal costs are settled by the lower
/// vertex index, so the path found does not depend on hashing or order of
/// insertion.
enum LeastCostPath {
    /// An edge out of a vertex; `id` is handed back in the path (a link index).
    struct Edge: Sendable {
        let to: Int
        let cost: PathCost
        let id: Int
    }

    /// The least-cost path from `source` to `target`: its cost, vertices
    /// (source first) and edge ids; nil when `target` cannot be reached.
    static func find(from source: Int, to target: Int, count: Int, edges: (Int) -> [Edge])
        -> (cost: PathCost, vertices: [Int], edges: [Int])?
    {
        // Sparse: a search between neighbours of a long chain (a classical
        // message per swap) touches a few vertices, not all `count`.
        var best: [Int: PathCost] = [source: .zero]
        var via: [Int: (vertex: Int, edge: Int)] = [:]
        var done = Set<Int>()
        var frontier = Heap<Entry>([Entry(cost: .zero, vertex: source)])
        while let next = frontier.popMin() {
            let u = next.vertex
            guard done.insert(u).inserted else { continue } // a stale entry
            if u == target { break }
            for e in edges(u) where !done.contains(e.to) {
                let c = next.cost + e.cost
                if let old = best[e.to], old <= c { continue }
                best[e.to] = c
                via[e.to] = (u, e.id)
                frontier.insert(Entry(cost: c, vertex: e.to))
            }
        }
        guard let cost = best[target] else { return nil }
        var vertices = [target], ids: [Int] = []
        var cursor = target
        while let step = via[cursor] {
            vertices.append(step.vertex)
            ids.append(step.edge)
            cursor = step.vertex
        }
        return (cost, vertices.reversed(), ids.reversed())
    }

    private struct Entry: Comparable {
        let cost: PathCost
        let vertex: Int
        static func < (x: Entry, y: Entry) -> Bool { (x.cost, x.vertex) < (y.cost, y.vertex) }
    }
}
