import QuantumNetwork
import QuantumSim

extension DistributedWorkload: JobChoice {}

extension ProtocolCatalog {
    /// `distributed-circuit`: a circuit split over linked modules, its
    /// fidelity against the monolithic run.
    enum DistributedCircuitJob {
        static let circuit = Parameter<DistributedWorkload>(
            "circuit", default: .ghz,
            "ghz: H and a CNOT chain; layered: H, a CNOT chain, then 3 layers of RY·RZ and CNOT chains")
        static let qubits = Parameter<Int>("qubits", in: 2...24, default: 8, "circuit qubits")
        static let circuitParameters = [circuit.definition, qubits.definition]
        static let method = Parameter<DistributedCircuit.Method>("method", default: .telegate, "non-local gates")
        static let representation = ProtocolCatalog.representation(
            default: .stateVector, "exact density matrices (≤ 6 qubits) or sampled trajectories")
        static let nodes = Parameter.nodes(
            "nodes", "the nodes whose first modules hold the qubits, split evenly in order (\"\": every node); "
                + "modules sharing a gate must be linked")
        // The parameter form's modules, linked all to all.
        static let modules = Parameter<Int>("modules", in: 1...64, default: 2, "processor modules, linked all to all")
        static let length = fiberLength(default: 0.01, "fiber between modules")

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> DistributedCircuit {
            let given = try p[nodes], names = given.isEmpty ? d.nodes.map(\.name) : given
            let n = try p[qubits], k = names.count
            guard k >= 1, k <= n else {
                throw .invalidParameter(name: nodes.name, value: Double(k), expected: "1 to the qubits (\(n)) nodes")
            }
            let perModule = (n + k - 1) / k
            let placed = try names.map { (name) throws(NetworkError) in try d.address(LinkEnd(node: name)) }
            let workload = try p[circuit]
            let c = try NetworkError.wrapping { () throws(QuantumSimError) in try workload.circuit(qubits: n) }
            return try DistributedCircuit(network: d.build(), circuit: c, placement: (0..<n).map { placed[$0 / perModule] },
                                          method: p[method], representation: p[representation])
        }

        static let spec = ProtocolSpec(
            name: "distributed-circuit",
            summary: "a circuit over linked modules (qubits split evenly), fidelity against the monolithic run",
            parameters: circuitParameters + [modules.definition, method.definition, length.definition]
                + linkParameters + moduleParameters + [representation.definition],
            experiment: { (p) throws(NetworkError) in
                let n = try p[qubits], k = try p[modules]
                guard k <= n else {
                    throw .invalidParameter(name: modules.name, value: Double(k), expected: "at most the qubits (\(n))")
                }
                // k modules linked all to all, each with room for its qubits
                // and a communication qubit per link end.
                let m = try moduleDescription(p, capacity: (n + k - 1) / k + 4)
                var d = NetworkDescription(nodes: (0..<k).map { NodeDescription(name: "M\($0)", modules: [m]) })
                for a in 0..<k { for b in (a + 1)..<max(a + 1, k) {
                    d.links.append(try linkDescription(p, from: "M\(a)", to: "M\(b)", lengthKm: p[length]))
                } }
                return try experiment(p, d)
            },
            network: NetworkForm(
                parameters: { d in
                    circuitParameters + [nodes.definition(on: d), method.definition, representation.definition]
                },
                experiment: experiment))
    }
}
