/// The measures of a traffic experiment over its runs: requests by outcome,
/// delivered pairs and throughput, latency and fidelity distributions,
/// fairness, and the load on links and memories.
public struct TrafficResult: Sendable {
    /// Every run's record, in run order.
    public let runs: [TrafficRunRecord]

    public init(_ runs: [TrafficRunRecord]) { self.runs = runs }

    private var requests: [ServedRequestRecord] { runs.flatMap(\.requests) }

    /// Fraction of all requests (over all runs) that ended with `outcome`.
    public func fraction(_ outcome: RequestOutcome) -> Double? {
        let all = requests
        return all.isEmpty ? nil : Double(all.filter { $0.outcome == outcome }.count) / Double(all.count)
    }

    /// Pairs delivered, over all runs.
    public var pairsDelivered: Int { requests.reduce(0) { $0 + $1.fidelities.count } }

    /// Pairs delivered per simulated second: all pairs over all runs' durations.
    public var throughput: Double? {
        let t = runs.reduce(0) { $0 + $1.duration }
        return t > 0 ? Double(pairsDelivered) / t : nil
    }

    /// Arrival to last delivery, of the requests delivered in full.
    public var latencies: [Double] { requests.filter { $0.outcome == .delivered }.map(\.sojourn) }

    /// Every delivered pair's fidelity.
    public var fidelities: [Double] { requests.flatMap(\.fidelities) }

    /// Fraction of delivered pairs at or above their request's minimum fidelity.
    public var meetingMinimum: Double? {
        let all = requests
        let n = all.reduce(0) { $0 + $1.fidelities.count }
        let met = all.reduce(0) { acc, r in acc + r.fidelities.filter { $0 >= r.request.minimumFidelity }.count }
        return n > 0 ? Double(met) / Double(n) : nil
    }

    /// Jain's index (Σx)²/(n·Σx²) over the requests of a run, x a request's
    /// pairs per second in the system (0 for a blocked one), averaged over
    /// the runs where some request got pairs; 1 when all are served alike.
    public var fairness: Double? {
        let values: [Double] = runs.compactMap { run in
            let x = run.requests.map { r in r.sojourn > 0 ? Double(r.fidelities.count) / r.sojourn : 0 }
            let sum = x.reduce(0, +), squares = x.reduce(0) { $0 + $1 * $1 }
            return squares > 0 ? sum * sum / (Double(x.count) * squares) : nil
        }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    private func meanOverRuns(_ value: (TrafficRunRecord) -> Double?) -> Double? {
        let v = runs.compactMap(value)
        return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
    }
}

/// Order statistics and means of samples, as the measures report them.
enum SampleStatistics {
    /// The q-quantile (q in [0, 1]) by linear interpolation between order
    /// statistics (NumPy's and pandas' default); nil for no samples.
    static func quantile(_ samples: [Double], _ q: Double) -> Double? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }

    /// A dictionary's values in the order of their keys, so sums do not
    /// depend on hashing (which differs between processes).
    static func inKeyOrder(_ values: [Int: Double]) -> [Double] { values.keys.sorted().compactMap { values[$0] } }

    static func mean(_ samples: [Double]) -> Double? {
        samples.isEmpty ? nil : samples.reduce(0, +) / Double(samples.count)
    }
}

extension TrafficResult: ExperimentResult {
    public static let columns: [OutputColumn<TrafficResult>] = [
        OutputColumn("requests_per_run") { Double($0.runs.reduce(0) { $0 + $1.requests.count }) / Double($0.runs.count) },
        OutputColumn("delivered_fraction") { $0.fraction(.delivered) },
        OutputColumn("expired_fraction") { $0.fraction(.expired) },
        OutputColumn("blocked_fraction") { $0.fraction(.blocked) },
        OutputColumn("unfinished_fraction") { $0.fraction(.unfinished) },
        OutputColumn("pairs_per_run") { Double($0.pairsDelivered) / Double($0.runs.count) },
        OutputColumn("throughput_per_s", "1/s") { $0.throughput },
        OutputColumn("latency_mean_s", "s") { SampleStatistics.mean($0.latencies) },
        OutputColumn("latency_p50_s", "s") { SampleStatistics.quantile($0.latencies, 0.5) },
        OutputColumn("latency_p95_s", "s") { SampleStatistics.quantile($0.latencies, 0.95) },
        OutputColumn("latency_p99_s", "s") { SampleStatistics.quantile($0.latencies, 0.99) },
        OutputColumn("fidelity") { SampleStatistics.mean($0.fidelities) },
        OutputColumn("fidelity_se") { Estimate(samples: $0.fidelities).standardError },
        OutputColumn("fidelity_p5") { SampleStatistics.quantile($0.fidelities, 0.05) },
        OutputColumn("meeting_min_fidelity") { $0.meetingMinimum },
        OutputColumn("fairness_jain") { $0.fairness },
        OutputColumn("link_utilisation") { $0.meanOverRuns { SampleStatistics.mean(SampleStatistics.inKeyOrder($0.linkUtilisation)) } },
        OutputColumn("link_utilisation_max") { $0.meanOverRuns { $0.linkUtilisation.values.max() } },
        OutputColumn("memory_occupancy") { $0.meanOverRuns { SampleStatistics.mean(SampleStatistics.inKeyOrder($0.memoryOccupancy)) } },
        OutputColumn("memory_occupancy_max") { $0.meanOverRuns { $0.memoryOccupancy.values.max() } },
        OutputColumn("requests_in_system") { $0.meanOverRuns(\.meanRequestsInSystem) },
        OutputColumn("events_per_run") { $0.meanOverRuns { Double($0.events) } },
        OutputColumn("stalled_runs") { r in Double(r.runs.count { $0.stalled }) / Double(r.runs.count) },
    ]
}
