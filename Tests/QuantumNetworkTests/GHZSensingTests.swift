import QuantumNetwork
import QuantumSim
import RealModule
import Testing

/// Distributed GHZ sensing against closed forms: an ideal k-node GHZ state
/// reaches the Heisenberg limit k², and dephasing that keeps a fraction
/// c = e^(−t/T2) of each qubit's coherence leaves F = k² c^(2k) (the GHZ
/// coherence decays as c^k); the standard quantum limit is k.
@Suite struct GHZSensingTests {
    func sensors(_ k: Int, t2: Double = .infinity) throws -> (Network, [ModuleAddress]) {
        let memory = t2 == .infinity ? MemoryModel.perfect : try MemoryModel(t1: .infinity, t2: t2)
        let module = try ProcessorModule(capacity: 4, memory: memory)
        // Links of length 0: the state is ready at once, so only the
        // interrogation dephases.
        let net = try Network.chain(segments: k - 1, link: QuantumLink(lengthKm: 0), module: module)
        return (net, (0..<k).map { ModuleAddress(node: "n\($0)") })
    }

    @Test(arguments: [2, 3, 5])
    func idealGHZReachesTheHeisenbergLimit(k: Int) throws {
        let (net, modules) = try sensors(k)
        let r = try GHZSensing(network: net, modules: modules, interrogationTime: 0, representation: .densityMatrix)
            .run(runs: 3, seed: 1)
        #expect(abs(r.fisherInformation - Double(k * k)) < 1e-9, "k=\(k): \(r.fisherInformation)")
        #expect(abs(r.parity) < 1e-12 && r.heisenbergLimit == Double(k * k) && r.standardQuantumLimit == Double(k))
    }

    @Test(arguments: [2, 4])
    func dephasingCostsTheCoherenceToThe2kthPower(k: Int) throws {
        let t2 = 1e-3, t = 4e-4, c = Double.exp(-t / t2)
        let (net, modules) = try sensors(k, t2: t2)
        let r = try GHZSensing(network: net, modules: modules, interrogationTime: t, representation: .densityMatrix)
            .run(runs: 2, seed: 2)
        let expected = Double(k * k) * Double.pow(c, Double(2 * k))
        #expect(abs(r.fisherInformation - expected) < 1e-9 * expected, "k=\(k): \(r.fisherInformation) vs \(expected)")
    }

    /// State-vector trajectories sample the dephasing; averaged over runs
    /// they approach the same closed form (k = 8: a state too large for a
    /// 16-qubit density matrix of the whole network's qubits to be quick).
    @Test func trajectoriesApproachTheClosedForm() throws {
        let k = 8, t2 = 1e-3, t = 1e-4, c = Double.exp(-t / t2)
        let (net, modules) = try sensors(k, t2: t2)
        let r = try GHZSensing(network: net, modules: modules, interrogationTime: t, representation: .stateVector)
            .run(runs: 400, seed: 3)
        let expected = Double(k * k) * Double.pow(c, Double(2 * k))
        #expect(abs(r.fisherInformation - expected) < 0.12 * expected, "\(r.fisherInformation) vs \(expected)")
        #expect(r.fisherInformation > r.standardQuantumLimit)
    }

    @Test func badInputsAreClearErrors() throws {
        let (net, modules) = try sensors(2)
        #expect(throws: NetworkError.invalidParameter(name: "sensor nodes", value: 1, expected: "at least 2")) {
            _ = try GHZSensing(network: net, modules: [modules[0]], interrogationTime: 0)
        }
        #expect(throws: NetworkError.self) { _ = try GHZSensing(network: net, modules: modules, interrogationTime: -1) }
    }
}
