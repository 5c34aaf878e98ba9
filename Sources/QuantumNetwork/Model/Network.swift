/// A network: nodes joined by quantum links (each with a classical channel
/// along its fiber) and by classical-only channels.
///
/// A value type: build it once, then hand it to any number of protocol runs.
public struct Network: Sendable {
    /// A quantum link placed between two modules.
    public struct LinkPlacement: Sendable, Hashable {
        /// The two ends; the source sits at `a`.
        public let a: ModuleAddress, b: ModuleAddress
        /// The fiber and its hardware.
        public let link: QuantumLink
        /// Parallel channels: independent attempt sequences side by side
        /// (multiplexing), each holding one memory slot at either end.
        public let channels: Int
        /// Indices of the two ends in the network's module table.
        let aSlot: Int, bSlot: Int
        /// Its index in the network's `links`.
        let index: Int
    }

    /// The nodes, in the order they were added.
    public private(set) var nodes: [Node] = []
    /// The quantum links, in the order they were added.
    public private(set) var links: [LinkPlacement] = []
    private var nodeIndex: [String: Int] = [:]
    /// Every module of every node, in node order: runs index modules by
    /// position here instead of hashing their addresses at each operation.
    private(set) var moduleTable: [ProcessorModule] = []
    /// The address of each module of ``moduleTable``.
    private(set) var moduleAddresses: [ModuleAddress] = []
    // Per node, the table index of its first module.
    private var firstModule: [Int] = []
    // Link indices by unordered node pair, for constant-time lookups in long chains.
    private var linksByNodes: [NodePair: [Int]] = [:]
    // Per node index, the quantum links to other nodes: (node index, link index).
    private(set) var adjacency: [[(to: Int, link: Int)]] = []
    // Per node index, classical edges: (node index, delay in seconds), symmetric.
    private var classical: [[(to: Int, delay: Double)]] = []

    public init() {}

    /// Adds a node (its name must be new).
    public mutating func add(_ node: Node) throws(NetworkError) {
        guard nodeIndex[node.name] == nil else { throw .duplicateName(kind: "node", name: node.name) }
        nodeIndex[node.name] = nodes.count
        nodes.append(node)
        adjacency.append([])
        classical.append([])
        firstModule.append(moduleTable.count)
        moduleTable += node.modules
        moduleAddresses += node.modules.map { ModuleAddress(node: node.name, module: $0.name) }
    }

    /// Adds a node with the given modules (one ideal module by default).
    public mutating func addNode(_ name: String, modules: [ProcessorModule] = [.ideal()]) throws(NetworkError) {
        try add(Node(name, modules: modules))
    }

    /// The node called `name`.
    public func node(_ name: String) throws(NetworkError) -> Node { nodes[try index(of: name)] }

    /// The position of node `name` in ``nodes``.
    func index(of name: String) throws(NetworkError) -> Int {
        guard let i = nodeIndex[name] else { throw .unknownNode(name, known: nodes.map(\.name)) }
        return i
    }

    /// The module at `address`.
    public func module(_ address: ModuleAddress) throws(NetworkError) -> ProcessorModule {
        moduleTable[try moduleSlot(address)]
    }

    /// The index of the module at `address` in ``moduleTable``.
    func moduleSlot(_ address: ModuleAddress) throws(NetworkError) -> Int {
        guard let i = nodeIndex[address.node] else { throw .unknownNode(address.node, known: nodes.map(\.name)) }
        let modules = nodes[i].modules
        guard let k = modules.firstIndex(where: { $0.name == address.module }) else {
            throw .unknownModule(node: address.node, module: address.module, known: modules.map(\.name))
        }
        return firstModule[i] + k
    }

    /// The default (first) module of node `name`.
    public func defaultModule(of name: String) throws(NetworkError) -> ModuleAddress {
        ModuleAddress(node: name, module: try node(name).modules[0].name)
    }

    /// Joins two modules (of different nodes, or of one node) by a quantum
    /// link (of `channels` parallel channels), with a classical channel
    /// along the same fiber.
    public mutating func connect(_ a: ModuleAddress, _ b: ModuleAddress, by link: QuantumLink,
                                 channels: Int = 1) throws(NetworkError) {
        guard a != b else { throw .selfLink(node: a.description) }
        guard channels >= 1 else {
            throw .invalidParameter(name: "channels of link \(a)–\(b)", value: Double(channels), expected: "at least 1")
        }
        let aSlot = try moduleSlot(a), bSlot = try moduleSlot(b)
        linksByNodes[NodePair(a.node, b.node), default: []].append(links.count)
        if a.node != b.node {
            let i = try index(of: a.node), j = try index(of: b.node)
            adjacency[i].append((j, links.count))
            adjacency[j].append((i, links.count))
            addClassicalEdge(i, j, delay: link.oneWayDelay)
        }
        links.append(LinkPlacement(a: a, b: b, link: link, channels: channels, aSlot: aSlot, bSlot: bSlot,
                                   index: links.count))
    }

    /// Joins the default modules of nodes `a` and `b` by a quantum link.
    public mutating func connect(_ a: String, _ b: String, by link: QuantumLink, channels: Int = 1) throws(NetworkError) {
        guard a != b else { throw .selfLink(node: a) }
        try connect(defaultModule(of: a), defaultModule(of: b), by: link, channels: channels)
    }

    /// Adds a classical-only channel of `lengthKm` of fiber (5 µs/km unless
    /// `delayPerKm` says otherwise).
    public mutating func addClassicalChannel(_ a: String, _ b: String, lengthKm: Double,
                                             delayPerKm: Double = 5e-6) throws(NetworkError) {
        guard a != b else { throw .selfLink(node: a) }
        let i = try index(of: a), j = try index(of: b)
        try checkParameter("classical channel length", lengthKm, in: 0 ... .greatestFiniteMagnitude, unit: " km")
        try checkParameter("classical delay", delayPerKm, in: 0...1, unit: " s/km")
        addClassicalEdge(i, j, delay: lengthKm * delayPerKm)
    }

    private mutating func addClassicalEdge(_ i: Int, _ j: Int, delay: Double) {
        classical[i].append((j, delay))
        classical[j].append((i, delay))
    }

    /// The link joining modules of nodes `a` and `b` (either direction; the
    /// first added when there are several).
    public func link(between a: String, and b: String) throws(NetworkError) -> LinkPlacement {
        _ = try node(a)
        _ = try node(b)
        guard a != b else { throw .selfLink(node: a) }
        guard let i = linksByNodes[NodePair(a, b)]?.first else { throw .noLink(a, b) }
        return links[i]
    }

    /// The link joining two modules (either direction).
    public func link(between a: ModuleAddress, and b: ModuleAddress) throws(NetworkError) -> LinkPlacement {
        let candidates = (linksByNodes[NodePair(a.node, b.node)] ?? []).map { links[$0] }
        guard let l = candidates.first(where: { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) })
        else { throw .noLink(a.description, b.description) }
        return l
    }

    /// Shortest classical delay from `a` to `b` in seconds (0 within a node),
    /// over links' fibers and classical channels.
    public func classicalDelay(from a: String, to b: String) throws(NetworkError) -> Double {
        let i = try index(of: a), j = try index(of: b)
        if i == j { return 0 }
        let found = LeastCostPath.find(from: i, to: j, count: nodes.count) { u in
            classical[u].map { LeastCostPath.Edge(to: $0.to, cost: PathCost(measure: $0.delay, tieBreak: 0), id: 0) }
        }
        guard let found else { throw .noClassicalPath(from: a, to: b) }
        return found.cost.measure
    }

    /// A chain of `segments` + 1 nodes "n0" … "nN" joined in a line by copies
    /// of `link`, every node with a copy of `module`: the usual repeater line.
    public static func chain(segments: Int, link: QuantumLink, module: ProcessorModule = .ideal())
        throws(NetworkError) -> Network
    {
        guard segments >= 1 else {
            throw .invalidParameter(name: "segments", value: Double(segments), expected: "at least 1")
        }
        var net = Network()
        for i in 0...segments { try net.addNode("n\(i)", modules: [module]) }
        for i in 0..<segments { try net.connect("n\(i)", "n\(i + 1)", by: link) }
        return net
    }
}

/// Two node names, unordered.
private struct NodePair: Hashable {
    let low: String, high: String
    init(_ a: String, _ b: String) { (low, high) = a < b ? (a, b) : (b, a) }
}

