import QuantumNetwork
import QuantumSim
import Testing

/// Modules "A.main" ... linked in a line (or all-to-all) by links of source fidelity f.
func moduleNetwork(_ count: Int, fidelity: Double = 1, allToAll: Bool = false, capacity: Int = 16) throws
    -> (Network, [ModuleAddress])
{
    var net = Network()
    let names = (0..<count).map { "M\($0)" }
    for n in names { try net.addNode(n, modules: [.ideal(capacity: capacity)]) }
    for i in 0..<count {
        for j in (i + 1)..<max(i + 1, count) where allToAll || j == i + 1 {
            try net.connect(names[i], names[j], by: QuantumLink(lengthKm: 0.01, sourceFidelity: fidelity))
        }
    }
    return (net, names.map { ModuleAddress(node: $0) })
}

@Suite struct DistributedCircuitTests {
    @Test(arguments: [1.0, 0.9, 0.7])
    func telegateEntanglementFidelityIsThePairFidelity(f: Double) throws {
        // Choi state: each data qubit maximally entangled with a local reference,
        // then a non-local CNOT. Its fidelity is the entanglement fidelity F_e of the
        // gate, and the average gate fidelity is (4·F_e + 1)/5 = (4F + 1)/5.
        let (net, m) = try moduleNetwork(2, fidelity: f)
        let circuit = try Circuit(qubits: 4).h(0).cx(0, 1).h(2).cx(2, 3).cx(1, 3)
        let run = try DistributedCircuit(network: net, circuit: circuit, placement: [m[0], m[0], m[1], m[1]],
                                         representation: .densityMatrix).run(runs: 10, seed: 41)
        #expect(abs(run.fidelity.mean - f) < 1e-9)
        #expect(abs((4 * run.fidelity.mean + 1) / 5 - (4 * f + 1) / 5) < 1e-9)
        #expect(run.resources.ebits == 10 && run.resources.classicalBits == 20)
    }

    @Test func controlledPhaseTelegatesAndSwapFallsBackToTeledata() throws {
        let (net, m) = try moduleNetwork(2)
        let circuit = try Circuit(qubits: 2).h(0).h(1).cp(0.7, 0, 1).ry(0.3, 1).swap(0, 1).rx(1.1, 0)
        let r = try DistributedCircuit(network: net, circuit: circuit, placement: [m[0], m[1]]).run(runs: 5, seed: 42)
        #expect(abs(r.fidelity.mean - 1) < 1e-9)
        // cp: one ebit and 2 bits; swap by teledata: one ebit and 2 bits.
        #expect(r.resources.ebits == 10 && r.resources.classicalBits == 20)
    }

    @Test(arguments: DistributedCircuit.Method.allCases)
    func randomCircuitOverFourModulesMatchesTheMonolithicRun(method: DistributedCircuit.Method) throws {
        var rng = SeededGenerator(seed: 43)
        var circuit = try Circuit(qubits: 8)
        for _ in 0..<30 {
            let a = Int.random(in: 0..<8, using: &rng), b = (a + Int.random(in: 1..<8, using: &rng)) % 8
            circuit = try circuit.ry(Double.random(in: 0..<3, using: &rng), a).cx(a, b).rz(0.4, b)
        }
        let (net, m) = try moduleNetwork(4, allToAll: true)
        let placement = (0..<8).map { m[$0 / 2] }
        let spec = try DistributedCircuit(network: net, circuit: circuit, placement: placement, method: method)
        let r = try spec.run(runs: 3, seed: 44)
        #expect(abs(r.fidelity.mean - 1) < 1e-9)
        let crossing = circuit.operations.filter { op in Set(op.qubits.map { placement[$0] }).count > 1 }.count
        if method == .telegate { #expect(r.resources.ebits == 3 * crossing) }
    }

    @Test(arguments: [3, 5])
    func ghzOverKModules(k: Int) throws {
        let f = 0.9
        let (net, m) = try moduleNetwork(k, fidelity: f)
        let r = try DistributedCircuit.ghz(network: net, modules: m).run(runs: 3, seed: 45)
        #expect(r.resources.ebits == 3 * (k - 1))
        // Each Werner ebit leaves, with probability q = (1 − F)/3 each, an X on the
        // target's side (spreading down the CNOT ladder), a Z on the control, or
        // both. Only even numbers of Z's and no X keep the GHZ state:
        // F_GHZ = ((F + q)^(k−1) + (F − q)^(k−1))/2.
        let q = (1 - f) / 3
        let expected = (Double.pow(f + q, Double(k - 1)) + Double.pow(f - q, Double(k - 1))) / 2
        #expect(abs(r.fidelity.mean - expected) < 1e-9)
    }

    @Test func gatesOnThreeQubitsAcrossModulesAreRejected() throws {
        let (net, m) = try moduleNetwork(2)
        let circuit = try Circuit(qubits: 3).ccx(0, 1, 2)
        #expect(throws: NetworkError.self) {
            _ = try DistributedCircuit(network: net, circuit: circuit, placement: [m[0], m[0], m[1]])
        }
    }
}
