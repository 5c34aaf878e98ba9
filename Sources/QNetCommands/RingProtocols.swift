import QuantumNetwork

/// Jobs on ring networks: entanglement distributed between two nodes of a
/// fiber ring along a routed light path (all-optical switching at the nodes
/// passed through, no memories in between).
extension ProtocolCatalog {
    static let ringDistribution = ProtocolSpec(
        name: "ring-distribution",
        summary: "heralded entanglement between two nodes of a fiber ring, routed one way or the other around it "
            + "through optical switches at the nodes passed; rate and fidelity per pair",
        parameters: [
            P("nodes", "", .integer(3...1000), default: .number(10), "nodes, equally spaced around the ring"),
            P("ring_length_km", "km", nonNegative, default: .number(8), "circumference of the ring"),
            P("node_a", "", .integer(0...999), default: .number(0), "one end of the pair"),
            P("node_b", "", .integer(0...999), default: .number(1), "the other end"),
            P("route", "", .choice(["shortest", "longest"]), default: .text("shortest"),
              "the shorter or the longer way around the ring"),
            P("switch_loss_db", "dB", .real(0...100), default: .number(1),
              "insertion loss of the optical switch at each node the light passes through"),
        ] + linkParameters + moduleParameters + [representation],
        outputs: protocolOutputs + [("hops", ""), ("path_km", "km")],
        prepare: { (p) throws(NetworkError) in
            let n = p.integer("nodes"), a = p.integer("node_a"), b = p.integer("node_b")
            for (name, v) in [("node_a", a), ("node_b", b)] where v >= n {
                throw .invalidParameter(name: name, value: Double(v), expected: "a node of the ring, 0 … \(n - 1)")
            }
            guard a != b else { throw .invalidParameter(name: "node_b", value: Double(b), expected: "a node other than node_a") }
            let forward = (b - a + n) % n, shorter = min(forward, n - forward)
            let hops = p.text("route") == "shortest" ? shorter : n - shorter
            let km = p.number("ring_length_km") * Double(hops) / Double(n)
            // The switches passed (hops − 1 of them) take their loss from the
            // photons before detection.
            let passLoss = Double.pow(10, -p.number("switch_loss_db") * Double(hops - 1) / 10)
            let path = try QuantumLink(lengthKm: km, attenuationDbPerKm: p.number("attenuation_db_per_km"),
                                       sourceFidelity: p.number("source_fidelity"),
                                       sourceEfficiency: p.number("source_efficiency"),
                                       detectorEfficiency: p.number("detector_efficiency") * passLoss,
                                       attemptOverhead: p.number("attempt_overhead_s"))
            let net = try Network.chain(segments: 1, link: path, module: module(p, capacity: 4))
            let chain = try RepeaterChain(chain: net, scheme: .sequential, cutoff: nil, deadline: nil,
                                          representation: stateRepresentation(p))
            return PreparedPoint { (runs, seed) throws(NetworkError) in
                var out = outputs(try chain.run(runs: runs, seed: seed))
                out["hops"] = Double(hops)
                out["path_km"] = km
                return out
            }
        })
}
