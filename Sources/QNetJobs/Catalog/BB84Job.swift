import QuantumNetwork

extension ProtocolCatalog {
    /// `bb84`: prepare-and-measure QKD over one link.
    enum BB84Job {
        typealias Q = QKDJobParameters

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> BB84 {
            let l = try Q.link(p, d)
            return try BB84(network: d.build(), from: l.a.node, to: l.b.node, settings: Q.settings(p))
        }

        static let spec = ProtocolSpec(
            name: "bb84",
            summary: "BB84 prepare-and-measure QKD; `runs` is the number of pulses",
            parameters: [Q.length.definition] + Q.settingParameters + linkParametersWithoutSource,
            experiment: { (p) throws(NetworkError) in
                let (q, d) = try Q.parameterForm(p)
                return try experiment(q, d)
            },
            network: NetworkForm(parameters: { d in [Q.between.definition(on: d)] + Q.settingParameters },
                                 experiment: experiment))
    }
}
