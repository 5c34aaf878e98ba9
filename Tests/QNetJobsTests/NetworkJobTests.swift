import Foundation
@testable import QNetJobs
import QuantumNetwork
import QuantumSim
import Testing

/// Jobs that run on a network they give (`network:`): the same physics as
/// the parameter forms where both describe one network, closed forms on
/// unequal chains, routing, element sweeps, and every bad input a clear error.
@Suite struct NetworkJobTests {
    /// Each point's output cells by column (inputs and wall time left out).
    static func outputs(_ text: String, file: String = "/tmp/qnet-network-job.yaml") throws -> [[String: String]] {
        let job = try Job.parse(text, file: file)
        let runner = BatchRunner(job: job, files: [], threads: 1, progress: ProgressReporter(style: .quiet)) { false }
        let names = job.outputs.map(\.name)
        return try (0..<job.sweep.count).map { i in
            let cells = try runner.runPoint(i)
            let first = job.parameterDefinitions.count + 3
            return Dictionary(uniqueKeysWithValues: zip(names, cells[first..<(first + names.count)].map(\.csv)))
        }
    }

    /// Every row's value of `column`, as numbers.
    static func column(_ rows: [[String: String]], _ column: String) -> [Double] {
        rows.map { Double($0[column] ?? "") ?? .nan }
    }

    static func failure(_ text: String, file: String = "/tmp/qnet-network-job.yaml") -> String {
        do { _ = try Job.parse(text, file: file); return "" } catch { return "\(error)" }
    }

    /// The error of building the job's first point ("" when it builds).
    static func pointFailure(_ text: String) -> String {
        do { _ = try Job.parse(text, file: "/tmp/qnet-network-job.yaml").prepare(0); return "" } catch { return "\(error)" }
    }

    // MARK: The same physics as the parameter forms

    @Test func teleportationOnAGivenNetworkMatchesTheParameterForm() throws {
        let legacy = try Self.outputs("""
            protocol: teleportation
            runs: 40
            seed: 3
            parameters: {length_km: 12, source_fidelity: 0.93, t2_s: 0.01, gate_error_2q: 0.01, storage_time_s: 0.002}
            """)
        let network = try Self.outputs("""
            protocol: teleportation
            runs: 40
            seed: 3
            network:
              defaults:
                module: {t2_s: 0.01, gate_error_2q: 0.01}
              nodes: [{name: Alice}, {name: Bob}]
              links: [{between: [Alice, Bob], length_km: 12, source_fidelity: 0.93}]
            parameters: {from: Alice, to: Bob, storage_time_s: 0.002}
            """)
        #expect(legacy == network)
        #expect(Double(legacy[0]["fidelity"] ?? "") ?? 1 < 0.95)
    }

    @Test(arguments: ["grover", "iswap"])
    func twoModuleCircuitsOnANetworkLinkMatchTheParameterForm(_ circuit: String) throws {
        let legacy = try Self.outputs("""
            protocol: two-module-circuits
            runs: 30
            seed: 4
            parameters: {circuit: \(circuit), length_km: 0.5, source_fidelity: 0.97, t2_s: 0.05, gate_error_2q: 0.02}
            """)
        // A third node the circuits do not use; its name is that of a reference (RA) to show they do not collide.
        let network = try Self.outputs("""
            protocol: two-module-circuits
            runs: 30
            seed: 4
            network:
              defaults:
                module: {capacity: 4, t2_s: 0.05, gate_error_2q: 0.02}
              nodes: [{name: RA}, {name: A}, {name: B}]
              links: [{between: [RA, A], length_km: 3}, {between: [A, B], length_km: 0.5, source_fidelity: 0.97}]
            parameters: {circuit: \(circuit), between: A-B}
            """)
        #expect(legacy == network)
        #expect(Double(legacy[0]["fidelity"] ?? "") ?? 1 < 0.99)
    }

    @Test func photonicSwapOnANetworkMatchesTheParameterForm() throws {
        let legacy = try Self.outputs("""
            protocol: photonic-swap
            runs: 300
            seed: 12
            parameters: {length_a_km: 10, length_b_km: 15, source_fidelity: 0.95, collection_efficiency: 0.8,
                         detector_efficiency: 0.7, insertion_loss_db: 0.5, dark_count_rate_hz: 100, jitter_s: 5.0e-11}
            """)
        let network = try Self.outputs("""
            protocol: photonic-swap
            runs: 300
            seed: 12
            network:
              defaults:
                link: {band: O, source_fidelity: 0.95, source_efficiency: 0.8, detector_efficiency: 0.7, insertion_loss_db: 0.5}
              nodes: [{name: Alice}, {name: Hub}, {name: Bob}]
              links: [{between: [Alice, Hub], length_km: 10}, {between: [Bob, Hub], length_km: 15}]
            parameters: {a: Alice, hub: Hub, b: Bob, dark_count_rate_hz: 100, jitter_s: 5.0e-11}
            """)
        #expect(legacy == network)
        #expect(Double(legacy[0]["fidelity"] ?? "") ?? 1 < 0.95)
        let unequal = Self.pointFailure("""
            protocol: photonic-swap
            network:
              nodes: [{name: A}, {name: H}, {name: B}]
              links: [{between: [A, H], length_km: 1, detector_efficiency: 0.5}, {between: [B, H], length_km: 1, detector_efficiency: 0.6}]
            parameters: {hub: H}
            """)
        #expect(unequal.contains("the hub has one kind of detector"), "\(unequal)")
        let unlinked = Self.pointFailure("""
            protocol: photonic-swap
            network: {nodes: [{name: A}, {name: H}, {name: B}], links: [{between: [A, H], length_km: 1}, {between: [A, B], length_km: 1}]}
            parameters: {hub: H}
            """)
        #expect(unlinked.contains("no quantum link between \"B\" and \"H\""), "\(unlinked)")
    }

    /// A light path over spans of unequal fiber: one attempt crosses them
    /// all, so its success probability is η_source · 10^(−loss/10) · η_detector
    /// with the loss of every span and every switch passed.
    @Test func aSwitchedLightPathTakesEverySpansLossAndEachSwitch() throws {
        let rows = try Self.outputs("""
            protocol: ring-distribution
            runs: 4000
            seed: 8
            network:
              nodes: [{name: A}, {name: B}, {name: C}, {name: D}]
              links:
                - {between: [A, B], length_km: 5, attenuation_db_per_km: 0.2, source_efficiency: 0.5}
                - {between: [B, C], length_km: 10, attenuation_db_per_km: 0.35, insertion_loss_db: 1}
                - {between: [C, D], length_km: 2, attenuation_db_per_km: 0.2, detector_efficiency: 0.8}
            parameters: {path: [A, B, C, D], switch_loss_db: 1.5}
            """)
        let loss = 5 * 0.2 + 10 * 0.35 + 1 + 2 * 0.2 + 2 * 1.5
        let p = 0.5 * Foundation.pow(10, -loss / 10) * 0.8
        // A run is one heralded pair: link attempts per run estimate 1/p (geometric, sd √(1−p)/p per run).
        let attempts = Self.column(rows, "link_attempts_per_run")[0], se = (1 - p).squareRoot() / p / 4000.0.squareRoot()
        #expect(abs(attempts - 1 / p) < 4 * se, "\(attempts) attempts per pair, expected \(1 / p) ± \(se)")
        #expect(Self.column(rows, "hops") == [3] && Self.column(rows, "path_km") == [17])
        let repeated = Self.failure("""
            protocol: ring-distribution
            network: {nodes: [{name: A}, {name: B}], links: [{between: [A, B]}]}
            parameters: {path: [A, B, A]}
            """)
        #expect(repeated.contains("nodes"), "\(repeated)")
    }

    @Test func trustedNodeQKDOnTheMetroFileMatchesTheBuiltInMap() throws {
        let legacy = try Self.outputs("""
            protocol: trusted-node-qkd
            runs: 20000
            parameters: {source_node: 6, destination_node: 10, attacked_link: 6, misalignment: 0.01}
            """)
        let network = try Self.outputs("""
            protocol: trusted-node-qkd
            runs: 20000
            network: metro-15.yaml
            parameters: {source: K6, destination: K10, attacked_link: K0-K3, misalignment: 0.01}
            """, file: repositoryRoot.appendingPathComponent("examples/networks/job.yaml").path)
        #expect(legacy == network)
        #expect(legacy[0]["hops"] != "")
    }

    // MARK: Unequal chains against the closed form

    /// Werner pairs of fidelities F_i swapped without noise give
    /// F = (1 + 3·Π w_i)/4 with w_i = (4F_i − 1)/3, whatever the lengths.
    @Test func heterogeneousChainMatchesTheWernerProduct() throws {
        let fidelities = [0.97, 0.9, 0.85]
        let rows = try Self.outputs("""
            protocol: repeater-chain
            runs: 6
            seed: 11
            network:
              nodes: [{name: A}, {name: B}, {name: C}, {name: D}]
              links:
                - {between: [A, B], length_km: 5, source_fidelity: \(fidelities[0])}
                - {between: [B, C], length_km: 20, source_fidelity: \(fidelities[1]), detector_efficiency: 0.7}
                - {between: [C, D], length_km: 11, source_fidelity: \(fidelities[2])}
            parameters: {from: A, to: D, scheme: sequential}
            sweep:
              axes:
                - {parameter: links.B-C.source_fidelity, values: [0.9, 0.8, 1]}
            """)
        for (row, middle) in zip(rows, [0.9, 0.8, 1]) {
            let w = [fidelities[0], middle, fidelities[2]].map { (4 * $0 - 1) / 3 }
            let expected = (1 + 3 * w.reduce(1, *)) / 4
            let f = try #require(Double(row["fidelity"] ?? ""))
            #expect(abs(f - expected) < 1e-12, "B-C at \(middle): \(f) vs \(expected)")
            #expect(row["hops"] == "3" && row["path_km"] == "36")
        }
    }

    // MARK: Routing

    @Test func routedChainsFollowTheMetric() throws {
        let file = repositoryRoot.appendingPathComponent("examples/networks/job.yaml").path
        let net = try NetworkFile.load(repositoryRoot.appendingPathComponent("examples/networks/metro-15.yaml").path).build()
        for metric in RouteMetric.allCases {
            let rows = try Self.outputs("""
                protocol: repeater-chain
                runs: 2
                network: metro-15.yaml
                parameters: {from: K8, to: K10, route: \(metric.rawValue)}
                """, file: file)
            let route = try net.route(from: "K8", to: "K10", metric: metric)
            #expect(Self.column(rows, "hops") == [Double(route.hops)], "\(metric)")
            #expect(Self.column(rows, "path_km") == [route.lengthKm], "\(metric)")
        }
        // An explicit path, as a list or as text, is taken as given.
        for path in ["[K8, K2, K1, K4, K10]", "\"K8,K2,K1,K4,K10\""] {
            let rows = try Self.outputs("""
                protocol: swapping
                runs: 2
                network: metro-15.yaml
                parameters: {path: \(path)}
                """, file: file)
            #expect(Self.column(rows, "hops") == [4] && Self.column(rows, "path_km") == [25 + 12 + 20 + 15])
        }
    }

    // MARK: Sweeping elements

    @Test func elementKeysReachLinksNodesAndPresets() throws {
        let base = """
            protocol: teleportation
            runs: 30
            seed: 5
            network:
              nodes: [{name: A, preset: nv-centre}, {name: B, preset: nv-centre}]
              links: [{between: [A, B], length_km: 2}]
            """
        // A specific node's value wins over the wildcard, written in either order.
        let specificLast = try Self.outputs(base + "\nparameters: {storage_time_s: 0.05, nodes.*.t2_s: 1, nodes.B.t2_s: 0.02}")
        let specificFirst = try Self.outputs(base + "\nparameters: {storage_time_s: 0.05, nodes.B.t2_s: 0.02, nodes.*.t2_s: 1}")
        #expect(specificLast == specificFirst)
        // Equal to a network written with those values.
        let written = try Self.outputs("""
            protocol: teleportation
            runs: 30
            seed: 5
            network:
              nodes: [{name: A, preset: nv-centre, t2_s: 1}, {name: B, preset: nv-centre, t2_s: 0.02}]
              links: [{between: [A, B], length_km: 2}]
            parameters: {storage_time_s: 0.05}
            """)
        #expect(specificLast == written)
        // The ideal preset removes every error: perfect teleportation.
        let ideal = try Self.outputs(base + "\nparameters: {nodes.*.preset: ideal}")
        #expect(Self.column(ideal, "fidelity").allSatisfy { abs($0 - 1) < 1e-12 })
        // A swept link length shows in the rate, not in the columns of other elements.
        let job = try Job.parse(base + "\nsweep: {axes: [{parameter: links.*.length_km, values: [1, 50]}]}", file: "/tmp/j.yaml")
        #expect(job.columns.contains("links.*.length_km"))
        let rows = try Self.outputs(base + "\nsweep: {axes: [{parameter: links.A-B.length_km, values: [1, 50]}]}")
        let rates = Self.column(rows, "rate_per_s")
        #expect(rates[0] > 5 * rates[1])
    }

    // MARK: Bad input

    @Test(arguments: [
        ("parameters: {links.A-C.length_km: 3}", "no link \"A-C\""),
        ("parameters: {links.A-B.colour: 3}", "unknown link field \"colour\""),
        ("parameters: {nodes.Z.t2_s: 3}", "no node \"Z\""),
        ("parameters: {nodes.A.x.t2_s: 3}", "no module \"x\""),
        ("parameters: {nodes.*.preset: diamond}", "nodes.*.preset = diamond is invalid: expected one of"),
        ("parameters: {links.*.source_fidelity: 2}", "links.*.source_fidelity = 2 is invalid"),
        ("parameters: {from: C}", "from = C is invalid: expected a node of the network"),
        ("parameters: {length_km: 3}", "unknown key \"length_km\""),
        ("sweep: {axes: [{parameter: length_km, values: [3]}]}", "unknown parameter \"length_km\" of teleportation"),
        ("sweep: {axes: [{parameter: nodes.B.t1_s, values: [0.01]}]}", "T2"),
    ])
    func badNetworkParametersAreClearErrors(_ line: String, _ expected: String) throws {
        let text = """
            protocol: teleportation
            network:
              nodes: [{name: A, t1_s: 1, t2_s: 1}, {name: B, t1_s: 1, t2_s: 1}]
              links: [{between: [A, B], length_km: 2}]
            \(line)
            """
        let message = Self.failure(text)
        if message.isEmpty {
            // Some values are only impossible together: they fail when the point is built.
            let job = try Job.parse(text, file: "/tmp/j.yaml")
            #expect(throws: JobError.self) { try job.validatePoints() }
            do { try job.validatePoints() } catch { #expect("\(error)".contains(expected), "\(error)") }
        } else {
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains("/tmp/qnet-network-job.yaml:"), "\(message)")
        }
    }

    @Test func protocolsWithoutANetworkFormAndMissingFilesAreRefused() {
        // Every built-in protocol has a network form; one registered without runs only on its own.
        let own = try? Job.parse("protocol: stored-pair-qber\nnetwork: {nodes: [{name: A}]}", file: "j.yaml",
                                 protocols: CustomExperimentTests.protocols)
        #expect(own == nil)
        do {
            _ = try Job.parse("protocol: stored-pair-qber\nnetwork: {nodes: [{name: A}]}", file: "j.yaml",
                              protocols: CustomExperimentTests.protocols)
        } catch {
            #expect("\(error)".contains("protocol stored-pair-qber runs only on its own topology"), "\(error)")
        }
        #expect(ProtocolCatalog.builtIn.allSatisfy { $0.network != nil })
        let missing = Self.failure("protocol: teleportation\nnetwork: no-such-network.yaml")
        #expect(missing.contains("no-such-network.yaml"), "\(missing)")
        #expect(Self.failure("protocol: teleportation\nnetwork: [1, 2]").contains("expected a network"))
        let conflict = try? Self.outputs("""
            protocol: swapping
            network: {nodes: [{name: A}, {name: B}, {name: C}], links: [{between: [A, B]}, {between: [B, C]}]}
            parameters: {path: [A, B, C], from: B}
            """)
        #expect(conflict == nil)
    }

    @Test func theNetworkIsPartOfTheFingerprint() throws {
        func fingerprint(_ km: Int) throws -> String {
            JobFingerprint(try Job.parse("""
                protocol: teleportation
                network: {nodes: [{name: A}, {name: B}], links: [{between: [A, B], length_km: \(km)}]}
                """, file: "/tmp/j.yaml")).fingerprint
        }
        #expect(try fingerprint(3) != fingerprint(4))
        #expect(try fingerprint(3) == fingerprint(3))
    }
}
