import Foundation
import struct QuantumNetwork.NetworkDescription
import QuantumSim
import Yams

/// A job file, read and checked: a protocol, fixed parameters, a sweep,
/// runs and a seed per point, outputs and a plot.
///
/// JSON and YAML share one schema (JSON is read as YAML); see docs/jobs.md.
public struct Job: Sendable {
    /// The file it came from (for messages).
    public let file: String
    public let name: String
    public let spec: ProtocolSpec
    /// The network the job runs on (`network:`), or nil for the protocol's own topology.
    public let network: NetworkDescription?
    /// Every parameter of a point, in column order: the protocol's (or its
    /// network form's), then the network elements the job names.
    public let parameterDefinitions: [ParameterDefinition]
    /// Output columns after the inputs, with units.
    public let outputs: [(name: String, unit: String)]
    /// The network elements the job sets or sweeps, in application order.
    let elements: [NetworkElement]
    /// Monte-Carlo runs per point (pulses for QKD).
    public let runs: Int
    public let seed: UInt64
    public let sweep: Sweep
    /// Output paths named in the file (relative to the file's directory), if any.
    public let csv: String?, jsonl: String?
    /// Plot defaults from the file, if any.
    public let plot: PlotRequest?
    /// Where each fixed or swept parameter was written, for messages.
    let locations: [String: JobLocation]
    /// Where `output.csv` and `output.jsonl` were written, for messages.
    let outputLocations: [String: JobLocation]

    static let topKeys = ["protocol", "name", "network", "runs", "seed", "max_points", "parameters", "sweep", "output", "plot"]

    /// Most points a job may have unless it says `max_points`: a guard
    /// against a sweep that would run for years.
    public static let defaultMaximumPoints = 100_000_000

    /// A job name: it becomes a file name (NAME.csv), so letters, digits,
    /// `.`, `_` and `-`, starting with a letter, digit or `_`, at most 100.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 100 else { return false }
        func plain(_ c: Unicode.Scalar) -> Bool { c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)) }
        return (plain(first) || first == "_") && name.unicodeScalars.allSatisfy { plain($0) || "._-".unicodeScalars.contains($0) }
    }

    /// Reads and checks `path`: syntax, names, kinds and ranges of every
    /// value, and every point's physics (by building it), before anything runs.
    /// The job names one of `protocols` (default: the built-in and registered ones).
    public static func load(_ path: String, protocols: [ProtocolSpec] = ProtocolCatalog.all) throws(JobError) -> Job {
        return try parse(try InputText.read(path, what: "job file", limit: 16 << 20), file: path, protocols: protocols)
    }

    /// Parses job text (YAML or JSON); `file` names it in messages and
    /// anchors relative output paths.
    public static func parse(_ text: String, file: String, protocols: [ProtocolSpec] = ProtocolCatalog.all)
        throws(JobError) -> Job
    {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw JobError(file: file, location: Self.location(of: error), "not valid YAML or JSON: \(Self.problem(of: error))")
        }
        guard let root, let top = root.mapping else {
            throw JobError(file: file, location: JobLocation(line: root?.mark?.line, column: root?.mark?.column, keyPath: ""),
                           "expected a mapping with keys \(choices(topKeys))")
        }
        var reader = NodeReader(file: file)
        return try reader.job(top, root: root, protocols: protocols)
    }

    /// Every point, built (which checks its physics) and discarded.
    /// `report(done, total)` is called every `every` points and at the end;
    /// returning false stops the validation early (Ctrl-C).
    public func validatePoints(every: Int = 1000,
                               report: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) throws(JobError) {
        for i in 0..<sweep.count {
            _ = try prepare(i)
            if (i + 1) % every == 0 || i + 1 == sweep.count {
                guard report(i + 1, sweep.count) else { return }
            }
        }
    }

    /// The parameters of point `index`.
    public func parameters(_ index: Int) -> ParameterSet { sweep.parameters(at: index) }

    /// Point `index` built and ready to run.
    func prepare(_ index: Int) throws(JobError) -> PreparedPoint {
        let p = sweep.parameters(at: index)
        do {
            guard let network, let form = spec.network else { return try spec.prepare(p) }
            var d = network
            for e in elements { if let v = p.values[e.definition.name] { e.apply(v, &d) } }
            return try form.prepare(p, d)
        } catch {
            let swept = sweep.axes.map { "\($0.name) = \(p.values[$0.name]!)" }.joined(separator: ", ")
            throw JobError(file: file, location: JobLocation(line: nil, column: nil, keyPath: sweep.axes.isEmpty ? "parameters" : "sweep"),
                           "point \(index)\(swept.isEmpty ? "" : " (\(swept))"): \(error)")
        }
    }

    /// The seed of point `index`: derived from the job's seed and the index
    /// only, so results do not depend on threads, order or resumption.
    public func pointSeed(_ index: Int) -> UInt64 { SeededGenerator.derivedSeed(seed, index: index) }

    private static func location(of error: Error) -> JobLocation? {
        guard let y = error as? YamlError else { return nil }
        switch y {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return JobLocation(line: mark.line, column: mark.column, keyPath: "")
        default: return nil
        }
    }

    private static func problem(of error: Error) -> String {
        guard let y = error as? YamlError else { return "\(error)" }
        switch y {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _),
             let .composer(context, problem, _, _):
            return [context.map { "\($0.text)" }, problem].compactMap { $0 }.joined(separator: ": ")
        default: return "\(y)"
        }
    }
}

/// What `--plot` draws: `y` against `x`, one line per value of `series`.
public struct PlotRequest: Sendable, Hashable {
    public var x: String
    public var y: String
    public var series: String?
    /// Logarithmic x axis (default: when x was swept by a `log` range).
    public var logX: Bool?
    /// Logarithmic y axis (rates spanning decades); points at or below 0 are left out.
    public var logY = false
}

/// The job file's own reading (the generic helpers are in NodeReader.swift).
extension NodeReader {
    mutating func job(_ top: Node.Mapping, root: Node, protocols: [ProtocolSpec]) throws(JobError) -> Job {
        let e = try entries(top, "", allowed: Job.topKeys)
        func node(_ key: String) -> Node? { e.first { $0.0 == key }?.2 }
        guard let protoNode = node("protocol") else {
            throw fail(root, "protocol", "missing key \"protocol\": expected one of \(choices(protocols.map(\.name)))")
        }
        let protoName = try scalarText(protoNode, "protocol", what: "a protocol name")
        guard let spec = protocols.first(where: { $0.name == protoName }) else {
            throw fail(protoNode, "protocol", "unknown protocol \"\(protoName)\": expected one of \(choices(protocols.map(\.name)))")
        }
        let name = try node("name").map { (n) throws(JobError) -> String in
            let t = try scalarText(n, "name", what: "a name")
            guard Job.isValidName(t) else {
                throw fail(n, "name", "name \(Cell.quoteJSON(t)) is not a plain file name: expected 1 to 100 letters, digits, "
                           + "\".\", \"_\" or \"-\", starting with a letter, digit or \"_\"")
            }
            return t
        } ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let maxPoints = try node("max_points").map { (n) throws(JobError) in try integer(n, "max_points", range: 1...Int.max) }
            ?? Job.defaultMaximumPoints
        let runs = try node("runs").map { (n) throws(JobError) in try integer(n, "runs", range: 1...1_000_000_000) } ?? 100
        let seed: UInt64 = try node("seed").map { (n) throws(JobError) -> UInt64 in
            guard let s = n.scalar?.string, let v = UInt64(s) else {
                throw fail(n, "seed", "expected a whole number ≥ 0, found \(n.scalar?.string ?? "a collection")")
            }
            return v
        } ?? 0

        var table = JobParameters(spec: spec)
        if let nn = node("network") { try table.use(try jobNetwork(nn, spec: spec, protocols: protocols)) }

        var fixed: [String: ParameterValue] = [:]
        var locations: [String: JobLocation] = [:]
        if let pn = node("parameters") {
            guard let m = pn.mapping else { throw fail(pn, "parameters", "expected a mapping of parameter names to values") }
            // Element keys join the table as they are named, so they are checked where they are written.
            for (k, _) in m {
                if let key = k.string, NetworkElement.isElementKey(key) {
                    _ = try table.definition(key, self, k, "parameters.\(key)")
                }
            }
            for (key, kn, vn) in try entries(m, "parameters", allowed: table.names) {
                let path = "parameters.\(key)"
                let def = try table.definition(key, self, kn, path)
                let v = try value(vn, path, for: def)
                try check(v, def, vn, path)
                fixed[key] = v
                locations[key] = JobLocation(line: kn.mark?.line, column: kn.mark?.column, keyPath: path)
            }
        }

        var axes: [Sweep.Axis] = []
        var mode = Sweep.Mode.product
        if let sn = node("sweep") {
            guard let m = sn.mapping else { throw fail(sn, "sweep", "expected a mapping with \"axes\" (and \"mode\")") }
            for (key, _, vn) in try entries(m, "sweep", allowed: ["mode", "axes"]) {
                if key == "mode" {
                    let t = try scalarText(vn, "sweep.mode", what: "\"product\" or \"zip\"")
                    guard let md = Sweep.Mode(rawValue: t) else {
                        throw fail(vn, "sweep.mode", "unknown mode \"\(t)\": expected one of \(choices(Sweep.Mode.allCases.map(\.rawValue)))")
                    }
                    mode = md
                } else {
                    guard let seq = vn.sequence, !seq.isEmpty else {
                        throw fail(vn, "sweep.axes", "expected a list of axes, each {parameter: NAME, values|linear|log: ...}")
                    }
                    for (i, an) in seq.enumerated() {
                        // The most values this axis may have before the sweep passes max_points.
                        let room = mode == .product ? maxPoints / max(1, Sweep.pointCount(axes: axes, mode: .product) ?? .max) : maxPoints
                        axes.append(try axis(an, "sweep.axes[\(i)]", table: &table, fixed: fixed, taken: axes.map(\.name),
                                             room: room, locations: &locations))
                        // Checked as the axes come, so a huge sweep is refused before its other axes are built.
                        if mode == .product, (Sweep.pointCount(axes: axes, mode: .product) ?? .max) > maxPoints {
                            throw fail(an, "sweep.axes[\(i)]", "the sweep has more than \(maxPoints) points (the axes so far: "
                                       + axes.map { "\($0.values.count)" }.joined(separator: " × ") + "): split it into several "
                                       + "jobs or shards, or raise max_points (default \(Job.defaultMaximumPoints))")
                        }
                    }
                }
            }
        }
        var csv: String?, jsonl: String?
        var outputLocations: [String: JobLocation] = [:]
        if let on = node("output") {
            guard let m = on.mapping else { throw fail(on, "output", "expected a mapping with \"csv\" and/or \"jsonl\"") }
            for (key, _, vn) in try entries(m, "output", allowed: ["csv", "jsonl"]) {
                let path = try scalarText(vn, "output.\(key)", what: "a file path")
                outputLocations["output.\(key)"] = JobLocation(line: vn.mark?.line, column: vn.mark?.column, keyPath: "output.\(key)")
                if key == "csv" { csv = path } else { jsonl = path }
            }
        }
        var plot: PlotRequest?
        if let pn = node("plot") {
            guard let m = pn.mapping else { throw fail(pn, "plot", "expected a mapping with \"x\", \"y\" and \"series\"") }
            var req = PlotRequest(x: axes.first?.name ?? "", y: "fidelity", series: nil, logX: nil)
            for (key, _, vn) in try entries(m, "plot", allowed: ["x", "y", "series", "log_x", "log_y"]) {
                switch key {
                case "log_y": req.logY = try boolean(vn, "plot.log_y")
                case "log_x": req.logX = try boolean(vn, "plot.log_x")
                default:
                    let t = try scalarText(vn, "plot.\(key)", what: "a column name")
                    if key == "x" { req.x = t } else if key == "y" { req.y = t } else { req.series = t }
                }
            }
            plot = req
        }
        if mode == .zip, let first = axes.first, let bad = axes.first(where: { $0.values.count != first.values.count }) {
            throw fail(nil, "sweep.axes", "zip needs axes of one length: \(first.name) has \(first.values.count) values, \(bad.name) \(bad.values.count)")
        }
        guard let count = Sweep.pointCount(axes: axes, mode: mode), count <= maxPoints else {
            let sizes = axes.map { "\($0.values.count)" }.joined(separator: " × ")
            throw fail(node("sweep"), "sweep", "the sweep has \(sizes) points, more than the \(maxPoints) a job may have: "
                       + "split it into several jobs or shards, or raise max_points (default \(Job.defaultMaximumPoints))")
        }
        let sweep = Sweep(definitions: table.definitions, fixed: fixed, axes: axes, mode: mode, count: count)
        let job = Job(file: file, name: name, spec: spec, network: table.network, parameterDefinitions: table.definitions,
                      outputs: table.outputs, elements: table.elements.sorted { $0.order < $1.order }, runs: runs,
                      seed: seed, sweep: sweep, csv: csv, jsonl: jsonl, plot: plot, locations: locations,
                      outputLocations: outputLocations)
        if let plot { try job.checkPlot(plot) }
        return job
    }

    func check(_ v: ParameterValue, _ def: ParameterDefinition, _ n: Node, _ path: String) throws(JobError) {
        guard def.accepts(v) else {
            throw fail(n, path, "\(def.name) = \(v) is invalid: expected \(def.expected)")
        }
    }

    func axis(_ an: Node, _ path: String, table: inout JobParameters, fixed: [String: ParameterValue], taken: [String], room: Int,
              locations: inout [String: JobLocation]) throws(JobError) -> Sweep.Axis {
        guard let m = an.mapping else { throw fail(an, path, "expected {parameter: NAME, values|linear|log: ...}") }
        let e = try entries(m, path, allowed: ["parameter", "values", "linear", "log"])
        guard let (_, _, pn) = e.first(where: { $0.0 == "parameter" }) else {
            throw fail(an, path, "missing key \"parameter\": the name of the swept parameter")
        }
        let name = try scalarText(pn, "\(path).parameter", what: "a parameter name")
        let def = try table.definition(name, self, pn, "\(path).parameter")
        guard fixed[name] == nil else { throw fail(pn, "\(path).parameter", "\(name) is both fixed under \"parameters\" and swept") }
        guard !taken.contains(name) else { throw fail(pn, "\(path).parameter", "\(name) is swept twice") }
        locations[name] = JobLocation(line: pn.mark?.line, column: pn.mark?.column, keyPath: "\(path).parameter")
        let ranges = e.filter { $0.0 != "parameter" }
        guard ranges.count == 1, let (kind, _, rn) = ranges.first else {
            throw fail(an, path, "expected exactly one of \"values\", \"linear\", \"log\"")
        }
        var values: [ParameterValue] = []
        var isLog = false
        switch kind {
        case "values":
            guard let seq = rn.sequence, !seq.isEmpty else { throw fail(rn, "\(path).values", "expected a non-empty list") }
            for (i, vn) in seq.enumerated() { values.append(try value(vn, "\(path).values[\(i)]", for: def)) }
            for (i, (v, vn)) in zip(values, seq).enumerated() { try check(v, def, vn, "\(path).values[\(i)]") }
        default:
            let rpath = "\(path).\(kind)"
            guard let rm = rn.mapping else { throw fail(rn, rpath, "expected {from: X, to: Y, count: N}") }
            var from: Double?, to: Double?, count: Int?
            for (key, _, vn) in try entries(rm, rpath, allowed: ["from", "to", "count"]) {
                if key == "count" { count = try integer(vn, "\(rpath).count", range: 1...10_000_000) } else {
                    guard case let .number(x) = try value(vn, "\(rpath).\(key)"), x.isFinite else {
                        throw fail(vn, "\(rpath).\(key)", "expected a finite number")
                    }
                    if key == "from" { from = x } else { to = x }
                }
            }
            guard let from, let to, let count else { throw fail(rn, rpath, "expected all of \"from\", \"to\", \"count\"") }
            // Refused before 10^7 values are made for nothing.
            guard count <= room else {
                throw fail(rn, "\(rpath).count", "count \(count) takes the sweep past the most points a job may have (max_points): "
                           + "at most \(room) values fit here; split the job into several jobs or shards, or raise max_points "
                           + "(default \(Job.defaultMaximumPoints))")
            }
            if kind == "log" {
                isLog = true
                guard from > 0, to > 0 else { throw fail(rn, rpath, "a log range needs from > 0 and to > 0") }
            }
            values = Sweep.range(from: from, to: to, count: count, log: isLog).map { .number($0) }
            for v in values where !def.accepts(v) {
                throw fail(rn, rpath, "\(name) = \(v) is invalid: expected \(def.expected)")
            }
        }
        return Sweep.Axis(name: name, values: values, logarithmic: isLog)
    }
}

extension Job {
    /// The columns a point writes, in order: index, every parameter, runs,
    /// seed, the protocol's outputs, wall time.
    public var columns: [String] {
        ["index"] + parameterDefinitions.map(\.name) + ["runs", "seed"] + outputs.map(\.name) + ["wall_time_s"]
    }

    /// The unit of a column ("" if none).
    public func unit(of column: String) -> String {
        if column == "wall_time_s" { return "s" }
        return parameterDefinitions.first { $0.name == column }?.unit ?? outputs.first { $0.name == column }?.unit ?? ""
    }

    func checkPlot(_ p: PlotRequest) throws(JobError) {
        for (role, c) in [("x", p.x), ("y", p.y)] + (p.series.map { [("series", $0)] } ?? []) where !columns.contains(c) {
            throw JobError(file: file, location: JobLocation(line: nil, column: nil, keyPath: "plot.\(role)"),
                           "unknown column \"\(c)\": expected one of \(choices(columns))")
        }
    }
}
