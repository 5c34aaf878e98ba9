import Foundation
import QuantumNetwork
import Yams

/// The parameters a job may set, as it is read: its protocol's, or, when the
/// job gives a network, the protocol's network form's on that network plus
/// every network element (``NetworkElement``) the job names.
struct JobParameters {
    private(set) var definitions: [ParameterDefinition]
    private(set) var outputs: [(name: String, unit: String)]
    private(set) var network: NetworkDescription?
    private(set) var elements: [NetworkElement] = []
    let spec: ProtocolSpec

    init(spec: ProtocolSpec) {
        self.spec = spec
        definitions = spec.parameters
        outputs = spec.outputs
    }

    var names: [String] { definitions.map(\.name) }

    /// Runs the job's protocol on `d` (its network form's parameters replace the protocol's).
    mutating func use(_ d: (NetworkDescription, NetworkForm)) throws(JobError) {
        network = d.0
        definitions = d.1.parameters(d.0)
        outputs = d.1.outputs
    }

    /// The definition of parameter `name` (written at `n`, `keyPath`); a
    /// network element joins the table the first time it is named.
    mutating func definition(_ name: String, _ reader: NodeReader, _ n: Yams.Node, _ keyPath: String)
        throws(JobError) -> ParameterDefinition
    {
        if let def = definitions.first(where: { $0.name == name }) { return def }
        if let network, NetworkElement.isElementKey(name) {
            switch NetworkElement.parse(name, in: network) {
            case let .success(e):
                definitions.append(e.definition)
                elements.append(e)
                return e.definition
            case let .failure(error): throw reader.fail(n, keyPath, error.message)
            }
        }
        let more = network == nil ? "" : ", or a network element (links.A-B.FIELD, links.*.FIELD, nodes.N.FIELD, nodes.*.FIELD)"
        throw reader.fail(n, keyPath, "unknown parameter \"\(name)\" of \(spec.name): expected one of \(choices(names))\(more)")
    }
}

extension NodeReader {
    /// The job's `network:`: an inline network document, or the path of a
    /// network file (relative to the job file's directory).
    func jobNetwork(_ n: Yams.Node, spec: ProtocolSpec, protocols: [ProtocolSpec]) throws(JobError)
        -> (NetworkDescription, NetworkForm)
    {
        guard let form = spec.network else {
            let takers = protocols.filter { $0.network != nil }.map(\.name)
            throw fail(n, "network", "protocol \(spec.name) runs only on its own topology, set by its parameters: leave out "
                       + "\"network\", or use a protocol that runs on a network (\(choices(takers)))")
        }
        if n.mapping != nil { return (try networkDocument(n), form) }
        guard let path = n.scalar?.string, !path.isEmpty else {
            throw fail(n, "network", "expected a network (a mapping with nodes and links) or the path of a network file")
        }
        let resolved = path.hasPrefix("/") ? path
            : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
        return (try NetworkFile.load(resolved), form)
    }

    /// A parameter value read as `def` expects it: names (nodes, choices)
    /// as written, even when they look like numbers; a node list from a YAML
    /// list or "A,B,C".
    func value(_ n: Yams.Node, _ keyPath: String, for def: ParameterDefinition) throws(JobError) -> ParameterValue {
        switch def.kind {
        case .choice, .node, .link:
            if let s = n.scalar { return .text(s.string) }
        case .nodes, .nodePairs:
            if let s = n.scalar { return .text(s.string) }
            if let seq = n.sequence {
                var names: [String] = []
                for (i, item) in seq.enumerated() {
                    let name = try scalarText(item, "\(keyPath)[\(i)]", what: "a node name or a pair \"A-B\"")
                    guard !name.contains(",") else {
                        throw fail(item, "\(keyPath)[\(i)]", "\"\(name)\" has a \",\", which separates items here")
                    }
                    names.append(name)
                }
                return .text(names.joined(separator: ","))
            }
        case .real, .integer: break
        }
        return try value(n, keyPath)
    }
}
