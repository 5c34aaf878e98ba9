import QuantumNetwork

extension ProtocolCatalog {
    /// `ring-distribution`: entanglement between two nodes of a fiber ring
    /// along a routed light path (all-optical switching at the nodes passed
    /// through, no memories in between); on a network file, along any path
    /// of it, given or routed.
    enum RingDistributionJob {
        static let nodes = Parameter<Int>("nodes", in: 3...1000, default: 10, "nodes, equally spaced around the ring")
        static let ringLength = Parameter<Double>("ring_length_km", unit: "km", in: nonNegative, default: 8,
                                                  "circumference of the ring")
        static let nodeA = Parameter<Int>("node_a", in: 0...999, default: 0, "one end of the pair")
        static let nodeB = Parameter<Int>("node_b", in: 0...999, default: 1, "the other end")
        static let way = Parameter<RingDistribution.Way>("route", default: .shortest,
                                                         "the shorter or the longer way around the ring")
        static let switchLoss = Parameter<Double>(
            "switch_loss_db", unit: "dB", in: 0...100, default: 1,
            "insertion loss of the optical switch at each node the light passes through")

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> SwitchedLightPath {
            let net = try d.build()
            return try SwitchedLightPath(network: net, path: RepeaterChainJob.nodes(p, d, net), switchLossDb: p[switchLoss],
                                         representation: p[exactRepresentation])
        }

        static let spec = ProtocolSpec(
            name: "ring-distribution",
            summary: "heralded entanglement between two nodes of a fiber ring, routed one way or the other around it "
                + "through optical switches at the nodes passed; rate and fidelity per pair",
            parameters: [nodes.definition, ringLength.definition, nodeA.definition, nodeB.definition, way.definition,
                         switchLoss.definition] + linkParameters + moduleParameters + [exactRepresentation.definition],
            experiment: { (p) throws(NetworkError) in
                try RingDistribution(
                    nodes: p[nodes], ringLengthKm: p[ringLength], between: p[nodeA], and: p[nodeB], way: p[way],
                    switchLossDb: p[switchLoss], link: linkDescription(p, from: "", to: "", lengthKm: 0),
                    module: module(p, capacity: 4), representation: p[exactRepresentation])
            },
            network: NetworkForm(
                parameters: { d in
                    RepeaterChainJob.routeParameters(d) + [switchLoss.definition, exactRepresentation.definition]
                },
                experiment: experiment))
    }
}
