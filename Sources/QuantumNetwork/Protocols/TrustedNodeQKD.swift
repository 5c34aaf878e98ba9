import QuantumSim

/// Quantum key distribution across a network of trusted nodes, as carriers
/// deploy it today: every fiber link runs BB84 on its own and fills a key
/// pool at its secret-key rate; a key between two distant nodes is relayed
/// hop by hop (each trusted node one-time-pads the key with the next link's
/// key), so it consumes the same number of bits from every link pool on its
/// path.
///
/// Each link's QBER and secret-key rate come from simulating BB84 on it
/// (``BB84``, Shor–Preskill), with an intercept-resend attacker on the links
/// listed. A pair of nodes is served over the path whose weakest link is the
/// strongest (``Routing/widest``) or over the shortest fiber path
/// (``Routing/shortest``); either way its end-to-end rate is the weakest
/// link's rate on the path. An attack shows in the QBER of the attacked
/// link, and so in the largest QBER of every path through it; widest-path
/// routing steers around it as its key rate falls.
public struct TrustedNodeQKD: Sendable {
    public enum Routing: String, Sendable, CaseIterable {
        /// The path whose weakest link has the highest key rate.
        case widest
        /// The path of least fiber length (the key rate follows).
        case shortest
    }

    public let network: Network
    public let settings: QKDSettings
    /// Links (by node names, either order) with an intercept-resend attacker.
    public let attackedLinks: [(String, String)]
    public let attack: InterceptResend?
    public let options: ExecutionOptions

    public init(network: Network, settings: QKDSettings, attackedLinks: [(String, String)] = [],
                attack: InterceptResend? = nil, options: ExecutionOptions = .singleThreaded) throws(NetworkError) {
        for (a, b) in attackedLinks { _ = try network.link(between: a, and: b) }
        guard attackedLinks.isEmpty || attack != nil else {
            throw .invalidParameter(name: "attacked links", value: Double(attackedLinks.count),
                                    expected: "none, or an attack to apply to them")
        }
        self.network = network
        self.settings = settings
        self.attack = attack
        self.attackedLinks = attackedLinks
        self.options = options
    }

    /// One link's simulated BB84 figures.
    public struct LinkKey: Sendable {
        public let a: String, b: String
        public let qber: Double
        /// Secret key bits per second (Shor–Preskill, asymptotic).
        public let secretKeyRate: Double
        public let attacked: Bool
    }

    /// What serving one pair of nodes looks like.
    public struct Route: Sendable {
        /// Nodes from source to destination.
        public let path: [String]
        /// End-to-end secret key rate: the weakest link's on the path.
        public let keyRate: Double
        /// The largest QBER on the path.
        public let maximumQBER: Double
        /// Whether an attacked link lies on the path.
        public let throughAttackedLink: Bool
        /// Key bits left in each link pool on the path after `seconds` of
        /// serving only this pair at its full rate (the pools' accounting).
        public let poolsAfter: [Double]
    }

    /// Simulates BB84 on every link with `pulses` pulses each.
    public func linkKeys(pulses: Int, seed: UInt64) throws(NetworkError) -> [LinkKey] {
        var master = SeededGenerator(seed: seed)
        var keys: [LinkKey] = []
        for placement in network.links {
            let a = placement.a.node, b = placement.b.node
            let isAttacked = attackedLinks.contains { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }
            var s = settings
            if isAttacked, let attack {
                s = try QKDSettings(pulseRate: settings.pulseRate, misalignment: settings.misalignment,
                                    darkCountProbability: settings.darkCountProbability, eavesdropper: attack)
            }
            let r = try BB84(network: network, from: a, to: b, settings: s, options: options)
                .run(pulses: pulses, seed: master.next())
            keys.append(LinkKey(a: a, b: b, qber: r.qber.mean, secretKeyRate: r.secretKeyRate, attacked: isAttacked))
        }
        return keys
    }

    /// The path from `source` to `destination` (widest over the links'
    /// secret-key rates, ties broken by fewer hops; or shortest in fiber
    /// length), and its pools after `seconds`; nil when no path carries key.
    public func route(from source: String, to destination: String, keys: [LinkKey], seconds: Double = 1,
                      routing: Routing = .widest) throws(NetworkError) -> Route?
    {
        _ = try network.node(source)
        _ = try network.node(destination)
        guard source != destination else { throw .selfLink(node: source) }
        // Dijkstra: on the bottleneck rate (widest) or on the length
        // (shortest); `score` is larger for better paths.
        let lengths = network.links.map { $0.link.lengthKm }
        var best: [String: (score: Double, rate: Double, hops: Int, previous: String?, link: Int?)] =
            [source: (routing == .widest ? .infinity : 0, .infinity, 0, nil, nil)]
        var done = Set<String>()
        while true {
            let open = best.filter { !done.contains($0.key) && (routing == .shortest || $0.value.rate > 0) }
            guard let (node, entry) = open.max(by: { x, y in
                (x.value.score, -x.value.hops, y.key) < (y.value.score, -y.value.hops, x.key)
            }) else { break }
            done.insert(node)
            if node == destination { break }
            for (i, k) in keys.enumerated() where k.a == node || k.b == node {
                let next = k.a == node ? k.b : k.a
                guard !done.contains(next) else { continue }
                let rate = min(entry.rate, k.secretKeyRate), hops = entry.hops + 1
                let score = routing == .widest ? rate : entry.score - lengths[i]
                if let old = best[next], (old.score, -old.hops) >= (score, -hops) { continue }
                best[next] = (score, rate, hops, node, i)
            }
        }
        guard let end = best[destination], routing == .shortest || end.rate > 0, end.rate.isFinite else { return nil }
        var path = [destination], used: [Int] = []
        var cursor = destination
        while let entry = best[cursor], let previous = entry.previous, let link = entry.link {
            path.append(previous)
            used.append(link)
            cursor = previous
        }
        path.reverse()
        used.reverse()
        let onPath = used.map { keys[$0] }
        return Route(path: path, keyRate: end.rate, maximumQBER: onPath.map(\.qber).max() ?? 0,
                     throughAttackedLink: onPath.contains { $0.attacked },
                     poolsAfter: onPath.map { ($0.secretKeyRate - end.rate) * seconds })
    }
}
