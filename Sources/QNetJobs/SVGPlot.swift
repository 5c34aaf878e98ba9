import Foundation

/// A line plot drawn as SVG: one column against another, one line per value
/// of a third, axes with ticks and labels carrying the columns' units. A text
/// x column (a choice such as a circuit or a policy) is categorical: its values
/// sit at equal spacing in the order they first appear, each tick named.
struct SVGPlot {
    let job: Job
    let request: PlotRequest
    let cells: [Int: [Cell]]

    // Plot area and margins in SVG units; the right margin holds the legend
    // and widens for long series names (network elements such as
    // links.Bob.network-Carol.source_fidelity).
    private let plotWidth = 470.0, height = 460.0
    private let left = 80.0, top = 30.0, bottom = 60.0
    /// Width of a character of the 12-unit sans-serif font, generously.
    private static let characterWidth = 7.0
    private static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
                                  "#7f7f7f", "#bcbd22", "#17becf"]

    func write(to path: String) throws(JobError) {
        try AtomicLineWriter.write(svg(), to: path)
    }

    private func label(_ column: String) -> String {
        let unit = job.unit(of: column)
        return unit.isEmpty ? column : "\(column) (\(unit))"
    }

    /// The x column's categories in first-appearance order, or nil when every
    /// x value is a number (a numeric axis).
    func categories() -> [String]? {
        guard let xi = job.columns.firstIndex(of: request.x) else { return nil }
        var seen: [String] = []
        var textual = false
        for i in cells.keys.sorted() {
            guard let cell = cells[i]?[xi] else { continue }
            if case .empty = cell { continue }
            if cell.number == nil { textual = true }
            if !seen.contains(cell.csv) { seen.append(cell.csv) }
        }
        return textual ? seen : nil
    }

    /// The lines: series value → points sorted by x (a category's index on a
    /// categorical axis).
    func series() -> [(name: String, points: [(Double, Double)])] {
        let cols = job.columns
        guard let xi = cols.firstIndex(of: request.x), let yi = cols.firstIndex(of: request.y) else { return [] }
        let si = request.series.flatMap { cols.firstIndex(of: $0) }
        let categories = categories()
        var groups: [String: [(Double, Double)]] = [:]
        var order: [String] = []
        for i in cells.keys.sorted() {
            guard let row = cells[i] else { continue }
            let position = categories.map { $0.firstIndex(of: row[xi].csv).map(Double.init) } ?? row[xi].number
            guard let x = position, let y = row[yi].number, x.isFinite, y.isFinite else { continue }
            if request.logY, y <= 0 { continue }
            let key = si.map { row[$0].csv } ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((x, y))
        }
        return order.map { (name: $0, points: (groups[$0] ?? []).sorted { $0.0 < $1.0 }) }
    }

    func svg() -> String {
        let lines = series()
        let categories = categories()
        let xs = lines.flatMap { $0.points.map(\.0) }, ys = lines.flatMap { $0.points.map(\.1) }
        let logX = request.logX ?? (job.sweep.axes.first { $0.name == request.x }?.logarithmic ?? false)
        let useLog = categories == nil && logX && (xs.min() ?? 0) > 0
        var (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1), (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        // Categories sit half a step in from either side of the frame.
        if let categories { (x0, x1) = (-0.5, Double(categories.count) - 0.5) }
        if x0 == x1 { x0 -= 0.5; x1 += 0.5 }
        if y0 == y1 {
            if request.logY && y0 > 0 { y0 /= 2; y1 *= 2 } else { y0 -= 0.5; y1 += 0.5 }
        }
        let xticks = categories.map { $0.indices.map(Double.init) } ?? (useLog ? Self.logTicks(x0, x1) : Self.ticks(x0, x1))
        let logY = request.logY && (ys.min() ?? 0) > 0
        let yticks = logY ? Self.logTicks(y0, y1) : Self.ticks(y0, y1)
        if !useLog, categories == nil, let first = xticks.first, let last = xticks.last { x0 = min(x0, first); x1 = max(x1, last) }
        if !logY, let first = yticks.first, let last = yticks.last {
            y0 = min(y0, first)
            y1 = max(y1, last)
        }
        // Legend: the series column as a title, then one entry per value.
        let legendTitle = request.series.map(label)
        let longest = ([legendTitle ?? ""] + lines.map(\.name)).map(\.count).max() ?? 0
        let right = legendTitle == nil ? 40 : max(170, 50 + Self.characterWidth * Double(longest))
        let width = left + plotWidth + right
        let pw = plotWidth, ph = height - top - bottom
        func px(_ x: Double) -> Double {
            useLog ? left + (Foundation.log10(x) - Foundation.log10(x0)) / (Foundation.log10(x1) - Foundation.log10(x0)) * pw
                : left + (x - x0) / (x1 - x0) * pw
        }
        func py(_ y: Double) -> Double {
            let fraction = logY ? (Foundation.log10(y) - Foundation.log10(y0)) / (Foundation.log10(y1) - Foundation.log10(y0))
                : (y - y0) / (y1 - y0)
            return top + (1 - fraction) * ph
        }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }

        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <title>\(Self.escape("\(job.name): \(request.y) against \(request.x)"))</title>
            <rect width="100%" height="100%" fill="white"/>
            <rect x="\(f(left))" y="\(f(top))" width="\(f(pw))" height="\(f(ph))" fill="none" stroke="#333"/>\n
            """
        for t in xticks where t >= x0 && t <= x1 {
            s += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + ph))\" stroke=\"#ddd\"/>"
            let name = categories.map { Self.escape($0[Int(t)]) } ?? Self.format(t)
            s += "<text x=\"\(f(px(t)))\" y=\"\(f(top + ph + 16))\" text-anchor=\"middle\">\(name)</text>\n"
        }
        for t in yticks where t >= y0 && t <= y1 {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + pw))\" y2=\"\(f(py(t)))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.format(t))</text>\n"
        }
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 18))\" text-anchor=\"middle\">"
            + Self.escape(label(request.x) + (useLog ? ", log scale" : "")) + "</text>\n"
        s += "<text transform=\"translate(18 \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">"
            + Self.escape(label(request.y) + (logY ? ", log scale" : "")) + "</text>\n"
        for (k, line) in lines.enumerated() {
            let color = Self.palette[k % Self.palette.count]
            // Categories have no order to join: markers only.
            if categories == nil {
                let pts = line.points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
                s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(pts)\"/>\n"
            }
            // On a categorical axis the series step aside a little, so markers
            // of equal value at one category stay visible.
            let radius = categories == nil ? 3 : 5
            let dodge = categories == nil ? 0 : (Double(k) - Double(lines.count - 1) / 2) * min(0.1, 0.6 / Double(lines.count))
            for p in line.points {
                s += "<circle cx=\"\(f(px(p.0 + dodge)))\" cy=\"\(f(py(p.1)))\" r=\"\(radius)\" fill=\"\(color)\"/>"
            }
            s += "\n"
            if request.series != nil {
                let ly = top + 28 + Double(k) * 18
                s += categories == nil
                    ? "<line x1=\"\(f(width - right + 12))\" y1=\"\(f(ly))\" x2=\"\(f(width - right + 32))\" "
                        + "y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                    : "<circle cx=\"\(f(width - right + 22))\" cy=\"\(f(ly))\" r=\"5\" fill=\"\(color)\"/>"
                s += "<text x=\"\(f(width - right + 38))\" y=\"\(f(ly + 4))\">\(Self.escape(line.name))</text>\n"
            }
        }
        if let legendTitle {
            s += "<text x=\"\(f(width - right + 12))\" y=\"\(f(top + 14))\" font-weight=\"bold\">\(Self.escape(legendTitle))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// About six "nice" ticks (1, 2, 5 × 10^k steps) covering [a, b].
    static func ticks(_ a: Double, _ b: Double) -> [Double] {
        let raw = (b - a) / 5, mag = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        let first = Foundation.floor(a / step) * step
        return stride(from: first, through: b + step * 0.999, by: step).map { ($0 / step).rounded() * step }
    }

    /// Powers of ten covering [a, b] (a > 0).
    static func logTicks(_ a: Double, _ b: Double) -> [Double] {
        let lo = Int(Foundation.floor(Foundation.log10(a))), hi = Int(Foundation.ceil(Foundation.log10(b)))
        return (lo...max(lo, hi)).map { Foundation.pow(10, Double($0)) }
    }

    static func format(_ v: Double) -> String { String(format: "%g", v) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
