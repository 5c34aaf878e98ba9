import QuantumNetwork

extension ProtocolCatalog {
    /// `photonic-swap`: photons of two pair sources swapped at a hub by a
    /// linear-optics Bell-state measurement, with Raman noise from classical
    /// traffic on the same fiber.
    enum PhotonicSwapJob {
        static let mode = Parameter<PhotonicSwap.Mode>(
            "mode", default: .swapping,
            "swapping: node A sends half of a pair; teleportation: node A sends a heralded photon carrying an input state")
        static let pairRate = Parameter<Double>("pair_rate", unit: "pairs/s", in: 0...1e12, default: 1e6,
                                                "pairs emitted per second by each source")
        static let collection = Parameter<Double>("collection_efficiency", in: probability, default: 1,
                                                  "probability the outgoing photon is collected into the fiber")
        static let localDetection = Parameter<Double>(
            "local_detection_efficiency", in: probability, default: 1,
            "probability the kept photon is collected and detected at its node")
        static let lengthA = Parameter<Double>("length_a_km", unit: "km", in: 0...1e5, default: 10, "fiber from node A to the hub")
        static let lengthB = Parameter<Double>("length_b_km", unit: "km", in: 0...1e5, default: 10, "fiber from node B to the hub")
        static let band = Parameter<FiberBand>("band", default: .o,
                                               "band of the travelling photons: O (0.33 dB/km) or C (0.2 dB/km)", cases: [.o, .c])
        static let extraLoss = Parameter<Double>("extra_loss_db_per_km", unit: "dB/km", in: 0...10, default: 0,
                                                 "loss of deployed fiber beyond the band's own (splices, bends)")
        static let insertionLoss = Parameter<Double>("insertion_loss_db", unit: "dB", in: 0...100, default: 0,
                                                     "connectors, filters and polarization control on each side")
        static let hubEfficiency = Parameter<Double>("detector_efficiency", in: probability, default: 1,
                                                     "efficiency of each hub detector")
        static let hubDarkCounts = Parameter<Double>("dark_count_rate_hz", unit: "1/s", in: 0...1e9, default: 0,
                                                     "dark counts of each hub detector")
        static let jitter = Parameter<Double>("jitter_s", unit: "s", in: 0...1e-3, default: 0,
                                              "timing jitter (rms) of each hub detector")
        static let window = Parameter<Double>("coincidence_window_s", unit: "s", in: 1e-15...1e-3, default: 1e-9,
                                              "coincidence window")
        static let localDarkCounts = Parameter<Double>("local_dark_count_rate_hz", unit: "1/s", in: 0...1e9, default: 0,
                                                       "dark counts of each node's detector")
        static let classicalPower = Parameter<Double>(
            "classical_power_dbm", unit: "dBm", in: -100...40, default: -100,
            "launch power of classical traffic in each fiber (-100: none to speak of)")
        static let classicalAttenuation = Parameter<Double>(
            "classical_attenuation_db_per_km", unit: "dB/km", in: 0...10, default: 0.2, "attenuation at the classical wavelength")
        static let ramanO = Parameter<Double>(
            "raman_o_band_per_km_nm", unit: "1/(km nm)", in: 0...1e-3, default: 1e-12,
            "Raman scattering of the classical light into an O-band quantum channel (assumed order of magnitude)")
        static let ramanC = Parameter<Double>(
            "raman_c_band_per_km_nm", unit: "1/(km nm)", in: 0...1e-3, default: 1e-9,
            "Raman scattering of the classical light into a C-band quantum channel (assumed order of magnitude)")
        static let filterBandwidth = Parameter<Double>("filter_bandwidth_nm", unit: "nm", in: 0...1000, default: 0.1,
                                                       "quantum channel filter bandwidth")
        static let classicalDirection = Parameter<RamanNoise.Direction>(
            "classical_direction", default: .coPropagating, "classical light along (co) or against (counter) the photons")
        static let maxSeconds = Parameter<Double>("max_seconds", unit: "s", in: 1e-9...1e9, default: 3600,
                                                  "simulated time after which a point stops short of its pairs")
        static let maxWindows = Parameter<Int>(
            "max_windows", in: 1...1_000_000_000, default: PhotonicSwap.defaultMaximumCandidateWindows,
            "windows with two or more hub clicks after which a point stops (noise that floods every window)")

        /// One side of the hub: the fiber from its node, that fiber's band,
        /// and the node's pair source.
        struct Side {
            let fiber: Fiber, band: FiberBand, source: PairSource
        }

        /// The swap of `a`'s and `b`'s photons at a hub whose detectors
        /// catch a photon with `hubEfficiency`.
        static func experiment(_ p: ParameterSet, _ a: Side, _ b: Side, hubEfficiency: Double) throws(NetworkError)
            -> PhotonicSwapping
        {
            func raman(_ side: Side) throws(NetworkError) -> RamanNoise {
                try RamanNoise(launchPowerDbm: p[classicalPower], lengthKm: side.fiber.lengthKm,
                               classicalAttenuationDbPerKm: p[classicalAttenuation],
                               quantumAttenuationDbPerKm: side.fiber.attenuationDbPerKm, filterBandwidthNm: p[filterBandwidth],
                               coefficientPerKmNm: p[side.band == .o ? ramanO : ramanC],
                               quantumWavelengthNm: side.band.wavelengthNm, direction: p[classicalDirection])
            }
            let (noiseA, noiseB) = (try raman(a), try raman(b))
            let swap = try PhotonicSwap(
                mode: p[mode], sourceA: a.source, sourceB: b.source, fiberA: a.fiber, fiberB: b.fiber,
                hubDetector: SinglePhotonDetector(efficiency: hubEfficiency, darkCountRate: p[hubDarkCounts],
                                                  jitter: p[jitter]),
                localDarkCountRate: p[localDarkCounts], coincidenceWindow: p[window],
                noisePhotonRateA: noiseA.photonRate, noisePhotonRateB: noiseB.photonRate)
            return PhotonicSwapping(swap, maximumSeconds: try p[maxSeconds], maximumCandidateWindows: try p[maxWindows])
        }

        /// The parameter form: both sides alike but for their lengths.
        static func experiment(_ p: ParameterSet) throws(NetworkError) -> PhotonicSwapping {
            let band = try p[band]
            let attenuation = try band.attenuationDbPerKm + p[extraLoss]
            let source = try PairSource(pairRate: p[pairRate], fidelity: p[sourceFidelity],
                                        collectionEfficiency: p[collection], localDetectionEfficiency: p[localDetection])
            func side(_ length: Parameter<Double>) throws(NetworkError) -> Side {
                Side(fiber: try Fiber(lengthKm: p[length], attenuationDbPerKm: attenuation, insertionLossDb: p[insertionLoss]),
                     band: band, source: source)
            }
            return try experiment(p, side(lengthA), side(lengthB), hubEfficiency: p[hubEfficiency])
        }

        // On a network: nodes A and B, each linked to the hub. A link's
        // fiber, band and insertion loss are its side's fiber; its source
        // fidelity and efficiency are that node's source; its detector
        // efficiency is the hub's (the same on both links: one kind of detector).
        static let nodeA = Parameter.node("a", "the node sending the first photon (\"\": the first node)")
        static let hub = Parameter.node("hub", "the node with the Bell-state measurement, linked to a and b")
        static let nodeB = Parameter.node("b", "the node sending the second photon (\"\": the last node)")
        static let ownParameters = [
            mode.definition, pairRate.definition, localDetection.definition, hubDarkCounts.definition, jitter.definition,
            window.definition, localDarkCounts.definition, classicalPower.definition, classicalAttenuation.definition,
            ramanO.definition, ramanC.definition, filterBandwidth.definition, classicalDirection.definition,
            maxSeconds.definition, maxWindows.definition,
        ]

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> PhotonicSwapping {
            let (a, b) = (try p.node(nodeA, or: d.nodes.first?.name), try p.node(nodeB, or: d.nodes.last?.name))
            let h = try p[hub]
            guard !h.isEmpty, Set([a, h, b]).count == 3 else {
                throw .invalidValue("a = \(a), hub = \(h), b = \(b)", expected: "three different nodes, the hub named")
            }
            func link(_ node: String) throws(NetworkError) -> LinkDescription {
                guard let l = d.links.first(where: { Set([$0.a.node, $0.b.node]) == Set([node, h]) }) else {
                    throw .noLink(node, h)
                }
                return l
            }
            let (la, lb) = (try link(a), try link(b))
            guard la.detectorEfficiency == lb.detectorEfficiency else {
                throw .invalidValue("detector efficiencies \(la.detectorEfficiency) and \(lb.detectorEfficiency) of links "
                                    + "\(la.a)-\(la.b) and \(lb.a)-\(lb.b)", expected: "one value: the hub has one kind of detector")
            }
            func side(_ l: LinkDescription) throws(NetworkError) -> Side {
                Side(fiber: try l.fiber(lengthKm: d.lengthKm(of: l)), band: l.band,
                     source: try PairSource(pairRate: p[pairRate], fidelity: l.sourceFidelity,
                                            collectionEfficiency: l.sourceEfficiency,
                                            localDetectionEfficiency: p[localDetection]))
            }
            return try experiment(p, side(la), side(lb), hubEfficiency: la.detectorEfficiency)
        }

        static let spec = ProtocolSpec(
            name: "photonic-swap",
            summary: "two pair sources, photons swapped at a hub by a linear-optics Bell measurement; delivered rate, "
                + "fidelity and CHSH of the four-fold coincidences (or teleportation of a heralded input photon)",
            parameters: [mode.definition, pairRate.definition, sourceFidelity.definition, collection.definition,
                         localDetection.definition, lengthA.definition, lengthB.definition, band.definition,
                         extraLoss.definition, insertionLoss.definition, hubEfficiency.definition,
                         hubDarkCounts.definition, jitter.definition, window.definition, localDarkCounts.definition,
                         classicalPower.definition, classicalAttenuation.definition, ramanO.definition, ramanC.definition,
                         filterBandwidth.definition, classicalDirection.definition, maxSeconds.definition,
                         maxWindows.definition],
            experiment: experiment,
            network: NetworkForm(
                parameters: { d in [nodeA.definition(on: d), hub.definition(on: d), nodeB.definition(on: d)] + ownParameters },
                experiment: experiment))
    }
}
