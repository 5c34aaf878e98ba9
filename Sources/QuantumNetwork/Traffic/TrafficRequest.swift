/// One user's request for entanglement: `pairs` end-to-end pairs between
/// two nodes, asked for at `start`.
public struct TrafficRequest: Sendable, Hashable {
    public let source: String, destination: String
    /// When the request arrives (seconds of simulated time).
    public let start: Double
    /// End-to-end pairs wanted.
    public let pairs: Int
    /// Fidelity a delivered pair should reach; pairs below it are still
    /// delivered and counted (the measures report the fraction that met it).
    public let minimumFidelity: Double
    /// Seconds after `start` by which every pair must be delivered, or nil
    /// for none; a request still open then ends expired.
    public let deadline: Double?

    /// Checked: two different nodes, start ≥ 0, at least one pair, minimum
    /// fidelity in [0, 1], deadline > 0.
    public init(source: String, destination: String, start: Double = 0, pairs: Int = 1, minimumFidelity: Double = 0,
                deadline: Double? = nil) throws(NetworkError) {
        guard source != destination else { throw .selfLink(node: source) }
        try checkParameter("request start", start, in: 0 ... .greatestFiniteMagnitude, unit: " seconds")
        guard pairs >= 1 else {
            throw .invalidParameter(name: "pairs wanted by a request", value: Double(pairs), expected: "at least 1")
        }
        try checkParameter("minimum fidelity", minimumFidelity, in: 0...1)
        if let deadline {
            try checkParameter("request deadline", deadline, in: .leastNonzeroMagnitude ... .greatestFiniteMagnitude,
                               unit: " seconds")
        }
        self.source = source
        self.destination = destination
        self.start = start
        self.pairs = pairs
        self.minimumFidelity = minimumFidelity
        self.deadline = deadline
    }
}

/// How a request ended. Every request ends in exactly one of these.
public enum RequestOutcome: String, Sendable, CaseIterable, Hashable {
    /// Every pair wanted was delivered.
    case delivered
    /// Its deadline passed first (the pairs delivered by then still count).
    case expired
    /// Not admitted: no path, or (with ``TrafficPolicy/Admission/block``)
    /// its path had no free memory or channel when it arrived.
    case blocked
    /// Still being served when the run's horizon was reached.
    case unfinished
}

/// What happened to one request in one run.
public struct ServedRequestRecord: Sendable, Hashable {
    public let request: TrafficRequest
    public let outcome: RequestOutcome
    /// The path it was served on (the first of them with ``TrafficPolicy/PathChoice/spread``).
    public let path: [String]
    /// Every path it was served on, one per share of its pairs.
    public let paths: [[String]]
    /// When it ended (delivery of its last pair, its deadline, its blocking, or the horizon).
    public let end: Double
    /// Fidelity of each pair delivered, in order of delivery.
    public let fidelities: [Double]
    /// Time from the request's start to each delivery.
    public let pairLatencies: [Double]

    /// Seconds in the system: arrival to end.
    public var sojourn: Double { end - request.start }
}
