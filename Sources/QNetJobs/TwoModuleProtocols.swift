import QuantumNetwork

/// Jobs on distributed quantum computing between two linked processor
/// modules A and B: teleported gates and a small algorithm across them.
extension ProtocolCatalog {
    static let twoModuleWorkload = Parameter<TwoModuleCircuits.Workload>(
        "circuit", default: .grover,
        "grover: success of the search; cz, iswap, swap: process fidelity of the gate made of 1, 2, 3 telegates")

    static let twoModuleCircuits = ProtocolSpec(
        name: "two-module-circuits",
        summary: "teleported gates (CZ, iSWAP, SWAP: process fidelity) and a two-qubit Grover search (success "
            + "probability) across two linked processor modules",
        parameters: [
            twoModuleWorkload.definition,
            P("length_km", "km", nonNegative, default: .number(0.002), "fiber between the modules"),
        ] + linkParameters + moduleParameters
            + [exactRepresentation.definition],
        experiment: { (p) throws(NetworkError) in
            try TwoModuleCircuits(p[twoModuleWorkload],
                                  link: link(p, lengthKm: p.number("length_km")), module: module(p, capacity: 4),
                                  representation: stateRepresentation(p))
        })
}
