import QuantumNetwork

extension ProtocolCatalog {
    /// `bbm92`: entanglement-based QKD over one link, with an optional CHSH test (E91).
    enum BBM92Job {
        typealias Q = QKDJobParameters
        static let testFraction = Parameter<Double>("test_fraction", in: 0...0.999, default: 0,
                                                    "fraction of rounds spent on the CHSH test")

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> BBM92 {
            let l = try Q.link(p, d)
            return try BBM92(network: d.build(), from: l.a.node, to: l.b.node, settings: Q.settings(p),
                             testFraction: p[testFraction])
        }

        static let spec = ProtocolSpec(
            name: "bbm92",
            summary: "entanglement-based QKD with an optional CHSH test (E91); `runs` is the number of pairs",
            parameters: [Q.length.definition] + Q.settingParameters + [testFraction.definition] + linkParameters,
            experiment: { (p) throws(NetworkError) in
                let (q, d) = try Q.parameterForm(p)
                return try experiment(q, d)
            },
            network: NetworkForm(
                parameters: { d in [Q.between.definition(on: d)] + Q.settingParameters + [testFraction.definition] },
                experiment: experiment))
    }
}
