import QNetJobs
import QuantumNetwork
import QuantumSim

/// A heralded pair on one link, held in both memories for a storage time,
/// then both halves measured in the same basis, Z or X at random: the bit
/// error rate of an entanglement-based key in each basis as the memories
/// decay. One run is one heralded pair.
///
/// This file is the example of docs/jobs.md "Your own experiments"; the
/// QNet test suite compiles it too (Tests/QNetJobsTests/CustomExperiment/)
/// and checks it against the closed form of dephasing.
struct StoredPairQBER: NetworkExperiment {
    let network: Network
    let link: Network.LinkPlacement
    let storageTime: Double

    init(network: Network, between a: String, and b: String, storageTime: Double) throws(NetworkError) {
        guard storageTime >= 0, storageTime.isFinite else {
            throw .invalidParameter(name: "storage time", value: storageTime, expected: "a finite time ≥ 0 s")
        }
        self.network = network
        link = try network.link(between: a, and: b)
        self.storageTime = storageTime
    }

    /// Disagreements and rounds in each basis.
    struct Result: ExperimentResult {
        var errors = (z: 0, x: 0), rounds = (z: 0, x: 0)

        static func rate(_ errors: Int, _ rounds: Int) -> Double? { rounds > 0 ? Double(errors) / Double(rounds) : nil }

        // The columns, declared once: name, unit and value together.
        static let columns: [OutputColumn<Result>] = [
            OutputColumn("qber_z") { rate($0.errors.z, $0.rounds.z) },
            OutputColumn("qber_x") { rate($0.errors.x, $0.rounds.x) },
            OutputColumn("rounds_z") { Double($0.rounds.z) },
            OutputColumn("rounds_x") { Double($0.rounds.x) },
        ]
    }

    func run(runs: Int, seed: UInt64) throws(NetworkError) -> Result {
        guard runs >= 1 else { throw .invalidParameter(name: "runs", value: Double(runs), expected: "at least 1") }
        var result = Result()
        for k in 0..<runs {
            // Run k has its own seed: the result does not depend on threads.
            let sim = NetworkSimulation(network: network, seed: SeededGenerator.derivedSeed(seed, index: k))
            let inX = Bool.random(using: &sim.rng)
            var outcomes: (Int, Int)?
            let storageTime = storageTime
            try sim.generatePair(on: link) { a, b in
                sim.engine.schedule(after: storageTime) {
                    outcomes = inX ? (try sim.measureX(a), try sim.measureX(b)) : (try sim.measure(a), try sim.measure(b))
                }
            }
            try sim.runEngine(until: .infinity) { outcomes != nil }
            guard let (ma, mb) = outcomes else { throw .invalidProtocol("run \(k) ended without measuring its pair") }
            if inX {
                result.rounds.x += 1
                result.errors.x += ma == mb ? 0 : 1
            } else {
                result.rounds.z += 1
                result.errors.z += ma == mb ? 0 : 1
            }
        }
        return result
    }
}

extension StoredPairQBER {
    // Its job parameters, each name written once.
    static let storage = Parameter<Double>("storage_time_s", unit: "s", in: 0...1e6, default: 0,
                                           "time both halves wait in memory before they are measured")
    static let t2 = Parameter<Double>("t2_s", unit: "s", in: 1e-300 ... .infinity, default: 1,
                                      "memory coherence time T2 of both nodes (pure dephasing: T1 = ∞)")
    static let length = Parameter<Double>("length_km", unit: "km", in: 0...1000, default: 10, "fiber length")

    /// The protocol as jobs name it: two nodes a link apart (a network file's
    /// link could be used the same way through a NetworkForm).
    static let protocolSpec = ProtocolSpec(
        name: "stored-pair-qber",
        summary: "a heralded pair stored in both memories, then measured in Z or X: the QBER per basis",
        parameters: [storage.definition, t2.definition, length.definition],
        experiment: { (p) throws(NetworkError) in
            let t2 = try p[t2]
            let module = ModuleDescription(capacity: 2, t2: t2)
            let d = try NetworkDescription(
                nodes: [NodeDescription(name: "Alice", modules: [module]), NodeDescription(name: "Bob", modules: [module])],
                links: [LinkDescription(a: LinkEnd(node: "Alice"), b: LinkEnd(node: "Bob"), lengthKm: p[length])])
            return try StoredPairQBER(network: d.build(), between: "Alice", and: "Bob", storageTime: p[storage])
        })
}
