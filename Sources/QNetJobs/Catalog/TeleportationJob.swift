import QuantumNetwork

extension ProtocolCatalog {
    /// `teleportation`: Haar-random states teleported from one node to a linked one.
    enum TeleportationJob {
        static let length = fiberLength(default: 10)
        static let storageTime = Parameter<Double>("storage_time_s", unit: "s", in: nonNegative, default: 0,
                                                   "time the pair waits in memory before the teleportation starts")
        static let from = Parameter.node("from", "the sender (\"\": the first node)")
        static let to = Parameter.node("to", "the receiver, linked to the sender (\"\": the last node)")

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> Teleportation {
            try Teleportation(network: d.build(), from: p.node(from, or: d.nodes.first?.name),
                              to: p.node(to, or: d.nodes.last?.name), storageTime: p[storageTime],
                              representation: p[exactRepresentation])
        }

        static let spec = ProtocolSpec(
            name: "teleportation",
            summary: "teleport Haar-random states over one link; fidelity averaged over inputs",
            parameters: [length.definition] + linkParameters + moduleParameters
                + [storageTime.definition, exactRepresentation.definition],
            experiment: { (p) throws(NetworkError) in
                try experiment(p, chainDescription(p, segments: 1, lengthKm: p[length]))
            },
            network: NetworkForm(
                parameters: { d in
                    [from.definition(on: d), to.definition(on: d), storageTime.definition, exactRepresentation.definition]
                },
                experiment: experiment))
    }
}
