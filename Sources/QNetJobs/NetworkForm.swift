import QuantumNetwork

/// A protocol's network form: it runs at named places (nodes, links, paths)
/// of a network the job gives under `network:`, with the hardware taken from
/// that network. The protocol's parameter form builds a small network from
/// its parameters and goes through this same form, so both run one code path.
struct NetworkForm: Sendable {
    /// Its parameters on `network`: places become choices of its nodes and links.
    let parameters: @Sendable (NetworkDescription) -> [ParameterDefinition]
    /// Output columns after the inputs, with units: those of its experiment's result.
    let outputs: [OutputName]
    let prepare: @Sendable (ParameterSet, NetworkDescription) throws(NetworkError) -> PreparedPoint

    init<E: NetworkExperiment>(parameters: @escaping @Sendable (NetworkDescription) -> [ParameterDefinition],
                               experiment: @escaping @Sendable (ParameterSet, NetworkDescription) throws(NetworkError) -> E) {
        self.parameters = parameters
        outputs = PreparedPoint.columns(of: E.self)
        prepare = { (p, d) throws(NetworkError) in PreparedPoint(try experiment(p, d)) }
    }
}

extension NetworkDescription {
    /// Link labels as jobs write them, in file order: "A-B" (with ".module"
    /// on an end that names one).
    var linkLabels: [String] { links.map { "\($0.a)-\($0.b)" } }

    /// The link labelled `label` ("A-B" or "B-A").
    func link(labelled label: String) throws(NetworkError) -> LinkDescription {
        guard let l = links.first(where: { "\($0.a)-\($0.b)" == label || "\($0.b)-\($0.a)" == label }) else {
            throw .invalidParameter(name: "link \"\(label)\"", value: .nan,
                                    expected: "a link of the network: \(linkLabels.joined(separator: ", "))")
        }
        return l
    }
}

extension ParameterSet {
    /// This set with `extra` values added (a parameter form handing its
    /// built network's places to the network form).
    func adding(_ extra: [String: ParameterValue]) -> ParameterSet {
        ParameterSet(names: names + extra.keys.sorted().filter { values[$0] == nil },
                     values: values.merging(extra) { _, new in new })
    }

    /// Node parameter `name`, or `fallback` when it is "".
    func node(_ name: String, or fallback: String?) throws(NetworkError) -> String {
        let n = try text(name)
        if !n.isEmpty { return n }
        guard let fallback else {
            throw .invalidParameter(name: name, value: .nan, expected: "a node (the network has none)")
        }
        return fallback
    }
}

extension ProtocolCatalog {
    // MARK: Place parameters of network forms

    /// A node of the network; "" means `fallback` (said in the summary).
    static func nodeParameter(_ name: String, _ d: NetworkDescription, _ summary: String) -> P {
        P(name, "", .node(d.nodes.map(\.name)), default: .text(""), summary)
    }

    /// A link of the network by its label; the first link by default.
    static func linkParameter(_ name: String, _ d: NetworkDescription, _ summary: String) -> P {
        let labels = d.linkLabels
        return P(name, "", .link(labels), default: .text(labels.first ?? ""), summary)
    }

    static let routeMetric = Parameter<RouteMetric>(
        "route", default: .shortest,
        "shortest: least fiber; widest: the largest bottleneck expected pair rate; fewest-hops: fewest links")

    static func routeParameters(_ d: NetworkDescription) -> [P] {
        [
            nodeParameter("from", d, "where the path starts (\"\": the first node)"),
            nodeParameter("to", d, "where it ends (\"\": the last node)"),
            P("path", "", .nodes(d.nodes.map(\.name)), default: .text(""),
              "the nodes in order, from first to last (\"\": routed from `from` to `to` by `route`)"),
            routeMetric.definition,
        ]
    }

    /// The path a `route` parameter set names: `path` as given (its ends
    /// must agree with `from` and `to` where those are given), or the route
    /// between `from` and `to` by the metric.
    static func path(_ p: ParameterSet, _ d: NetworkDescription, _ net: Network) throws(NetworkError) -> [String] {
        let given = try p.nodes("path")
        if !given.isEmpty {
            for (key, end) in [("from", given.first), ("to", given.last)] {
                let named = try p.text(key)
                guard named.isEmpty || named == end else {
                    throw .invalidParameter(name: key, value: .nan,
                                            expected: "\"\" or the path's \(key == "from" ? "first" : "last") node \(end ?? "")"
                                                + " (found \(named))")
                }
            }
            return given
        }
        let a = try p.node("from", or: d.nodes.first?.name), b = try p.node("to", or: d.nodes.last?.name)
        return try net.route(from: a, to: b, metric: p[routeMetric]).nodes
    }

    // MARK: Parameter forms as networks

    /// The link description of a parameter form's link parameters.
    static func linkDescription(_ p: ParameterSet, from a: String, to b: String, lengthKm: Double) throws(NetworkError)
        -> LinkDescription
    {
        try LinkDescription(a: LinkEnd(node: a), b: LinkEnd(node: b), lengthKm: lengthKm,
                            attenuationDbPerKm: p.number("attenuation_db_per_km"),
                            sourceFidelity: p.values["source_fidelity"]?.number ?? 1, // BB84 has no pair source
                            sourceEfficiency: p.number("source_efficiency"),
                            detectorEfficiency: p.number("detector_efficiency"),
                            attemptOverhead: p.number("attempt_overhead_s"))
    }

    /// The module description of a parameter form's module parameters.
    static func moduleDescription(_ p: ParameterSet, capacity: Int) throws(NetworkError) -> ModuleDescription {
        try ModuleDescription(capacity: capacity, t1: p.number("t1_s"), t2: p.number("t2_s"),
                              singleQubitGateError: p.number("gate_error_1q"), twoQubitGateError: p.number("gate_error_2q"),
                              measurementError: p.number("measurement_error"))
    }

    /// The point's link, `lengthKm` long.
    static func link(_ p: ParameterSet, lengthKm: Double) throws(NetworkError) -> QuantumLink {
        try linkDescription(p, from: "", to: "", lengthKm: lengthKm).quantumLink(lengthKm: lengthKm)
    }

    /// The point's module.
    static func module(_ p: ParameterSet, capacity: Int = 16) throws(NetworkError) -> ProcessorModule {
        try moduleDescription(p, capacity: capacity).module()
    }

    /// Nodes "n0" … "nN" in a line joined by `segments` equal links of the
    /// point's link parameters, each node with the point's module (or
    /// `fixedModule`, for protocols without module parameters).
    static func chainDescription(_ p: ParameterSet, segments: Int, lengthKm: Double, capacity: Int = 16,
                                 fixedModule: ModuleDescription? = nil) throws(NetworkError) -> NetworkDescription {
        guard segments >= 1 else {
            throw .invalidParameter(name: "segments", value: Double(segments), expected: "at least 1")
        }
        let m: ModuleDescription
        if let fixedModule { m = fixedModule } else { m = try moduleDescription(p, capacity: capacity) }
        return try NetworkDescription(
            nodes: (0...segments).map { NodeDescription(name: "n\($0)", modules: [m]) },
            links: (0..<segments).map { (i) throws(NetworkError) in
                try linkDescription(p, from: "n\(i)", to: "n\(i + 1)", lengthKm: lengthKm)
            })
    }
}
