import Foundation
import QuantumNetwork
import QuantumSim
import Testing

/// The examples of docs/network.md, run here; `everyDocsExampleIsRunHere`
/// checks that each code block of the document appears verbatim in this
/// file, so the document cannot drift from code that compiles and passes.
@Suite struct DocsExampleTests {
    @Test func teleportationExample() throws {
        var network = Network()
        let memory = try MemoryModel(t1: 1.0, t2: 0.5)                  // seconds
        let module = try ProcessorModule(memory: memory, twoQubitGateError: 1e-3)
        try network.addNode("Alice", modules: [module])
        try network.addNode("Bob", modules: [module])
        try network.connect("Alice", "Bob", by: QuantumLink(lengthKm: 25, sourceFidelity: 0.97))

        let teleport = try Teleportation(network: network, from: "Alice", to: "Bob", input: .haarRandom)
        let result = try teleport.run(runs: 1000, seed: 42)
        print(result.fidelity.mean, result.fidelity.standardError)   // ≈ (2F + 1)/3 less the noise
        print(result.rate, result.resources.ebits, result.resources.classicalBits)
        #expect(result.fidelity.mean > 0.9 && result.fidelity.mean < (2 * 0.97 + 1) / 3)
        #expect(result.resources.classicalBits == 2000)
    }

    @Test func repeaterChainExample() throws {
        let link = try QuantumLink(lengthKm: 50, sourceFidelity: 0.99)     // η = 0.1 per attempt
        let module = try ProcessorModule(memory: MemoryModel(t1: 10, t2: 1))
        let chain = try Network.chain(segments: 8, link: link, module: module)

        let nested = try RepeaterChain(chain: chain, scheme: .nested, cutoff: 0.01, deadline: 1.0)
        let result = try nested.run(runs: 100, seed: 7)
        print(result.fidelity.mean, result.successProbability, result.time.mean)

        let swap = try RepeaterChain(network: chain, path: ["n0", "n1", "n2"])   // one swap at n1
        print(try swap.run(runs: 100, seed: 7).fidelity.mean)
        #expect(result.successProbability > 0.5 && result.fidelity.mean > 0.5)
    }

    @Test func purificationExample() throws {
        var network = Network()
        try network.addNode("A")
        try network.addNode("B")
        try network.connect("A", "B", by: QuantumLink(lengthKm: 10, sourceFidelity: 0.8))

        let bbpssw = try Purification(network: network, between: "A", and: "B", scheme: .bbpssw)
        let dejmps = try Purification(network: network, between: "A", and: "B", scheme: .dejmps, rounds: 2,
                                      retry: true)
        for p in [bbpssw, dejmps] {
            let r = try p.run(runs: 500, seed: 1)
            print(p.name, r.fidelity.mean, r.roundSuccess[0].mean)
        }
        #expect(try dejmps.run(runs: 50, seed: 1).fidelity.mean > 0.9)
    }

    @Test func qkdExample() throws {
        var network = Network()
        try network.addNode("Alice")
        try network.addNode("Bob")
        try network.connect("Alice", "Bob", by: QuantumLink(lengthKm: 20, sourceFidelity: 0.98))

        let eve = try InterceptResend(fraction: 0.2)
        let settings = try QKDSettings(pulseRate: 1e8, misalignment: 0.01, eavesdropper: eve)
        let bb84 = try BB84(network: network, from: "Alice", to: "Bob", settings: settings).run(pulses: 100_000, seed: 3)
        print(bb84.qber.mean, bb84.siftedKeyRate, bb84.secretKeyRate, bb84.plobBoundRate)

        let e91 = try BBM92(network: network, from: "Alice", to: "Bob", testFraction: 0.3).run(pulses: 100_000, seed: 3)
        print(e91.qber.mean, e91.chsh!.mean)                       // CHSH ≈ 2√2·(4F − 1)/3
        #expect(abs(bb84.qber.mean - 0.06) < 0.01 && e91.chsh!.mean > 2.5)
    }

    @Test func distributedCircuitExample() throws {
        var network = Network()
        for name in ["QPU0", "QPU1"] { try network.addNode(name, modules: [.ideal(capacity: 6)]) }
        try network.connect("QPU0", "QPU1", by: QuantumLink(lengthKm: 0.01, sourceFidelity: 0.99))

        let circuit = try Circuit(qubits: 4).h(0).cx(0, 1).cx(1, 2).cx(2, 3)
        let placement = [ModuleAddress(node: "QPU0"), ModuleAddress(node: "QPU0"),
                         ModuleAddress(node: "QPU1"), ModuleAddress(node: "QPU1")]
        let run = try DistributedCircuit(network: network, circuit: circuit, placement: placement, method: .telegate)
            .run(runs: 20, seed: 5)
        print(run.fidelity.mean, run.ebitsPerRun, run.classicalBitsPerRun)   // one CNOT crosses: 1 ebit, 2 bits

        let ghz = try DistributedCircuit.ghz(network: network, modules: [ModuleAddress(node: "QPU0"),
                                                                        ModuleAddress(node: "QPU1")])
        print(try ghz.run(runs: 1, seed: 5).fidelity.mean)
        #expect(run.ebitsPerRun == 1 && run.fidelity.mean > 0.9)
    }

    @Test func customProtocolExample() throws {
        var network = Network()
        try network.addNode("A")
        try network.addNode("B")
        try network.connect("A", "B", by: QuantumLink(lengthKm: 30))

        // Measure both halves of a heralded pair in Z, B after a classical "go" from A.
        let sim = NetworkSimulation(network: network, seed: 9)
        var bits: [Int] = []
        try sim.generatePair(on: network.link(between: "A", and: "B")) { a, b in
            bits.append(try sim.measure(a))
            try sim.send(bits: 1, from: "A", to: "B") { bits.append(try sim.measure(b)) }
        }
        try sim.engine.run()
        print(bits, sim.now, sim.resources)                          // equal bits; time in seconds
        #expect(bits.count == 2 && bits[0] == bits[1])
    }

    @Test func readmeExample() throws {
        let link = try QuantumLink(lengthKm: 50, sourceFidelity: 0.99)   // 0.2 dB/km: η = 0.1
        let memory = try ProcessorModule(memory: MemoryModel(t1: 10, t2: 1))
        let chain = try Network.chain(segments: 8, link: link, module: memory)
        let result = try RepeaterChain(chain: chain, scheme: .nested, cutoff: 0.01).run(runs: 100, seed: 7)
        print(result.fidelity.mean, result.time.mean, result.resources.linkAttempts)
        #expect(result.successProbability == 1 && result.fidelity.mean > 0.8)
    }

    @Test func trafficExample() throws {
        var ring = Network()
        let module = try ProcessorModule(capacity: 4, memory: MemoryModel(t1: 1, t2: 0.01))
        for i in 0..<6 { try ring.addNode("n\(i)", modules: [module]) }
        for i in 0..<6 {
            try ring.connect("n\(i)", "n\((i + 1) % 6)", by: QuantumLink(lengthKm: 2, sourceFidelity: 0.98), channels: 2)
        }
        let arrivals = try PoissonArrivals(users: [UserPair("n0", "n3"), UserPair("n1", "n4")],
                                           rate: 2000, until: 0.01, pairs: 2, deadline: 0.005)
        let policy = try TrafficPolicy(route: .shortest, swapOrder: .asap, corrections: .frame, cutoff: 0.002)
        let traffic = try Traffic(network: ring, demand: .poisson(arrivals), policy: policy)
        let result = try traffic.run(runs: 10, seed: 1)
        print(result.throughput ?? 0, result.fraction(.delivered) ?? 0, result.fidelities.count)
        for column in TrafficResult.columns { print(column.name, column.value(result) ?? .nan) }
        #expect(try #require(result.fraction(.delivered)) > 0.5 && result.fidelities.count > 100)
    }

    @Test func everyDocsExampleIsRunHere() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/network.md"), encoding: .utf8)
        let source = try String(contentsOf: here, encoding: .utf8)
        let normalize = { (text: Substring) in
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let code = normalize(Substring(source)).joined(separator: "\n")
        let blocks = doc.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 6)
        for block in blocks {
            #expect(code.contains(normalize(Substring(block)).joined(separator: "\n")), "not run by a test:\n\(block)")
        }
    }
}
