import QuantumNetwork

/// An output column as jobs list it: name and unit.
typealias OutputName = (name: String, unit: String)

/// One protocol a job can name: its parameters, its output columns, and how
/// a point is built (which validates it) and run.
///
/// A Swift user registers their own: a ``NetworkExperiment`` whose result
/// declares its columns, and a spec built from its parameters
/// (``QNetCommand/main(registering:)``, docs/jobs.md "Your own experiments").
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
    /// Whether its experiment reports events (`qnet run --trace`).
    let tracesEvents: Bool

    /// A protocol whose points are `experiment`s built from their
    /// parameters, and (when `network` is given) that runs on a job's network.
    public init<E: NetworkExperiment>(name: String, summary: String, parameters: [ParameterDefinition],
                                      experiment: @escaping @Sendable (ParameterSet) throws(NetworkError) -> E,
                                      network: NetworkForm? = nil) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        outputs = PreparedPoint.columns(of: E.self)
        prepare = { (p) throws(NetworkError) in PreparedPoint(try experiment(p)) }
        self.network = network
        tracesEvents = E.self is any TracedExperiment.Type
    }

    public func parameter(_ name: String) -> ParameterDefinition? { parameters.first { $0.name == name } }
}

/// A protocol's network form: it runs at named places (nodes, links, paths)
/// of a network the job gives under `network:`, with the hardware taken from
/// that network. A protocol's parameter form builds a small network from
/// its parameters and goes through this same form, so both run one code path.
public struct NetworkForm: Sendable {
    /// Its parameters on `network`: places become choices of its nodes and links.
    let parameters: @Sendable (NetworkDescription) -> [ParameterDefinition]
    /// Output columns after the inputs, with units: those of its experiment's result.
    let outputs: [OutputName]
    let prepare: @Sendable (ParameterSet, NetworkDescription) throws(NetworkError) -> PreparedPoint

    public init<E: NetworkExperiment>(
        parameters: @escaping @Sendable (NetworkDescription) -> [ParameterDefinition],
        experiment: @escaping @Sendable (ParameterSet, NetworkDescription) throws(NetworkError) -> E
    ) {
        self.parameters = parameters
        outputs = PreparedPoint.columns(of: E.self)
        prepare = { (p, d) throws(NetworkError) in PreparedPoint(try experiment(p, d)) }
    }
}

/// A point ready to run: `runs` runs (or pulses, or pairs) from `seed`,
/// giving one value per output column of its experiment, in order (nil
/// where it does not apply).
struct PreparedPoint: Sendable {
    let row: @Sendable (_ runs: Int, _ seed: UInt64) throws(NetworkError) -> [Double?]
    /// The first runs event by event, for experiments that have traces.
    let trace: (@Sendable (_ runs: Int, _ seed: UInt64, _ observe: (Int, TraceEvent) -> Void) throws(NetworkError)
        -> Void)?
    /// The nodes the events name, in the network's order.
    let traceNodes: [String]

    init<E: NetworkExperiment>(_ experiment: E) {
        row = { (runs, seed) throws(NetworkError) in try experiment.run(runs: runs, seed: seed).row }
        if let traced = experiment as? any TracedExperiment {
            trace = { (runs, seed, observe) throws(NetworkError) in try traced.trace(runs: runs, seed: seed, observe) }
            traceNodes = traced.traceNodes
        } else {
            trace = nil
            traceNodes = []
        }
    }

    /// The output columns of experiment type `E`.
    static func columns<E: NetworkExperiment>(of _: E.Type) -> [OutputName] {
        E.Result.columns.map { ($0.name, $0.unit) }
    }
}

extension NetworkDescription {
    /// Link labels as jobs write them, in file order: "A-B" (with ".module"
    /// on an end that names one).
    var linkLabels: [String] { links.map { "\($0.a)-\($0.b)" } }

    /// The link labelled `label` ("A-B" or "B-A").
    func link(labelled label: String) throws(NetworkError) -> LinkDescription {
        guard let l = links.first(where: { "\($0.a)-\($0.b)" == label || "\($0.b)-\($0.a)" == label }) else {
            throw .invalidValue("link \"\(label)\"", expected: "a link of the network: \(linkLabels.joined(separator: ", "))")
        }
        return l
    }
}
