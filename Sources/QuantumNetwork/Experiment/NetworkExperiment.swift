/// An experiment on a network: built from its places and settings (which
/// validates them), then run any number of times from a seed.
///
/// Every protocol of the package conforms, and so can a user's own: the
/// batch runner needs nothing else to sweep it, resume it and plot it.
public protocol NetworkExperiment: Sendable {
    associatedtype Result: ExperimentResult
    /// `runs` repetitions from `seed`; what one repetition is (a Monte-Carlo
    /// run, a QKD pulse, a delivered photon pair) is documented by each
    /// experiment. The same `runs` and `seed` give the same result.
    func run(runs: Int, seed: UInt64) throws(NetworkError) -> Result
}
