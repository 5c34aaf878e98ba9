import Foundation
import QuantumNetwork
import QuantumSim

/// A network drawn as SVG: nodes at their positions (latitude/longitude in
/// an equirectangular projection, or x/y in km), or, when some node has
/// none, at a seeded force-directed layout (Fruchterman–Reingold), so a file
/// always draws the same picture. Nodes are coloured by the hardware preset
/// of their first module; links are labelled with their length, classical
/// channels dashed; a legend names the presets.
struct NetworkSVG {
    let network: NetworkDescription
    let title: String

    private let width = 760.0, height = 560.0, margin = 50.0, legendWidth = 170.0
    private static let presetColours = ["ideal": "#7f7f7f", "trapped-ion": "#1f77b4", "nv-centre": "#d62728",
                                        "snv-centre": "#2ca02c", "custom": "#9467bd"]

    /// Node positions on the plane, in km (y up), before scaling.
    func layout() -> [String: (x: Double, y: Double)] {
        let positions = network.nodes.compactMap(\.position)
        if positions.count == network.nodes.count, !positions.isEmpty {
            let latitudes = positions.compactMap { p -> Double? in if case let .geographic(la, _) = p { return la } else { return nil } }
            if latitudes.count == positions.count {
                // Equirectangular around the mean latitude: km east and north.
                let mean = latitudes.reduce(0, +) / Double(latitudes.count) * Double.pi / 180
                let kmPerDegree = NodePosition.earthRadiusKm * Double.pi / 180
                return Dictionary(zip(network.nodes, positions).map { n, p in
                    guard case let .geographic(la, lo) = p else { return (n.name, (0.0, 0.0)) }
                    return (n.name, (lo * kmPerDegree * cos(mean), la * kmPerDegree))
                }, uniquingKeysWith: { a, _ in a })
            }
            if latitudes.isEmpty {
                return Dictionary(zip(network.nodes, positions).map { n, p in
                    guard case let .planar(x, y) = p else { return (n.name, (0.0, 0.0)) }
                    return (n.name, (x, y))
                }, uniquingKeysWith: { a, _ in a })
            }
        }
        return forceDirected()
    }

    /// Fruchterman–Reingold on a unit square from seeded random starts (up
    /// to 500 nodes: each step is quadratic); larger networks on a circle.
    private func forceDirected() -> [String: (x: Double, y: Double)] {
        let names = network.nodes.map(\.name), n = names.count
        guard n > 1 else { return Dictionary(names.map { ($0, (0.0, 0.0)) }, uniquingKeysWith: { a, _ in a }) }
        guard n <= 500 else {
            return Dictionary(names.enumerated().map { k, name in
                (name, (cos(2 * Double.pi * Double(k) / Double(n)), sin(2 * Double.pi * Double(k) / Double(n))))
            }, uniquingKeysWith: { a, _ in a })
        }
        var rng = SeededGenerator(seed: 17)
        var p = (0..<n).map { _ in (Double.random(in: 0..<1, using: &rng), Double.random(in: 0..<1, using: &rng)) }
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let edges = network.links.compactMap { l -> (Int, Int)? in
            guard let a = index[l.a.node], let b = index[l.b.node], a != b else { return nil }
            return (a, b)
        }
        let k = (1.0 / Double(n)).squareRoot()
        var temperature = 0.1
        for _ in 0..<300 {
            var d = [(Double, Double)](repeating: (0, 0), count: n)
            for i in 0..<n { for j in 0..<n where i != j {
                let dx = p[i].0 - p[j].0, dy = p[i].1 - p[j].1, r = max(1e-9, (dx * dx + dy * dy).squareRoot())
                d[i].0 += dx / r * k * k / r
                d[i].1 += dy / r * k * k / r
            } }
            for (a, b) in edges {
                let dx = p[a].0 - p[b].0, dy = p[a].1 - p[b].1, r = max(1e-9, (dx * dx + dy * dy).squareRoot())
                let f = r * r / k
                d[a].0 -= dx / r * f; d[a].1 -= dy / r * f
                d[b].0 += dx / r * f; d[b].1 += dy / r * f
            }
            for i in 0..<n {
                // Gravity towards the centre keeps disconnected parts in one picture.
                d[i].0 -= (p[i].0 - 0.5) * 0.2 / k
                d[i].1 -= (p[i].1 - 0.5) * 0.2 / k
                let r = max(1e-9, (d[i].0 * d[i].0 + d[i].1 * d[i].1).squareRoot()), step = min(r, temperature)
                p[i].0 += d[i].0 / r * step
                p[i].1 += d[i].1 / r * step
            }
            temperature *= 0.985
        }
        return Dictionary(names.enumerated().map { ($1, p[$0]) }, uniquingKeysWith: { a, _ in a })
    }

    func svg() -> String {
        let at = layout()
        let xs = at.values.map(\.x), ys = at.values.map(\.y)
        let (x0, x1, y0, y1) = (xs.min() ?? 0, xs.max() ?? 1, ys.min() ?? 0, ys.max() ?? 1)
        let plotW = width - 2 * margin - legendWidth, plotH = height - 2 * margin - 20
        let scale = min(plotW / max(x1 - x0, 1e-9), plotH / max(y1 - y0, 1e-9))
        func px(_ name: String) -> (Double, Double) {
            let q = at[name] ?? (x0, y0)
            let cx = margin + (plotW - (x1 - x0) * scale) / 2 + (q.x - x0) * scale
            let cy = margin + 20 + (plotH - (y1 - y0) * scale) / 2 + (y1 - q.y) * scale
            return (cx, cy)
        }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func esc(_ s: String) -> String { SVGPlot.escape(s) }
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <title>\(esc(title))</title>
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(margin))" y="28" font-size="15">\(esc(title)): \(network.nodes.count) nodes, \(network.links.count) links</text>\n
            """
        for c in network.classical {
            let (a, b) = (px(c.a), px(c.b))
            s += "<line x1=\"\(f(a.0))\" y1=\"\(f(a.1))\" x2=\"\(f(b.0))\" y2=\"\(f(b.1))\" stroke=\"#999\" stroke-dasharray=\"5 4\"/>\n"
        }
        // Parallel links between one pair share a line and one label.
        var pairs: [[String]: [LinkDescription]] = [:], order: [[String]] = []
        for l in network.links {
            let key = [l.a.node, l.b.node].sorted()
            if pairs[key] == nil { order.append(key) }
            pairs[key, default: []].append(l)
        }
        for key in order {
            let links = pairs[key] ?? []
            let (a, b) = (px(key[0]), px(key[1]))
            s += "<line x1=\"\(f(a.0))\" y1=\"\(f(a.1))\" x2=\"\(f(b.0))\" y2=\"\(f(b.1))\" stroke=\"#444\" stroke-width=\"\(links.count > 1 ? 3 : 1.5)\"/>\n"
            let label = links.map { l in (try? network.lengthKm(of: l)).map { String(format: "%.3g km", $0) } ?? "?" }.joined(separator: ", ")
                + (links.contains { $0.channels > 1 } ? " (×\(links.map(\.channels).max() ?? 1))" : "")
            // At 40 % of the way, not the middle: crossing links often cross near their middles.
            s += "<text x=\"\(f(a.0 + 0.4 * (b.0 - a.0)))\" y=\"\(f(a.1 + 0.4 * (b.1 - a.1) - 4))\" text-anchor=\"middle\" fill=\"#333\" "
                + "font-size=\"10\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(esc(label))</text>\n"
        }
        var used: [String] = []
        for n in network.nodes {
            let preset = n.modules.first?.preset ?? "custom"
            if !used.contains(preset) { used.append(preset) }
            let (x, y) = px(n.name)
            s += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"8\" fill=\"\(Self.presetColours[preset] ?? "#9467bd")\" stroke=\"#222\"/>"
            s += "<text x=\"\(f(x + 11))\" y=\"\(f(y - 9))\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">"
                + "\(esc(n.name))\(n.modules.count > 1 ? " (\(n.modules.count) modules)" : "")</text>\n"
        }
        let lx = width - legendWidth + 10
        s += "<text x=\"\(f(lx))\" y=\"\(f(margin + 14))\" font-weight=\"bold\">hardware</text>\n"
        for (k, preset) in used.enumerated() {
            let ly = margin + 34 + Double(k) * 20
            s += "<circle cx=\"\(f(lx + 6))\" cy=\"\(f(ly - 4))\" r=\"6\" fill=\"\(Self.presetColours[preset] ?? "#9467bd")\" stroke=\"#222\"/>"
            s += "<text x=\"\(f(lx + 18))\" y=\"\(f(ly))\">\(esc(preset))</text>\n"
        }
        var row = Double(used.count)
        if network.links.contains(where: { $0.channels > 1 }) {
            s += "<text x=\"\(f(lx))\" y=\"\(f(margin + 34 + row * 20))\">(×N): N parallel channels</text>\n"
            row += 1
        }
        if !network.classical.isEmpty {
            let ly = margin + 34 + row * 20
            s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 14))\" y2=\"\(f(ly - 4))\" stroke=\"#999\" stroke-dasharray=\"5 4\"/>"
            s += "<text x=\"\(f(lx + 18))\" y=\"\(f(ly))\">classical only</text>\n"
        }
        return s + "</svg>\n"
    }
}
