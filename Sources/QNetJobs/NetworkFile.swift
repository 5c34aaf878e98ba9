import QuantumNetwork
import Yams

/// Network files: a network described in YAML or JSON (docs/networks.md),
/// read into a ``NetworkDescription`` with every error at its file, line,
/// column and key path. Each key is declared once, in the field tables
/// below, which the reader, the node-link exporter and the summary share.
enum NetworkFile {
    /// A module field of the file: its key, unit and place in the description.
    struct ModuleField: Sendable {
        let key: String, unit: String
        let path: WritableKeyPath<ModuleDescription, Double> & Sendable
        let range: ClosedRange<Double>
    }

    static let moduleFields = [
        ModuleField(key: "t1_s", unit: "s", path: \.t1, range: .leastNonzeroMagnitude ... .infinity),
        ModuleField(key: "t2_s", unit: "s", path: \.t2, range: .leastNonzeroMagnitude ... .infinity),
        ModuleField(key: "gate_error_1q", unit: "", path: \.singleQubitGateError, range: 0...1),
        ModuleField(key: "gate_error_2q", unit: "", path: \.twoQubitGateError, range: 0...1),
        ModuleField(key: "measurement_error", unit: "", path: \.measurementError, range: 0...1),
        ModuleField(key: "gate_time_1q_s", unit: "s", path: \.singleQubitGateTime, range: 0 ... .greatestFiniteMagnitude),
        ModuleField(key: "gate_time_2q_s", unit: "s", path: \.twoQubitGateTime, range: 0 ... .greatestFiniteMagnitude),
        ModuleField(key: "measurement_time_s", unit: "s", path: \.measurementTime, range: 0 ... .greatestFiniteMagnitude),
    ]
    static let moduleKeys = ["name", "preset", "capacity"] + moduleFields.map(\.key)
    /// Qubits a module may hold, and parallel channels a link may have.
    static let capacityRange = 1...1_000_000, channelRange = 1...1_000_000

    /// A link field of the file.
    struct LinkField: Sendable {
        let key: String, unit: String
        let path: WritableKeyPath<LinkDescription, Double> & Sendable
        let range: ClosedRange<Double>
    }

    static let linkFields = [
        LinkField(key: "insertion_loss_db", unit: "dB", path: \.insertionLossDb, range: 0...1000),
        LinkField(key: "source_fidelity", unit: "", path: \.sourceFidelity, range: 0.25...1),
        LinkField(key: "source_efficiency", unit: "", path: \.sourceEfficiency, range: 0...1),
        LinkField(key: "detector_efficiency", unit: "", path: \.detectorEfficiency, range: 0...1),
        LinkField(key: "attempt_overhead_s", unit: "s", path: \.attemptOverhead, range: 0 ... .greatestFiniteMagnitude),
        LinkField(key: "signal_delay_s_per_km", unit: "s/km", path: \.signalDelayPerKm, range: .leastNonzeroMagnitude ... 1),
    ]
    /// Link keys with no default value of their own (nil: derived).
    static let optionalLinkFields: [(key: String, unit: String, path: WritableKeyPath<LinkDescription, Double?> & Sendable)] = [
        ("length_km", "km", \.lengthKm), ("attenuation_db_per_km", "dB/km", \.attenuationDbPerKm),
    ]
    /// Their range (both are lengths or losses per length).
    static let optionalLinkRange = 0 ... Double.greatestFiniteMagnitude
    static let linkSettingKeys = optionalLinkFields.map(\.key) + ["band", "channels"] + linkFields.map(\.key)
    static let linkKeys = ["between"] + linkSettingKeys
    static let topKeys = ["name", "nodes", "links", "classical", "defaults", "generate"]
    static let shapes = ["chain", "ring", "star", "grid", "waxman", "erdos-renyi"]
    /// A node's position: latitude and longitude in degrees, or x and y in km.
    enum PositionKeys {
        static let latitude = "lat", longitude = "lon", x = "x_km", y = "y_km"
        static let all = [latitude, longitude, x, y]
        static let latitudes = -90.0...90, longitudes = -180.0...180
        static let anywhere = -Double.greatestFiniteMagnitude ... .greatestFiniteMagnitude
        static let expected = "{\(latitude): …, \(longitude): …} or {\(x): …, \(y): …}"
    }
    static let generateKeys = ["shape", "nodes", "leaves", "rows", "columns", "length_km", "size_km", "alpha", "beta",
                               "probability", "seed"]

    /// Reads the network file at `path`.
    static func load(_ path: String) throws(JobError) -> NetworkDescription {
        try parse(try InputText.read(path, what: "network file", limit: 64 << 20), file: path)
    }

    /// Parses network text; `file` names it in messages.
    static func parse(_ text: String, file: String) throws(JobError) -> NetworkDescription {
        let root: Yams.Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw JobError(file: file, location: nil, "not valid YAML or JSON: \(error)")
        }
        let reader = NodeReader(file: file)
        guard let root, root.mapping != nil else {
            throw reader.fail(root, "", "expected a mapping with keys \(choices(topKeys))")
        }
        return try reader.networkDocument(root)
    }
}

extension NodeReader {
    /// A network document: QNet's own form or NetworkX node-link JSON.
    func networkDocument(_ root: Yams.Node) throws(JobError) -> NetworkDescription {
        if NodeLinkJSON.looksLikeNodeLink(root) { return try NodeLinkJSON.read(root, self) }
        return try network(root)
    }

    /// A network file's top mapping.
    func network(_ root: Yams.Node) throws(JobError) -> NetworkDescription {
        let e = try mapping(root, "", allowed: NetworkFile.topKeys, what: "a mapping")
        func node(_ key: String) -> Yams.Node? { e.first { $0.0 == key }?.2 }
        var moduleDefault = HardwarePreset.ideal.module, linkDefault = LinkDescription(a: LinkEnd(node: ""), b: LinkEnd(node: ""))
        if let d = node("defaults") {
            for (key, _, v) in try mapping(d, "defaults", allowed: ["module", "link"], what: "{module: {...}, link: {...}}") {
                if key == "module" {
                    moduleDefault = try module(v, "defaults.module", base: HardwarePreset.ideal.module, allowName: false)
                } else {
                    linkDefault = try linkSettings(v, "defaults.link", base: linkDefault, allowed: NetworkFile.linkSettingKeys)
                }
            }
        }
        var d = NetworkDescription()
        if let g = node("generate") { d = try generated(g, module: moduleDefault, link: linkDefault) }
        var seen = Set(d.nodes.map(\.name))
        if let ns = node("nodes") {
            for (i, n) in try sequence(ns, "nodes", what: "a list of nodes").enumerated() {
                let path = "nodes[\(i)]"
                let desc = try nodeDescription(n, path, module: moduleDefault)
                guard seen.insert(desc.name).inserted else { throw fail(n, "\(path).name", "node \(desc.name) is named twice") }
                d.nodes.append(desc)
            }
        }
        if let ls = node("links") {
            for (i, l) in try sequence(ls, "links", what: "a list of links").enumerated() {
                let path = "links[\(i)]"
                let link = try linkSettings(l, path, base: linkDefault, allowed: NetworkFile.linkKeys)
                try check(link, in: d, l, path)
                d.links.append(link)
            }
        }
        if let cs = node("classical") {
            for (i, c) in try sequence(cs, "classical", what: "a list of classical channels").enumerated() {
                let path = "classical[\(i)]"
                var channel = ClassicalChannelDescription(a: "", b: "")
                var between = false
                for (key, _, v) in try mapping(c, path, allowed: ["between", "length_km", "delay_s_per_km"], what: "a classical channel") {
                    switch key {
                    case "between":
                        let ends = try ends(v, "\(path).between")
                        (channel.a, channel.b) = (ends.0.node, ends.1.node)
                        between = true
                    case "length_km": channel.lengthKm = try number(v, "\(path).length_km", in: 0 ... .greatestFiniteMagnitude, unit: "km")
                    default: channel.delayPerKm = try number(v, "\(path).delay_s_per_km", in: 0...1, unit: "s/km")
                    }
                }
                guard between else { throw fail(c, path, "missing key \"between\": the two nodes, [A, B]") }
                d.classical.append(channel)
            }
        }
        do { _ = try d.build() } catch { throw fail(root, "", "\(error)") }
        return d
    }

    /// A link's ends and hardware against the nodes read so far, so the
    /// error has the link's place.
    func check(_ link: LinkDescription, in d: NetworkDescription, _ n: Yams.Node, _ keyPath: String) throws(JobError) {
        do throws(NetworkError) {
            let a = try d.address(link.a), b = try d.address(link.b)
            guard a != b else { throw .selfLink(node: a.description) }
            _ = try link.quantumLink(lengthKm: d.lengthKm(of: link))
        } catch {
            throw fail(n, keyPath, "\(error)")
        }
    }

    /// `[A, B]` or `[A.module, B]`.
    func ends(_ n: Yams.Node, _ keyPath: String) throws(JobError) -> (LinkEnd, LinkEnd) {
        let items = try sequence(n, keyPath, what: "the two ends, [A, B] or [A.module, B]")
        guard items.count == 2 else { throw fail(n, keyPath, "expected two ends, found \(items.count)") }
        let a = try scalarText(items[0], "\(keyPath)[0]", what: "a node name"), b = try scalarText(items[1], "\(keyPath)[1]", what: "a node name")
        return (LinkEnd(parsing: a), LinkEnd(parsing: b))
    }

    /// A module's fields over `base` (a preset replaces the base first).
    func module(_ n: Yams.Node, _ keyPath: String, base: ModuleDescription, allowName: Bool) throws(JobError) -> ModuleDescription {
        let allowed = NetworkFile.moduleKeys.filter { allowName || $0 != "name" }
        let e = try mapping(n, keyPath, allowed: allowed, what: "a module: {preset: NAME, capacity: N, t1_s: …}")
        return try module(e, n, keyPath, base: base, context: "")
    }

    /// A module from its entries (preset first, then each field over it),
    /// checked; `context` prefixes the error ("node A: ").
    func module(_ e: [(String, Yams.Node, Yams.Node)], _ n: Yams.Node, _ keyPath: String, base: ModuleDescription,
                context: String) throws(JobError) -> ModuleDescription {
        var m = base
        if let (_, _, p) = e.first(where: { $0.0 == "preset" }) { m = try preset(p, "\(keyPath).preset", name: base.name) }
        for (key, _, v) in e where key != "preset" {
            let path = "\(keyPath).\(key)"
            switch key {
            case "name": m.name = try scalarText(v, path, what: "a module name")
            case "capacity": m.capacity = try integer(v, path, range: NetworkFile.capacityRange)
            default:
                if let f = NetworkFile.moduleFields.first(where: { $0.key == key }) {
                    m[keyPath: f.path] = try number(v, path, in: f.range, unit: f.unit)
                }
            }
        }
        do { _ = try m.module() } catch { throw fail(n, keyPath, "\(context)\(error)") }
        return m
    }

    func preset(_ n: Yams.Node, _ keyPath: String, name: String) throws(JobError) -> ModuleDescription {
        let t = try scalarText(n, keyPath, what: "a preset name")
        guard let p = HardwarePreset(rawValue: t) else {
            throw fail(n, keyPath, "unknown preset \"\(t)\": expected one of \(choices(HardwarePreset.allCases.map(\.rawValue)))")
        }
        var m = p.module
        m.name = name
        return m
    }

    /// A node: a name, a position, and one module (its fields inline) or a list of modules.
    func nodeDescription(_ n: Yams.Node, _ keyPath: String, module base: ModuleDescription) throws(JobError) -> NodeDescription {
        let e = try mapping(n, keyPath, allowed: ["name", "position", "modules"] + NetworkFile.moduleKeys.filter { $0 != "name" },
                            what: "a node: {name: NAME, position: {...}, preset: …} ")
        guard let (_, _, nameNode) = e.first(where: { $0.0 == "name" }) else { throw fail(n, keyPath, "missing key \"name\"") }
        let name = try scalarText(nameNode, "\(keyPath).name", what: "a node name")
        guard !name.isEmpty, !name.contains(".") else {
            throw fail(nameNode, "\(keyPath).name", "node name \"\(name)\" is invalid: expected a non-empty name without \".\" (it separates node.module)")
        }
        var desc = NodeDescription(name: name)
        if let (_, _, p) = e.first(where: { $0.0 == "position" }) { desc.position = try position(p, "\(keyPath).position") }
        let inline = e.filter { !["name", "position", "modules"].contains($0.0) }
        if let (_, _, ms) = e.first(where: { $0.0 == "modules" }) {
            guard inline.isEmpty else {
                throw fail(n, keyPath, "give the module's fields inside \"modules\", not beside it (found \(inline.map(\.0).joined(separator: ", ")))")
            }
            var names = Set<String>()
            desc.modules = []
            for (i, m) in try sequence(ms, "\(keyPath).modules", what: "a list of modules").enumerated() {
                var b = base
                b.name = i == 0 ? "main" : "m\(i)"
                let module = try self.module(m, "\(keyPath).modules[\(i)]", base: b, allowName: true)
                guard names.insert(module.name).inserted else { throw fail(m, "\(keyPath).modules[\(i)]", "module \(module.name) is named twice") }
                desc.modules.append(module)
            }
            guard !desc.modules.isEmpty else { throw fail(ms, "\(keyPath).modules", "expected at least one module") }
        } else {
            // The node's own module: the default, with the inline fields over it.
            desc.modules = [try module(inline, n, keyPath, base: base, context: "node \(name): ")]
        }
        return desc
    }

    func position(_ n: Yams.Node, _ keyPath: String) throws(JobError) -> NodePosition {
        let k = NetworkFile.PositionKeys.self
        let e = try mapping(n, keyPath, allowed: k.all, what: k.expected)
        let v = Dictionary(e.map { ($0.0, $0.2) }, uniquingKeysWith: { a, _ in a })
        guard v.count == 2, let p = try position(among: v, keyPath) else { throw fail(n, keyPath, "expected \(k.expected)") }
        return p
    }

    /// The position held by `values` (a position mapping, or a node-link
    /// node's attributes), nil when neither pair of keys is there.
    func position(among values: [String: Yams.Node], _ keyPath: String) throws(JobError) -> NodePosition? {
        let k = NetworkFile.PositionKeys.self
        if let la = values[k.latitude], let lo = values[k.longitude] {
            return .geographic(latitude: try number(la, "\(keyPath).\(k.latitude)", in: k.latitudes, unit: "degrees"),
                               longitude: try number(lo, "\(keyPath).\(k.longitude)", in: k.longitudes, unit: "degrees"))
        }
        if let x = values[k.x], let y = values[k.y] {
            return .planar(xKm: try number(x, "\(keyPath).\(k.x)", in: k.anywhere, unit: "km"),
                           yKm: try number(y, "\(keyPath).\(k.y)", in: k.anywhere, unit: "km"))
        }
        return nil
    }

    /// A link's settings over `base` (`between` only where allowed).
    func linkSettings(_ n: Yams.Node, _ keyPath: String, base: LinkDescription, allowed: [String]) throws(JobError) -> LinkDescription {
        try linkSettings(try mapping(n, keyPath, allowed: allowed, what: "a link: {between: [A, B], length_km: …}"), n, keyPath,
                         base: base, needsEnds: allowed.contains("between"))
    }

    /// A link's settings from mapping entries (key, key node, value node).
    func linkSettings(_ entries: [(String, Yams.Node, Yams.Node)], _ n: Yams.Node, _ keyPath: String, base: LinkDescription,
                      needsEnds: Bool) throws(JobError) -> LinkDescription {
        var l = base
        var between = false
        for (key, _, v) in entries {
            let path = "\(keyPath).\(key)"
            switch key {
            case "between":
                (l.a, l.b) = try ends(v, path)
                between = true
            case "band":
                let t = try scalarText(v, path, what: "a band")
                guard let b = FiberBand(rawValue: t.uppercased()) else {
                    throw fail(v, path, "unknown band \"\(t)\": expected one of \(choices(FiberBand.allCases.map(\.rawValue)))")
                }
                l.band = b
            case "channels": l.channels = try integer(v, path, range: NetworkFile.channelRange)
            default:
                if let f = NetworkFile.optionalLinkFields.first(where: { $0.key == key }) {
                    l[keyPath: f.path] = try number(v, path, in: NetworkFile.optionalLinkRange, unit: f.unit)
                } else if let f = NetworkFile.linkFields.first(where: { $0.key == key }) {
                    l[keyPath: f.path] = try number(v, path, in: f.range, unit: f.unit)
                }
            }
        }
        if needsEnds, !between { throw fail(n, keyPath, "missing key \"between\": the two ends, [A, B]") }
        return l
    }

    /// `generate: {shape: ring, nodes: 10, length_km: 5}` and the like.
    func generated(_ n: Yams.Node, module: ModuleDescription, link: LinkDescription) throws(JobError) -> NetworkDescription {
        let e = try mapping(n, "generate", allowed: NetworkFile.generateKeys, what: "{shape: NAME, nodes: N, length_km: L, …}")
        let v = Dictionary(e.map { ($0.0, $0.2) }, uniquingKeysWith: { a, _ in a })
        func int(_ key: String, _ range: ClosedRange<Int>) throws(JobError) -> Int {
            guard let x = v[key] else { throw fail(n, "generate", "missing key \"\(key)\"") }
            return try integer(x, "generate.\(key)", range: range)
        }
        func real(_ key: String, _ range: ClosedRange<Double>, default d: Double? = nil) throws(JobError) -> Double {
            guard let x = v[key] else {
                if let d { return d }
                throw fail(n, "generate", "missing key \"\(key)\"")
            }
            return try number(x, "generate.\(key)", in: range)
        }
        guard let s = v["shape"] else { throw fail(n, "generate", "missing key \"shape\": one of \(choices(NetworkFile.shapes))") }
        let shapeName = try scalarText(s, "generate.shape", what: "a shape")
        let seed: UInt64 = try v["seed"].map { (x) throws(JobError) -> UInt64 in
            guard let t = x.scalar?.string, let u = UInt64(t) else { throw fail(x, "generate.seed", "expected a whole number ≥ 0") }
            return u
        } ?? 0
        let shape: NetworkShape
        switch shapeName {
        case "chain": shape = .chain(nodes: try int("nodes", 2...100_000))
        case "ring": shape = .ring(nodes: try int("nodes", 3...100_000))
        case "star": shape = .star(leaves: try int("leaves", 1...100_000))
        case "grid": shape = .grid(rows: try int("rows", 1...1000), columns: try int("columns", 1...1000))
        case "waxman":
            shape = .waxman(nodes: try int("nodes", 2...10_000), sizeKm: try real("size_km", .leastNonzeroMagnitude ... 1e6),
                            alpha: try real("alpha", .leastNonzeroMagnitude ... 1e6, default: 0.4), beta: try real("beta", 0...1, default: 0.4),
                            seed: seed)
        case "erdos-renyi":
            shape = .erdosRenyi(nodes: try int("nodes", 2...10_000), probability: try real("probability", 0...1), seed: seed)
        default: throw fail(s, "generate.shape", "unknown shape \"\(shapeName)\": expected one of \(choices(NetworkFile.shapes))")
        }
        let length = shapeName == "waxman" ? 0 : try real("length_km", 0 ... .greatestFiniteMagnitude)
        do { return try NetworkDescription.generate(shape, lengthKm: length, modules: [module], link: link) } catch {
            throw fail(n, "generate", "\(error)")
        }
    }
}
