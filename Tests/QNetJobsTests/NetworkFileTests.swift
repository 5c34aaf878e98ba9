import Foundation
@testable import QNetJobs
import QuantumNetwork
import RealModule
import Testing

/// Network files (issue 17, part 1): the format, its errors with their
/// places, the generators, the examples, and the node-link and DOT exports.
@Suite struct NetworkFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func examples() throws -> [(String, NetworkDescription)] {
        let dir = root.appendingPathComponent("examples/networks")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { ($0, try NetworkFile.load(dir.appendingPathComponent($0).path)) }
    }

    @Test func everyExampleValidatesAndRoundTripsThroughNodeLinkJSON() throws {
        let examples = try Self.examples()
        #expect(examples.map(\.0) == ["chain-4.yaml", "chattanooga-ring.yaml", "island-chain.yaml", "metro-15.yaml", "three-cities.yaml"])
        for (name, d) in examples {
            let net = try d.build()
            #expect(net.nodes.count == d.nodes.count && net.links.count == d.links.count, "\(name)")
            let back = try NetworkFile.parse(NodeLinkJSON.text(d), file: "\(name).json")
            #expect(back == d, "\(name): YAML → model → node-link JSON → model is lossless")
            let svg = NetworkSVG(network: d, title: name).svg()
            #expect(svg.components(separatedBy: "<circle").count - 1 >= d.nodes.count && !svg.contains("nan"), "\(name) draws")
            let dot = NetworkDOT.text(d)
            #expect(dot.components(separatedBy: " -- ").count - 1 == d.links.count + d.classical.count, "\(name)")
            #expect(!(try NetworkCommand.summary(d, file: name)).isEmpty)
        }
    }

    /// The metro map in the file is the one the trusted-node protocol builds in code.
    /// The format's example in docs/networks.md is examples/networks/three-cities.yaml
    /// (its comments aside), so what the document shows is what the tests check.
    @Test func theDocumentsExampleIsTheThreeCitiesFile() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/networks.md"), encoding: .utf8)
        let blocks = doc.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count == 1)
        let shown = try NetworkFile.parse(try #require(blocks.first), file: "docs/networks.md")
        let file = try NetworkFile.load(Self.root.appendingPathComponent("examples/networks/three-cities.yaml").path)
        #expect(shown == file)
    }

    @Test func theMetroExampleIsTheBuiltInMap() throws {
        let d = try #require(try Self.examples().first { $0.0 == "metro-15.yaml" }?.1)
        #expect(d.links.map { ($0.a.node, $0.b.node, $0.lengthKm ?? -1) }.elementsEqual(
            NetworkDescription.metro15Links.map { ("K\($0.0)", "K\($0.1)", $0.2) }) { $0 == $1 })
    }

    /// A link's attempt success probability against its closed form,
    /// η_source · 10^(−(αL + insertion)/10) · η_detector, with α from the band.
    @Test func linksBuildWithTheirLossesAndLengthsFromPositions() throws {
        let d = try #require(try Self.examples().first { $0.0 == "three-cities.yaml" }?.1)
        let net = try d.build()
        let first = net.links[0].link, second = net.links[1].link
        // Alice–Bob from the positions: great-circle distance (haversine, R = 6371.0088 km).
        let r = Double.pi / 180, (la1, lo1, la2, lo2) = (52.4318 * r, 13.5313 * r, 52.52 * r, 13.405 * r)
        let h = Double.pow(Double.sin((la2 - la1) / 2), 2) + Double.cos(la1) * Double.cos(la2) * Double.pow(Double.sin((lo2 - lo1) / 2), 2)
        let km = 2 * 6371.0088 * Double.asin(h.squareRoot())
        #expect(abs(first.lengthKm - km) < 1e-9 && abs(km - 13.01) < 0.01)
        #expect(abs(first.successProbability / (0.6 * Double.pow(10, -(0.2 * km + 1) / 10) * 0.9) - 1) < 1e-13)
        #expect(abs(second.successProbability / (0.6 * Double.pow(10, -(0.2 * 32 + 1) / 10) * 0.9) - 1) < 1e-13)
        #expect(net.links[0].b == ModuleAddress(node: "Bob", module: "network") && net.links[1].a.module == "network")
        // Presets with overrides.
        let carol = try net.module(ModuleAddress(node: "Carol", module: "main"))
        #expect(carol.memory.t2 == 0.5 && carol.memory.t1 == 3600 && carol.measurementError == 0.03)
        let memory = try net.module(ModuleAddress(node: "Bob", module: "memory"))
        #expect(memory.capacity == 8 && memory.memory.t2 == 1 && memory.twoQubitGateError == 2e-3)
        // The classical channel: delay over the great circle at 5 µs/km.
        #expect(try net.classicalDelay(from: "Alice", to: "Carol") > 0)
    }

    @Test func generatorsMakeTheirShapes() throws {
        func make(_ s: NetworkShape, _ l: Double = 2) throws -> NetworkDescription { try NetworkDescription.generate(s, lengthKm: l) }
        #expect(try make(.chain(nodes: 6)).links.count == 5)
        let ring = try make(.ring(nodes: 7), 3)
        #expect(ring.links.count == 7)
        // Ring positions sit a chord of 3 km apart.
        for l in ring.links {
            guard let p = ring.node(l.a.node)?.position, let q = ring.node(l.b.node)?.position else { Issue.record("no position"); continue }
            #expect(abs(try p.distanceKm(to: q) - 3) < 1e-9)
        }
        #expect(try make(.star(leaves: 5)).links.count == 5)
        let grid = try make(.grid(rows: 3, columns: 4))
        #expect(grid.nodes.count == 12 && grid.links.count == 3 * 3 + 2 * 4)
        #expect(try make(.erdosRenyi(nodes: 8, probability: 0, seed: 1)).links.isEmpty)
        #expect(try make(.erdosRenyi(nodes: 8, probability: 1, seed: 1)).links.count == 28)
        let w1 = try make(.waxman(nodes: 20, sizeKm: 100, alpha: 0.4, beta: 0.6, seed: 3))
        let w2 = try make(.waxman(nodes: 20, sizeKm: 100, alpha: 0.4, beta: 0.6, seed: 3))
        let w3 = try make(.waxman(nodes: 20, sizeKm: 100, alpha: 0.4, beta: 0.6, seed: 4))
        #expect(w1 == w2 && w1 != w3 && !w1.links.isEmpty)
        #expect(try w1.build().links.allSatisfy { $0.link.lengthKm > 0 })
        #expect(throws: NetworkError.self) { try make(.ring(nodes: 2)) }
        #expect(throws: NetworkError.self) { try make(.chain(nodes: 1_000_000)) }
    }

    @Test func networkXFixtureIsRead() throws {
        let d = try NetworkFile.load(Self.root.appendingPathComponent("Tests/QNetJobsTests/Fixtures/networkx-node-link.json").path)
        #expect(d.nodes.map(\.name) == ["Alice", "Bob", "Carol", "Dave"])
        #expect(d.nodes[0].modules[0].preset == "nv-centre" && d.nodes[0].modules[0].t2 == 0.5)
        #expect(d.nodes[2].modules.map(\.name) == ["main", "memory"] && d.nodes[2].modules[1].capacity == 4)
        #expect(d.links.count == 3 && d.links[1].channels == 4 && d.links[1].band == .o && d.links[1].lengthKm == 55)
        #expect(try abs(d.lengthKm(of: d.links[0]) - 50) < 1e-12, "3-4-5 triangle in km")
        #expect(d.links[2].a == LinkEnd(node: "Carol", module: "memory") && d.links[2].insertionLossDb == 2)
    }

    @Test func badNetworksAreErrorsWithTheirPlace() {
        let cases: [(String, String)] = [
            ("nodes: [{name: A}, {name: B}]\nlinks: [{between: [A, C], length_km: 1}]\n", "f.yaml:2:9: at links[0]: unknown node \"C\""),
            ("nodes: [{name: A}, {name: A}]\n", "f.yaml:1:20: at nodes[1].name: node A is named twice"),
            ("nodes: [{name: A, preset: quantum-dot}]\n", "unknown preset \"quantum-dot\": expected one of \"ideal\", \"trapped-ion\", \"nv-centre\", \"snv-centre\""),
            ("nodes: [{name: A}]\nlinks: [{between: [A, A], length_km: 1}]\n", "f.yaml:2:9: at links[0]: a link from node \"A.main\" to itself"),
            ("nodes: [{name: A, t1_s: 1, t2_s: 3}]\n", "f.yaml:1:9: at nodes[0]: node A: T2 = 3.0 is invalid: expected at most 2·T1 = 2.0 seconds"),
            ("nodes: [{name: A, colour: red}]\n", "unknown key \"colour\""),
            ("nodes: [{name: A}, {name: B}]\nlinks: [{between: [A, B], length_km: 1, band: X}]\n", "unknown band \"X\": expected one of \"C\", \"O\""),
            ("nodes: [{name: A}, {name: B}]\nlinks: [{between: [A, B]}]\n", "length_km of link A–B"),
            ("nodes: [{name: A, position: {lat: 1, lon: 2}}, {name: B, position: {x_km: 0, y_km: 0}}]\nlinks: [{between: [A, B]}]\n",
             "positions of one kind on both nodes"),
            ("nodes: [{name: A}, {name: B}]\nlinks: [{between: [A, B.x], length_km: 1}]\n", "f.yaml:2:9: at links[0]: node \"B\" has no module \"x\""),
            ("nodes: [{name: A}, {name: B}]\nlinks: [{between: [A, B], length_km: 1, source_efficiency: 0}]\n", "attempt success probability"),
            ("nodes: [{name: A.b}]\n", "without \".\""),
            ("generate: {shape: torus, nodes: 3}\n", "unknown shape \"torus\""),
            ("generate: {shape: ring, nodes: 2, length_km: 1}\n", "at generate.nodes: expected a whole number in 3...100000"),
            ("nodes: [{name: A, modules: []}]\n", "expected at least one module"),
            ("nodes: 3\n", "f.yaml:1:8: at nodes: expected a list of nodes"),
            ("[1, 2]\n", "expected a mapping with keys"),
            ("{\"directed\": true, \"nodes\": [], \"edges\": []}", "a directed graph"),
        ]
        for (text, expected) in cases {
            do {
                _ = try NetworkFile.parse(text, file: "f.yaml")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(text): \(error)")
            }
        }
    }

    @Test func committedNetworkSchemaIsTheGeneratedOne() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/network.schema.json"), encoding: .utf8)
        #expect(committed == NetworkSchema.json(), "regenerate with: qnet schema --network > docs/network.schema.json")
    }

    @Test func theCommandExportsAndRefusesCollisions() throws {
        let dir = try scratchDirectory("network-command")
        let ring = Self.root.appendingPathComponent("examples/networks/chattanooga-ring.yaml").path
        try NetworkCommand.parse([ring, "--node-link", dir.appendingPathComponent("r.json").path,
                                  "--dot", dir.appendingPathComponent("r.dot").path]).run()
        let back = try NetworkFile.load(dir.appendingPathComponent("r.json").path)
        #expect(back == (try NetworkFile.load(ring)))
        #expect(try String(contentsOf: dir.appendingPathComponent("r.dot"), encoding: .utf8).hasPrefix("graph network {"))
        #expect(throws: JobError.self) { try NetworkCommand.parse([ring, "--dot", ring]).run() }
        // The drawing committed for the README is the one the command draws.
        let metro = Self.root.appendingPathComponent("examples/networks/metro-15.yaml").path
        let drawn = NetworkSVG(network: try NetworkFile.load(metro), title: "metro-15").svg()
        #expect(drawn == (try String(contentsOf: Self.root.appendingPathComponent("docs/network-metro-15.svg"), encoding: .utf8)),
                "redraw with: qnet network examples/networks/metro-15.yaml --svg docs/network-metro-15.svg")
    }
}
