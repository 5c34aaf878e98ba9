import QuantumNetwork

extension ProtocolCatalog {
    /// `trusted-node-qkd`: BB84 on every link of a network, keys relayed
    /// through trusted nodes.
    enum TrustedNodeQKDJob {
        static let pulseRate = Parameter<Double>("pulse_rate_hz", unit: "Hz", in: 1e-300 ... 1e15, default: 1e8,
                                                 "pulses per second on every link")
        static let misalignment = QKDJobParameters.misalignment
        static let darkCount = QKDJobParameters.darkCount
        static let eveFraction = Parameter<Double>("eve_fraction", in: probability, default: 1,
                                                   "fraction of the attacked link's photons intercepted")
        static let poolSeconds = Parameter<Double>("pool_seconds", unit: "s", in: nonNegative, default: 1,
                                                   "time over which the key pools are accounted")
        static let settings = [pulseRate, misalignment, darkCount, eveFraction, poolSeconds].map(\.definition)
        static let routing = Parameter<RouteMetric>(
            "routing", default: .widest,
            "widest: the path whose weakest link has the most key; shortest: the least fiber; fewest-hops")
        /// `attacked_link` when no link is attacked.
        static let noAttack = "none"
        static let source = Parameter.node("source", "where the key starts (\"\": the first node)")
        static let destination = Parameter.node("destination", "where it ends (\"\": the last node)")
        static let attackedLink = Parameter.link(
            "attacked_link", "the link (\"A-B\") with an intercept-resend attacker, or \(noAttack)", extra: [noAttack])

        // The parameter form: the 15-node metro network, places by index.
        static let sourceNode = Parameter<Int>("source_node", in: 0...14, default: 0, "where the key starts (K0 … K14)")
        static let destinationNode = Parameter<Int>("destination_node", in: 0...14, default: 10, "where it ends")
        static let attackedIndex = Parameter<Int>(
            "attacked_link", in: -1...(NetworkDescription.metro15Links.count - 1), default: -1,
            "index of the link with an intercept-resend attacker (-1: none; docs/jobs.md lists the links)")
        static let metroRouting = Parameter<RouteMetric>(
            "routing", default: .widest, "widest: the path whose weakest link is strongest; shortest: the least fiber",
            cases: [.widest, .shortest])

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> TrustedNodeKeyRelay {
            let attacked = try p[attackedLink]
            let pair = try attacked == noAttack ? [] : [d.link(labelled: attacked)].map { ($0.a.node, $0.b.node) }
            let settings = try QKDSettings(pulseRate: p[pulseRate], misalignment: p[misalignment],
                                           darkCountProbability: p[darkCount])
            let relay = try TrustedNodeQKD(network: d.build(), settings: settings, attackedLinks: pair,
                                           attack: pair.isEmpty ? nil : try InterceptResend(fraction: p[eveFraction]))
            return try TrustedNodeKeyRelay(relay, from: p.node(source, or: d.nodes.first?.name),
                                           to: p.node(destination, or: d.nodes.last?.name),
                                           poolSeconds: p[poolSeconds], routing: p[routing])
        }

        static let spec = ProtocolSpec(
            name: "trusted-node-qkd",
            summary: "BB84 on every link of a 15-node metro network, keys relayed through trusted nodes over the widest "
                + "path; `runs` is the number of pulses per link",
            parameters: [sourceNode.definition, destinationNode.definition, attackedIndex.definition] + settings
                + [metroRouting.definition] + linkParametersWithoutSource,
            experiment: { (p) throws(NetworkError) in
                let d = NetworkDescription.metro15(link: try linkDescription(p, from: "", to: "", lengthKm: 0))
                let attacked = try p[attackedIndex]
                let q = try p.setting(source, to: .text("K\(p[sourceNode])"))
                    .setting(destination, to: .text("K\(p[destinationNode])"))
                    .setting(attackedLink, to: .text(attacked >= 0 ? d.linkLabels[attacked] : noAttack))
                return try experiment(q, d)
            },
            network: NetworkForm(
                parameters: { d in
                    [source.definition(on: d), destination.definition(on: d), attackedLink.definition(on: d)]
                        + settings + [routing.definition]
                },
                experiment: experiment))
    }
}
