/// Heralded entanglement between two nodes of a fiber ring of equally
/// spaced nodes, along a light path one way or the other around it: the
/// nodes passed switch the light all-optically (no memories in between),
/// each taking its switch's insertion loss.
public struct RingDistribution: NetworkExperiment {
    public enum Way: String, Sendable, CaseIterable {
        case shortest, longest
    }

    /// Heralded pairs over the light path, as one link between the two ends.
    public let chain: RepeaterChain
    /// Fiber spans on the light path.
    public let hops: Int
    /// Fiber along the light path (km).
    public let lengthKm: Double

    /// Nodes 0 … `nodes` − 1 around a ring `ringLengthKm` long, a pair
    /// between nodes `a` and `b`, with `link`'s hardware on the light path
    /// and `module` at both ends.
    public init(nodes: Int, ringLengthKm: Double, between a: Int, and b: Int, way: Way, switchLossDb: Double,
                link: LinkDescription, module: ProcessorModule,
                representation: StateRepresentation = .densityMatrix) throws(NetworkError) {
        guard nodes >= 3 else { throw .invalidParameter(name: "ring nodes", value: Double(nodes), expected: "at least 3") }
        for (name, v) in [("node_a", a), ("node_b", b)] where !(0..<nodes).contains(v) {
            throw .invalidParameter(name: name, value: Double(v), expected: "a node of the ring, 0 … \(nodes - 1)")
        }
        guard a != b else { throw .invalidParameter(name: "node_b", value: Double(b), expected: "a node other than node_a") }
        try checkParameter("ring length", ringLengthKm, in: 0 ... .greatestFiniteMagnitude, unit: " km")
        try checkParameter("switch loss", switchLossDb, in: 0...100, unit: " dB")
        let forward = (b - a + nodes) % nodes, shorter = min(forward, nodes - forward)
        hops = way == .shortest ? shorter : nodes - shorter
        lengthKm = ringLengthKm * Double(hops) / Double(nodes)
        // The switches passed (hops − 1 of them) add their insertion loss
        // to the light path's.
        var light = link
        light.insertionLossDb += switchLossDb * Double(hops - 1)
        let net = try Network.chain(segments: 1, link: light.quantumLink(lengthKm: lengthKm), module: module)
        chain = try RepeaterChain(chain: net, scheme: .sequential, cutoff: nil, deadline: nil, representation: representation)
    }

    /// The chain's result with the ring's hops and fiber (not those of the one link).
    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> AlongPath<RepeaterChain>.Result {
        .init(result: try chain.run(runs: runs, seed: seed), hops: hops, lengthKm: lengthKm)
    }
}
