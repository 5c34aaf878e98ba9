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
    static let keyRouting = Parameter<RouteMetric>(
        "routing", default: .widest,
        "widest: the path whose weakest link has the most key; shortest: the least fiber; fewest-hops")
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
                keyRouting.definition,
            ]
        },
        experiment: trustedNodeQKDExperiment)

    static func trustedNodeQKDExperiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> TrustedNodeKeyRelay {
        let source = try p.node("source", or: d.nodes.first?.name)
        let destination = try p.node("destination", or: d.nodes.last?.name)
        let attackedLabel = try p.text("attacked_link")
        let pair = try attackedLabel == noAttack ? [] : [d.link(labelled: attackedLabel)].map { ($0.a.node, $0.b.node) }
        let settings = try QKDSettings(pulseRate: p.number("pulse_rate_hz"), misalignment: p.number("misalignment"),
                                       darkCountProbability: p.number("dark_count_probability"))
        let relay = try TrustedNodeQKD(network: d.build(), settings: settings, attackedLinks: pair,
                                       attack: pair.isEmpty ? nil : try InterceptResend(fraction: p.number("eve_fraction")))
        return try TrustedNodeKeyRelay(relay, from: source, to: destination, poolSeconds: p.number("pool_seconds"),
                                       routing: p[keyRouting])
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
            Parameter<RouteMetric>("routing", default: .widest,
                                   "widest: the path whose weakest link is strongest; shortest: the least fiber",
                                   cases: [.widest, .shortest]).definition,
        ] + linkParameters.filter { $0.name != "source_fidelity" },
        experiment: { (p) throws(NetworkError) in
            let d = NetworkDescription.metro15(link: try linkDescription(p, from: "", to: "", lengthKm: 0))
            let attacked = try p.integer("attacked_link")
            let (source, destination) = (try p.integer("source_node"), try p.integer("destination_node"))
            guard source != destination else {
                throw .invalidParameter(name: "destination_node", value: Double(destination),
                                        expected: "a node other than source_node")
            }
            return try trustedNodeQKDExperiment(
                p.adding(["source": .text("K\(source)"),
                          "destination": .text("K\(destination)"),
                          "attacked_link": .text(attacked >= 0 ? d.linkLabels[attacked] : noAttack)]), d)
        },
        network: trustedNodeQKDOnNetwork)
}
