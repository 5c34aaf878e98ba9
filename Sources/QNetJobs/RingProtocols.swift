import QuantumNetwork

/// Jobs on ring networks: entanglement distributed between two nodes of a
/// fiber ring along a routed light path (all-optical switching at the nodes
/// passed through, no memories in between).
extension ProtocolCatalog {
    static let ringWay = Parameter<RingDistribution.Way>("route", default: .shortest,
                                                         "the shorter or the longer way around the ring")

    static let ringDistribution = ProtocolSpec(
        name: "ring-distribution",
        summary: "heralded entanglement between two nodes of a fiber ring, routed one way or the other around it "
            + "through optical switches at the nodes passed; rate and fidelity per pair",
        parameters: [
            P("nodes", "", .integer(3...1000), default: .number(10), "nodes, equally spaced around the ring"),
            P("ring_length_km", "km", nonNegative, default: .number(8), "circumference of the ring"),
            P("node_a", "", .integer(0...999), default: .number(0), "one end of the pair"),
            P("node_b", "", .integer(0...999), default: .number(1), "the other end"),
            ringWay.definition,
            P("switch_loss_db", "dB", .real(0...100), default: .number(1),
              "insertion loss of the optical switch at each node the light passes through"),
        ] + linkParameters + moduleParameters + [exactRepresentation.definition],
        experiment: { (p) throws(NetworkError) in
            try RingDistribution(
                nodes: p.integer("nodes"), ringLengthKm: p.number("ring_length_km"), between: p.integer("node_a"),
                and: p.integer("node_b"), way: p[ringWay],
                switchLossDb: p.number("switch_loss_db"), link: linkDescription(p, from: "", to: "", lengthKm: 0),
                module: module(p, capacity: 4), representation: stateRepresentation(p))
        })
}
