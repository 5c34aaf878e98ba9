import QuantumSim
import RealModule

/// Common shapes, generated: the node and link templates are copied to
/// every node and link. Nodes are named n0, n1, … (grid: r0c0, r0c1, …; star:
/// hub and n1 … nK) and placed on the plane (x/y in km) so they can be drawn;
/// links get `lengthKm` except in Waxman graphs, whose lengths come from the
/// positions. Random shapes take a seed and give the same graph for it.
public enum NetworkShape: Sendable, Hashable {
    case chain(nodes: Int)
    case ring(nodes: Int)
    case star(leaves: Int)
    case grid(rows: Int, columns: Int)
    /// Waxman (1988): nodes uniform in a square of side `sizeKm`, each pair
    /// joined with probability β·exp(−d / (α·d_max)).
    case waxman(nodes: Int, sizeKm: Double, alpha: Double, beta: Double, seed: UInt64)
    /// Erdős–Rényi G(n, p): each pair joined with probability p.
    case erdosRenyi(nodes: Int, probability: Double, seed: UInt64)
}

extension NetworkDescription {
    /// The network of `shape`, every node with copies of `modules` and every
    /// link a copy of `link` (its ends and length replaced).
    public static func generate(_ shape: NetworkShape, lengthKm: Double, modules: [ModuleDescription] = [ModuleDescription()],
                                link: LinkDescription = LinkDescription(a: LinkEnd(node: ""), b: LinkEnd(node: "")))
        throws(NetworkError) -> NetworkDescription
    {
        func count(_ n: Int, _ what: String, least: Int) throws(NetworkError) {
            guard (least...100_000).contains(n) else {
                throw .invalidParameter(name: what, value: Double(n), expected: "\(least) to 100000")
            }
        }
        try checkParameter("generated link length", lengthKm, in: 0 ... .greatestFiniteMagnitude, unit: " km")
        var d = NetworkDescription()
        // Random shapes look at every pair: bounded so a file cannot ask for 10^10 of them.
        let pairLimit = 2000
        func node(_ name: String, _ x: Double, _ y: Double) {
            d.nodes.append(NodeDescription(name: name, position: .planar(xKm: x, yKm: y), modules: modules))
        }
        func join(_ a: String, _ b: String, _ length: Double?) {
            var l = link
            l.a = LinkEnd(node: a)
            l.b = LinkEnd(node: b)
            l.lengthKm = length
            d.links.append(l)
        }
        switch shape {
        case let .chain(n):
            try count(n, "chain nodes", least: 2)
            for i in 0..<n { node("n\(i)", Double(i) * lengthKm, 0) }
            for i in 0..<(n - 1) { join("n\(i)", "n\(i + 1)", lengthKm) }
        case let .ring(n):
            try count(n, "ring nodes", least: 3)
            let radius = lengthKm / (2 * Double.sin(Double.pi / Double(n)))
            for i in 0..<n {
                let angle = 2 * Double.pi * Double(i) / Double(n)
                node("n\(i)", radius * Double.cos(angle), radius * Double.sin(angle))
            }
            for i in 0..<n { join("n\(i)", "n\((i + 1) % n)", lengthKm) }
        case let .star(k):
            try count(k, "star leaves", least: 1)
            node("hub", 0, 0)
            for i in 1...k {
                let angle = 2 * Double.pi * Double(i - 1) / Double(k)
                node("n\(i)", lengthKm * Double.cos(angle), lengthKm * Double.sin(angle))
                join("hub", "n\(i)", lengthKm)
            }
        case let .grid(rows, columns):
            try count(rows, "grid rows", least: 1)
            try count(columns, "grid columns", least: 1)
            guard rows * columns <= 100_000 else {
                throw .invalidParameter(name: "grid size", value: Double(rows * columns), expected: "at most 100000 nodes")
            }
            guard rows * columns >= 2 else { throw .invalidParameter(name: "grid size", value: 1, expected: "at least 2 nodes") }
            for r in 0..<rows { for c in 0..<columns { node("r\(r)c\(c)", Double(c) * lengthKm, Double(r) * lengthKm) } }
            for r in 0..<rows { for c in 0..<columns {
                if c + 1 < columns { join("r\(r)c\(c)", "r\(r)c\(c + 1)", lengthKm) }
                if r + 1 < rows { join("r\(r)c\(c)", "r\(r + 1)c\(c)", lengthKm) }
            } }
        case let .waxman(n, size, alpha, beta, seed):
            try count(n, "waxman nodes", least: 2)
            guard n <= pairLimit else { throw .invalidParameter(name: "waxman nodes", value: Double(n), expected: "at most \(pairLimit)") }
            try checkParameter("waxman size", size, in: .leastNonzeroMagnitude ... .greatestFiniteMagnitude, unit: " km")
            try checkParameter("waxman alpha", alpha, in: .leastNonzeroMagnitude ... .greatestFiniteMagnitude)
            try checkParameter("waxman beta", beta, in: 0...1)
            var rng = SeededGenerator(seed: seed)
            var points: [(Double, Double)] = []
            for i in 0..<n {
                let p = (Double.random(in: 0..<size, using: &rng), Double.random(in: 0..<size, using: &rng))
                points.append(p)
                node("n\(i)", p.0, p.1)
            }
            let longest = size * 2.0.squareRoot()
            for i in 0..<n { for j in (i + 1)..<n {
                let dx = points[i].0 - points[j].0, dy = points[i].1 - points[j].1
                let dist = (dx * dx + dy * dy).squareRoot()
                if Double.random(in: 0..<1, using: &rng) < beta * Double.exp(-dist / (alpha * longest)) {
                    join("n\(i)", "n\(j)", nil)
                }
            } }
        case let .erdosRenyi(n, p, seed):
            try count(n, "erdos-renyi nodes", least: 2)
            guard n <= pairLimit else { throw .invalidParameter(name: "erdos-renyi nodes", value: Double(n), expected: "at most \(pairLimit)") }
            try checkParameter("erdos-renyi probability", p, in: 0...1)
            var rng = SeededGenerator(seed: seed)
            let radius = lengthKm * Double(n) / (2 * Double.pi)
            for i in 0..<n {
                let angle = 2 * Double.pi * Double(i) / Double(n)
                node("n\(i)", radius * Double.cos(angle), radius * Double.sin(angle))
            }
            for i in 0..<n { for j in (i + 1)..<n where Double.random(in: 0..<1, using: &rng) < p { join("n\(i)", "n\(j)", lengthKm) } }
        }
        return d
    }
}
