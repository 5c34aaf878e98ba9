import QuantumNetwork

/// Jobs on distributed quantum computing between two linked processor
/// modules A and B: teleported gates and a small algorithm across them.
extension ProtocolCatalog {
    static let twoModuleCircuits = ProtocolSpec(
        name: "two-module-circuits",
        summary: "teleported gates (CZ, iSWAP, SWAP: process fidelity) and a two-qubit Grover search (success "
            + "probability) across two linked processor modules",
        parameters: [
            P("circuit", "", .choice(["grover", "cz", "iswap", "swap"]), default: .text("grover"),
              "grover: success of the search; cz, iswap, swap: process fidelity of the gate made of 1, 2, 3 telegates"),
            P("length_km", "km", nonNegative, default: .number(0.002), "fiber between the modules"),
        ] + linkParameters + moduleParameters
            + [P("representation", "", .choice(["density-matrix", "state-vector"]), default: .text("density-matrix"),
                 "exact density matrices or sampled trajectories")],
        experiment: { (p) throws(NetworkError) in
            try TwoModuleCircuits(TwoModuleCircuits.Workload(rawValue: p.text("circuit")) ?? .grover,
                                  link: link(p, lengthKm: p.number("length_km")), module: module(p, capacity: 4),
                                  representation: stateRepresentation(p))
        })
}
