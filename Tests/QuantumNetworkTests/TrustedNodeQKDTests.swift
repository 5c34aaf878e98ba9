import QuantumNetwork
import QuantumSim
import Testing

/// Trusted-node key relaying: the end-to-end rate is the weakest link's on
/// the widest path; pools drain on the bottleneck; an intercept-resend attack
/// on a link shows as QBER f/4 there and on every path through it.
@Suite struct TrustedNodeQKDTests {
    /// A triangle: A–B 10 km, B–C 20 km, A–C 60 km (the direct link is the weakest).
    func triangle() throws -> Network {
        var net = Network()
        for n in ["A", "B", "C"] { try net.addNode(n) }
        try net.connect("A", "B", by: QuantumLink(lengthKm: 10))
        try net.connect("B", "C", by: QuantumLink(lengthKm: 20))
        try net.connect("A", "C", by: QuantumLink(lengthKm: 60))
        return net
    }

    @Test func keyGoesOverTheWidestPathAtItsWeakestLinksRate() throws {
        let settings = try QKDSettings(pulseRate: 1e8, misalignment: 0.01)
        let relay = try TrustedNodeQKD(network: triangle(), settings: settings)
        let keys = try relay.linkKeys(pulses: 20_000, seed: 1)
        #expect(keys.count == 3)
        let route = try #require(try relay.route(from: "A", to: "C", keys: keys, seconds: 2))
        #expect(route.path == ["A", "B", "C"])
        let ab = keys.first { $0.a == "A" && $0.b == "B" }!.secretKeyRate
        let bc = keys.first { $0.a == "B" && $0.b == "C" }!.secretKeyRate
        #expect(route.keyRate == min(ab, bc))
        #expect(route.poolsAfter.contains(0) && route.poolsAfter.allSatisfy { $0 >= 0 })
        #expect(abs(route.poolsAfter.max()! - 2 * (max(ab, bc) - min(ab, bc))) < 1e-6 * ab)
        #expect(!route.throughAttackedLink)
    }

    /// Intercept-resend on every photon of B–C: QBER 1/4 there, no secret key
    /// left on it, so A–C goes direct; B to C must cross a path with the
    /// attacked link's QBER or avoid it.
    @Test func anAttackShowsOnEveryPathThroughTheLink() throws {
        let settings = try QKDSettings(pulseRate: 1e8)
        let relay = try TrustedNodeQKD(network: triangle(), settings: settings, attackedLinks: [("C", "B")],
                                       attack: InterceptResend(fraction: 1))
        let keys = try relay.linkKeys(pulses: 40_000, seed: 2)
        let attacked = keys.first { $0.attacked }!
        #expect(abs(attacked.qber - 0.25) < 0.02, "QBER \(attacked.qber)")
        #expect(attacked.secretKeyRate == 0)
        let ac = try #require(try relay.route(from: "A", to: "C", keys: keys))
        #expect(ac.path == ["A", "C"] && !ac.throughAttackedLink)
        let bc = try #require(try relay.route(from: "B", to: "C", keys: keys))
        #expect(bc.path == ["B", "A", "C"])
        #expect(bc.maximumQBER < 0.05)
    }

    /// Shortest-path routing keeps to the least fiber even through the
    /// attacked link, and then carries its QBER (f/4 for intercept-resend on a
    /// fraction f) and its lost key.
    @Test func shortestRoutingCrossesTheAttackedLinkAndShowsItsQBER() throws {
        let settings = try QKDSettings(pulseRate: 1e8)
        let relay = try TrustedNodeQKD(network: triangle(), settings: settings, attackedLinks: [("A", "B")],
                                       attack: InterceptResend(fraction: 0.4))
        let keys = try relay.linkKeys(pulses: 40_000, seed: 3)
        let shortest = try #require(try relay.route(from: "A", to: "C", keys: keys, routing: .shortest))
        #expect(shortest.path == ["A", "B", "C"] && shortest.throughAttackedLink)
        #expect(abs(shortest.maximumQBER - 0.1) < 0.015, "QBER \(shortest.maximumQBER)")
        let widest = try #require(try relay.route(from: "A", to: "C", keys: keys, routing: .widest))
        #expect(widest.keyRate >= shortest.keyRate)
    }

    @Test func badInputsAreClearErrors() throws {
        let settings = try QKDSettings()
        #expect(throws: NetworkError.self) {
            _ = try TrustedNodeQKD(network: triangle(), settings: settings, attackedLinks: [("A", "Z")],
                                   attack: InterceptResend(fraction: 1))
        }
        let relay = try TrustedNodeQKD(network: triangle(), settings: settings)
        #expect(throws: NetworkError.self) { _ = try relay.route(from: "A", to: "A", keys: []) }
        #expect(throws: NetworkError.self) { _ = try relay.route(from: "A", to: "Q", keys: []) }
    }
}
