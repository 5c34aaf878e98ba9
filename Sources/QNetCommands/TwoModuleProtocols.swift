import QuantumNetwork
import QuantumSim

/// Jobs on distributed quantum computing between two linked processor
/// modules: a small algorithm across them.
extension ProtocolCatalog {
    /// Two-qubit Grover search for |11⟩, one qubit in each module: one oracle
    /// and one diffusion step, each with a CZ across the modules (a
    /// telegate); success is certain when everything is ideal.
    static func groverCircuit() throws(QuantumSimError) -> Circuit {
        try Circuit(qubits: 2).h(0).h(1).cz(0, 1).h(0).h(1).x(0).x(1).cz(0, 1).x(0).x(1).h(0).h(1)
    }

    static let twoModuleGrover = ProtocolSpec(
        name: "two-module-grover",
        summary: "a two-qubit Grover search across two linked processor modules (two telegated CZs); "
            + "fidelity is the probability of finding the marked item",
        parameters: [P("length_km", "km", nonNegative, default: .number(0.002), "fiber between the modules")]
            + linkParameters + moduleParameters
            + [P("representation", "", .choice(["density-matrix", "state-vector"]), default: .text("density-matrix"),
                 "exact density matrices or sampled trajectories")],
        outputs: protocolOutputs,
        prepare: { (p) throws(NetworkError) in
            var net = Network()
            let m = try module(p, capacity: 4)
            try net.addNode("A", modules: [m])
            try net.addNode("B", modules: [m])
            try net.connect("A", "B", by: link(p, lengthKm: p.number("length_km")))
            let circuit = try NetworkError.wrapping { () throws(QuantumSimError) in try groverCircuit() }
            let d = try DistributedCircuit(network: net, circuit: circuit,
                                           placement: [ModuleAddress(node: "A"), ModuleAddress(node: "B")],
                                           method: .telegate, representation: stateRepresentation(p))
            return PreparedPoint { (runs, seed) throws(NetworkError) in outputs(try d.run(runs: runs, seed: seed)) }
        })
}
