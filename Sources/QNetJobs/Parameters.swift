import QuantumNetwork

/// A parameter's value in a job: a number or a name.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case text(String)

    /// The exact text written to outputs: integers without a decimal point,
    /// other numbers in Swift's shortest round-trip form, names as they are.
    public var description: String {
        switch self {
        case let .number(x):
            if x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
            return "\(x)"
        case let .text(s): return s
        }
    }

    var number: Double? { if case let .number(x) = self { return x } else { return nil } }
}

/// What a protocol accepts for one parameter.
public struct ParameterDefinition: Sendable {
    public enum Kind: Sendable {
        /// A real number in a range (`.infinity` allowed where the range reaches it).
        case real(ClosedRange<Double>)
        /// A whole number in a range.
        case integer(ClosedRange<Int>)
        /// One of the names.
        case choice([String])
        /// A node of the job's network, or "" for the protocol's default.
        case node([String])
        /// A link of the job's network by its label ("A-B", as listed), or one of the extra names.
        case link([String])
        /// Nodes of the job's network in order, written as a list or as
        /// "A,B,C"; "" for the protocol's default.
        case nodes([String])
        /// Pairs of different nodes of the job's network, each written
        /// "A-B", in a list or as "A-B,C-D"; "" for the protocol's default.
        case nodePairs([String])
    }

    public let name: String
    /// Unit, for documentation and plot axes ("" when none).
    public let unit: String
    public let summary: String
    public let kind: Kind
    public let defaultValue: ParameterValue

    init(_ name: String, _ unit: String, _ kind: Kind, default value: ParameterValue, _ summary: String) {
        self.name = name
        self.unit = unit
        self.kind = kind
        defaultValue = value
        self.summary = summary
    }

    /// What a valid value looks like, for error messages.
    public var expected: String {
        switch kind {
        case let .real(r):
            let hi = r.upperBound == .infinity ? "∞" : ParameterValue.number(r.upperBound).description
            return "a number in \(ParameterValue.number(r.lowerBound))...\(hi)\(unit.isEmpty ? "" : " (\(unit))")"
        case let .integer(r): return "a whole number in \(r.lowerBound)...\(r.upperBound)"
        case let .choice(names): return "one of \(choices(names))"
        case let .node(names): return "a node of the network (\(choices(names))) or \"\""
        case let .link(labels): return "a link of the network: one of \(choices(labels))"
        case let .nodes(names):
            return "a list of distinct nodes of the network (\(choices(names))), or \"\""
        case let .nodePairs(names):
            return "a list of pairs \"A-B\" of two different nodes of the network (\(choices(names))), or \"\""
        }
    }

    /// The value if it is valid for this parameter, else nil.
    func accepts(_ value: ParameterValue) -> Bool {
        switch (kind, value) {
        case let (.real(r), .number(x)): return (x.isFinite || x == .infinity) && r.contains(x)
        case let (.integer(r), .number(x)): return x.rounded() == x && x >= Double(r.lowerBound) && x <= Double(r.upperBound)
        case let (.choice(names), .text(s)): return names.contains(s)
        case let (.node(names), .text(s)): return s.isEmpty || names.contains(s)
        case let (.link(labels), .text(s)): return labels.contains(s)
        case let (.nodes(names), .text(s)):
            let list = ParameterSet.nodeList(s)
            return s.isEmpty || (list.allSatisfy(names.contains) && Set(list).count == list.count)
        case let (.nodePairs(names), .text(s)): return s.isEmpty || ParameterSet.nodePairs(s, of: names) != nil
        default: return false
        }
    }
}

/// A point's parameters: every parameter of its protocol, resolved.
public struct ParameterSet: Sendable, Hashable {
    /// In the protocol's order.
    public let names: [String]
    public let values: [String: ParameterValue]

    /// "A,B,C" as ["A", "B", "C"]; "" as [].
    static func nodeList(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// "A-B,C-D" as [(A, B), (C, D)] of `names`, or nil when an item is not
    /// two different nodes. A name may hold "-": an item must split into
    /// two known names at exactly one of its dashes.
    static func nodePairs(_ text: String, of names: [String]) -> [(String, String)]? {
        var pairs: [(String, String)] = []
        for item in nodeList(text) {
            let splits = item.indices.filter { item[$0] == "-" }.compactMap { i -> (String, String)? in
                let a = String(item[..<i]), b = String(item[item.index(after: i)...])
                return names.contains(a) && names.contains(b) && a != b ? (a, b) : nil
            }
            guard splits.count == 1 else { return nil }
            pairs.append(splits[0])
        }
        return pairs
    }
}
