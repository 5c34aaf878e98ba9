import QuantumNetwork

/// Jobs on trusted-node QKD networks.
extension ProtocolCatalog {
    static let trustedNodeSettings: [P] = [
        P("pulse_rate_hz", "Hz", .real(1e-300 ... 1e15), default: .number(1e8), "pulses per second on every link"),
        P("misalignment", "", .real(0...0.5), default: .number(0), "bit-flip probability in either basis"),
        P("dark_count_probability", "", probability, default: .number(0), "dark count per pulse"),
        P("eve_fraction", "", probability, default: .number(1), "fraction of the attacked link's photons intercepted"),
        P("pool_seconds", "s", nonNegative, default: .number(1), "time over which the key pools are accounted"),
    ]
    /// `attacked_link` when no link is attacked.
    static let noAttack = "none"

    static let trustedNodeQKDOnNetwork = NetworkForm(
        parameters: { d in
            [
                nodeParameter("source", d, "where the key starts (\"\": the first node)"),
                nodeParameter("destination", d, "where it ends (\"\": the last node)"),
                P("attacked_link", "", .link([noAttack] + d.linkLabels), default: .text(noAttack),
                  "the link (\"A-B\") with an intercept-resend attacker, or \(noAttack)"),
            ] + trustedNodeSettings + [
                P("routing", "", .choice(RouteMetric.allCases.map(\.rawValue)), default: .text(RouteMetric.widest.rawValue),
                  "widest: the path whose weakest link has the most key; shortest: the least fiber; fewest-hops"),
            ]
        },
        experiment: trustedNodeQKDExperiment)

    static func trustedNodeQKDExperiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> TrustedNodeKeyRelay {
        let source = try p.node("source", or: d.nodes.first?.name)
        let destination = try p.node("destination", or: d.nodes.last?.name)
        guard source != destination else {
            throw .invalidParameter(name: "destination \(destination)", value: .nan, expected: "a node other than the source")
        }
        let attackedLabel = p.text("attacked_link")
        let pair = try attackedLabel == noAttack ? [] : [d.link(labelled: attackedLabel)].map { ($0.a.node, $0.b.node) }
        let settings = try QKDSettings(pulseRate: p.number("pulse_rate_hz"), misalignment: p.number("misalignment"),
                                       darkCountProbability: p.number("dark_count_probability"))
        let relay = try TrustedNodeQKD(network: d.build(), settings: settings, attackedLinks: pair,
                                       attack: pair.isEmpty ? nil : try InterceptResend(fraction: p.number("eve_fraction")))
        guard let routing = RouteMetric(rawValue: p.text("routing")) else {
            throw .invalidParameter(name: "routing \(p.text("routing"))", value: .nan,
                                    expected: RouteMetric.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return try TrustedNodeKeyRelay(relay, from: source, to: destination, poolSeconds: p.number("pool_seconds"),
                                       routing: routing)
    }

    static let trustedNodeQKD = ProtocolSpec(
        name: "trusted-node-qkd",
        summary: "BB84 on every link of a 15-node metro network, keys relayed through trusted nodes over the widest "
            + "path; `runs` is the number of pulses per link",
        parameters: [
            P("source_node", "", .integer(0...14), default: .number(0), "where the key starts (K0 … K14)"),
            P("destination_node", "", .integer(0...14), default: .number(10), "where it ends"),
            P("attacked_link", "", .integer(-1...(NetworkDescription.metro15Links.count - 1)), default: .number(-1),
              "index of the link with an intercept-resend attacker (-1: none; docs/jobs.md lists the links)"),
        ] + trustedNodeSettings + [
            P("routing", "", .choice(["widest", "shortest"]), default: .text("widest"),
              "widest: the path whose weakest link is strongest; shortest: the least fiber"),
        ] + linkParameters.filter { $0.name != "source_fidelity" },
        experiment: { (p) throws(NetworkError) in
            let d = NetworkDescription.metro15(link: linkDescription(p, from: "", to: "", lengthKm: 0))
            let attacked = p.integer("attacked_link")
            guard p.integer("source_node") != p.integer("destination_node") else {
                throw .invalidParameter(name: "destination_node", value: Double(p.integer("destination_node")),
                                        expected: "a node other than source_node")
            }
            return try trustedNodeQKDExperiment(
                p.adding(["source": .text("K\(p.integer("source_node"))"),
                          "destination": .text("K\(p.integer("destination_node"))"),
                          "attacked_link": .text(attacked >= 0 ? d.linkLabels[attacked] : noAttack)]), d)
        },
        network: trustedNodeQKDOnNetwork)
}
