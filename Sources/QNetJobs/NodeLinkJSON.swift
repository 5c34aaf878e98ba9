import Foundation
import QuantumNetwork
import Yams

/// NetworkX node-link JSON (`networkx.node_link_data` / `node_link_graph`),
/// the interchange SeQUeNCe and most Python users have: a multigraph whose
/// nodes carry their position and modules and whose edges carry the link's
/// fields under the network file's own keys. Written losslessly (a network
/// read back equals the one written); read from QNet's own output or from
/// any node-link file, where attributes QNet does not know (`weight`, …) are
/// ignored and missing ones take their defaults.
enum NodeLinkJSON {
    static let format = 1

    /// Whether a parsed document is node-link JSON rather than a network file.
    static func looksLikeNodeLink(_ root: Yams.Node) -> Bool {
        guard let m = root.mapping else { return false }
        let keys = Set(m.keys.compactMap(\.string))
        return keys.contains("edges") || keys.contains("directed") || keys.contains("multigraph")
            || (keys.contains("links") && m["links"]?.sequence?.first?.mapping?["source"] != nil)
    }

    // MARK: Writing

    static func text(_ d: NetworkDescription) -> String {
        // JSON has no infinity: written "inf", which the reader takes back.
        func finite(_ x: Double) -> Any { x.isFinite ? x : (x > 0 ? "inf" : "-inf") }
        let nodes: [[String: Any]] = d.nodes.map { n in
            var o: [String: Any] = ["id": n.name]
            switch n.position {
            case let .geographic(la, lo)?: (o[NetworkFile.PositionKeys.latitude], o[NetworkFile.PositionKeys.longitude]) = (la, lo)
            case let .planar(x, y)?: (o[NetworkFile.PositionKeys.x], o[NetworkFile.PositionKeys.y]) = (x, y)
            case nil: break
            }
            o["modules"] = n.modules.map { m -> [String: Any] in
                var mo: [String: Any] = ["name": m.name, "capacity": m.capacity]
                if let p = m.preset { mo["preset"] = p }
                for f in NetworkFile.moduleFields { mo[f.key] = finite(m[keyPath: f.path]) }
                return mo
            }
            return o
        }
        var keys: [String: Int] = [:]
        let edges: [[String: Any]] = d.links.map { l in
            let pair = [l.a.node, l.b.node].sorted().joined(separator: "\u{0}")
            var o: [String: Any] = ["source": l.a.node, "target": l.b.node, "key": keys[pair, default: 0],
                                    "band": l.band.rawValue, "channels": l.channels]
            keys[pair, default: 0] += 1
            if let m = l.a.module { o["source_module"] = m }
            if let m = l.b.module { o["target_module"] = m }
            for f in NetworkFile.optionalLinkFields { if let x = l[keyPath: f.path] { o[f.key] = x } }
            for f in NetworkFile.linkFields { o[f.key] = l[keyPath: f.path] }
            return o
        }
        let classical: [[String: Any]] = d.classical.map { c in
            var o: [String: Any] = ["source": c.a, "target": c.b, "delay_s_per_km": c.delayPerKm]
            if let l = c.lengthKm { o["length_km"] = l }
            return o
        }
        let document: [String: Any] = ["directed": false, "multigraph": true, "nodes": nodes, "edges": edges,
                                       "graph": ["qnet_network_format": format, "classical": classical]]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: Reading

    static func read(_ root: Yams.Node, _ r: NodeReader) throws(JobError) -> NetworkDescription {
        guard let top = root.mapping else { throw r.fail(root, "", "expected a node-link mapping") }
        if top["directed"]?.bool == true {
            throw r.fail(top["directed"], "directed", "a directed graph: quantum links are undirected (write directed: false)")
        }
        var d = NetworkDescription()
        var seen = Set<String>()
        for (i, n) in try r.sequence(top["nodes"] ?? Yams.Node([Yams.Node]()), "nodes", what: "a list of nodes").enumerated() {
            let path = "nodes[\(i)]"
            guard let m = n.mapping, let idNode = m["id"], let id = idNode.scalar?.string else {
                throw r.fail(n, path, "expected a node with an \"id\"")
            }
            guard seen.insert(id).inserted else { throw r.fail(idNode, "\(path).id", "node \(id) appears twice") }
            var node = NodeDescription(name: id, modules: [HardwarePreset.ideal.module])
            let attributes = Dictionary(m.compactMap { k, v in k.string.map { ($0, v) } }, uniquingKeysWith: { a, _ in a })
            node.position = try r.position(among: attributes, path)
            if let ms = m["modules"] {
                node.modules = []
                for (k, mn) in try r.sequence(ms, "\(path).modules", what: "a list of modules").enumerated() {
                    var base = ModuleDescription()
                    base.name = k == 0 ? "main" : "m\(k)"
                    node.modules.append(try r.module(mn, "\(path).modules[\(k)]", base: base, allowName: true))
                }
            }
            d.nodes.append(node)
        }
        let edgesKey = top["edges"] != nil ? "edges" : "links"
        for (i, e) in try r.sequence(top[edgesKey] ?? Yams.Node([Yams.Node]()), edgesKey, what: "a list of edges").enumerated() {
            let path = "\(edgesKey)[\(i)]"
            guard let m = e.mapping, let s = m["source"]?.scalar?.string, let t = m["target"]?.scalar?.string else {
                throw r.fail(e, path, "expected an edge with \"source\" and \"target\"")
            }
            // The link's own keys, read by the network file's reader; the rest ignored.
            let known = m.compactMap { k, v -> (String, Yams.Node, Yams.Node)? in
                guard let key = k.string, NetworkFile.linkSettingKeys.contains(key) else { return nil }
                return (key, k, v)
            }
            var link = try r.linkSettings(known, e, path, base: LinkDescription(a: LinkEnd(node: s), b: LinkEnd(node: t)), needsEnds: false)
            link.a = LinkEnd(node: s, module: m["source_module"]?.scalar?.string)
            link.b = LinkEnd(node: t, module: m["target_module"]?.scalar?.string)
            try r.check(link, in: d, e, path)
            d.links.append(link)
        }
        if let cs = top["graph"]?.mapping?["classical"] {
            for (i, c) in try r.sequence(cs, "graph.classical", what: "a list of classical channels").enumerated() {
                guard let m = c.mapping, let s = m["source"]?.scalar?.string, let t = m["target"]?.scalar?.string else {
                    throw r.fail(c, "graph.classical[\(i)]", "expected a channel with \"source\" and \"target\"")
                }
                var channel = ClassicalChannelDescription(a: s, b: t)
                if let l = m["length_km"] { channel.lengthKm = try r.number(l, "graph.classical[\(i)].length_km", in: 0 ... .greatestFiniteMagnitude) }
                if let v = m["delay_s_per_km"] { channel.delayPerKm = try r.number(v, "graph.classical[\(i)].delay_s_per_km", in: 0...1) }
                d.classical.append(channel)
            }
        }
        do { _ = try d.build() } catch { throw r.fail(root, "", "\(error)") }
        return d
    }
}

/// Graphviz DOT: nodes at their positions (`pos`, in km, for `neato -n`),
/// links labelled with their length.
enum NetworkDOT {
    static func text(_ d: NetworkDescription) -> String {
        func quote(_ s: String) -> String { Cell.quoteJSON(s) }
        var lines = ["graph network {", "  node [shape=circle];"]
        for n in d.nodes {
            var attributes = ["label=\(quote(n.name))"]
            switch n.position {
            case let .planar(x, y)?: attributes.append("pos=\"\(x),\(y)!\"")
            case let .geographic(la, lo)?: attributes.append("pos=\"\(lo),\(la)!\"")
            case nil: break
            }
            lines.append("  \(quote(n.name)) [\(attributes.joined(separator: ", "))];")
        }
        for l in d.links {
            let length = (try? d.lengthKm(of: l)).map { ParameterValue.number(($0 * 100).rounded() / 100).description + " km" } ?? "?"
            lines.append("  \(quote(l.a.node)) -- \(quote(l.b.node)) [label=\(quote(length))];")
        }
        for c in d.classical { lines.append("  \(quote(c.a)) -- \(quote(c.b)) [style=dashed];") }
        return (lines + ["}"]).joined(separator: "\n") + "\n"
    }
}
