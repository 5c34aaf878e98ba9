/// A place in the network: a name and one or more processor modules.
public struct Node: Sendable, Hashable {
    /// Unique name in the network.
    public let name: String
    /// Its modules; the first is the default for links and protocols.
    public let modules: [ProcessorModule]

    /// A node, checked: at least one module, module names unique.
    public init(_ name: String, modules: [ProcessorModule] = [.ideal()]) throws(NetworkError) {
        guard !modules.isEmpty else {
            throw .invalidParameter(name: "module count of node \"\(name)\"", value: 0, expected: "at least 1")
        }
        var seen = Set<String>()
        for m in modules where !seen.insert(m.name).inserted { throw .duplicateName(kind: "module", name: m.name) }
        self.name = name
        self.modules = modules
    }

    /// The module called `name`.
    public func module(_ name: String) throws(NetworkError) -> ProcessorModule {
        guard let m = modules.first(where: { $0.name == name }) else {
            throw .unknownModule(node: self.name, module: name, known: modules.map(\.name))
        }
        return m
    }
}

/// A module of a node: where a qubit lives.
public struct ModuleAddress: Sendable, Hashable, CustomStringConvertible {
    /// The node's name.
    public let node: String
    /// The module's name within the node.
    public let module: String

    public init(node: String, module: String = "main") {
        self.node = node
        self.module = module
    }

    public var description: String { "\(node).\(module)" }
}
