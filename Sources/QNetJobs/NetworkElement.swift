import QuantumNetwork

/// A value inside a job's network that the job sets or sweeps like a
/// parameter (docs/jobs.md, "Sweeping the network"):
///
/// - `links.A-B.FIELD`: one link, by its label ("A-B" or "B-A"; parallel
///   links between the same ends all take the value); `links.*.FIELD`: every link.
/// - `nodes.N.FIELD`: every module of node N; `nodes.N.M.FIELD`: its module M;
///   `nodes.*.FIELD`: every module of every node.
/// - `nodes.N.preset`, `nodes.*.preset`: a hardware preset replaces the
///   modules' values (their names kept).
///
/// Field names and ranges are the network file's (``NetworkFile``), so a
/// swept value is checked exactly as the same value written in the file.
struct NetworkElement: Sendable {
    let definition: ParameterDefinition
    /// Application order: presets, then wildcards, then single elements, so
    /// the more specific value wins whatever order the job lists them in.
    let order: Int
    let apply: @Sendable (ParameterValue, inout NetworkDescription) -> Void

    static let linkPrefix = "links.", nodePrefix = "nodes."
    static let presetKey = "preset", capacityKey = "capacity", channelsKey = "channels"

    /// Whether `key` is written as an element (and so must parse as one).
    static func isElementKey(_ key: String) -> Bool { key.hasPrefix(linkPrefix) || key.hasPrefix(nodePrefix) }

    /// The element `key` names in `d`; the error says what is wrong and what
    /// would be right.
    static func parse(_ key: String, in d: NetworkDescription) -> Result<NetworkElement, ElementKeyError> {
        guard let dot = key.lastIndex(of: "."), key.hasPrefix(linkPrefix) || key.hasPrefix(nodePrefix) else {
            return .failure(ElementKeyError("\(key) is not an element key: expected links.A-B.FIELD, links.*.FIELD, "
                                            + "nodes.N.FIELD or nodes.*.FIELD"))
        }
        let field = String(key[key.index(after: dot)...])
        if key.hasPrefix(linkPrefix) {
            let label = String(key[key.index(key.startIndex, offsetBy: linkPrefix.count)..<dot])
            return link(key, label: label, field: field, in: d)
        }
        let place = String(key[key.index(key.startIndex, offsetBy: nodePrefix.count)..<dot])
        return node(key, place: place, field: field, in: d)
    }

    // MARK: Links

    private static func link(_ key: String, label: String, field: String, in d: NetworkDescription)
        -> Result<NetworkElement, ElementKeyError>
    {
        let all = label == "*"
        let chosen = d.links.indices.filter { i in
            all || "\(d.links[i].a)-\(d.links[i].b)" == label || "\(d.links[i].b)-\(d.links[i].a)" == label
        }
        guard !chosen.isEmpty else {
            return .failure(ElementKeyError("\(key): the network has no link \"\(label)\": expected * or one of "
                                            + choices(d.linkLabels)))
        }
        let order = all ? 1 : 2
        func element(_ kind: ParameterDefinition.Kind, unit: String, default value: ParameterValue,
                     _ set: @escaping @Sendable (inout LinkDescription, Double) -> Void) -> Result<NetworkElement, ElementKeyError> {
            .success(NetworkElement(definition: P(key, unit, kind, default: value, "network element"), order: order) { v, d in
                guard case let .number(x) = v else { return }
                for i in chosen { set(&d.links[i], x) }
            })
        }
        let first = d.links[chosen[0]]
        if let f = NetworkFile.linkFields.first(where: { $0.key == field }) {
            let path = f.path
            return element(.real(f.range), unit: f.unit, default: .number(first[keyPath: path])) { $0[keyPath: path] = $1 }
        }
        if let f = NetworkFile.optionalLinkFields.first(where: { $0.key == field }) {
            let path = f.path
            return element(.real(NetworkFile.optionalLinkRange), unit: f.unit, default: .number(first[keyPath: path] ?? .nan)) {
                $0[keyPath: path] = $1
            }
        }
        if field == channelsKey {
            return element(.integer(NetworkFile.channelRange), unit: "", default: .number(Double(first.channels))) {
                $0.channels = Int($1)
            }
        }
        let fields = NetworkFile.optionalLinkFields.map(\.key) + [channelsKey] + NetworkFile.linkFields.map(\.key)
        return .failure(ElementKeyError("\(key): unknown link field \"\(field)\": expected one of \(choices(fields))"))
    }

    // MARK: Nodes

    private static func node(_ key: String, place: String, field: String, in d: NetworkDescription)
        -> Result<NetworkElement, ElementKeyError>
    {
        // "N", "N.M" or "*".
        let parts = place.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, let nodeName = parts.first else {
            return .failure(ElementKeyError("\(key): expected nodes.N.FIELD or nodes.N.MODULE.FIELD"))
        }
        var chosen: [(node: Int, module: Int)] = []
        if nodeName == "*", parts.count == 1 {
            for (i, n) in d.nodes.enumerated() { for j in n.modules.indices { chosen.append((i, j)) } }
        } else {
            guard let i = d.nodes.firstIndex(where: { $0.name == nodeName }) else {
                return .failure(ElementKeyError("\(key): the network has no node \"\(nodeName)\": expected * or one of "
                                                + choices(d.nodes.map(\.name))))
            }
            let modules = d.nodes[i].modules
            if parts.count == 2 {
                guard let j = modules.firstIndex(where: { $0.name == parts[1] }) else {
                    return .failure(ElementKeyError("\(key): node \(nodeName) has no module \"\(parts[1])\": expected one of "
                                                    + choices(modules.map(\.name))))
                }
                chosen = [(i, j)]
            } else {
                chosen = modules.indices.map { (i, $0) }
            }
        }
        let targets = chosen
        guard let (fi, fj) = targets.first else {
            return .failure(ElementKeyError("\(key): the network has no nodes"))
        }
        let first = d.nodes[fi].modules[fj]
        let wildcard = nodeName == "*"
        func element(_ kind: ParameterDefinition.Kind, unit: String, default value: ParameterValue, order: Int,
                     _ set: @escaping @Sendable (inout ModuleDescription, ParameterValue) -> Void)
            -> Result<NetworkElement, ElementKeyError>
        {
            .success(NetworkElement(definition: P(key, unit, kind, default: value, "network element"), order: order) { v, d in
                for (i, j) in targets { set(&d.nodes[i].modules[j], v) }
            })
        }
        if field == presetKey {
            return element(.choice(HardwarePreset.allCases.map(\.rawValue)), unit: "", default: .text(first.preset ?? ""),
                           order: wildcard ? -2 : -1) { m, v in
                guard let preset = HardwarePreset(rawValue: v.description) else { return }
                let name = m.name
                m = preset.module
                m.name = name
            }
        }
        let order = wildcard ? 1 : 2
        if let f = NetworkFile.moduleFields.first(where: { $0.key == field }) {
            let path = f.path
            return element(.real(f.range), unit: f.unit, default: .number(first[keyPath: path]), order: order) { m, v in
                if case let .number(x) = v { m[keyPath: path] = x }
            }
        }
        if field == capacityKey {
            return element(.integer(NetworkFile.capacityRange), unit: "", default: .number(Double(first.capacity)),
                           order: order) { m, v in
                if case let .number(x) = v { m.capacity = Int(x) }
            }
        }
        let fields = [presetKey, capacityKey] + NetworkFile.moduleFields.map(\.key)
        return .failure(ElementKeyError("\(key): unknown node field \"\(field)\": expected one of \(choices(fields))"))
    }

    private typealias P = ParameterDefinition
}

/// Why a key does not name an element of the job's network.
struct ElementKeyError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
