import QuantumSim

/// Distributed computing between two linked processor modules A and B:
/// teleported gates and a small algorithm across them.
public struct TwoModuleCircuits: NetworkExperiment {
    public enum Workload: String, Sendable, CaseIterable {
        /// A two-qubit Grover search for |11⟩, one qubit in each module: its
        /// success probability (the fidelity with |11⟩).
        case grover
        /// The process fidelity of a gate across the modules made of 1 (CZ),
        /// 2 (iSWAP) or 3 (SWAP) telegates.
        case cz, iswap, swap
    }

    public let workload: Workload
    public let circuit: DistributedCircuit

    /// `module` at A and B, joined by `link`.
    public init(_ workload: Workload, link: QuantumLink, module: ProcessorModule,
                representation: StateRepresentation = .densityMatrix) throws(NetworkError) {
        var net = Network()
        try net.addNode("A", modules: [module])
        try net.addNode("B", modules: [module])
        try net.connect("A", "B", by: link)
        try self.init(workload, network: net, between: ModuleAddress(node: "A"), and: ModuleAddress(node: "B"),
                      representation: representation)
    }

    /// Modules `a` and `b` of `network`, which a link must join. For the
    /// gates, each data qubit's reference sits in a noiseless module of its
    /// own (a node added for it), so that only the gate's qubits carry the
    /// hardware's noise.
    public init(_ workload: Workload, network: Network, between a: ModuleAddress, and b: ModuleAddress,
                representation: StateRepresentation = .densityMatrix) throws(NetworkError) {
        guard a.node != b.node else {
            throw .invalidValue("modules \(a.node) and \(b.node)", expected: "modules of two different nodes")
        }
        _ = try network.link(between: a, and: b)
        self.workload = workload
        if workload == .grover {
            let c = try NetworkError.wrapping { () throws(QuantumSimError) in try Self.groverCircuit() }
            circuit = try DistributedCircuit(network: network, circuit: c, placement: [a, b], method: .telegate,
                                             representation: representation)
            return
        }
        var net = network
        let references = try [a, b].map { (end) throws(NetworkError) in
            // A name no node of the network has.
            var name = "R\(end.node)"
            while net.nodes.contains(where: { $0.name == name }) { name += "'" }
            try net.addNode(name, modules: [.ideal()])
            return ModuleAddress(node: name)
        }
        let (c, input) = try NetworkError.wrapping { () throws(QuantumSimError) in
            (try Self.gateCircuit(workload), try Self.choiInput())
        }
        circuit = try DistributedCircuit(network: net, circuit: c, placement: [a, b] + references,
                                         method: .telegate, representation: representation, initialState: input)
    }

    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> ProtocolResult {
        try circuit.run(runs: runs, seed: seed)
    }

    /// One oracle and one diffusion step, each with a CZ across the modules;
    /// success is certain when everything is ideal.
    static func groverCircuit() throws(QuantumSimError) -> Circuit {
        try Circuit(qubits: 2).h(0).h(1).cz(0, 1).h(0).h(1).x(0).x(1).cz(0, 1).x(0).x(1).h(0).h(1)
    }

    /// The gate on qubit 0 (module A) and qubit 1 (module B) of a 4-qubit
    /// register whose qubits 2 and 3 are references: CZ, iSWAP from two
    /// CNOTs (H(1), CX(1→0), CX(0→1), H(0), S⊗S), SWAP from three.
    static func gateCircuit(_ workload: Workload) throws(QuantumSimError) -> Circuit {
        let c = try Circuit(qubits: 4)
        switch workload {
        case .cz: return try c.cz(0, 1)
        case .iswap: return try c.h(1).cx(1, 0).cx(0, 1).h(0).s(0).s(1)
        case .swap, .grover: return try c.cx(0, 1).cx(1, 0).cx(0, 1)
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
}
