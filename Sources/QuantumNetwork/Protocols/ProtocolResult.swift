import QuantumSim
import RealModule

/// A sample mean with its standard error.
public struct Estimate: Sendable, Hashable, CustomStringConvertible {
    /// Mean of the samples (0 when there are none).
    public let mean: Double
    /// Standard error of the mean: s/√n with the sample standard deviation s
    /// (0 for fewer than two samples).
    public let standardError: Double
    /// Number of samples.
    public let count: Int

    public init(mean: Double, standardError: Double, count: Int) {
        self.mean = mean
        self.standardError = standardError
        self.count = count
    }

    /// The estimate from a list of samples.
    public init(samples: [Double]) {
        var acc = Accumulator()
        for x in samples { acc.add(x) }
        self = acc.estimate
    }

    public var description: String { "\(mean) ± \(standardError) (n = \(count))" }

    /// Welford's running mean and variance.
    struct Accumulator {
        private(set) var count = 0
        private var mean = 0.0, m2 = 0.0

        mutating func add(_ x: Double) {
            count += 1
            let delta = x - mean
            mean += delta / Double(count)
            m2 += delta * (x - mean)
        }

        var estimate: Estimate {
            guard count > 1 else { return Estimate(mean: mean, standardError: 0, count: count) }
            return Estimate(mean: mean, standardError: (m2 / Double(count - 1) / Double(count)).squareRoot(),
                            count: count)
        }
    }
}

/// What one run of a protocol produced.
public struct RunOutcome: Sendable {
    /// Whether the protocol delivered (a pair, a purified pair, a gate ...).
    public var success: Bool
    /// Fidelity of what it delivered with the ideal target (when it did).
    public var fidelity: Double?
    /// Simulated seconds the run took.
    public var time: Double
    /// What the run used.
    public var resources: Resources

    public init(success: Bool, fidelity: Double?, time: Double, resources: Resources) {
        self.success = success
        self.fidelity = fidelity
        self.time = time
        self.resources = resources
    }
}

/// The result of many runs of a protocol.
///
/// Fidelity is the squared Uhlmann fidelity with the protocol's ideal target
/// (for a pure target |ψ⟩: ⟨ψ|ρ|ψ⟩), averaged over the successful runs.
public struct ProtocolResult: Sendable, CustomStringConvertible {
    /// Protocol name.
    public let name: String
    /// Runs made and runs that succeeded.
    public let runs: Int, successes: Int
    /// Fidelity with the ideal target over successful runs.
    public let fidelity: Estimate
    /// Simulated time per run (seconds).
    public let time: Estimate
    /// Resources summed over all runs.
    public let resources: Resources

    /// Fraction of runs that succeeded.
    public var successProbability: Double { runs == 0 ? 0 : Double(successes) / Double(runs) }
    /// Binomial standard error of ``successProbability``.
    public var successStandardError: Double {
        runs == 0 ? 0 : (successProbability * (1 - successProbability) / Double(runs)).squareRoot()
    }
    /// Successes per simulated second: successes / total simulated time.
    public var rate: Double {
        let total = time.mean * Double(time.count)
        return total > 0 ? Double(successes) / total : .infinity
    }
    /// Mean ebits per run.
    public var ebitsPerRun: Double { runs == 0 ? 0 : Double(resources.ebits) / Double(runs) }
    /// Mean classical bits per run.
    public var classicalBitsPerRun: Double { runs == 0 ? 0 : Double(resources.classicalBits) / Double(runs) }

    public var description: String {
        var s = "\(name): \(successes)/\(runs) succeeded (p = \(successProbability) ± \(successStandardError)), "
        s += "fidelity \(fidelity), time per run \(time.mean) s, rate \(rate) /s, "
        s += "ebits \(resources.ebits), classical bits \(resources.classicalBits), link attempts \(resources.linkAttempts)"
        return s
    }

    /// Runs `body` `runs` times, run k on its own generator seeded from
    /// (`seed`, k), so any subset of runs can be repeated alone and the
    /// result does not depend on how runs are spread over threads.
    static func collect(name: String, runs: Int, seed: UInt64,
                        _ body: (_ run: Int, _ seed: UInt64) throws(NetworkError) -> RunOutcome)
        throws(NetworkError) -> ProtocolResult
    {
        guard runs >= 1 else { throw .invalidParameter(name: "runs", value: Double(runs), expected: "at least 1") }
        var fidelity = Estimate.Accumulator(), time = Estimate.Accumulator()
        var resources = Resources()
        var successes = 0
        for k in 0..<runs {
            let outcome = try body(k, SeededGenerator.derivedSeed(seed, index: k))
            if outcome.success {
                successes += 1
                if let f = outcome.fidelity { fidelity.add(f) }
            }
            time.add(outcome.time)
            resources = resources + outcome.resources
        }
        return ProtocolResult(name: name, runs: runs, successes: successes, fidelity: fidelity.estimate,
                              time: time.estimate, resources: resources)
    }
}

extension ProtocolResult: ExperimentResult {
    public static let columns: [OutputColumn<ProtocolResult>] = [
        OutputColumn("success_probability") { $0.successProbability },
        OutputColumn("success_probability_se") { $0.successStandardError },
        OutputColumn("fidelity") { $0.fidelity.count > 0 ? $0.fidelity.mean : nil },
        OutputColumn("fidelity_se") { $0.fidelity.count > 0 ? $0.fidelity.standardError : nil },
        OutputColumn("time_per_run_s", "s") { $0.time.mean },
        OutputColumn("rate_per_s", "1/s") { $0.rate.isFinite ? $0.rate : nil },
        OutputColumn("ebits_per_run") { Double($0.resources.ebits) / Double($0.runs) },
        OutputColumn("classical_bits_per_run") { Double($0.resources.classicalBits) / Double($0.runs) },
        OutputColumn("link_attempts_per_run") { Double($0.resources.linkAttempts) / Double($0.runs) },
    ]
}
