@testable import QuantumNetwork
import QuantumSim
import Testing

/// Link pairs held as X states against the same runs held as density
/// matrices from the start: same seeds, same draws, so the same outcomes,
/// times and resources exactly and fidelities to rounding, on noisy
/// hardware (decaying memories with finite T1, gate and read-out errors)
/// where every operation of the X-state path is exercised: memory decay,
/// the swap, frames and corrections, and the conversion to a density
/// matrix for what leaves the form (purification's CNOTs, teleportation's
/// input qubit, discards).
@Suite struct XStatePairTests {
    /// A chain A0–A1–… of noisy modules; the links at `reversed` are made
    /// from their right end (their pairs' qubit 0 on the right), so swaps
    /// meet pairs in both orientations.
    static func noisyChain(_ lengths: [Double], fidelities: [Double], reversed: Set<Int> = [1, 2]) throws -> Network {
        let module = try ProcessorModule(memory: MemoryModel(t1: 0.5, t2: 0.02), singleQubitGateError: 0.01,
                                         twoQubitGateError: 0.02, measurementError: 0.01)
        var net = Network()
        for i in 0...lengths.count { try net.addNode("A\(i)", modules: [module]) }
        for (i, km) in lengths.enumerated() {
            let ends = reversed.contains(i) ? ("A\(i + 1)", "A\(i)") : ("A\(i)", "A\(i + 1)")
            try net.connect(ends.0, ends.1, by: QuantumLink(lengthKm: km, sourceFidelity: fidelities[i]), channels: 2)
        }
        return net
    }

    static func dense<T>(_ body: () throws -> T) throws -> T {
        try NetworkSimulation.$holdsPairsAsXStates.withValue(false) { try body() }
    }

    static func sameOutcome(_ a: RunOutcome, _ b: RunOutcome, _ label: String) {
        #expect(a.success == b.success && a.time == b.time && a.resources == b.resources, "\(label)")
        #expect(abs((a.fidelity ?? -1) - (b.fidelity ?? -1)) < 1e-12, "\(label): \(String(describing: a.fidelity)) vs \(String(describing: b.fidelity))")
    }

    @Test(arguments: RepeaterChain.Scheme.allCases)
    func repeaterChainsAreTheDensityMatrixRuns(scheme: RepeaterChain.Scheme) throws {
        let net = try Self.noisyChain([10, 25, 15, 40], fidelities: [0.97, 0.92, 0.95, 0.9])
        for cutoff in [nil, 1.5e-3] as [Double?] {
            let chain = try RepeaterChain(chain: net, scheme: scheme, cutoff: cutoff)
            for seed: UInt64 in 1...30 {
                let x = try chain.runOnce(seed: seed), d = try Self.dense { try chain.runOnce(seed: seed) }
                Self.sameOutcome(x.outcome, d.outcome, "\(scheme) cut-off \(String(describing: cutoff)) seed \(seed)")
                #expect(x.largestJointState == 2 && d.largestJointState == 4)
            }
        }
    }

    @Test func teleportationAndPurificationAreTheDensityMatrixRuns() throws {
        let net = try Self.noisyChain([20], fidelities: [0.93])
        let teleport = try Teleportation(network: net, from: "A0", to: "A1", storageTime: 0.003)
        for seed: UInt64 in 1...20 {
            Self.sameOutcome(try teleport.runOnce(seed: seed), try Self.dense { try teleport.runOnce(seed: seed) },
                             "teleportation seed \(seed)")
        }
        for scheme in Purification.Scheme.allCases {
            let purify = try Purification(network: net, between: "A0", and: "A1", scheme: scheme, rounds: 2)
            for seed: UInt64 in 1...20 {
                Self.sameOutcome(try purify.runOnce(seed: seed).outcome, try Self.dense { try purify.runOnce(seed: seed).outcome },
                                 "\(scheme) seed \(seed)")
            }
        }
    }

    /// Telegates and teledata over noisy modules: the pair meets data
    /// qubits, alone (teleported without a joint state) or already joined.
    @Test(arguments: DistributedCircuit.Method.allCases)
    func distributedCircuitsAreTheDensityMatrixRuns(method: DistributedCircuit.Method) throws {
        let net = try Self.noisyChain([2, 3], fidelities: [0.95, 0.9], reversed: [1])
        let modules = (0..<3).map { ModuleAddress(node: "A\($0)") }
        let circuit = try Circuit(qubits: 3).h(0).cx(0, 1).rx(0.4, 2).cx(1, 2).cx(1, 0)
        let job = try DistributedCircuit(network: net, circuit: circuit, placement: modules, method: method,
                                         representation: .densityMatrix)
        let x = try job.run(runs: 12, seed: 5), d = try Self.dense { try job.run(runs: 12, seed: 5) }
        #expect(x.successes == d.successes && x.resources == d.resources)
        #expect(abs(x.fidelity.mean - d.fidelity.mean) < 1e-12, "\(method): \(x.fidelity.mean) vs \(d.fidelity.mean)")
    }

    static func policies() throws -> [TrafficPolicy] {
        [
            try TrafficPolicy(),
            try TrafficPolicy(swapOrder: .sequential, corrections: .physical, cutoff: 2e-3),
            try TrafficPolicy(swapOrder: .nested, allocation: .reservePath),
            try TrafficPolicy(swapOrder: .sequential, purification: .init(scheme: .dejmps, rounds: 1)),
        ]
    }

    @Test(arguments: 0..<4)
    func trafficRunsAreTheDensityMatrixRuns(policy k: Int) throws {
        let net = try Self.noisyChain([10, 25, 15, 40], fidelities: [0.97, 0.92, 0.95, 0.9])
        let demand = TrafficDemand.fixed([
            try TrafficRequest(source: "A0", destination: "A4", pairs: 3),
            try TrafficRequest(source: "A1", destination: "A3", start: 1e-4, pairs: 2, deadline: 0.05),
        ])
        let traffic = try Traffic(network: net, demand: demand, policy: Self.policies()[k], horizon: 0.2)
        for seed: UInt64 in 1...8 {
            let x = try traffic.runOnce(seed: seed), d = try Self.dense { try traffic.runOnce(seed: seed) }
            #expect(x.events == d.events && x.duration == d.duration && x.linkPairs == d.linkPairs, "policy \(k) seed \(seed)")
            for (a, b) in zip(x.requests, d.requests) {
                #expect(a.outcome == b.outcome && a.end == b.end && a.pairLatencies == b.pairLatencies,
                        "policy \(k) seed \(seed)")
                #expect(a.fidelities.count == b.fidelities.count)
                for (f, g) in zip(a.fidelities, b.fidelities) { #expect(abs(f - g) < 1e-12, "policy \(k) seed \(seed)") }
            }
            #expect(x.requests.contains { !$0.fidelities.isEmpty })
        }
    }
}
