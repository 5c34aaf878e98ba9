import QuantumNetwork
import QuantumSim

/// An output column as jobs list it: name and unit.
typealias OutputName = (name: String, unit: String)

/// One protocol a job can name: its parameters, its output columns, and how
/// a point is built (which validates it) and run.
public struct ProtocolSpec: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ParameterDefinition]
    /// Output columns after the inputs, with units: those of its experiment's result.
    public let outputs: [(name: String, unit: String)]
    /// Builds the point's network and experiment (throwing on impossible values).
    let prepare: @Sendable (ParameterSet) throws(NetworkError) -> PreparedPoint
    /// How it runs on a network the job gives (nil: only on its own topology).
    let network: NetworkForm?

    /// A protocol whose points are `experiment`s built from their parameters.
    init<E: NetworkExperiment>(name: String, summary: String, parameters: [ParameterDefinition],
                               experiment: @escaping @Sendable (ParameterSet) throws(NetworkError) -> E,
                               network: NetworkForm? = nil) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        outputs = PreparedPoint.columns(of: E.self)
        prepare = { (p) throws(NetworkError) in PreparedPoint(try experiment(p)) }
        self.network = network
    }

    public func parameter(_ name: String) -> ParameterDefinition? { parameters.first { $0.name == name } }
}

/// A point ready to run: `runs` runs (or pulses, or pairs) from `seed`,
/// giving one value per output column of its experiment, in order (nil
/// where it does not apply).
struct PreparedPoint: Sendable {
    let row: @Sendable (_ runs: Int, _ seed: UInt64) throws(NetworkError) -> [Double?]

    init<E: NetworkExperiment>(_ experiment: E) {
        row = { (runs, seed) throws(NetworkError) in try experiment.run(runs: runs, seed: seed).row }
    }

    /// The output columns of experiment type `E`.
    static func columns<E: NetworkExperiment>(of _: E.Type) -> [OutputName] {
        E.Result.columns.map { ($0.name, $0.unit) }
    }
}

/// The protocols of the network layer, by job name.
public enum ProtocolCatalog {
    public static let all: [ProtocolSpec] = [
        teleportation, swapping, repeaterChain, purification, bb84, bbm92, distributedCircuit, photonicSwap, ghzSensing, trustedNodeQKD, twoModuleCircuits, ringDistribution,
    ]

    public static func spec(_ name: String) -> ProtocolSpec? { all.first { $0.name == name } }

    // MARK: Shared parameters

    typealias P = ParameterDefinition

    static let probability: P.Kind = .real(0...1)
    static let nonNegative: P.Kind = .real(0 ... .greatestFiniteMagnitude)
    private static let positiveTime: P.Kind = .real(1e-300 ... .infinity)

    static let linkParameters: [P] = [
        P("attenuation_db_per_km", "dB/km", nonNegative, default: .number(0.2), "fiber attenuation α"),
        P("source_fidelity", "", .real(0.25...1), default: .number(1), "fidelity of emitted pairs with Φ⁺ (Werner)"),
        P("source_efficiency", "", probability, default: .number(1), "probability a photon enters the fiber"),
        P("detector_efficiency", "", probability, default: .number(1), "probability an arriving photon is detected"),
        P("attempt_overhead_s", "s", nonNegative, default: .number(0), "fixed time per attempt"),
    ]

    static let moduleParameters: [P] = [
        P("t1_s", "s", positiveTime, default: .number(.infinity), "memory relaxation time T1"),
        P("t2_s", "s", positiveTime, default: .number(.infinity), "memory coherence time T2 (≤ 2·T1)"),
        P("gate_error_1q", "", probability, default: .number(0), "1-qubit depolarizing probability per gate"),
        P("gate_error_2q", "", probability, default: .number(0), "2-qubit depolarizing probability per gate"),
        P("measurement_error", "", probability, default: .number(0), "read-out flip probability"),
    ]

    /// How a protocol holds its states; protocols differ in the default.
    static func representation(default value: StateRepresentation, _ summary: String) -> Parameter<StateRepresentation> {
        Parameter("representation", default: value, summary)
    }
    static let exactRepresentation = representation(default: .densityMatrix, "exact density matrices or sampled trajectories")

    static func stateRepresentation(_ p: ParameterSet) throws(NetworkError) -> StateRepresentation {
        try p[exactRepresentation]
    }

    // MARK: Protocols

    static let storageTime = P("storage_time_s", "s", nonNegative, default: .number(0),
                               "time the pair waits in memory before the teleportation starts")

    static func teleportationExperiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> Teleportation {
        try Teleportation(network: d.build(), from: p.node("from", or: d.nodes.first?.name),
                          to: p.node("to", or: d.nodes.last?.name), storageTime: p.number("storage_time_s"),
                          representation: try stateRepresentation(p))
    }

    static let teleportationOnNetwork = NetworkForm(
        parameters: { d in
            [nodeParameter("from", d, "the sender (\"\": the first node)"),
             nodeParameter("to", d, "the receiver, linked to the sender (\"\": the last node)"), storageTime, exactRepresentation.definition]
        },
        experiment: teleportationExperiment)

    static let teleportation = ProtocolSpec(
        name: "teleportation",
        summary: "teleport Haar-random states over one link; fidelity averaged over inputs",
        parameters: [P("length_km", "km", nonNegative, default: .number(10), "fiber length")] + linkParameters
            + moduleParameters + [storageTime, exactRepresentation.definition],
        experiment: { (p) throws(NetworkError) in
            try teleportationExperiment(p.adding(["from": .text(""), "to": .text("")]),
                                        chainDescription(p, segments: 1, lengthKm: p.number("length_km")))
        },
        network: teleportationOnNetwork)

    /// A repeater chain along `path` of the network (swapping: without the
    /// scheme parameters, sequential).
    static func chain(_ p: ParameterSet, _ net: Network, _ path: [String], schemes: Bool) throws(NetworkError) -> RepeaterChain {
        try RepeaterChain(network: net, path: path,
                          scheme: schemes ? try p[chainScheme] : .sequential,
                          cutoff: schemes ? p.optionalPositive("cutoff_s") : nil,
                          deadline: schemes ? p.optionalPositive("deadline_s") : nil, representation: try stateRepresentation(p))
    }

    /// A repeater chain along a path of the network (given or routed).
    static func chainOnNetwork(schemes: Bool) -> NetworkForm {
        NetworkForm(
            parameters: { d in
                routeParameters(d) + (schemes ? chainSchemeParameters : []) + [exactRepresentation.definition]
            },
            experiment: { (p, d) throws(NetworkError) in
                let net = try d.build()
                let path = try path(p, d, net)
                return try AlongPath(chain(p, net, path, schemes: schemes), network: net, path: path)
            })
    }

    /// A parameter form's chain, from its first node to its last.
    static func wholeChain(_ p: ParameterSet, _ d: NetworkDescription, schemes: Bool) throws(NetworkError) -> RepeaterChain {
        try chain(p, d.build(), d.nodes.map(\.name), schemes: schemes)
    }

    static let chainScheme = Parameter<RepeaterChain.Scheme>("scheme", default: .nested, "order of swaps")
    static let chainSchemeParameters: [P] = [
        chainScheme.definition,
        P("cutoff_s", "s", nonNegative, default: .number(0), "longest wait of a pair (0: none)"),
        P("deadline_s", "s", nonNegative, default: .number(0), "time after which a run fails (0: none)"),
    ]

    static let swapping = ProtocolSpec(
        name: "swapping",
        summary: "entanglement swapping at a middle node between two links",
        parameters: [P("total_length_km", "km", nonNegative, default: .number(20), "end-to-end fiber length")]
            + linkParameters + moduleParameters + [exactRepresentation.definition],
        experiment: { (p) throws(NetworkError) in
            try wholeChain(p, chainDescription(p, segments: 2, lengthKm: p.number("total_length_km") / 2), schemes: false)
        },
        network: chainOnNetwork(schemes: false))

    static let repeaterChain = ProtocolSpec(
        name: "repeater-chain",
        summary: "end-to-end entanglement over N equal links by sequential or nested swapping",
        parameters: [
            P("segments", "", .integer(1...100_000), default: .number(4), "number of links"),
            P("total_length_km", "km", nonNegative, default: .number(100), "end-to-end fiber length"),
        ] + chainSchemeParameters + linkParameters + moduleParameters + [exactRepresentation.definition],
        experiment: { (p) throws(NetworkError) in
            let n = try p.integer("segments")
            return try wholeChain(
                p, chainDescription(p, segments: n, lengthKm: p.number("total_length_km") / Double(n), capacity: 4),
                schemes: true)
        },
        network: chainOnNetwork(schemes: true))

    static let purificationScheme = Parameter<Purification.Scheme>("scheme", default: .dejmps, "purification protocol")
    static let twirl = Parameter<Twirl>("twirl", default: .default, "default: BBPSSW twirled, DEJMPS untwirled")
    static let retry = Parameter<Retry>("retry", default: .no, "no: a failed step fails the run; yes: regenerate and retry")
    static let purificationParameters: [P] = [
        purificationScheme.definition,
        P("rounds", "", .integer(1...10), default: .number(1), "recurrence rounds (2^rounds input pairs)"),
        twirl.definition, retry.definition,
    ]

    static func purificationExperiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> Purification {
        let l = try d.link(labelled: p.text("between"))
        return try Purification(
            network: d.build(), between: l.a.node, and: l.b.node,
            scheme: p[purificationScheme], rounds: p.integer("rounds"), twirled: p[twirl].twirled, retry: p[retry] == .yes,
            representation: try stateRepresentation(p))
    }

    static let purificationOnNetwork = NetworkForm(
        parameters: { d in
            [linkParameter("between", d, "the link whose pairs are purified (\"A-B\"; default: the first link)")]
                + purificationParameters + [exactRepresentation.definition]
        },
        experiment: purificationExperiment)

    static let purification = ProtocolSpec(
        name: "purification",
        summary: "BBPSSW or DEJMPS recurrence purification of link pairs",
        parameters: purificationParameters + [P("length_km", "km", nonNegative, default: .number(10), "fiber length")]
            + linkParameters + moduleParameters + [exactRepresentation.definition],
        experiment: { (p) throws(NetworkError) in
            try purificationExperiment(p.adding(["between": .text("n0-n1")]),
                                       chainDescription(p, segments: 1, lengthKm: p.number("length_km")))
        },
        network: purificationOnNetwork)

    static let qkdSettingParameters: [P] = [
        P("pulse_rate_hz", "Hz", .real(1e-300 ... 1e15), default: .number(1e8), "pulses (or pairs) per second"),
        P("misalignment", "", .real(0...0.5), default: .number(0), "bit-flip probability in either basis"),
        P("dark_count_probability", "", probability, default: .number(0), "dark count per pulse"),
        P("eve_fraction", "", probability, default: .number(0), "fraction of photons intercepted and resent"),
    ]
    static let qkdParameters = [P("length_km", "km", nonNegative, default: .number(50), "fiber length")] + qkdSettingParameters
    static let testFraction = P("test_fraction", "", .real(0...0.999), default: .number(0),
                                "fraction of rounds spent on the CHSH test")

    static func qkdSettings(_ p: ParameterSet) throws(NetworkError) -> QKDSettings {
        let f = try p.number("eve_fraction")
        return try QKDSettings(pulseRate: p.number("pulse_rate_hz"), misalignment: p.number("misalignment"),
                               darkCountProbability: p.number("dark_count_probability"),
                               eavesdropper: f > 0 ? try InterceptResend(fraction: f) : nil)
    }

    static func bb84Experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> BB84 {
        let l = try d.link(labelled: p.text("between"))
        return try BB84(network: d.build(), from: l.a.node, to: l.b.node, settings: qkdSettings(p))
    }

    static func bbm92Experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> BBM92 {
        let l = try d.link(labelled: p.text("between"))
        return try BBM92(network: d.build(), from: l.a.node, to: l.b.node, settings: qkdSettings(p),
                         testFraction: p.number("test_fraction"))
    }

    /// The place of BB84 or BBM92 on a network: one link.
    static func qkdPlace(_ d: NetworkDescription) -> P {
        linkParameter("between", d, "the link Alice (its first end) and Bob share (\"A-B\"; default: the first link)")
    }

    /// A parameter form's single QKD link between ideal nodes.
    static func qkdLink(_ p: ParameterSet) throws(NetworkError) -> NetworkDescription {
        try chainDescription(p, segments: 1, lengthKm: p.number("length_km"), fixedModule: ModuleDescription())
    }

    static let bb84 = ProtocolSpec(
        name: "bb84",
        summary: "BB84 prepare-and-measure QKD; `runs` is the number of pulses",
        parameters: qkdParameters + linkParameters.filter { $0.name != "source_fidelity" },
        experiment: { (p) throws(NetworkError) in try bb84Experiment(p.adding(["between": .text("n0-n1")]), qkdLink(p)) },
        network: NetworkForm(parameters: { d in [qkdPlace(d)] + qkdSettingParameters }, experiment: bb84Experiment))

    static let bbm92 = ProtocolSpec(
        name: "bbm92",
        summary: "entanglement-based QKD with an optional CHSH test (E91); `runs` is the number of pairs",
        parameters: qkdParameters + [testFraction] + linkParameters,
        experiment: { (p) throws(NetworkError) in try bbm92Experiment(p.adding(["between": .text("n0-n1")]), qkdLink(p)) },
        network: NetworkForm(parameters: { d in [qkdPlace(d)] + qkdSettingParameters + [testFraction] }, experiment: bbm92Experiment))

    static let circuitKind = Parameter<CircuitKind>(
        "circuit", default: .ghz, "ghz: H and a CNOT chain; layered: H, a CNOT chain, then 3 layers of RY·RZ and CNOT chains")
    static let circuitParameters: [P] = [
        circuitKind.definition,
        P("qubits", "", .integer(2...24), default: .number(8), "circuit qubits"),
    ]
    static let nonLocalMethod = Parameter<DistributedCircuit.Method>("method", default: .telegate, "non-local gates")
    static let circuitRepresentation = representation(default: .stateVector,
                                                      "exact density matrices (≤ 6 qubits) or sampled trajectories")

    static let distributedCircuitOnNetwork = NetworkForm(
        parameters: { d in
            circuitParameters + [
                P("nodes", "", .nodes(d.nodes.map(\.name)), default: .text(""),
                  "the nodes whose first modules hold the qubits, split evenly in order (\"\": every node); "
                      + "modules sharing a gate must be linked"),
                nonLocalMethod.definition, circuitRepresentation.definition,
            ]
        },
        experiment: distributedCircuitExperiment)

    static func distributedCircuitExperiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError)
        -> DistributedCircuit
    {
        let given = try p.nodes("nodes"), names = given.isEmpty ? d.nodes.map(\.name) : given
        let n = try p.integer("qubits"), k = names.count
        guard k >= 1, k <= n else {
            throw .invalidParameter(name: "nodes", value: Double(k), expected: "1 to the qubits (\(n)) nodes")
        }
        let perModule = (n + k - 1) / k
        let modules = try names.map { (name) throws(NetworkError) in try d.address(LinkEnd(node: name)) }
        let layered = try p[circuitKind] == .layered
        let circuit = try NetworkError.wrapping { () throws(QuantumSimError) in
            var c = try Circuit(qubits: n).h(0)
            for q in 0..<(n - 1) { c = try c.cx(q, q + 1) }
            if layered {
                for layer in 0..<3 {
                    for q in 0..<n { c = try c.ry(0.3 * Double(q + layer + 1), q).rz(0.2 * Double(q + 1), q) }
                    for q in 0..<(n - 1) { c = try c.cx(q, q + 1) }
                }
            }
            return c
        }
        return try DistributedCircuit(network: d.build(), circuit: circuit, placement: (0..<n).map { modules[$0 / perModule] },
                                      method: p[nonLocalMethod], representation: stateRepresentation(p))
    }

    static let distributedCircuit = ProtocolSpec(
        name: "distributed-circuit",
        summary: "a circuit over linked modules (qubits split evenly), fidelity against the monolithic run",
        parameters: circuitParameters + [
            P("modules", "", .integer(1...64), default: .number(2), "processor modules, linked all to all"),
            nonLocalMethod.definition,
            P("length_km", "km", nonNegative, default: .number(0.01), "fiber between modules"),
        ] + linkParameters + moduleParameters + [circuitRepresentation.definition],
        experiment: { (p) throws(NetworkError) in
            let n = try p.integer("qubits"), k = try p.integer("modules")
            guard k <= n else {
                throw .invalidParameter(name: "modules", value: Double(k), expected: "at most the qubits (\(n))")
            }
            // k modules linked all to all, each with room for its qubits and
            // a communication qubit per link end.
            let m = try moduleDescription(p, capacity: (n + k - 1) / k + 4)
            var d = NetworkDescription(nodes: (0..<k).map { NodeDescription(name: "M\($0)", modules: [m]) })
            for a in 0..<k { for b in (a + 1)..<max(a + 1, k) {
                d.links.append(try linkDescription(p, from: "M\(a)", to: "M\(b)", lengthKm: try p.number("length_km")))
            } }
            return try distributedCircuitExperiment(p.adding(["nodes": .text("")]), d)
        },
        network: distributedCircuitOnNetwork)
}

/// Purification's twirl as a job chooses it.
enum Twirl: String, JobChoice {
    case `default`, twirled, untwirled
    /// nil: the scheme's own default.
    var twirled: Bool? { self == .default ? nil : self == .twirled }
}

/// Whether purification retries a failed step.
enum Retry: String, JobChoice { case no, yes }

/// The circuits distributed-circuit runs.
enum CircuitKind: String, JobChoice { case ghz, layered }
