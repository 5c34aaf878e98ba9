import QuantumSim

/// Everything that can go wrong when describing or running a network.
///
/// Each case names the offending value and what was expected; the
/// ``description`` says both in a sentence.
public enum NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A node name that is not in the network.
    case unknownNode(String, known: [String])
    /// A module name that a node does not have.
    case unknownModule(node: String, module: String, known: [String])
    /// Two nodes (or two modules of one node) with the same name.
    case duplicateName(kind: String, name: String)
    /// A quantum link or classical channel from a node to itself.
    case selfLink(node: String)
    /// No quantum link joins the two nodes.
    case noLink(String, String)
    /// No classical path joins the two nodes.
    case noClassicalPath(from: String, to: String)
    /// No path of quantum links joins the two nodes.
    case noPath(from: String, to: String)
    /// A parameter outside its physical range.
    case invalidParameter(name: String, value: Double, expected: String)
    /// A value that is not a number (a name, a place, a list) and is not
    /// what was expected; `what` names it with its value.
    case invalidValue(String, expected: String)
    /// A module whose qubits are all in use.
    case moduleFull(node: String, module: String, capacity: Int)
    /// A qubit used after it was measured or discarded.
    case qubitNotAlive(Int)
    /// A local gate on qubits held in different modules.
    case nonLocalOperation(gate: String, modules: [String])
    /// A protocol asked for something it cannot do, and why.
    case invalidProtocol(String)
    /// An error from the quantum simulator underneath.
    case simulation(QuantumSimError)

    public var description: String {
        switch self {
        case let .unknownNode(name, known):
            return "unknown node \"\(name)\": the network has \(Self.list(known))"
        case let .unknownModule(node, module, known):
            return "node \"\(node)\" has no module \"\(module)\": it has \(Self.list(known))"
        case let .duplicateName(kind, name):
            return "a \(kind) named \"\(name)\" already exists: names must be unique"
        case let .selfLink(node):
            return "a link from node \"\(node)\" to itself: a link needs two different nodes"
        case let .noLink(a, b):
            return "no quantum link between \"\(a)\" and \"\(b)\""
        case let .noClassicalPath(from, to):
            return "no classical path from \"\(from)\" to \"\(to)\": add a link or a classical channel"
        case let .noPath(from, to):
            return "no path of quantum links from \"\(from)\" to \"\(to)\": the two are not connected"
        case let .invalidParameter(name, value, expected):
            return "\(name) = \(value) is invalid: expected \(expected)"
        case let .invalidValue(what, expected):
            return "\(what) is invalid: expected \(expected)"
        case let .moduleFull(node, module, capacity):
            return "module \"\(module)\" of node \"\(node)\" is out of qubits: all \(capacity) are in use"
        case let .qubitNotAlive(id):
            return "qubit #\(id) was already measured or discarded"
        case let .nonLocalOperation(gate, modules):
            return "gate \(gate) acts on qubits in different modules \(modules): use a non-local gate (telegate or teledata)"
        case let .invalidProtocol(reason):
            return reason
        case let .simulation(error):
            return error.description
        }
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

extension NetworkError {
    /// Runs `body`, turning a simulator error into ``simulation(_:)``: for
    /// code that builds network objects from QuantumSim values.
    public static func wrapping<R>(_ body: () throws(QuantumSimError) -> R) throws(NetworkError) -> R {
        do { return try body() } catch { throw .simulation(error) }
    }
}

/// ``NetworkError/wrapping(_:)``, short for use inside this module.
@inline(__always)
func sim<R>(_ body: () throws(QuantumSimError) -> R) throws(NetworkError) -> R { try NetworkError.wrapping(body) }

/// Checks that `value` lies in `range`, naming it in the error.
func checkParameter(_ name: String, _ value: Double, in range: ClosedRange<Double>, unit: String = "")
    throws(NetworkError)
{
    guard value.isFinite || (range.upperBound == .infinity && value == .infinity), range.contains(value) else {
        let upper = range.upperBound == .infinity ? "∞" : "\(range.upperBound)"
        throw .invalidParameter(name: name, value: value, expected: "a value in \(range.lowerBound)...\(upper)\(unit)")
    }
}
