import RealModule

/// A network as data: what a network file says, before it is built into a
/// ``Network``. Nodes (with positions and modules), quantum links (fiber,
/// source, detectors, parallel channels) and classical channels, each field
/// with its unit in the name. ``build()`` checks it and makes the network;
/// the file layer (`qnet`) reads and writes it as YAML, JSON, NetworkX
/// node-link JSON and DOT.
public struct NetworkDescription: Sendable, Hashable {
    public var nodes: [NodeDescription]
    public var links: [LinkDescription]
    /// Classical-only channels; every quantum link also carries one along its fiber.
    public var classical: [ClassicalChannelDescription]

    public init(nodes: [NodeDescription] = [], links: [LinkDescription] = [], classical: [ClassicalChannelDescription] = []) {
        self.nodes = nodes
        self.links = links
        self.classical = classical
    }

    /// The node called `name`, if there is one.
    public func node(_ name: String) -> NodeDescription? { nodes.first { $0.name == name } }

    /// Fiber length of `link`: as given, else the distance between its
    /// nodes' positions (great circle for latitude/longitude, straight line
    /// for x/y).
    public func lengthKm(of link: LinkDescription) throws(NetworkError) -> Double {
        try length(link.lengthKm, from: link.a.node, to: link.b.node, of: "link \(link.a)–\(link.b)")
    }

    /// `given`, else the distance between the two nodes' positions.
    private func length(_ given: Double?, from a: String, to b: String, of what: String) throws(NetworkError) -> Double {
        if let given { return given }
        guard let p = node(a)?.position, let q = node(b)?.position else {
            throw .invalidValue("length_km of \(what)", expected: "a length, or positions on both nodes to measure it from")
        }
        return try p.distanceKm(to: q)
    }

    /// Builds the network: every name checked (duplicates, unknown nodes and
    /// modules, links from a node to itself), every module and link checked
    /// by its own initialiser (T2 ≤ 2·T1, efficiencies in [0, 1], …).
    public func build() throws(NetworkError) -> Network {
        var net = Network()
        for n in nodes {
            try net.add(Node(n.name, modules: try n.modules.map { (m) throws(NetworkError) in try m.module() }))
        }
        for l in links {
            let a = try address(l.a), b = try address(l.b)
            guard a.node != b.node || a.module != b.module else { throw .selfLink(node: a.description) }
            try net.connect(a, b, by: try l.quantumLink(lengthKm: lengthKm(of: l)), channels: l.channels)
        }
        for c in classical {
            let km = try length(c.lengthKm, from: c.a, to: c.b, of: "classical channel \(c.a)–\(c.b)")
            try net.addClassicalChannel(c.a, c.b, lengthKm: km, delayPerKm: c.delayPerKm)
        }
        return net
    }

    /// A link end as a module address (the node's first module when none is named).
    public func address(_ end: LinkEnd) throws(NetworkError) -> ModuleAddress {
        guard let n = node(end.node) else { throw .unknownNode(end.node, known: nodes.map(\.name)) }
        guard let module = end.module ?? n.modules.first?.name else {
            throw .invalidParameter(name: "module count of node \"\(n.name)\"", value: 0, expected: "at least 1")
        }
        guard n.modules.contains(where: { $0.name == module }) else {
            throw .unknownModule(node: n.name, module: module, known: n.modules.map(\.name))
        }
        return ModuleAddress(node: n.name, module: module)
    }
}

/// Where a node is: latitude and longitude in degrees, or x and y in km.
public enum NodePosition: Sendable, Hashable {
    case geographic(latitude: Double, longitude: Double)
    case planar(xKm: Double, yKm: Double)

    /// Mean Earth radius (IUGG), for great-circle distances.
    public static let earthRadiusKm = 6371.0088

    /// Distance to `other`: great circle (haversine) or straight line; the
    /// two must be of one kind.
    public func distanceKm(to other: NodePosition) throws(NetworkError) -> Double {
        switch (self, other) {
        case let (.planar(x1, y1), .planar(x2, y2)):
            return ((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2)).squareRoot()
        case let (.geographic(la1, lo1), .geographic(la2, lo2)):
            let r = Double.pi / 180
            let dLat = (la2 - la1) * r, dLon = (lo2 - lo1) * r
            let h = Double.sin(dLat / 2) * Double.sin(dLat / 2)
                + Double.cos(la1 * r) * Double.cos(la2 * r) * Double.sin(dLon / 2) * Double.sin(dLon / 2)
            return 2 * Self.earthRadiusKm * Double.asin(min(1, h.squareRoot()))
        default:
            throw .invalidValue("position", expected: "positions of one kind on both nodes (lat/lon or x_km/y_km) to measure a length")
        }
    }
}

/// A node: a unique name, an optional position, one or more modules (the
/// first is where links and protocols go by default).
public struct NodeDescription: Sendable, Hashable {
    public var name: String
    public var position: NodePosition?
    public var modules: [ModuleDescription]

    public init(name: String, position: NodePosition? = nil, modules: [ModuleDescription] = [ModuleDescription()]) {
        self.name = name
        self.position = position
        self.modules = modules
    }
}

/// A processor module's parameters (see ``ProcessorModule``): a preset's
/// values, or the ideal module's, with any field overridden.
public struct ModuleDescription: Sendable, Hashable {
    public var name: String
    /// The preset it started from, kept for summaries and exports.
    public var preset: String?
    public var capacity: Int
    /// Memory T1 and T2 in seconds (`.infinity`: no decay).
    public var t1: Double, t2: Double
    public var singleQubitGateError: Double, twoQubitGateError: Double, measurementError: Double
    /// Seconds.
    public var singleQubitGateTime: Double, twoQubitGateTime: Double, measurementTime: Double

    public init(name: String = "main", preset: String? = nil, capacity: Int = 16, t1: Double = .infinity,
                t2: Double = .infinity, singleQubitGateError: Double = 0, twoQubitGateError: Double = 0,
                measurementError: Double = 0, singleQubitGateTime: Double = 0, twoQubitGateTime: Double = 0,
                measurementTime: Double = 0) {
        self.name = name
        self.preset = preset
        self.capacity = capacity
        self.t1 = t1
        self.t2 = t2
        self.singleQubitGateError = singleQubitGateError
        self.twoQubitGateError = twoQubitGateError
        self.measurementError = measurementError
        self.singleQubitGateTime = singleQubitGateTime
        self.twoQubitGateTime = twoQubitGateTime
        self.measurementTime = measurementTime
    }

    /// The module, checked.
    public func module() throws(NetworkError) -> ProcessorModule {
        let memory = t1 == .infinity && t2 == .infinity ? MemoryModel.perfect : try MemoryModel(t1: t1, t2: t2)
        return try ProcessorModule(name: name, capacity: capacity, memory: memory,
                                   singleQubitGateError: singleQubitGateError, twoQubitGateError: twoQubitGateError,
                                   measurementError: measurementError, singleQubitGateTime: singleQubitGateTime,
                                   twoQubitGateTime: twoQubitGateTime, measurementTime: measurementTime)
    }
}

/// One end of a link: a node, and a module of it (nil: its first).
public struct LinkEnd: Sendable, Hashable, CustomStringConvertible {
    public var node: String
    public var module: String?

    public init(node: String, module: String? = nil) {
        self.node = node
        self.module = module
    }

    /// "node" or "node.module".
    public init(parsing text: String) {
        if let dot = text.firstIndex(of: ".") {
            node = String(text[..<dot])
            module = String(text[text.index(after: dot)...])
        } else {
            node = text
            module = nil
        }
    }

    public var description: String { module.map { "\(node).\($0)" } ?? node }
}

/// A heralded quantum link over fiber (see ``QuantumLink``), with a
/// classical channel along it.
public struct LinkDescription: Sendable, Hashable {
    /// The two ends; the source sits at `a`.
    public var a: LinkEnd, b: LinkEnd
    /// Fiber length (nil: from the nodes' positions).
    public var lengthKm: Double?
    /// The telecom band; sets the attenuation unless given.
    public var band: FiberBand
    /// Fiber attenuation (nil: the band's).
    public var attenuationDbPerKm: Double?
    /// Connectors, splices, switches: loss besides the fiber's own.
    public var insertionLossDb: Double
    public var sourceFidelity: Double, sourceEfficiency: Double, detectorEfficiency: Double
    /// Seconds per attempt besides the flight and the herald.
    public var attemptOverhead: Double
    /// Parallel channels (multiplexing): attempts made side by side.
    public var channels: Int
    /// Signal delay along the fiber, s/km (also the classical channel's).
    public var signalDelayPerKm: Double

    public init(a: LinkEnd, b: LinkEnd, lengthKm: Double? = nil, band: FiberBand = .c, attenuationDbPerKm: Double? = nil,
                insertionLossDb: Double = 0, sourceFidelity: Double = 1, sourceEfficiency: Double = 1,
                detectorEfficiency: Double = 1, attemptOverhead: Double = 0, channels: Int = 1, signalDelayPerKm: Double = 5e-6) {
        self.a = a
        self.b = b
        self.lengthKm = lengthKm
        self.band = band
        self.attenuationDbPerKm = attenuationDbPerKm
        self.insertionLossDb = insertionLossDb
        self.sourceFidelity = sourceFidelity
        self.sourceEfficiency = sourceEfficiency
        self.detectorEfficiency = detectorEfficiency
        self.attemptOverhead = attemptOverhead
        self.channels = channels
        self.signalDelayPerKm = signalDelayPerKm
    }

    /// The link's fiber and hardware, `lengthKm` long.
    public func quantumLink(lengthKm: Double) throws(NetworkError) -> QuantumLink {
        return try QuantumLink(lengthKm: lengthKm, attenuationDbPerKm: attenuationDbPerKm ?? band.attenuationDbPerKm,
                               insertionLossDb: insertionLossDb, sourceFidelity: sourceFidelity,
                               sourceEfficiency: sourceEfficiency, detectorEfficiency: detectorEfficiency,
                               attemptOverhead: attemptOverhead, signalDelayPerKm: signalDelayPerKm)
    }

    /// The link's fiber alone, `lengthKm` long (its band's attenuation unless one is given).
    public func fiber(lengthKm: Double) throws(NetworkError) -> Fiber {
        try Fiber(lengthKm: lengthKm, attenuationDbPerKm: attenuationDbPerKm ?? band.attenuationDbPerKm,
                  insertionLossDb: insertionLossDb, signalDelayPerKm: signalDelayPerKm)
    }
}

/// A classical-only channel between two nodes.
public struct ClassicalChannelDescription: Sendable, Hashable {
    public var a: String, b: String
    /// Fiber length (nil: from the positions).
    public var lengthKm: Double?
    public var delayPerKm: Double

    public init(a: String, b: String, lengthKm: Double? = nil, delayPerKm: Double = 5e-6) {
        self.a = a
        self.b = b
        self.lengthKm = lengthKm
        self.delayPerKm = delayPerKm
    }
}
