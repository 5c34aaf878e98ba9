import QuantumNetwork

extension ProtocolCatalog {
    /// `ghz-sensing`: a GHZ state shared by k nodes estimating a common phase.
    enum GHZSensingJob {
        static let interrogationTime = Parameter<Double>("interrogation_time_s", unit: "s", in: 0...1e6, default: 0,
                                                         "time every qubit senses the phase (its memory decays meanwhile)")
        static let representation = ProtocolCatalog.representation(
            default: .stateVector, "exact density matrices (small k) or sampled trajectories")
        static let sensors = Parameter.nodes(
            "nodes", "the sensor nodes in order, one qubit each in its first module, neighbours linked (\"\": every node)")
        // The parameter form's chain of sensors.
        static let sensorCount = Parameter<Int>("nodes", in: 2...16, default: 4,
                                                "sensor nodes, one qubit each, linked in a chain")
        static let length = fiberLength(default: 1, "fiber between neighbouring nodes")

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> GHZSensing {
            let given = try p[sensors]
            let modules = try (given.isEmpty ? d.nodes.map(\.name) : given)
                .map { (name) throws(NetworkError) in try d.address(LinkEnd(node: name)) }
            return try GHZSensing(network: d.build(), modules: modules, interrogationTime: p[interrogationTime],
                                  representation: p[representation])
        }

        static let spec = ProtocolSpec(
            name: "ghz-sensing",
            summary: "k nodes in a chain build a GHZ state with non-local CNOTs, sense a common phase and read the parity; "
                + "Fisher information per reading against k (standard quantum limit) and k² (Heisenberg limit)",
            parameters: [sensorCount.definition, length.definition, interrogationTime.definition]
                + linkParameters + moduleParameters + [representation.definition],
            experiment: { (p) throws(NetworkError) in
                let d = try chainDescription(p, segments: p[sensorCount] - 1, lengthKm: p[length], capacity: 4)
                // The count and the list share the name "nodes": every node of the chain senses.
                return try experiment(p.setting(sensors, to: .text("")), d)
            },
            network: NetworkForm(
                parameters: { d in [sensors.definition(on: d), interrogationTime.definition, representation.definition] },
                experiment: experiment))
    }
}
