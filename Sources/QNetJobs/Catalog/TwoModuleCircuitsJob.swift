import QuantumNetwork

extension ProtocolCatalog {
    /// `two-module-circuits`: teleported gates and a small algorithm across
    /// two linked processor modules A and B.
    enum TwoModuleCircuitsJob {
        static let workload = Parameter<TwoModuleCircuits.Workload>(
            "circuit", default: .grover,
            "grover: success of the search; cz, iswap, swap: process fidelity of the gate made of 1, 2, 3 telegates")
        static let length = fiberLength(default: 0.002, "fiber between the modules")
        static let between = Parameter.link(
            "between", "the link whose end modules are A and B (\"A-B\", a .module on an end; default: the first link)")

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> TwoModuleCircuits {
            let l = try d.link(labelled: p[between])
            return try TwoModuleCircuits(p[workload], network: d.build(), between: d.address(l.a), and: d.address(l.b),
                                         representation: p[exactRepresentation])
        }

        static let spec = ProtocolSpec(
            name: "two-module-circuits",
            summary: "teleported gates (CZ, iSWAP, SWAP: process fidelity) and a two-qubit Grover search (success "
                + "probability) across two linked processor modules",
            parameters: [workload.definition, length.definition] + linkParameters + moduleParameters
                + [exactRepresentation.definition],
            experiment: { (p) throws(NetworkError) in
                try TwoModuleCircuits(p[workload], link: link(p, lengthKm: p[length]), module: module(p, capacity: 4),
                                      representation: p[exactRepresentation])
            },
            network: NetworkForm(
                parameters: { d in [workload.definition, between.definition(on: d), exactRepresentation.definition] },
                experiment: experiment))
    }
}
