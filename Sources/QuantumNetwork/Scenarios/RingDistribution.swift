/// Heralded entanglement between two nodes of a fiber ring of equally
/// spaced nodes, along a light path one way or the other around it: the
/// nodes passed switch the light all-optically (no memories in between),
/// each taking its switch's insertion loss.
public struct RingDistribution: NetworkExperiment {
    public enum Way: String, Sendable, CaseIterable {
        case shortest, longest
    }

    /// The light path between the two nodes.
    public let path: SwitchedLightPath

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
        let hops = way == .shortest ? shorter : nodes - shorter
        // Equal spans as one fiber of their whole length; the switches
        // passed (hops − 1 of them) add their insertion loss.
        path = try SwitchedLightPath(spans: [link.quantumLink(lengthKm: ringLengthKm * Double(hops) / Double(nodes))],
                                     switchLossDb: switchLossDb, moduleA: module, moduleB: module,
                                     representation: representation, switches: hops - 1, hops: hops)
    }

    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> AlongPath<RepeaterChain>.Result {
        try path.run(runs: runs, seed: seed)
    }
}
