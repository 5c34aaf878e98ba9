import QuantumNetwork

extension ProtocolCatalog {
    /// `repeater-chain`: end-to-end entanglement over N equal links (or a
    /// path of a network) by sequential or nested swapping.
    enum RepeaterChainJob {
        static let segments = Parameter<Int>("segments", in: 1...100_000, default: 4, "number of links")
        static let length = totalLength(default: 100)
        static let scheme = Parameter<RepeaterChain.Scheme>("scheme", default: .nested, "order of swaps")
        static let cutoff = Parameter<Double>("cutoff_s", unit: "s", in: nonNegative, default: 0,
                                              "longest wait of a pair (0: none)")
        static let deadline = Parameter<Double>("deadline_s", unit: "s", in: nonNegative, default: 0,
                                                "time after which a run fails (0: none)")
        static let schemeParameters = [scheme.definition, cutoff.definition, deadline.definition]

        // Where a chain runs on a network: a path given, or routed.
        static let from = Parameter.node("from", "where the path starts (\"\": the first node)")
        static let to = Parameter.node("to", "where it ends (\"\": the last node)")
        static let path = Parameter.nodes("path", "the nodes in order, from first to last (\"\": routed from `from` to `to` by `route`)")
        static let route = Parameter<RouteMetric>(
            "route", default: .shortest,
            "shortest: least fiber; widest: the largest bottleneck expected pair rate; fewest-hops: fewest links")

        static func routeParameters(_ d: NetworkDescription) -> [ParameterDefinition] {
            [from.definition(on: d), to.definition(on: d), path.definition(on: d), route.definition]
        }

        /// `path` as given (its ends must agree with `from` and `to` where
        /// those are given), or the route between `from` and `to` by the metric.
        static func nodes(_ p: ParameterSet, _ d: NetworkDescription, _ net: Network) throws(NetworkError) -> [String] {
            let given = try p[path]
            if !given.isEmpty {
                for (end, node, which) in [(from, given.first, "first"), (to, given.last, "last")] {
                    let named = try p[end]
                    guard named.isEmpty || named == node else {
                        throw .invalidValue(end.name, expected: "\"\" or the path's \(which) node \(node ?? "") (found \(named))")
                    }
                }
                return given
            }
            let a = try p.node(from, or: d.nodes.first?.name), b = try p.node(to, or: d.nodes.last?.name)
            return try net.route(from: a, to: b, metric: p[route]).nodes
        }

        /// A repeater chain along `path` of the network (without the scheme
        /// parameters: sequential, as swapping).
        static func chain(_ p: ParameterSet, _ net: Network, _ path: [String], schemes: Bool) throws(NetworkError)
            -> RepeaterChain
        {
            try RepeaterChain(network: net, path: path, scheme: schemes ? p[scheme] : .sequential,
                              cutoff: schemes ? p.optionalPositive(cutoff) : nil,
                              deadline: schemes ? p.optionalPositive(deadline) : nil,
                              representation: p[exactRepresentation])
        }

        /// A parameter form's chain, from its first node to its last.
        static func wholeChain(_ p: ParameterSet, _ d: NetworkDescription, schemes: Bool) throws(NetworkError)
            -> RepeaterChain
        {
            try chain(p, d.build(), d.nodes.map(\.name), schemes: schemes)
        }

        /// A chain along a path of the job's network (given or routed).
        static func onNetwork(schemes: Bool) -> NetworkForm {
            NetworkForm(
                parameters: { d in routeParameters(d) + (schemes ? schemeParameters : []) + [exactRepresentation.definition] },
                experiment: { (p, d) throws(NetworkError) in
                    let net = try d.build()
                    let path = try nodes(p, d, net)
                    return try AlongPath(chain(p, net, path, schemes: schemes), network: net, path: path)
                })
        }

        static let spec = ProtocolSpec(
            name: "repeater-chain",
            summary: "end-to-end entanglement over N equal links by sequential or nested swapping",
            parameters: [segments.definition, length.definition] + schemeParameters + linkParameters + moduleParameters
                + [exactRepresentation.definition],
            experiment: { (p) throws(NetworkError) in
                let n = try p[segments]
                return try wholeChain(
                    p, chainDescription(p, segments: n, lengthKm: p[length] / Double(n), capacity: 4), schemes: true)
            },
            network: onNetwork(schemes: true))
    }
}
