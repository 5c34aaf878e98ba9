import QuantumNetwork

/// A Swift enum whose cases a job chooses among by name: the raw value, with
/// camelCase written as kebab-case ("densityMatrix" is "density-matrix").
protocol JobChoice: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

extension JobChoice {
    var jobName: String {
        var name = ""
        var previous: Character?
        for c in rawValue {
            if c.isUppercase, let p = previous, p.isLowercase { name += "-" + c.lowercased() } else { name.append(c) }
            previous = c
        }
        return name
    }

    init?(jobName: String) {
        guard let c = Self.allCases.first(where: { $0.jobName == jobName }) else { return nil }
        self = c
    }
}

extension StateRepresentation: JobChoice {}
extension RepeaterChain.Scheme: JobChoice {}
extension Purification.Scheme: JobChoice {}
extension DistributedCircuit.Method: JobChoice {}
extension RouteMetric: JobChoice {}
extension PhotonicSwap.Mode: JobChoice {}
extension FiberBand: JobChoice {}
extension RamanNoise.Direction: JobChoice {}
extension RingDistribution.Way: JobChoice {}
extension TwoModuleCircuits.Workload: JobChoice {}

/// A protocol's parameter with its Swift type: the definition jobs see and
/// how a valid value reads as `Value`. Forms read it as `try p[parameter]`,
/// so its name is written once, where it is declared.
struct Parameter<Value: Sendable>: Sendable {
    let definition: ParameterDefinition
    let read: @Sendable (ParameterValue) -> Value?
}

extension Parameter where Value: JobChoice {
    /// A choice among `cases` (every case by default, in declaration order).
    init(_ name: String, default value: Value, _ summary: String, cases: [Value] = Array(Value.allCases)) {
        definition = ParameterDefinition(name, "", .choice(cases.map(\.jobName)), default: .text(value.jobName), summary)
        read = { v in if case let .text(s) = v { Value(jobName: s) } else { nil } }
    }
}

extension ParameterSet {
    /// The point's value of `parameter`: as given, or its default where the
    /// protocol does not list it. A value of the wrong kind is an error.
    subscript<V>(_ parameter: Parameter<V>) -> V {
        get throws(NetworkError) {
            let d = parameter.definition
            let v = values[d.name] ?? d.defaultValue
            guard let value = parameter.read(v) else {
                throw .invalidParameter(name: "\(d.name) = \(v)", value: .nan, expected: d.expected)
            }
            return value
        }
    }
}
