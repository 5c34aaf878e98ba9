import QuantumNetwork

/// The protocols QNet ships, by job name, one entry per file in Catalog/,
/// and the parameters they share: the hardware of a parameter form's links
/// and modules, and how states are held.
public enum ProtocolCatalog {
    public static let builtIn: [ProtocolSpec] = [
        TeleportationJob.spec, SwappingJob.spec, RepeaterChainJob.spec, PurificationJob.spec, BB84Job.spec,
        BBM92Job.spec, DistributedCircuitJob.spec, PhotonicSwapJob.spec, GHZSensingJob.spec, TrustedNodeQKDJob.spec,
        TwoModuleCircuitsJob.spec, RingDistributionJob.spec, TrafficJob.spec,
    ]

    /// The protocols jobs can name in this process: the built-in ones and
    /// those registered (``ProtocolRegistry``).
    public static var all: [ProtocolSpec] { ProtocolRegistry.shared.protocols }

    public static func spec(_ name: String) -> ProtocolSpec? { all.first { $0.name == name } }

    // MARK: Ranges

    static let probability: ClosedRange<Double> = 0...1
    static let nonNegative: ClosedRange<Double> = 0 ... .greatestFiniteMagnitude
    static let positiveTime: ClosedRange<Double> = 1e-300 ... .infinity

    // MARK: Links and modules of parameter forms

    /// Fiber length of a one-link protocol.
    static func fiberLength(default km: Double, _ summary: String = "fiber length") -> Parameter<Double> {
        Parameter("length_km", unit: "km", in: nonNegative, default: km, summary)
    }
    /// End-to-end fiber of a chain.
    static func totalLength(default km: Double) -> Parameter<Double> {
        Parameter("total_length_km", unit: "km", in: nonNegative, default: km, "end-to-end fiber length")
    }

    static let attenuation = Parameter<Double>("attenuation_db_per_km", unit: "dB/km", in: nonNegative, default: 0.2,
                                               "fiber attenuation α")
    static let sourceFidelity = Parameter<Double>("source_fidelity", in: 0.25...1, default: 1,
                                                  "fidelity of emitted pairs with Φ⁺ (Werner)")
    static let sourceEfficiency = Parameter<Double>("source_efficiency", in: probability, default: 1,
                                                    "probability a photon enters the fiber")
    static let detectorEfficiency = Parameter<Double>("detector_efficiency", in: probability, default: 1,
                                                      "probability an arriving photon is detected")
    static let attemptOverhead = Parameter<Double>("attempt_overhead_s", unit: "s", in: nonNegative, default: 0,
                                                   "fixed time per attempt")
    static let linkParameters = [attenuation, sourceFidelity, sourceEfficiency, detectorEfficiency, attemptOverhead]
        .map(\.definition)
    /// The link parameters of protocols without a pair source (prepare and measure).
    static let linkParametersWithoutSource = linkParameters.filter { $0.name != sourceFidelity.name }

    static let t1 = Parameter<Double>("t1_s", unit: "s", in: positiveTime, default: .infinity, "memory relaxation time T1")
    static let t2 = Parameter<Double>("t2_s", unit: "s", in: positiveTime, default: .infinity,
                                      "memory coherence time T2 (≤ 2·T1)")
    static let gateError1q = Parameter<Double>("gate_error_1q", in: probability, default: 0,
                                               "1-qubit depolarizing probability per gate")
    static let gateError2q = Parameter<Double>("gate_error_2q", in: probability, default: 0,
                                               "2-qubit depolarizing probability per gate")
    static let measurementError = Parameter<Double>("measurement_error", in: probability, default: 0,
                                                    "read-out flip probability")
    static let moduleParameters = [t1, t2, gateError1q, gateError2q, measurementError].map(\.definition)

    /// How a protocol holds its states; protocols differ in the default.
    static func representation(default value: StateRepresentation, _ summary: String) -> Parameter<StateRepresentation> {
        Parameter("representation", default: value, summary)
    }
    static let exactRepresentation = representation(default: .densityMatrix, "exact density matrices or sampled trajectories")

    /// The link description of a parameter form's link parameters.
    static func linkDescription(_ p: ParameterSet, from a: String, to b: String, lengthKm: Double) throws(NetworkError)
        -> LinkDescription
    {
        // A protocol without a pair source does not list source_fidelity: its default (1) applies.
        try LinkDescription(a: LinkEnd(node: a), b: LinkEnd(node: b), lengthKm: lengthKm,
                            attenuationDbPerKm: p[attenuation], sourceFidelity: p[sourceFidelity],
                            sourceEfficiency: p[sourceEfficiency], detectorEfficiency: p[detectorEfficiency],
                            attemptOverhead: p[attemptOverhead])
    }

    /// The module description of a parameter form's module parameters.
    static func moduleDescription(_ p: ParameterSet, capacity: Int) throws(NetworkError) -> ModuleDescription {
        try ModuleDescription(capacity: capacity, t1: p[t1], t2: p[t2], singleQubitGateError: p[gateError1q],
                              twoQubitGateError: p[gateError2q], measurementError: p[measurementError])
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
