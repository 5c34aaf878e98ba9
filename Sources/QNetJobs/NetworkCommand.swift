import ArgumentParser
import Foundation
import QuantumNetwork

/// `qnet network FILE`: checks a network file and summarises it; exports it
/// as NetworkX node-link JSON or Graphviz DOT.
struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Check a network file (YAML, JSON or NetworkX node-link JSON) and print its nodes and links.",
        discussion: """
            Each link is printed with its length, loss, transmission η, success probability per attempt, \
            attempt time and the expected heralded pair rate (channels × p / attempt time, attempts back to \
            back). See docs/networks.md for the format.
            """)

    @Argument(help: "The network file.")
    var file: String

    @Option(name: .customLong("node-link"), parsing: .unconditional, help: "Write the network as NetworkX node-link JSON here.")
    var nodeLink: String?

    @Option(parsing: .unconditional, help: "Write the network as Graphviz DOT here.")
    var dot: String?

    @Option(parsing: .unconditional, help: "Draw the network as SVG here (nodes at their positions, or laid out).")
    var svg: String?

    func run() throws {
        let d = try NetworkFile.load(file)
        try OutputPaths.checkDistinct([("the network file", file)] + (nodeLink.map { [("the node-link output", $0)] } ?? [])
            + (dot.map { [("the DOT output", $0)] } ?? []) + (svg.map { [("the drawing", $0)] } ?? []))
        if let nodeLink { try AtomicLineWriter.write(NodeLinkJSON.text(d), to: nodeLink) }
        if let dot { try AtomicLineWriter.write(NetworkDOT.text(d), to: dot) }
        if let svg {
            let title = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            try AtomicLineWriter.write(NetworkSVG(network: d, title: title).svg(), to: svg)
        }
        print(try Self.summary(d, file: file))
    }

    /// The summary `qnet network` prints.
    static func summary(_ d: NetworkDescription, file: String) throws -> String {
        let net: Network
        do { net = try d.build() } catch { throw JobError(file: file, location: nil, "\(error)") }
        var lines = ["\(file): \(d.nodes.count) nodes, \(d.links.count) links, \(d.classical.count) classical channels, "
            + "\(components(d)) connected component(s)"]
        for n in d.nodes {
            let modules = n.modules.map { m in "\(m.name) (\(m.preset ?? "custom"), \(m.capacity) qubits)" }.joined(separator: ", ")
            lines.append("  node \(n.name): \(modules)")
        }
        func g(_ x: Double) -> String { String(format: "%.4g", x) }
        for (l, placed) in zip(d.links, net.links) {
            let q = placed.link
            let rate = Double(l.channels) * q.successProbability / q.attemptDuration
            lines.append("  link \(l.a)–\(l.b): \(g(q.lengthKm)) km, \(g(q.lossDb)) dB, η \(g(q.transmission)), "
                + "p \(g(q.successProbability)) per attempt of \(g(q.attemptDuration * 1e6)) µs, \(l.channels) channel(s), "
                + "\(q.attemptDuration > 0 ? g(rate) : "∞") pairs/s expected")
        }
        return lines.joined(separator: "\n")
    }

    /// Connected components over quantum links and classical channels.
    static func components(_ d: NetworkDescription) -> Int {
        // Union-find with path halving and union by size: linear in practice for 10^5 nodes.
        let index = Dictionary(d.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var parent = Array(d.nodes.indices), size = [Int](repeating: 1, count: d.nodes.count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for (a, b) in d.links.map({ ($0.a.node, $0.b.node) }) + d.classical.map({ ($0.a, $0.b) }) {
            guard let i = index[a], let j = index[b] else { continue }
            var (ra, rb) = (root(i), root(j))
            if ra == rb { continue }
            if size[ra] < size[rb] { swap(&ra, &rb) }
            parent[rb] = ra
            size[ra] += size[rb]
        }
        return Set(d.nodes.indices.map(root)).count
    }
}
