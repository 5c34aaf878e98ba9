import QuantumNetwork

/// Jobs on distributed sensing: a GHZ state shared by k nodes estimating a
/// common phase.
extension ProtocolCatalog {
    static let interrogationTime = P("interrogation_time_s", "s", .real(0...1e6), default: .number(0),
                                     "time every qubit senses the phase (its memory decays meanwhile)")
    static let sensingRepresentation = representation(default: .stateVector,
                                                      "exact density matrices (small k) or sampled trajectories")

    static let ghzSensingOnNetwork = NetworkForm(
        parameters: { d in
            [P("nodes", "", .nodes(d.nodes.map(\.name)), default: .text(""),
               "the sensor nodes in order, one qubit each in its first module, neighbours linked (\"\": every node)"),
             interrogationTime, sensingRepresentation.definition]
        },
        experiment: ghzSensingExperiment)

    static func ghzSensingExperiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> GHZSensing {
        let given = try p.nodes("nodes")
        let sensors = try (given.isEmpty ? d.nodes.map(\.name) : given)
            .map { (name) throws(NetworkError) in try d.address(LinkEnd(node: name)) }
        return try GHZSensing(network: d.build(), modules: sensors, interrogationTime: p.number("interrogation_time_s"),
                              representation: try stateRepresentation(p))
    }

    static let ghzSensing = ProtocolSpec(
        name: "ghz-sensing",
        summary: "k nodes in a chain build a GHZ state with non-local CNOTs, sense a common phase and read the parity; "
            + "Fisher information per reading against k (standard quantum limit) and k² (Heisenberg limit)",
        parameters: [
            P("nodes", "", .integer(2...16), default: .number(4), "sensor nodes, one qubit each, linked in a chain"),
            P("length_km", "km", nonNegative, default: .number(1), "fiber between neighbouring nodes"),
            interrogationTime,
        ] + linkParameters + moduleParameters + [sensingRepresentation.definition],
        experiment: { (p) throws(NetworkError) in
            let d = try chainDescription(p, segments: p.integer("nodes") - 1, lengthKm: p.number("length_km"), capacity: 4)
            return try ghzSensingExperiment(p.adding(["nodes": .text("")]), d)
        },
        network: ghzSensingOnNetwork)
}
