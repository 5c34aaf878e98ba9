/// A request's route as the traffic engine uses it: per hop the placed
/// link and its orientation, per node the module that holds the qubits
/// there, the classical delays along the path, and for a tree order the
/// one swap each node may make.
struct ServedPath: Sendable {
    let nodes: [String]
    /// Network link index of each hop (hop h joins nodes[h] and nodes[h+1]).
    let links: [Int]
    let placements: [Network.LinkPlacement]
    /// Per hop: the link's parallel channels.
    let channels: [Int]
    /// Per hop: whether the link's `a` end is at nodes[h].
    let aIsNear: [Bool]
    /// Per node position: the module-table index of the module the path uses there.
    let modules: [Int]
    /// Per node position: one-way delay from nodes[0] along the path.
    private let position: [Double]
    /// Per node position, for the tree orders: the span (lo, hi) of the
    /// only pair its swap may make; nil for ``TrafficPolicy/SwapOrder/asap``.
    let treeSpan: [(lo: Int, hi: Int)?]
    /// Per node position: the slots ``TrafficPolicy/Allocation/reservePath``
    /// reserves there for pairs that reach onward (toward the destination,
    /// their `lo` end here) and back (their `hi` end here), and both. For
    /// each span of the path ending here on that side, one pair per
    /// purification level and a new one (rounds + 1). The spans are the hop
    /// on that side and, with nested purification, every span of the swap
    /// tree that ends here on that side: each is purified while the pairs of
    /// the spans inside it are still being made. Kept as arrays: the link
    /// layer reads them at every attempt it considers.
    let reservedOnward: [Int], reservedBack: [Int], reserved: [Int]

    var hops: Int { links.count }

    /// Links of the path at node position p: 1 at an end, 2 inside.
    func links(at p: Int) -> Int { (p > 0 ? 1 : 0) + (p < hops ? 1 : 0) }

    /// `route` of `network`, checked: at every inner node both links meet
    /// the same module (a swap is a local Bell measurement).
    init(_ route: Route, in network: Network, policy: TrafficPolicy) throws(NetworkError) {
        nodes = route.nodes
        links = route.links
        let placements = route.links.map { network.links[$0] }
        let aIsNear = placements.indices.map { placements[$0].a.node == route.nodes[$0] }
        self.placements = placements
        channels = placements.map(\.channels)
        self.aIsNear = aIsNear
        var modules: [Int] = []
        for p in route.nodes.indices {
            let left = p > 0 ? (aIsNear[p - 1] ? placements[p - 1].bSlot : placements[p - 1].aSlot) : nil
            let right = p < placements.count ? (aIsNear[p] ? placements[p].aSlot : placements[p].bSlot) : nil
            if let left, let right, left != right {
                throw .invalidValue("path through \(route.nodes[p])",
                                    expected: "links that meet one module there (a swap is a local Bell measurement)")
            }
            if let m = left ?? right { modules.append(m) }
        }
        self.modules = modules
        var position = [0.0]
        for p in placements { position.append(position[position.count - 1] + p.link.oneWayDelay) }
        self.position = position
        var span = [(lo: Int, hi: Int)?](repeating: nil, count: route.nodes.count)
        let scheme: RepeaterChain.Scheme? = switch policy.swapOrder {
        case .asap: nil
        case .sequential: .sequential
        case .nested: .nested
        }
        if let scheme {
            func visit(_ t: SwapTree) {
                guard case let .swap(left, m, right) = t else { return }
                span[m] = (left.span.lo, right.span.hi)
                visit(left)
                visit(right)
            }
            visit(RepeaterChain.tree(scheme, 0, route.nodes.count - 1))
        }
        treeSpan = span
        let rounds = policy.purification?.rounds ?? 0, nested = policy.purification?.scope == .nested
        func slots(_ p: Int, onward: Bool) -> Int {
            guard onward ? p < placements.count : p > 0 else { return 0 }
            let spans = 1 + (nested ? span.count { $0.map { onward ? $0.lo == p : $0.hi == p } ?? false } : 0)
            return spans * (rounds + 1)
        }
        let onward = route.nodes.indices.map { slots($0, onward: true) }
        let back = route.nodes.indices.map { slots($0, onward: false) }
        reservedOnward = onward
        reservedBack = back
        reserved = zip(onward, back).map { $0 + $1 }
    }

    /// Classical delay along the path between node positions i and j.
    func delay(_ i: Int, _ j: Int) -> Double { abs(position[j] - position[i]) }
}
