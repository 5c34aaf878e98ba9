/// Trusted-node QKD between one pair of nodes, as an experiment: BB84 on
/// every link of the network (a run is a pulse on each link), then the key
/// relayed from `source` to `destination` over the route `routing` picks.
public struct TrustedNodeKeyRelay: NetworkExperiment {
    public let relay: TrustedNodeQKD
    public let source: String, destination: String
    /// Seconds over which the link pools are accounted.
    public let poolSeconds: Double
    public let routing: RouteMetric

    public init(_ relay: TrustedNodeQKD, from source: String, to destination: String, poolSeconds: Double = 1,
                routing: RouteMetric = .widest) throws(NetworkError) {
        _ = try relay.network.node(source)
        _ = try relay.network.node(destination)
        guard source != destination else {
            throw .invalidValue("destination \(destination)", expected: "a node other than the source")
        }
        try checkParameter("pool time", poolSeconds, in: 0 ... .greatestFiniteMagnitude, unit: " s")
        self.relay = relay
        self.source = source
        self.destination = destination
        self.poolSeconds = poolSeconds
        self.routing = routing
    }

    public struct Result: ExperimentResult {
        /// Every link's key, in the network's link order.
        public let keys: [TrustedNodeQKD.LinkKey]
        /// The route served (nil: no path carries key).
        public let route: TrustedNodeQKD.Route?

        public static let columns: [OutputColumn<Result>] = [
            OutputColumn("key_rate_per_s", "1/s") { $0.route?.keyRate ?? 0 },
            OutputColumn("hops") { $0.route.map { Double($0.path.count - 1) } },
            OutputColumn("max_qber") { $0.route?.maximumQBER },
            OutputColumn("through_attacked_link") { $0.route.map { $0.throughAttackedLink ? 1 : 0 } },
            OutputColumn("attacked_link_qber") { $0.keys.first { $0.attacked }?.qber },
            OutputColumn("largest_pool_left_bits") { $0.route?.poolsAfter.max() },
            OutputColumn("weakest_link_rate_per_s", "1/s") { $0.keys.map(\.secretKeyRate).min() },
        ]
    }

    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> Result {
        let keys = try relay.linkKeys(pulses: runs, seed: seed)
        return Result(keys: keys, route: try relay.route(from: source, to: destination, keys: keys,
                                                         seconds: poolSeconds, routing: routing))
    }
}
