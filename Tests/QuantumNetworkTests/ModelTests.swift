import QuantumNetwork
import QuantumSim
import Testing

/// Delivers one pair on the A–B link of `net`, waits `wait` seconds, applies
/// `noise` to A's half, and returns the pair's fidelity with Φ⁺.
func pairFidelity(_ net: Network, wait: Double = 0, noise: Channel? = nil) throws -> Double {
    let sim = NetworkSimulation(network: net, seed: 1)
    var f: Double?
    try sim.generatePair(on: net.link(between: "A", and: "B")) { a, b in
        sim.engine.schedule(after: wait) {
            if let noise { try sim.apply(noise, to: [a]) }
            f = try sim.state(of: [a, b]).fidelity(with: BellState.phiPlus.stateVector(options: .singleThreaded))
        }
    }
    try sim.engine.run()
    return try #require(f)
}

@Suite struct ModelTests {
    @Test(arguments: [0.0, 0.1, 0.35])
    func dephasingOneHalfOfABellPairGives1MinusP(p: Double) throws {
        let f = try pairFidelity(pairNetwork(lengthKm: 0), noise: Channel.phaseFlip(p))
        #expect(abs(f - (1 - p)) < 1e-12)
    }

    @Test(arguments: [0.0, 0.2, 0.9])
    func amplitudeDampingOneHalf(gamma: Double) throws {
        let f = try pairFidelity(pairNetwork(lengthKm: 0), noise: Channel.amplitudeDamping(gamma))
        let r = (1 - gamma).squareRoot()
        #expect(abs(f - (1 + r) * (1 + r) / 4) < 1e-12)
    }

    @Test(arguments: [(1e-3, 2e-3, 0.5e-3), (1.0, 0.3, 0.7), (2.0, 1.0, 0.0)])
    func memoryDecayOfOneHalfForTimeT(t1: Double, t2: Double, t: Double) throws {
        let module = try ProcessorModule(memory: MemoryModel(t1: t1, t2: t2))
        let f = try pairFidelity(pairNetwork(lengthKm: 0, moduleA: module), wait: t)
        #expect(abs(f - ((1 + Double.exp(-t / t1)) / 4 + Double.exp(-t / t2) / 2)) < 1e-12)
    }

    @Test func bothHalvesDecayForExactlyTheTimeTheyWait() throws {
        // Source at A: A's half waits from emission (2L·5 µs until the herald),
        // B's from the photon's arrival (L·5 µs); then both wait `extra`.
        let t2 = 1e-3, km = 30.0, extra = 2e-4
        let memory = try ProcessorModule(memory: MemoryModel(t1: .infinity, t2: t2))
        let f = try pairFidelity(pairNetwork(lengthKm: km, moduleA: memory, moduleB: memory), wait: extra)
        let total = (2 * km * 5e-6 + extra) + (km * 5e-6 + extra)
        #expect(abs(f - (1 + Double.exp(-total / t2)) / 2) < 1e-12)
    }

    @Test func fiberTransmissionAndAttemptTiming() throws {
        let link = try QuantumLink(lengthKm: 50, sourceEfficiency: 0.5, detectorEfficiency: 0.8, attemptOverhead: 1e-6)
        #expect(abs(link.transmission - 0.1) < 1e-12)
        #expect(abs(link.successProbability - 0.04) < 1e-12)
        #expect(abs(link.attemptDuration - (2 * 50 * 5e-6 + 1e-6)) < 1e-15)
        #expect(try QuantumLink(lengthKm: 100, attenuationDbPerKm: 0.33).lossDb == 33)
    }

    @Test func eventsRunInTimeOrderAndTiesInSchedulingOrder() throws {
        let engine = EventEngine()
        var log: [String] = []
        engine.schedule(at: 2) { log.append("c") }
        engine.schedule(at: 1) { log.append("a") }
        engine.schedule(at: 1) {
            log.append("b")
            engine.schedule(after: 0.5) { log.append("b+") }
        }
        try engine.run()
        #expect(log == ["a", "b", "b+", "c"])
        #expect(engine.now == 2 && engine.eventsProcessed == 4)
    }

    /// The engine's own heap against a stable sort: 20,000 events at a few
    /// distinct times (many ties), scheduled and run interleaved, come out
    /// in (time, scheduling order) exactly.
    @Test func manyEventsComeOutInTimeOrderWithTiesInSchedulingOrder() throws {
        let engine = EventEngine()
        var rng = SeededGenerator(seed: 12)
        var scheduled: [(time: Double, id: Int)] = [], ran: [Int] = []
        var next = 0
        func add(after delay: Double) {
            let id = next, time = engine.now + delay
            next += 1
            scheduled.append((time, id))
            engine.schedule(at: time) {
                ran.append(id)
                // Half the events schedule more, so inserts and removals interleave.
                if next < 20_000, Bool.random(using: &rng) {
                    for _ in 0..<2 { add(after: Double(Int.random(in: 0..<4, using: &rng))) }
                }
            }
        }
        for _ in 0..<500 { add(after: Double(Int.random(in: 0..<50, using: &rng))) }
        try engine.run()
        let expected = scheduled.enumerated().sorted { a, b in
            a.element.time < b.element.time || (a.element.time == b.element.time && a.offset < b.offset)
        }.map(\.element.id)
        #expect(ran.count == scheduled.count && ran == expected)
        #expect(engine.pendingEvents == 0 && engine.eventsProcessed == scheduled.count)
    }

    @Test func aLinkOfAnotherNetworkIsRefused() throws {
        let net = try pairNetwork()
        var other = Network()
        for n in ["X", "Y"] { try other.addNode(n) }
        try other.connect("X", "Y", by: QuantumLink(lengthKm: 3))
        let sim = NetworkSimulation(network: net, seed: 1)
        let foreign = try other.link(between: "X", and: "Y")
        #expect(throws: NetworkError.invalidValue("link X.main–Y.main", expected: "a link of this simulation's network")) {
            try sim.generatePair(on: foreign) { _, _ in }
        }
    }

    @Test func qubitsMergeOnContactAndSplitOnMeasurement() throws {
        let net = try pairNetwork()
        let sim = NetworkSimulation(network: net, seed: 3)
        let place = try net.defaultModule(of: "A")
        let q = try (0..<3).map { _ in try sim.newQubit(at: place) }
        #expect(try q.map { try sim.jointStateSize(of: $0) } == [1, 1, 1])
        try sim.apply(.h, to: [q[0]])
        try sim.apply(.cx, to: [q[0], q[1]])
        #expect(try sim.jointStateSize(of: q[1]) == 2 && sim.jointStateSize(of: q[2]) == 1)
        let m = try sim.measure(q[0])
        #expect(try sim.jointStateSize(of: q[1]) == 1)
        #expect(try abs(sim.state(of: [q[1]]).probabilityOfOne(0) - Double(m)) < 1e-12)
        #expect(sim.largestJointState == 2 && sim.aliveQubits == 2)
        #expect(throws: NetworkError.qubitNotAlive(q[0].id)) { try sim.apply(.x, to: [q[0]]) }
    }

    @Test func classicalDelayTakesTheShortestPath() throws {
        var net = Network()
        for n in ["A", "B", "C"] { try net.addNode(n) }
        try net.connect("A", "B", by: QuantumLink(lengthKm: 10))
        try net.connect("B", "C", by: QuantumLink(lengthKm: 10))
        #expect(abs(try net.classicalDelay(from: "A", to: "C") - 100e-6) < 1e-15)
        try net.addClassicalChannel("A", "C", lengthKm: 12)
        #expect(abs(try net.classicalDelay(from: "C", to: "A") - 60e-6) < 1e-15)
    }
}

@Suite struct NetworkErrorTests {
    @Test func badInputGetsAClearError() throws {
        var net = try pairNetwork()
        #expect(throws: NetworkError.unknownNode("Z", known: ["A", "B"])) { try net.connect("A", "Z", by: QuantumLink(lengthKm: 1)) }
        #expect(throws: NetworkError.selfLink(node: "A")) { try net.connect("A", "A", by: QuantumLink(lengthKm: 1)) }
        #expect(throws: NetworkError.duplicateName(kind: "node", name: "A")) { try net.addNode("A") }
        #expect(throws: NetworkError.self) { try QuantumLink(lengthKm: -3) }
        #expect(throws: NetworkError.self) { try QuantumLink(lengthKm: 1, sourceFidelity: 1.2) }
        #expect(throws: NetworkError.self) { try QuantumLink(lengthKm: 1, detectorEfficiency: -0.1) }
        #expect(throws: NetworkError.self) { try ProcessorModule(measurementError: 1.5) }
        #expect(throws: NetworkError.self) { try InterceptResend(fraction: 2) }
        #expect(throws: NetworkError.noLink("A", "C")) {
            try net.addNode("C")
            _ = try Teleportation(network: net, from: "A", to: "C")
        }
        do {
            _ = try MemoryModel(t1: 1, t2: 3)
            Issue.record("T2 > 2·T1 was accepted")
        } catch {
            #expect(error.description == "T2 = 3.0 is invalid: expected at most 2·T1 = 2.0 seconds")
        }
        do {
            _ = try QuantumLink(lengthKm: -3)
        } catch {
            #expect(error.description.contains("link length = -3.0"))
        }
    }

    @Test func aModuleOutOfQubits() throws {
        let net = try pairNetwork(moduleA: .ideal(capacity: 2))
        let sim = NetworkSimulation(network: net, seed: 1)
        let place = try net.defaultModule(of: "A")
        _ = try sim.newQubit(at: place)
        _ = try sim.newQubit(at: place)
        #expect(throws: NetworkError.moduleFull(node: "A", module: "main", capacity: 2)) { try sim.newQubit(at: place) }
        // A link also needs a free slot at each end.
        #expect(throws: NetworkError.moduleFull(node: "A", module: "main", capacity: 2)) {
            try sim.generatePair(on: net.link(between: "A", and: "B")) { _, _ in }
        }
    }

    @Test func unknownModulesAndNonLocalGates() throws {
        var net = Network()
        try net.addNode("A", modules: [.ideal(name: "m0"), .ideal(name: "m1")])
        #expect(throws: NetworkError.unknownModule(node: "A", module: "m9", known: ["m0", "m1"])) {
            try net.module(ModuleAddress(node: "A", module: "m9"))
        }
        let sim = NetworkSimulation(network: net, seed: 1)
        let a = try sim.newQubit(at: ModuleAddress(node: "A", module: "m0"))
        let b = try sim.newQubit(at: ModuleAddress(node: "A", module: "m1"))
        #expect(throws: NetworkError.self) { try sim.apply(.cx, to: [a, b]) }
    }
}

/// A long run reuses the records of gone qubits: memory follows the qubits
/// alive, and a gone qubit's handle stays gone after its record is reused.
@Suite struct QubitRecordReuseTests {
    @Test func recordsAreReusedAndOldHandlesStayDead() throws {
        let sim = NetworkSimulation(network: try pairNetwork(lengthKm: 1), seed: 4)
        var first: (Qubit, Qubit)?
        var ids = Set<Int>()
        for k in 0..<5000 {
            var pair: (Qubit, Qubit)?
            try sim.generatePair(on: sim.network.links[0]) { a, b in pair = (a, b) }
            try sim.runEngine(until: .infinity) { pair != nil }
            let (a, b) = try #require(pair)
            #expect(ids.insert(a.id).inserted && ids.insert(b.id).inserted, "ids are unique within the run")
            if k == 0 { first = pair }
            try sim.discard(a)
            try sim.discard(b)
        }
        #expect(sim.qubitRecords == 2)
        let (old, _) = try #require(first)
        #expect(!sim.isAlive(old))
        #expect(throws: NetworkError.self) { try sim.discard(old) }
    }
}
