/// ``PhotonicSwap`` as an experiment: a run is a delivered pair, and a point
/// stops short of its pairs after `maximumSeconds` of simulated time or
/// `maximumCandidateWindows` windows with two or more hub clicks.
public struct PhotonicSwapping: NetworkExperiment {
    public let swap: PhotonicSwap
    public let maximumSeconds: Double
    public let maximumCandidateWindows: Int

    public init(_ swap: PhotonicSwap, maximumSeconds: Double,
                maximumCandidateWindows: Int = PhotonicSwap.defaultMaximumCandidateWindows) {
        self.swap = swap
        self.maximumSeconds = maximumSeconds
        self.maximumCandidateWindows = maximumCandidateWindows
    }

    public struct Result: ExperimentResult {
        public let result: PhotonicSwap.Result
        /// Noise photons per second entering both arms' quantum channels.
        public let noisePhotonRate: Double

        public static let columns: [OutputColumn<Result>] = [
            OutputColumn("delivered_rate_hz", "1/s") { $0.result.deliveredRate },
            OutputColumn("herald_rate_hz", "1/s") { $0.result.heraldRate },
            OutputColumn("fidelity") { $0.result.delivered > 0 ? $0.result.fidelity.mean : nil },
            OutputColumn("fidelity_se") { $0.result.delivered > 0 ? $0.result.fidelity.standardError : nil },
            OutputColumn("chsh") { $0.result.chsh },
            OutputColumn("genuine_fraction") {
                $0.result.delivered > 0 ? Double($0.result.genuine) / Double($0.result.delivered) : nil
            },
            OutputColumn("delivered_pairs") { Double($0.result.delivered) },
            OutputColumn("noise_photon_rate_hz", "1/s") { $0.noisePhotonRate },
            OutputColumn("simulated_s", "s") { $0.result.seconds },
        ]
    }

    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> Result {
        let r = try swap.simulate(deliveredPairs: runs, maximumSeconds: maximumSeconds,
                                  maximumCandidateWindows: maximumCandidateWindows, seed: seed)
        return Result(result: r, noisePhotonRate: swap.noisePhotonRateA + swap.noisePhotonRateB)
    }
}
