import Foundation

/// One run of a trace drawn as a timeline: a lane per node (in the
/// network's order), each pair a bar in the lanes of its two ends from
/// when it was made (herald or swap) to when it was used (swap, delivery,
/// discard), coloured by request; swaps, deliveries and discards marked.
struct TraceTimeline {
    struct Bar {
        let lane: Int, start: Double, end: Double, request: Int
        var track = 0
    }

    struct Mark {
        enum Kind { case swap, delivery, discard }
        var lane: Int, time: Double, kind: Kind
    }

    /// Lanes drawn at most; a trace over more nodes shows the first ones that events name.
    static let laneLimit = 48
    /// Bars stacked in one lane at most (later ones share the last track).
    static let trackLimit = 4

    var lanes: [String] = []
    var bars: [Bar] = []
    var marks: [Mark] = []
    var duration = 0.0
    var requests = 0
    /// Nodes the run's events name that are not drawn (over the lane limit).
    var lanesLeftOut = 0

    /// The timeline of run `run` of the trace at `path`; events counted by kind in `counts`.
    static func read(_ path: String, run: Int, counts: inout [String: Int]) throws(JobError) -> TraceTimeline {
        guard var reader = try LineReader.open(path) else {
            throw JobError(file: path, location: nil, "cannot read the trace: no such file")
        }
        defer { reader.close() }
        func bad(_ line: Int, _ why: String) -> JobError {
            JobError(file: path, location: JobLocation(line: line, column: nil, keyPath: ""), why)
        }
        guard let (first, _) = try reader.nextBytes(),
              let header = try? JSONSerialization.jsonObject(with: Data(first)) as? [String: Any],
              header["trace"] as? String == "qnet", let nodes = header["nodes"] as? [String],
              let runs = header["runs"] as? Int else {
            throw bad(1, "is not a qnet trace: expected a first line {\"trace\": \"qnet\", \"nodes\": […], …} (qnet run JOB --trace FILE)")
        }
        guard (0..<runs).contains(run) else { throw bad(1, "has runs 0…\(runs - 1); --run \(run) is not one of them") }
        var t = TraceTimeline()
        var named = Set<String>()
        var made: [Int: (ends: [String], time: Double, request: Int)] = [:]
        var used: [(pair: Int, time: Double)] = []
        var marks: [(node: String, mark: Mark)] = []
        var number = 1
        while let (bytes, _) = try reader.nextBytes() {
            number += 1
            guard let e = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                  let kind = e["event"] as? String, let time = (e["t"] as? NSNumber)?.doubleValue,
                  let r = e["run"] as? Int else {
                throw bad(number, "is not a trace event: expected {\"run\": N, \"t\": T, \"event\": KIND, …}")
            }
            counts[kind, default: 0] += 1
            guard r == run else { continue }
            t.duration = max(t.duration, time)
            let request = e["request"] as? Int ?? 0
            t.requests = max(t.requests, request + 1)
            let ends = e["ends"] as? [String] ?? [], pair = e["pair"] as? Int, node = e["node"] as? String
            named.formUnion(ends)
            if let node { named.insert(node) }
            switch kind {
            case "herald", "swap":
                if let pair { made[pair] = (ends, time, request) }
                for p in e["from"] as? [Int] ?? [] { used.append((p, time)) }
                if kind == "swap", let node { marks.append((node, Mark(lane: 0, time: time, kind: .swap))) }
            case "delivery", "discard":
                if let pair { used.append((pair, time)) }
                for end in ends { marks.append((end, Mark(lane: 0, time: time, kind: kind == "delivery" ? .delivery : .discard))) }
            default: break
            }
        }
        // Lanes: the nodes this run names, in the network's order, at most laneLimit.
        let shown = nodes.filter(named.contains)
        t.lanes = Array(shown.prefix(laneLimit))
        t.lanesLeftOut = shown.count - t.lanes.count
        let lane = Dictionary(uniqueKeysWithValues: t.lanes.enumerated().map { ($1, $0) })
        var usedAt: [Int: Double] = [:]
        for (p, time) in used where usedAt[p] == nil { usedAt[p] = time }
        for (id, m) in made.sorted(by: { $0.key < $1.key }) {
            let end = usedAt[id] ?? t.duration
            for node in m.ends { if let l = lane[node] { t.bars.append(Bar(lane: l, start: m.time, end: end, request: m.request)) } }
        }
        t.marks = marks.compactMap { node, mark in
            guard let l = lane[node] else { return nil }
            var m = mark
            m.lane = l
            return m
        }
        t.stack()
        return t
    }

    /// Tracks within each lane: a bar takes the lowest track free at its start.
    private mutating func stack() {
        bars.sort { ($0.lane, $0.start, $0.end) < ($1.lane, $1.start, $1.end) }
        var busyUntil: [Int: [Double]] = [:]
        for i in bars.indices {
            var tracks = busyUntil[bars[i].lane] ?? []
            let k = tracks.firstIndex { $0 <= bars[i].start } ?? min(tracks.count, Self.trackLimit - 1)
            if k == tracks.count { tracks.append(bars[i].end) } else { tracks[k] = max(tracks[k], bars[i].end) }
            bars[i].track = k
            busyUntil[bars[i].lane] = tracks
        }
    }

    private static let palette = ["#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]

    func svg(title: String) -> String {
        let left = 70.0, right = 170.0, top = 40.0, laneHeight = 26.0, plotWidth = 620.0
        let height = top + Double(max(1, lanes.count)) * laneHeight + 50, width = left + plotWidth + right
        let span = duration > 0 ? duration : 1
        let ticks = SVGPlot.ticks(0, span).filter { $0 <= span * 1.0001 }
        let (scale, unit) = span < 1e-3 ? (1e6, "µs") : span < 1 ? (1e3, "ms") : (1.0, "s")
        func x(_ t: Double) -> Double { left + t / span * plotWidth }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        func y(_ lane: Int) -> Double { top + Double(lane) * laneHeight }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(f(left))\" y=\"20\" font-size=\"13\">\(SVGPlot.escape(title))</text>\n"
        for (i, name) in lanes.enumerated() {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(i) + laneHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(i) + laneHeight))\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y(i) + laneHeight / 2 + 4))\" text-anchor=\"end\">\(SVGPlot.escape(name))</text>\n"
        }
        for b in bars {
            let w = max(0.5, x(b.end) - x(b.start))
            s += "<rect x=\"\(f(x(b.start)))\" y=\"\(f(y(b.lane) + 3 + Double(b.track) * 5))\" width=\"\(f(w))\" height=\"4\" "
                + "fill=\"\(Self.palette[b.request % Self.palette.count])\" fill-opacity=\"0.8\"/>\n"
        }
        for m in marks {
            let cx = x(m.time), cy = y(m.lane) + laneHeight / 2
            switch m.kind {
            case .swap: s += "<line x1=\"\(f(cx))\" y1=\"\(f(cy - 9))\" x2=\"\(f(cx))\" y2=\"\(f(cy + 9))\" stroke=\"black\" stroke-width=\"1\"/>\n"
            case .delivery: s += "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"3.5\" fill=\"#2ca02c\"/>\n"
            case .discard: s += "<text x=\"\(f(cx))\" y=\"\(f(cy + 4))\" text-anchor=\"middle\" fill=\"#d62728\" font-size=\"12\">×</text>\n"
            }
        }
        let axisY = top + Double(max(1, lanes.count)) * laneHeight
        s += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(axisY))\" stroke=\"black\"/>\n"
        for v in ticks {
            s += "<line x1=\"\(f(x(v)))\" y1=\"\(f(axisY))\" x2=\"\(f(x(v)))\" y2=\"\(f(axisY + 4))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(f(x(v)))\" y=\"\(f(axisY + 16))\" text-anchor=\"middle\">\(SVGPlot.format(v * scale))</text>\n"
        }
        s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(axisY + 34))\" text-anchor=\"middle\">simulated time (\(unit))</text>\n"
        // Legend: requests' colours, then the marks.
        var ly = top + 6
        let lx = left + plotWidth + 16
        for r in 0..<min(requests, Self.palette.count) {
            s += "<rect x=\"\(f(lx))\" y=\"\(f(ly - 4))\" width=\"14\" height=\"4\" fill=\"\(Self.palette[r])\"/>"
                + "<text x=\"\(f(lx + 20))\" y=\"\(f(ly))\">\(requests > Self.palette.count ? "requests \(r), \(r + Self.palette.count), …" : "request \(r)")</text>\n"
            ly += 16
        }
        s += "<line x1=\"\(f(lx + 7))\" y1=\"\(f(ly - 9))\" x2=\"\(f(lx + 7))\" y2=\"\(f(ly + 3))\" stroke=\"black\"/><text x=\"\(f(lx + 20))\" y=\"\(f(ly))\">swap</text>\n"
        ly += 16
        s += "<circle cx=\"\(f(lx + 7))\" cy=\"\(f(ly - 3))\" r=\"3.5\" fill=\"#2ca02c\"/><text x=\"\(f(lx + 20))\" y=\"\(f(ly))\">delivery</text>\n"
        ly += 16
        s += "<text x=\"\(f(lx + 7))\" y=\"\(f(ly + 1))\" text-anchor=\"middle\" fill=\"#d62728\" font-size=\"12\">×</text><text x=\"\(f(lx + 20))\" y=\"\(f(ly))\">discard</text>\n"
        if lanesLeftOut > 0 {
            s += "<text x=\"\(f(lx))\" y=\"\(f(ly + 24))\">\(lanesLeftOut) more nodes not drawn</text>\n"
        }
        return s + "</svg>\n"
    }
}
