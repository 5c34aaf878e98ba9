/// An experiment run along a path of the network, its result extended by
/// the path's hops and fiber length.
public struct AlongPath<Experiment: NetworkExperiment>: NetworkExperiment {
    public let experiment: Experiment
    /// Links on the path.
    public let hops: Int
    /// Fiber along the path (km).
    public let lengthKm: Double

    /// `experiment`, run along `path` of `network` (each step a link of it).
    public init(_ experiment: Experiment, network: Network, path: [String]) throws(NetworkError) {
        guard path.count >= 2 else {
            throw .invalidParameter(name: "path", value: Double(path.count), expected: "at least 2 nodes")
        }
        var km = 0.0
        for i in 0..<(path.count - 1) { km += try network.link(between: path[i], and: path[i + 1]).link.lengthKm }
        self.experiment = experiment
        hops = path.count - 1
        lengthKm = km
    }

    public struct Result: ExperimentResult {
        public let result: Experiment.Result
        public let hops: Int
        public let lengthKm: Double

        public static var columns: [OutputColumn<Self>] {
            Experiment.Result.columns.map { $0.reading { $0.result } }
                + [OutputColumn("hops") { Double($0.hops) }, OutputColumn("path_km", "km") { $0.lengthKm }]
        }
    }

    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> Result {
        Result(result: try experiment.run(runs: runs, seed: seed), hops: hops, lengthKm: lengthKm)
    }
}
