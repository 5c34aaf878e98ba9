import QuantumNetwork

/// Jobs on photonic links: entanglement swapping of photons at a hub with a
/// linear-optics Bell-state measurement, with Raman noise from classical
/// traffic on the same fiber.
extension ProtocolCatalog {
    static let photonicMode = Parameter<PhotonicSwap.Mode>(
        "mode", default: .swapping,
        "swapping: node A sends half of a pair; teleportation: node A sends a heralded photon carrying an input state")
    static let photonicBand = Parameter<FiberBand>("band", default: .o,
                                                   "band of the travelling photons: O (0.33 dB/km) or C (0.2 dB/km)",
                                                   cases: [.o, .c])
    static let classicalDirection = Parameter<RamanNoise.Direction>(
        "classical_direction", default: .coPropagating, "classical light along (co) or against (counter) the photons")

    static let photonicSwap = ProtocolSpec(
        name: "photonic-swap",
        summary: "two pair sources, photons swapped at a hub by a linear-optics Bell measurement; delivered rate, "
            + "fidelity and CHSH of the four-fold coincidences (or teleportation of a heralded input photon)",
        parameters: [
            photonicMode.definition,
            P("pair_rate", "pairs/s", .real(0...1e12), default: .number(1e6), "pairs emitted per second by each source"),
            P("source_fidelity", "", .real(0.25...1), default: .number(1), "fidelity of emitted pairs with Φ⁺ (Werner)"),
            P("collection_efficiency", "", probability, default: .number(1),
              "probability the outgoing photon is collected into the fiber"),
            P("local_detection_efficiency", "", probability, default: .number(1),
              "probability the kept photon is collected and detected at its node"),
            P("length_a_km", "km", .real(0...1e5), default: .number(10), "fiber from node A to the hub"),
            P("length_b_km", "km", .real(0...1e5), default: .number(10), "fiber from node B to the hub"),
            photonicBand.definition,
            P("extra_loss_db_per_km", "dB/km", .real(0...10), default: .number(0),
              "loss of deployed fiber beyond the band's own (splices, bends)"),
            P("insertion_loss_db", "dB", .real(0...100), default: .number(0),
              "connectors, filters and polarization control on each side"),
            P("detector_efficiency", "", probability, default: .number(1), "efficiency of each hub detector"),
            P("dark_count_rate_hz", "1/s", .real(0...1e9), default: .number(0), "dark counts of each hub detector"),
            P("jitter_s", "s", .real(0...1e-3), default: .number(0), "timing jitter (rms) of each hub detector"),
            P("coincidence_window_s", "s", .real(1e-15...1e-3), default: .number(1e-9), "coincidence window"),
            P("local_dark_count_rate_hz", "1/s", .real(0...1e9), default: .number(0),
              "dark counts of each node's detector"),
            P("classical_power_dbm", "dBm", .real(-100...40), default: .number(-100),
              "launch power of classical traffic in each fiber (-100: none to speak of)"),
            P("classical_attenuation_db_per_km", "dB/km", .real(0...10), default: .number(0.2),
              "attenuation at the classical wavelength"),
            P("raman_o_band_per_km_nm", "1/(km nm)", .real(0...1e-3), default: .number(1e-12),
              "Raman scattering of the classical light into an O-band quantum channel (assumed order of magnitude)"),
            P("raman_c_band_per_km_nm", "1/(km nm)", .real(0...1e-3), default: .number(1e-9),
              "Raman scattering of the classical light into a C-band quantum channel (assumed order of magnitude)"),
            P("filter_bandwidth_nm", "nm", .real(0...1000), default: .number(0.1), "quantum channel filter bandwidth"),
            classicalDirection.definition,
            P("max_seconds", "s", .real(1e-9...1e9), default: .number(3600),
              "simulated time after which a point stops short of its pairs"),
            P("max_windows", "", .integer(1...1_000_000_000), default: .number(Double(PhotonicSwap.defaultMaximumCandidateWindows)),
              "windows with two or more hub clicks after which a point stops (noise that floods every window)"),
        ],
        experiment: { (p) throws(NetworkError) in
            let band = try p[photonicBand]
            let attenuation = try band.attenuationDbPerKm + p.number("extra_loss_db_per_km")
            let source = try PairSource(pairRate: p.number("pair_rate"), fidelity: p.number("source_fidelity"),
                                        collectionEfficiency: p.number("collection_efficiency"),
                                        localDetectionEfficiency: p.number("local_detection_efficiency"))
            func fiber(_ key: String) throws(NetworkError) -> FiberSpan {
                try FiberSpan(lengthKm: p.number(key), attenuationDbPerKm: attenuation,
                              insertionLossDb: p.number("insertion_loss_db"))
            }
            func raman(_ key: String) throws(NetworkError) -> RamanNoise {
                try RamanNoise(launchPowerDbm: p.number("classical_power_dbm"), lengthKm: p.number(key),
                               classicalAttenuationDbPerKm: p.number("classical_attenuation_db_per_km"),
                               quantumAttenuationDbPerKm: attenuation, filterBandwidthNm: p.number("filter_bandwidth_nm"),
                               coefficientPerKmNm: p.number(band == .o ? "raman_o_band_per_km_nm" : "raman_c_band_per_km_nm"),
                               quantumWavelengthNm: band.wavelengthNm,
                               direction: p[classicalDirection])
            }
            let (noiseA, noiseB) = (try raman("length_a_km"), try raman("length_b_km"))
            let swap = try PhotonicSwap(
                mode: p[photonicMode], sourceA: source, sourceB: source, fiberA: fiber("length_a_km"),
                fiberB: fiber("length_b_km"),
                hubDetector: SinglePhotonDetector(efficiency: p.number("detector_efficiency"),
                                                  darkCountRate: p.number("dark_count_rate_hz"), jitter: p.number("jitter_s")),
                localDarkCountRate: p.number("local_dark_count_rate_hz"), coincidenceWindow: p.number("coincidence_window_s"),
                noisePhotonRateA: noiseA.photonRate, noisePhotonRateB: noiseB.photonRate)
            return PhotonicSwapping(swap, maximumSeconds: try p.number("max_seconds"),
                                    maximumCandidateWindows: try p.integer("max_windows"))
        })
}
