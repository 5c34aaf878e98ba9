import QuantumNetwork

/// Jobs on distributed sensing: a GHZ state shared by k nodes estimating a
/// common phase.
extension ProtocolCatalog {
    static let ghzSensing = ProtocolSpec(
        name: "ghz-sensing",
        summary: "k nodes in a chain build a GHZ state with non-local CNOTs, sense a common phase and read the parity; "
            + "Fisher information per reading against k (standard quantum limit) and k² (Heisenberg limit)",
        parameters: [
            P("nodes", "", .integer(2...16), default: .number(4), "sensor nodes, one qubit each, linked in a chain"),
            P("length_km", "km", nonNegative, default: .number(1), "fiber between neighbouring nodes"),
            P("interrogation_time_s", "s", .real(0...1e6), default: .number(0),
              "time every qubit senses the phase (its memory decays meanwhile)"),
        ] + linkParameters + moduleParameters
            + [P("representation", "", .choice(["density-matrix", "state-vector"]), default: .text("state-vector"),
                 "exact density matrices (small k) or sampled trajectories")],
        outputs: [
            ("fisher_information", ""), ("fisher_information_se", ""), ("standard_quantum_limit", ""), ("heisenberg_limit", ""),
            ("fisher_over_sql", ""), ("parity", ""), ("time_per_state_s", "s"),
        ],
        prepare: { (p) throws(NetworkError) in
            let k = p.integer("nodes")
            let net = try Network.chain(segments: k - 1, link: link(p, lengthKm: p.number("length_km")),
                                        module: module(p, capacity: 4))
            let sensing = try GHZSensing(network: net, modules: (0..<k).map { ModuleAddress(node: "n\($0)") },
                                         interrogationTime: p.number("interrogation_time_s"),
                                         representation: stateRepresentation(p))
            return PreparedPoint { (runs, seed) throws(NetworkError) in
                let r = try sensing.run(runs: runs, seed: seed)
                return [
                    "fisher_information": r.fisherInformation, "fisher_information_se": r.fisherStandardError,
                    "standard_quantum_limit": r.standardQuantumLimit,
                    "heisenberg_limit": r.heisenbergLimit, "fisher_over_sql": r.fisherInformation / r.standardQuantumLimit,
                    "parity": r.parity, "time_per_state_s": r.timePerState.mean,
                ]
            }
        })
}
