import QuantumNetwork

/// Jobs on trusted-node QKD networks.
extension ProtocolCatalog {
    /// A 15-node metro QKD network (assumed: carriers do not publish their
    /// fiber maps). A core ring of six exchange nodes 8-14 km apart, two
    /// chords across it, and nine access nodes hanging off the exchanges by
    /// 5-25 km spurs, two of them dual-homed. Node names "K0" … "K14"; links
    /// are listed in this order (the `attacked_link` index).
    static let metroLinks: [(Int, Int, Double)] = [
        (0, 1, 10), (1, 2, 12), (2, 3, 8), (3, 4, 14), (4, 5, 9), (5, 0, 11), // core ring
        (0, 3, 18), (1, 4, 20),                                                 // chords
        (0, 6, 5), (1, 7, 12), (2, 8, 25), (3, 9, 7), (4, 10, 15), (5, 11, 6),   // access spurs
        (2, 12, 9), (3, 12, 16), (5, 13, 20), (0, 13, 22), (4, 14, 18),         // dual-homed and far access
    ]

    static func metroNetwork(_ p: ParameterSet) throws(NetworkError) -> Network {
        var net = Network()
        for i in 0..<15 { try net.addNode("K\(i)", modules: [.ideal()]) }
        for (a, b, km) in metroLinks { try net.connect("K\(a)", "K\(b)", by: link(p, lengthKm: km)) }
        return net
    }

    static let trustedNodeQKD = ProtocolSpec(
        name: "trusted-node-qkd",
        summary: "BB84 on every link of a 15-node metro network, keys relayed through trusted nodes over the widest "
            + "path; `runs` is the number of pulses per link",
        parameters: [
            P("source_node", "", .integer(0...14), default: .number(0), "where the key starts (K0 … K14)"),
            P("destination_node", "", .integer(0...14), default: .number(10), "where it ends"),
            P("attacked_link", "", .integer(-1...(metroLinks.count - 1)), default: .number(-1),
              "index of the link with an intercept-resend attacker (-1: none; docs/jobs.md lists the links)"),
            P("pulse_rate_hz", "Hz", .real(1e-300 ... 1e15), default: .number(1e8), "pulses per second on every link"),
            P("misalignment", "", .real(0...0.5), default: .number(0), "bit-flip probability in either basis"),
            P("dark_count_probability", "", probability, default: .number(0), "dark count per pulse"),
            P("eve_fraction", "", probability, default: .number(1), "fraction of the attacked link's photons intercepted"),
            P("pool_seconds", "s", nonNegative, default: .number(1), "time over which the key pools are accounted"),
            P("routing", "", .choice(["widest", "shortest"]), default: .text("widest"),
              "widest: the path whose weakest link is strongest; shortest: the least fiber"),
        ] + linkParameters.filter { $0.name != "source_fidelity" },
        outputs: [
            ("key_rate_per_s", "1/s"), ("hops", ""), ("max_qber", ""), ("through_attacked_link", ""),
            ("attacked_link_qber", ""), ("largest_pool_left_bits", ""), ("weakest_link_rate_per_s", "1/s"),
        ],
        prepare: { (p) throws(NetworkError) in
            let net = try metroNetwork(p)
            let attacked = p.integer("attacked_link")
            let pair = attacked >= 0 ? [("K\(metroLinks[attacked].0)", "K\(metroLinks[attacked].1)")] : []
            let f = p.number("eve_fraction")
            let settings = try QKDSettings(pulseRate: p.number("pulse_rate_hz"), misalignment: p.number("misalignment"),
                                           darkCountProbability: p.number("dark_count_probability"))
            let relay = try TrustedNodeQKD(network: net, settings: settings, attackedLinks: pair,
                                           attack: pair.isEmpty ? nil : try InterceptResend(fraction: f))
            let (source, destination) = ("K\(p.integer("source_node"))", "K\(p.integer("destination_node"))")
            guard source != destination else {
                throw .invalidParameter(name: "destination_node", value: Double(p.integer("destination_node")),
                                        expected: "a node other than source_node")
            }
            return PreparedPoint { (runs, seed) throws(NetworkError) in
                let keys = try relay.linkKeys(pulses: runs, seed: seed)
                let route = try relay.route(from: source, to: destination, keys: keys, seconds: p.number("pool_seconds"),
                                            routing: RouteMetric(rawValue: p.text("routing"))!)
                return [
                    "key_rate_per_s": route?.keyRate ?? 0, "hops": route.map { Double($0.path.count - 1) },
                    "max_qber": route?.maximumQBER, "through_attacked_link": route.map { $0.throughAttackedLink ? 1 : 0 },
                    "attacked_link_qber": keys.first { $0.attacked }?.qber,
                    "largest_pool_left_bits": route?.poolsAfter.max(),
                    "weakest_link_rate_per_s": keys.map(\.secretKeyRate).min(),
                ]
            }
        })
}
