import Foundation
import QuantumNetwork
import QuantumSim

/// One network benchmark result: a median wall time per unit of work.
struct NetworkRow: Encodable {
    let name: String
    let detail: String
    /// Median wall seconds per unit (one delivered pair, one run, one circuit).
    let seconds: Double
    /// What the issue asks for, in the same unit, when it sets a target.
    let target: String

    static let tableHeader = Row.pad("case", 26) + Row.pad("ms/unit", 12, right: true) + Row.pad("units/s", 12, right: true)
        + "  target  detail"

    var tableLine: String {
        Row.pad(name, 26) + Row.pad(String(format: "%.4f", seconds * 1e3), 12, right: true)
            + Row.pad(String(format: "%.0f", 1 / seconds), 12, right: true) + "  \(target)  \(detail)"
    }
}

/// The network suite: the three performance targets of the network layer,
/// each on one core (the network layer runs small states single-threaded).
enum NetworkCases {
    static func run(repeats: Int, quick: Bool, filter: String?, emit: (NetworkRow) -> Void) throws {
        let wanted = { (name: String) in filter.map { name.contains($0) } ?? true }
        let memory = try MemoryModel(t1: 1, t2: 0.5)
        let module = try ProcessorModule(capacity: 4, memory: memory, singleQubitGateError: 1e-4,
                                         twoQubitGateError: 1e-3, measurementError: 1e-3)

        // 1. A 1,000-node chain (999 links of 10 km), one end-to-end pair, memories decaying while waiting
        //    (good hardware, so that 999 swaps still leave some entanglement).
        let link = try QuantumLink(lengthKm: 10, sourceFidelity: 0.9999)
        let repeaterModule = try ProcessorModule(capacity: 4, memory: MemoryModel(t1: 10, t2: 1),
                                                 singleQubitGateError: 1e-6, twoQubitGateError: 1e-5,
                                                 measurementError: 1e-5)
        let chain = try Network.chain(segments: 999, link: link, module: repeaterModule)
        for scheme in RepeaterChain.Scheme.allCases where wanted("chain-1000-\(scheme.rawValue)") {
            let protocolSpec = try RepeaterChain(chain: chain, scheme: scheme)
            var seed: UInt64 = 0
            var last: RepeaterChain.Run?
            let seconds = try Timing.median(repeats: repeats) {
                seed += 1
                last = try protocolSpec.runOnce(seed: seed)
            }
            let f = last?.outcome.fidelity ?? .nan, joint = last.map { Double($0.largestJointState) } ?? .nan
            emit(NetworkRow(name: "chain-1000-\(scheme.rawValue)",
                            detail: String(format: "F=%.4f, largest joint state %.0f qubits, %.3f s simulated",
                                           f, joint, last?.outcome.time ?? .nan),
                            seconds: seconds, target: "< 50 ms"))
        }

        // 2. Teleportation with noise (source, memories, gates, read-out) over 10 km, exact density
        //    matrices and state-vector trajectories (noise sampled per run).
        let pair = try Network.chain(segments: 1, link: QuantumLink(lengthKm: 10, sourceFidelity: 0.98), module: module)
        for representation in StateRepresentation.allCases where wanted("teleportation-noisy-\(representation.rawValue)") {
            let teleport = try Teleportation(network: pair, from: "n0", to: "n1", representation: representation)
            let runs = quick ? 20_000 : 100_000
            var fidelity = Estimate(mean: .nan, standardError: .nan, count: 0)
            let perBatch = try Timing.median(repeats: repeats) {
                fidelity = try teleport.run(runs: runs, seed: 7).fidelity
            }
            emit(NetworkRow(name: "teleportation-noisy-\(representation.rawValue)",
                            detail: String(format: "%d runs per batch, mean F=%.4f ± %.4f", runs, fidelity.mean,
                                           fidelity.standardError),
                            seconds: perBatch / Double(runs), target: "≥ 100000 runs/s"))
        }
        guard wanted("circuit-20q") else { return }

        // 3. A 20-qubit circuit over 4 modules (5 qubits each) against the monolithic run.
        let n = 20
        let circuit = try layeredCircuit(qubits: n, layers: quick ? 2 : 4)
        var modules = Network()
        for k in 0..<4 { try modules.addNode("M\(k)", modules: [.ideal(capacity: 8)]) }
        for a in 0..<4 { for b in (a + 1)..<4 { try modules.connect("M\(a)", "M\(b)", by: QuantumLink(lengthKm: 0.01)) } }
        let spread = (0..<n).map { ModuleAddress(node: "M\($0 / 5)") }
        var big = modules
        try big.addNode("ALL", modules: [.ideal(capacity: n)])
        let oneModule = (0..<n).map { _ in ModuleAddress(node: "ALL") }
        // Gate by gate (no fusion, no cache blocking), as the network layer applies them.
        let gateByGate = try ExecutionOptions(threads: 1, cacheBlockQubits: 0, fusionQubits: 1)
        let monolithic = try Timing.median(repeats: repeats) {
            var psi = try StateVector(qubits: n, options: gateByGate)
            try psi.apply(circuit)
        }
        let ideal = try { () throws -> StateVector in
            var psi = try StateVector(qubits: n, options: gateByGate)
            try psi.apply(circuit)
            return psi
        }()
        let local = try DistributedCircuit(network: big, circuit: circuit, placement: oneModule)
        let localTime = try Timing.median(repeats: repeats) { _ = try local.runOnce(seed: 1, ideal: ideal) }
        let distributed = try DistributedCircuit(network: modules, circuit: circuit, placement: spread)
        var nonLocal = 0.0
        let distributedTime = try Timing.median(repeats: repeats) {
            nonLocal = Double(try distributed.runOnce(seed: 1, ideal: ideal).nonLocalGates)
        }
        let gates = circuit.operations.count
        emit(NetworkRow(name: "circuit-20q-monolithic", detail: "\(gates) gates, StateVector.apply(circuit)",
                        seconds: monolithic, target: "—"))
        emit(NetworkRow(name: "circuit-20q-network-1mod",
                        detail: String(format: "same circuit through the network layer in one module: %.1f%% over monolithic",
                                       (localTime / monolithic - 1) * 100),
                        seconds: localTime, target: "overhead < 20%"))
        emit(NetworkRow(name: "circuit-20q-4-modules",
                        detail: String(format: "%.0f non-local gates (telegates); %.1f× the monolithic time",
                                       nonLocal, distributedTime / monolithic),
                        seconds: distributedTime, target: "—"))
    }

    /// A CNOT ladder after H on qubit 0 (so that the network layer's joint
    /// state spans all qubits from the start, as the monolithic one does),
    /// then layers of RY·RZ on every qubit and a CNOT ladder.
    static func layeredCircuit(qubits n: Int, layers: Int) throws -> Circuit {
        var c = try Circuit(qubits: n).h(0)
        for q in 0..<(n - 1) { c = try c.cx(q, q + 1) }
        for layer in 0..<layers {
            for q in 0..<n { c = try c.ry(0.1 * Double(q + layer), q).rz(0.2 * Double(q), q) }
            for q in 0..<(n - 1) { c = try c.cx(q, q + 1) }
        }
        return c
    }
}
