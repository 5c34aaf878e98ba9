import QuantumNetwork
import QuantumSim

/// Jobs on distributed quantum computing between two linked processor
/// modules A and B: teleported gates and a small algorithm across them.
extension ProtocolCatalog {
    /// Two-qubit Grover search for |11⟩, one qubit in each module: one oracle
    /// and one diffusion step, each with a CZ across the modules (a
    /// telegate); success is certain when everything is ideal.
    static func groverCircuit() throws(QuantumSimError) -> Circuit {
        try Circuit(qubits: 2).h(0).h(1).cz(0, 1).h(0).h(1).x(0).x(1).cz(0, 1).x(0).x(1).h(0).h(1)
    }

    /// A gate on qubit 0 (module A) and qubit 1 (module B) of a 4-qubit
    /// register whose qubits 2 and 3 are references: CZ (one telegate),
    /// iSWAP from two CNOTs (H(1), CX(1→0), CX(0→1), H(0), S⊗S), SWAP from
    /// three.
    static func gateCircuit(_ name: String) throws(QuantumSimError) -> Circuit {
        let c = try Circuit(qubits: 4)
        switch name {
        case "cz": return try c.cz(0, 1)
        case "iswap": return try c.h(1).cx(1, 0).cx(0, 1).h(0).s(0).s(1)
        default: return try c.cx(0, 1).cx(1, 0).cx(0, 1)
        }
    }

    /// Each data qubit maximally entangled with its reference (qubits 0–2
    /// and 1–3 in Φ⁺): the state whose fidelity after the gate with the
    /// ideal result is the gate's process fidelity.
    static func choiInput() throws(QuantumSimError) -> StateVector {
        var psi = try StateVector(qubits: 4, options: .singleThreaded)
        try psi.apply(try Circuit(qubits: 4).h(2).cx(2, 0).h(3).cx(3, 1))
        return psi
    }

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
        outputs: protocolOutputs,
        prepare: { (p) throws(NetworkError) in
            var net = Network()
            let m = try module(p, capacity: 4)
            try net.addNode("A", modules: [m])
            try net.addNode("B", modules: [m])
            try net.connect("A", "B", by: link(p, lengthKm: p.number("length_km")))
            let (a, b) = (ModuleAddress(node: "A"), ModuleAddress(node: "B"))
            let d: DistributedCircuit
            if p.text("circuit") == "grover" {
                let circuit = try NetworkError.wrapping { () throws(QuantumSimError) in try groverCircuit() }
                d = try DistributedCircuit(network: net, circuit: circuit, placement: [a, b], method: .telegate,
                                           representation: stateRepresentation(p))
            } else {
                // The references sit in noiseless modules of their own, so
                // that only the gate's qubits carry the hardware's noise.
                try net.addNode("RA", modules: [.ideal()])
                try net.addNode("RB", modules: [.ideal()])
                let (circuit, input) = try NetworkError.wrapping { () throws(QuantumSimError) in
                    (try gateCircuit(p.text("circuit")), try choiInput())
                }
                d = try DistributedCircuit(network: net, circuit: circuit,
                                           placement: [a, b, ModuleAddress(node: "RA"), ModuleAddress(node: "RB")],
                                           method: .telegate, representation: stateRepresentation(p), initialState: input)
            }
            return PreparedPoint { (runs, seed) throws(NetworkError) in outputs(try d.run(runs: runs, seed: seed)) }
        })
}
