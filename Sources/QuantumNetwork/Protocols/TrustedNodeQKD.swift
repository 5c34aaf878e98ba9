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
/// strongest (``RouteMetric/widest``) or over the shortest fiber path
/// (``RouteMetric/shortest``); either way its end-to-end rate is the weakest
/// link's rate on the path. An attack shows in the QBER of the attacked
/// link, and so in the largest QBER of every path through it; widest-path
/// routing steers around it as its key rate falls.
public struct TrustedNodeQKD: Sendable {
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

    /// The path from `source` to `destination` (``RouteMetric``: widest
    /// over the links' secret-key rates, shortest in fiber, or fewest hops),
    /// and its pools after `seconds`; nil when no path carries key (widest)
    /// or none exists.
    public func route(from source: String, to destination: String, keys: [LinkKey], seconds: Double = 1,
                      routing: RouteMetric = .widest) throws(NetworkError) -> Route?
    {
        let path: QuantumNetwork.Route
        do { path = try network.route(from: source, to: destination, metric: routing, capacity: keys.map(\.secretKeyRate)) }
        catch .noPath { return nil }
        guard routing != .widest || path.bottleneck > 0 else { return nil }
        let onPath = path.links.map { keys[$0] }
        return Route(path: path.nodes, keyRate: path.bottleneck, maximumQBER: onPath.map(\.qber).max() ?? 0,
                     throughAttackedLink: onPath.contains { $0.attacked },
                     poolsAfter: onPath.map { ($0.secretKeyRate - path.bottleneck) * seconds })
    }
}
