import QuantumSim
import RealModule

/// Two users who want entanglement, source first.
public struct UserPair: Sendable, Hashable, CustomStringConvertible {
    public let source: String, destination: String

    public init(_ source: String, _ destination: String) {
        self.source = source
        self.destination = destination
    }

    public var description: String { "\(source)-\(destination)" }
}

/// The requests a traffic run serves: a fixed list, or Poisson arrivals
/// drawn afresh in every run.
public enum TrafficDemand: Sendable, Hashable {
    /// These requests, in every run.
    case fixed([TrafficRequest])
    /// Independent Poisson arrivals for each user pair.
    case poisson(PoissonArrivals)
    /// One Poisson process over the network, each request between a pair
    /// of nodes drawn at random (uniformly, or around a hotspot).
    case randomPairs(RandomPairArrivals)

    /// The user pairs that may ask (each needs a route).
    var users: [UserPair] {
        switch self {
        case let .fixed(requests):
            var seen: [UserPair] = []
            for r in requests where !seen.contains(UserPair(r.source, r.destination)) {
                seen.append(UserPair(r.source, r.destination))
            }
            return seen
        case let .poisson(arrivals): return arrivals.users
        case let .randomPairs(arrivals): return arrivals.users
        }
    }

    /// One run's requests, in order of arrival (ties: in the order given).
    func requests(using rng: inout SeededGenerator) throws(NetworkError) -> [TrafficRequest] {
        switch self {
        case let .fixed(requests): return requests
        case let .poisson(arrivals): return try arrivals.draw(using: &rng)
        case let .randomPairs(arrivals): return try arrivals.draw(using: &rng)
        }
    }
}

/// Requests arriving as a Poisson process of `rate` per second for each
/// user pair, from time 0 until `until`, each asking for the same service.
public struct PoissonArrivals: Sendable, Hashable {
    public let users: [UserPair]
    /// Arrivals per second, per user pair.
    public let rate: Double
    /// Arrivals stop at this time (seconds); requests still open are served on.
    public let until: Double
    /// What each request asks for.
    public let pairs: Int, minimumFidelity: Double, deadline: Double?

    /// Checked: at least one user pair, rate > 0, `until` > 0; the service
    /// as ``TrafficRequest`` checks it.
    public init(users: [UserPair], rate: Double, until: Double, pairs: Int = 1, minimumFidelity: Double = 0,
                deadline: Double? = nil) throws(NetworkError) {
        guard !users.isEmpty else {
            throw .invalidParameter(name: "user pairs", value: 0, expected: "at least one pair of nodes")
        }
        try checkParameter("arrival rate", rate, in: .leastNonzeroMagnitude ... .greatestFiniteMagnitude, unit: " per second")
        try checkParameter("arrival window", until, in: .leastNonzeroMagnitude ... .greatestFiniteMagnitude, unit: " seconds")
        for u in users {
            _ = try TrafficRequest(source: u.source, destination: u.destination, pairs: pairs,
                                   minimumFidelity: minimumFidelity, deadline: deadline)
        }
        guard rate * until * Double(users.count) <= 1e7 else {
            throw .invalidParameter(name: "expected arrivals (rate × window × user pairs)",
                                    value: rate * until * Double(users.count), expected: "at most 10^7 per run")
        }
        self.users = users
        self.rate = rate
        self.until = until
        self.pairs = pairs
        self.minimumFidelity = minimumFidelity
        self.deadline = deadline
    }

    /// Exponential gaps per user pair, merged by arrival time.
    func draw(using rng: inout SeededGenerator) throws(NetworkError) -> [TrafficRequest] {
        var all: [TrafficRequest] = []
        for u in users {
            var t = 0.0
            while true {
                t += -Double.log(Double.random(in: Double.leastNonzeroMagnitude..<1, using: &rng)) / rate
                guard t < until else { break }
                all.append(try TrafficRequest(source: u.source, destination: u.destination, start: t, pairs: pairs,
                                              minimumFidelity: minimumFidelity, deadline: deadline))
            }
        }
        // Stable: equal times keep the order of the user pairs.
        return all.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
    }
}
