@testable import QuantumNetwork
import QuantumSim
import Testing

@Suite struct RepeaterChainTests {
    @Test func swappingTwoWernerPairs() throws {
        let (f1, f2) = (0.9, 0.8)
        var net = Network()
        for n in ["A", "M", "B"] { try net.addNode(n) }
        try net.connect("A", "M", by: QuantumLink(lengthKm: 10, sourceFidelity: f1))
        try net.connect("M", "B", by: QuantumLink(lengthKm: 25, sourceFidelity: f2))
        let result = try RepeaterChain(network: net, path: ["A", "M", "B"]).run(runs: 50, seed: 3)
        #expect(result.name == "entanglement swapping")
        #expect(abs(result.fidelity.mean - (f1 * f2 + (1 - f1) * (1 - f2) / 3)) < 1e-9)
        #expect(result.resources.ebits == 100)
    }

    @Test(arguments: RepeaterChain.Scheme.allCases, [2, 5, 8])
    func chainOfWernerLinksGives1Over4Plus3Over4WToTheN(scheme: RepeaterChain.Scheme, segments: Int) throws {
        let f = 0.95
        let net = try Network.chain(segments: segments, link: QuantumLink(lengthKm: 5, sourceFidelity: f))
        let result = try RepeaterChain(chain: net, scheme: scheme).run(runs: 20, seed: 1)
        let expected = 0.25 + 0.75 * Double.pow(wernerParameter(f), Double(segments))
        #expect(abs(result.fidelity.mean - expected) < 1e-9)
        #expect(result.successProbability == 1)
        let chain = try RepeaterChain(chain: net, scheme: scheme)
        for seed: UInt64 in 1...5 { #expect(try chain.runOnce(seed: seed).largestJointState <= 4) }
    }

    @Test func longChainNeverBuildsALargeState() throws {
        let net = try Network.chain(segments: 200, link: QuantumLink(lengthKm: 10, sourceFidelity: 0.999))
        let run = try RepeaterChain(chain: net).runOnce(seed: 8)
        #expect(run.outcome.success)
        // Swaps act on the pairs' X states: no joint state beyond a pair.
        #expect(run.largestJointState == 2)
        #expect(run.peakAliveQubits <= 2 * 200)
        // Held as density matrices, each swap joins two pairs and no more.
        let dense = try NetworkSimulation.$holdsPairsAsXStates.withValue(false) {
            try RepeaterChain(chain: net).runOnce(seed: 8)
        }
        #expect(dense.largestJointState == 4)
        #expect(abs((dense.outcome.fidelity ?? 0) - (run.outcome.fidelity ?? 1)) < 1e-12)
    }

    @Test func cutoffDiscardsStalePairsAndTheDeadlineFailsRuns() throws {
        // Lossy 50 km links (p = 0.1 per attempt, 0.5 ms each) and memories of T2 = 10 ms.
        let module = try ProcessorModule(memory: MemoryModel(t1: 1, t2: 0.01))
        let net = try Network.chain(segments: 4, link: QuantumLink(lengthKm: 50), module: module)
        let free = try RepeaterChain(chain: net, scheme: .nested).run(runs: 200, seed: 4)
        let cut = try RepeaterChain(chain: net, scheme: .nested, cutoff: 2e-3).run(runs: 200, seed: 4)
        // Fresher pairs: higher fidelity, paid for with more attempts and time.
        #expect(cut.fidelity.mean > free.fidelity.mean + 4 * (cut.fidelity.standardError + free.fidelity.standardError))
        #expect(cut.resources.linkAttempts > free.resources.linkAttempts)
        let hurried = try RepeaterChain(chain: net, scheme: .nested, deadline: 10e-3).run(runs: 200, seed: 4)
        #expect(hurried.successProbability > 0 && hurried.successProbability < 1)
        #expect(hurried.time.mean <= 10e-3 + 1e-12)
    }

    @Test func timeToDeliverOverOneLinkIsTheGeometricWait() throws {
        // p = 10^(−1) at 50 km: mean attempts 1/p = 10, each 2·50·5 µs = 0.5 ms.
        let link = try QuantumLink(lengthKm: 50)
        #expect(abs(link.transmission - 0.1) < 1e-12)
        let net = try pairNetwork(lengthKm: 50)
        let result = try RepeaterChain(network: net, path: ["A", "B"]).run(runs: 4000, seed: 6)
        let attempts = Estimate(mean: Double(result.resources.linkAttempts) / 4000, standardError: (0.9).squareRoot() / 0.1 / (4000.0).squareRoot(), count: 4000)
        expectWithin4SE(attempts, 10)
        expectWithin4SE(result.time, 10 * link.attemptDuration)
        #expect(abs(result.rate - 1 / result.time.mean) < 1e-6 * result.rate)
    }

    @Test func stateVectorChainAgreesWithTheDensityMatrixChain() throws {
        let f = 0.9
        let net = try Network.chain(segments: 3, link: QuantumLink(lengthKm: 5, sourceFidelity: f))
        let result = try RepeaterChain(chain: net, representation: .stateVector).run(runs: 3000, seed: 12)
        expectWithin4SE(result.fidelity, 0.25 + 0.75 * Double.pow(wernerParameter(f), 3))
    }
}
