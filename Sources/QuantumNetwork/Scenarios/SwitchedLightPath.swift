/// Heralded entanglement between the two ends of a path whose nodes in
/// between switch the light all-optically: no memories on the way, one
/// attempt crosses every span, and each switch passed adds its insertion
/// loss. The metro rings of today's deployments work this way.
///
/// The light path is one link: the spans' fiber and insertion losses added
/// up, the source (and attempt overhead) of the first span, the detector of
/// the last. The result carries the path's hops and fiber length.
public struct SwitchedLightPath: NetworkExperiment {
    /// Heralded pairs over the light path, as one link between the two ends.
    public let chain: RepeaterChain
    /// Fiber spans on the light path.
    public let hops: Int
    /// Fiber along the light path (km).
    public let lengthKm: Double

    /// The light path along `path` of `network` (a link between each two
    /// neighbours); the pair is held where the first and last links end.
    public init(network: Network, path: [String], switchLossDb: Double,
                representation: StateRepresentation = .densityMatrix) throws(NetworkError) {
        guard path.count >= 2 else {
            throw .invalidParameter(name: "light path nodes", value: Double(path.count), expected: "at least 2")
        }
        guard Set(path).count == path.count else {
            throw .invalidValue("light path \(path.joined(separator: "-"))", expected: "a path that passes each node once")
        }
        var placements: [Network.LinkPlacement] = []
        for i in 0..<(path.count - 1) { placements.append(try network.link(between: path[i], and: path[i + 1])) }
        let (first, last) = (placements[0], placements[placements.count - 1])
        let a = first.a.node == path[0] ? first.a : first.b
        let b = last.a.node == path[path.count - 1] ? last.a : last.b
        try self.init(spans: placements.map(\.link), switchLossDb: switchLossDb, moduleA: network.module(a),
                      moduleB: network.module(b), representation: representation)
    }

    /// The light path through `spans` in order, with a switch between each
    /// two, `moduleA` and `moduleB` at its ends. A caller that merges equal
    /// spans into one gives the `switches` and `hops` of the real path.
    public init(spans: [QuantumLink], switchLossDb: Double, moduleA: ProcessorModule, moduleB: ProcessorModule,
                representation: StateRepresentation = .densityMatrix, switches: Int? = nil, hops: Int? = nil)
        throws(NetworkError)
    {
        guard let first = spans.first, let last = spans.last else {
            throw .invalidParameter(name: "light path spans", value: 0, expected: "at least 1")
        }
        try checkParameter("switch loss", switchLossDb, in: 0...100, unit: " dB")
        var km = 0.0, fiberDb = 0.0, insertionDb = 0.0, delay = 0.0
        for s in spans {
            km += s.lengthKm
            fiberDb += s.attenuationDbPerKm * s.lengthKm
            insertionDb += s.insertionLossDb
            delay += s.signalDelayPerKm * s.lengthKm
        }
        // Spans of one fiber keep its figures exactly; mixed ones are averaged by length.
        let uniform = spans.allSatisfy { $0.attenuationDbPerKm == first.attenuationDbPerKm && $0.signalDelayPerKm == first.signalDelayPerKm }
        let light = try QuantumLink(
            lengthKm: km, attenuationDbPerKm: uniform || km == 0 ? first.attenuationDbPerKm : fiberDb / km,
            insertionLossDb: insertionDb + switchLossDb * Double(switches ?? spans.count - 1),
            sourceFidelity: first.sourceFidelity, sourceEfficiency: first.sourceEfficiency,
            detectorEfficiency: last.detectorEfficiency, attemptOverhead: first.attemptOverhead,
            signalDelayPerKm: uniform || km == 0 ? first.signalDelayPerKm : delay / km)
        var net = Network()
        try net.addNode("n0", modules: [moduleA])
        try net.addNode("n1", modules: [moduleB])
        try net.connect("n0", "n1", by: light)
        chain = try RepeaterChain(chain: net, scheme: .sequential, cutoff: nil, deadline: nil, representation: representation)
        self.hops = hops ?? spans.count
        lengthKm = km
    }

    public func run(runs: Int, seed: UInt64) throws(NetworkError) -> AlongPath<RepeaterChain>.Result {
        .init(result: try chain.run(runs: runs, seed: seed), hops: hops, lengthKm: lengthKm)
    }
}
