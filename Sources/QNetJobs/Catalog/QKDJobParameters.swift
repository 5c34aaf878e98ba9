import QuantumNetwork

extension ProtocolCatalog {
    /// What BB84 and BBM92 share: the pulse and detector settings, the
    /// eavesdropper, and their place (one link).
    enum QKDJobParameters {
        static let length = fiberLength(default: 50)
        static let pulseRate = Parameter<Double>("pulse_rate_hz", unit: "Hz", in: 1e-300 ... 1e15, default: 1e8,
                                                 "pulses (or pairs) per second")
        static let misalignment = Parameter<Double>("misalignment", in: 0...0.5, default: 0,
                                                    "bit-flip probability in either basis")
        static let darkCount = Parameter<Double>("dark_count_probability", in: probability, default: 0,
                                                 "dark count per pulse")
        static let eveFraction = Parameter<Double>("eve_fraction", in: probability, default: 0,
                                                   "fraction of photons intercepted and resent")
        static let settingParameters = [pulseRate, misalignment, darkCount, eveFraction].map(\.definition)
        static let between = Parameter.link(
            "between", "the link Alice (its first end) and Bob share (\"A-B\"; default: the first link)")

        static func settings(_ p: ParameterSet) throws(NetworkError) -> QKDSettings {
            let f = try p[eveFraction]
            return try QKDSettings(pulseRate: p[pulseRate], misalignment: p[misalignment],
                                   darkCountProbability: p[darkCount],
                                   eavesdropper: f > 0 ? try InterceptResend(fraction: f) : nil)
        }

        /// The link between Alice and Bob.
        static func link(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> LinkDescription {
            try d.link(labelled: p[between])
        }

        /// A parameter form's single QKD link between ideal nodes, and the
        /// parameters naming it.
        static func parameterForm(_ p: ParameterSet) throws(NetworkError) -> (ParameterSet, NetworkDescription) {
            let d = try chainDescription(p, segments: 1, lengthKm: p[length], fixedModule: ModuleDescription())
            return (p.setting(between, to: .text(d.linkLabels[0])), d)
        }
    }
}
