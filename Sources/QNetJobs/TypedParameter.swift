import QuantumNetwork

/// A Swift enum whose cases a job chooses among by name: the raw value, with
/// camelCase written as kebab-case ("densityMatrix" is "density-matrix").
public protocol JobChoice: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

extension JobChoice {
    public var jobName: String {
        var name = ""
        var previous: Character?
        for c in rawValue {
            if c.isUppercase, let p = previous, p.isLowercase { name += "-" + c.lowercased() } else { name.append(c) }
            previous = c
        }
        return name
    }

    public init?(jobName: String) {
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
/// how a valid value reads as `Value`. Experiments read it as
/// `try p[parameter]`, so its name is written once, where it is declared.
///
/// Places in a network (a node, a link, a list of nodes) take their choices
/// from the job's network: `definition(on:)` lists them.
public struct Parameter<Value: Sendable>: Sendable {
    public let name: String
    private let make: @Sendable (_ network: NetworkDescription?) -> ParameterDefinition
    let read: @Sendable (ParameterValue) -> Value?

    private init(_ name: String, make: @escaping @Sendable (NetworkDescription?) -> ParameterDefinition,
                 read: @escaping @Sendable (ParameterValue) -> Value?) {
        self.name = name
        self.make = make
        self.read = read
    }

    private init(_ name: String, _ unit: String, _ kind: ParameterDefinition.Kind, default value: ParameterValue,
                 _ summary: String, read: @escaping @Sendable (ParameterValue) -> Value?) {
        let definition = ParameterDefinition(name, unit, kind, default: value, summary)
        self.init(name, make: { _ in definition }, read: read)
    }

    /// The definition a job sees (places without a network list no choices).
    public var definition: ParameterDefinition { make(nil) }

    /// The definition on `network`: a place lists the network's nodes or links.
    public func definition(on network: NetworkDescription) -> ParameterDefinition { make(network) }
}

extension Parameter where Value == Double {
    /// A real number in `range` (`.infinity` allowed where the range reaches it).
    public init(_ name: String, unit: String = "", in range: ClosedRange<Double>, default value: Double, _ summary: String) {
        self.init(name, unit, .real(range), default: .number(value), summary, read: \.number)
    }
}

extension Parameter where Value == Int {
    /// A whole number in `range`.
    public init(_ name: String, in range: ClosedRange<Int>, default value: Int, _ summary: String) {
        self.init(name, "", .integer(range), default: .number(Double(value)), summary) { v in
            guard let x = v.number, x.rounded() == x, abs(x) < 1e18 else { return nil }
            return Int(x)
        }
    }
}

extension Parameter where Value == Bool {
    /// A yes-or-no choice, written `no` or `yes`.
    public init(_ name: String, default value: Bool, _ summary: String) {
        self.init(name, "", .choice(["no", "yes"]), default: .text(value ? "yes" : "no"), summary) { v in
            if case let .text(s) = v, s == "yes" || s == "no" { s == "yes" } else { nil }
        }
    }
}

extension Parameter where Value: JobChoice {
    /// A choice among `cases` (every case by default, in declaration order).
    public init(_ name: String, default value: Value, _ summary: String, cases: [Value] = Array(Value.allCases)) {
        self.init(name, "", .choice(cases.map(\.jobName)), default: .text(value.jobName), summary) { v in
            if case let .text(s) = v { Value(jobName: s) } else { nil }
        }
    }
}

extension Parameter where Value == String {
    /// A node of the job's network, or "" for the experiment's default
    /// (read with ``ParameterSet/node(_:or:)``).
    public static func node(_ name: String, _ summary: String) -> Parameter<String> {
        Parameter(name, make: { d in
            ParameterDefinition(name, "", .node(d?.nodes.map(\.name) ?? []), default: .text(""), summary)
        }, read: text)
    }

    /// A link of the job's network by its label ("A-B"), or one of
    /// `extra` (the first of them by default; else the first link).
    public static func link(_ name: String, _ summary: String, extra: [String] = []) -> Parameter<String> {
        Parameter(name, make: { d in
            let labels = extra + (d?.linkLabels ?? [])
            return ParameterDefinition(name, "", .link(labels), default: .text(labels.first ?? ""), summary)
        }, read: text)
    }

    private static func text(_ v: ParameterValue) -> String? { if case let .text(s) = v { s } else { nil } }
}

extension Parameter where Value == [String] {
    /// Distinct nodes of the job's network in order, or none ("") for the
    /// experiment's default.
    public static func nodes(_ name: String, _ summary: String) -> Parameter<[String]> {
        Parameter(name, make: { d in
            ParameterDefinition(name, "", .nodes(d?.nodes.map(\.name) ?? []), default: .text(""), summary)
        }, read: { v in if case let .text(s) = v { ParameterSet.nodeList(s) } else { nil } })
    }

    /// Pairs of nodes of the job's network ("A-B" each), or none ("") for
    /// the experiment's default; read with ``ParameterSet/nodePairs(_:on:)``.
    public static func nodePairs(_ name: String, _ summary: String) -> Parameter<[String]> {
        Parameter(name, make: { d in
            ParameterDefinition(name, "", .nodePairs(d?.nodes.map(\.name) ?? []), default: .text(""), summary)
        }, read: { v in if case let .text(s) = v { ParameterSet.nodeList(s) } else { nil } })
    }
}

extension ParameterSet {
    /// The point's value of `parameter`: as given, or its default where the
    /// protocol does not list it. A value of the wrong kind is an error.
    public subscript<V>(_ parameter: Parameter<V>) -> V {
        get throws(NetworkError) {
            let d = parameter.definition
            let v = values[d.name] ?? d.defaultValue
            guard let value = parameter.read(v) else {
                throw .invalidValue("\(d.name) = \(v)", expected: d.expected)
            }
            return value
        }
    }

    /// Node parameter `parameter`, or `fallback` when it is "".
    public func node(_ parameter: Parameter<String>, or fallback: String?) throws(NetworkError) -> String {
        let n = try self[parameter]
        if !n.isEmpty { return n }
        guard let fallback else {
            throw .invalidValue(parameter.name, expected: "a node (the network has none)")
        }
        return fallback
    }

    /// Node-pair parameter `parameter` as pairs of `d`'s nodes.
    public func nodePairs(_ parameter: Parameter<[String]>, on d: NetworkDescription) throws(NetworkError)
        -> [(String, String)]
    {
        let text = try self[parameter].joined(separator: ",")
        guard let pairs = ParameterSet.nodePairs(text, of: d.nodes.map(\.name)) else {
            throw .invalidValue("\(parameter.name) = \(text)", expected: parameter.definition(on: d).expected)
        }
        return pairs
    }

    /// A number where 0 means "none".
    public func optionalPositive(_ parameter: Parameter<Double>) throws(NetworkError) -> Double? {
        let x = try self[parameter]
        return x > 0 ? x : nil
    }

    /// This set with `parameter` set to `value` (a parameter form handing
    /// its built network's places to the network form).
    public func setting<V>(_ parameter: Parameter<V>, to value: ParameterValue) -> ParameterSet {
        ParameterSet(names: names.contains(parameter.name) ? names : names + [parameter.name],
                     values: values.merging([parameter.name: value]) { _, new in new })
    }
}
