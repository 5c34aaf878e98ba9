import QuantumSim
import RealModule

/// Requests arriving as one Poisson process of `rate` per second over the
/// whole network, from time 0 until `until`, each between a pair of
/// `nodes` drawn afresh: uniformly among the ordered pairs of different
/// nodes, or, with probability `hotspotShare`, between the `hotspot` and a
/// uniformly chosen other node (source or destination, equally likely).
public struct RandomPairArrivals: Sendable, Hashable {
    public let nodes: [String]
    /// Arrivals per second, over the whole network.
    public let rate: Double
    public let until: Double
    public let hotspot: String?
    public let hotspotShare: Double
    /// What each request asks for.
    public let pairs: Int, minimumFidelity: Double, deadline: Double?

    /// Most nodes drawn among: every ordered pair of them is routed up front.
    public static let nodeLimit = 48

    /// Checked: 2 … 48 distinct nodes, rate and window > 0 with at most
    /// 10^7 expected arrivals, the hotspot one of the nodes, its share in
    /// [0, 1]; the service as ``TrafficRequest`` checks it.
    public init(nodes: [String], rate: Double, until: Double, hotspot: String? = nil, hotspotShare: Double = 0,
                pairs: Int = 1, minimumFidelity: Double = 0, deadline: Double? = nil) throws(NetworkError) {
        guard (2...Self.nodeLimit).contains(nodes.count), Set(nodes).count == nodes.count else {
            throw .invalidParameter(name: "nodes drawn among", value: Double(nodes.count),
                                    expected: "2 to \(Self.nodeLimit) distinct nodes")
        }
        try checkParameter("arrival rate", rate, in: .leastNonzeroMagnitude ... .greatestFiniteMagnitude, unit: " per second")
        try checkParameter("arrival window", until, in: .leastNonzeroMagnitude ... .greatestFiniteMagnitude, unit: " seconds")
        guard rate * until <= 1e7 else {
            throw .invalidParameter(name: "expected arrivals (rate × window)", value: rate * until, expected: "at most 10^7 per run")
        }
        if let hotspot, !nodes.contains(hotspot) {
            throw .invalidValue("hotspot \(hotspot)", expected: "one of the nodes drawn among (\(nodes.joined(separator: ", ")))")
        }
        try checkParameter("hotspot share", hotspotShare, in: 0...1)
        _ = try TrafficRequest(source: nodes[0], destination: nodes[1], pairs: pairs, minimumFidelity: minimumFidelity,
                               deadline: deadline)
        self.nodes = nodes
        self.rate = rate
        self.until = until
        self.hotspot = hotspot
        self.hotspotShare = hotspotShare
        self.pairs = pairs
        self.minimumFidelity = minimumFidelity
        self.deadline = deadline
    }

    /// Every ordered pair of different nodes (each may be drawn).
    var users: [UserPair] { nodes.flatMap { a in nodes.filter { $0 != a }.map { UserPair(a, $0) } } }

    func draw(using rng: inout SeededGenerator) throws(NetworkError) -> [TrafficRequest] {
        var all: [TrafficRequest] = []
        var t = 0.0
        while true {
            t += -Double.log(Double.random(in: Double.leastNonzeroMagnitude..<1, using: &rng)) / rate
            guard t < until else { break }
            let (a, b): (String, String)
            if let hotspot, Double.random(in: 0..<1, using: &rng) < hotspotShare {
                let others = nodes.filter { $0 != hotspot }
                let other = others[Int.random(in: 0..<others.count, using: &rng)]
                (a, b) = Bool.random(using: &rng) ? (hotspot, other) : (other, hotspot)
            } else {
                let i = Int.random(in: 0..<nodes.count, using: &rng)
                var j = Int.random(in: 0..<(nodes.count - 1), using: &rng)
                if j >= i { j += 1 }
                (a, b) = (nodes[i], nodes[j])
            }
            all.append(try TrafficRequest(source: a, destination: b, start: t, pairs: pairs, minimumFidelity: minimumFidelity,
                                          deadline: deadline))
        }
        return all
    }
}
