import Foundation

/// What identifies the job that wrote a results file, kept beside it as
/// `FILE.job.json`: the results format, QNet's version, the protocol, runs,
/// seed, every fixed parameter, every swept axis and its values, the
/// columns, and a hash of the job's network (when it has one), with a 64-bit FNV-1a fingerprint of them all.
///
/// A sidecar rather than a comment line in the file: the CSV stays a plain
/// table that pandas, R and spreadsheets read with no options, and JSON Lines
/// stays one object per row. Resume and merge refuse a file whose sidecar is
/// missing or names another job; each kept row is still checked in full
/// (``RowCheck``), so a sidecar copied from elsewhere cannot make foreign rows
/// pass.
struct JobFingerprint {
    /// Bumped whenever the bytes QNet writes for a point change meaning.
    static let resultsFormat = 2

    /// Axes with more values than this are summarised (count, first, last,
    /// hash of all) in the sidecar; the fingerprint covers every value.
    static let listedValues = 1000

    /// The identifying fields, in order, as JSON-ready values.
    let fields: [(key: String, value: Any)]
    let fingerprint: String

    init(_ job: Job) {
        var fixed: [String: String] = [:]
        let swept = Set(job.sweep.axes.map(\.name))
        let first = job.parameters(0)
        for name in first.names where !swept.contains(name) { fixed[name] = first.values[name]?.description ?? "" }
        var hash = FNV1a()
        let axes: [[String: Any]] = job.sweep.axes.map { axis in
            var values = FNV1a()
            for v in axis.values { values.add(v.description + "\n") }
            var d: [String: Any] = ["parameter": axis.name, "count": axis.values.count,
                                    "values_fnv1a64": values.hex]
            if axis.values.count <= Self.listedValues { d["values"] = axis.values.map(\.description) } else {
                d["first"] = axis.values.first?.description ?? ""
                d["last"] = axis.values.last?.description ?? ""
            }
            return d
        }
        var fields: [(key: String, value: Any)] = [
            ("results_format", Self.resultsFormat), ("qnet_version", QNetVersion.current),
            ("protocol", job.spec.name), ("runs", job.runs), ("seed", String(job.seed)),
            ("points", job.sweep.count), ("sweep_mode", job.sweep.mode.rawValue),
            ("parameters", fixed), ("sweep", axes), ("columns", job.columns),
        ]
        // The whole network (as node-link JSON), so a changed file refuses to resume.
        if let network = job.network {
            var n = FNV1a()
            n.add(NodeLinkJSON.text(network))
            fields.append(("network_fnv1a64", n.hex))
        }
        for (k, v) in fields { hash.add(k + "=" + Self.canonical(v) + "\n") }
        self.fields = fields
        fingerprint = hash.hex
    }

    /// The sidecar's text for a file of `format` (and `shard`, if one).
    func sidecar(format: ResultFile.Format, shard: Shard?) -> String {
        var d = Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.value) })
        d["fingerprint"] = fingerprint
        d["format"] = format.rawValue
        d["shard"] = shard.map { "\($0.index)/\($0.count)" } ?? NSNull()
        return Self.json(d, pretty: true) + "\n"
    }

    /// Writes the sidecar of `file` (through a temporary file and a rename).
    func write(for file: ResultFile, shard: Shard?) throws(JobError) {
        try AtomicLineWriter.write(sidecar(format: file.format, shard: shard), to: file.fingerprintPath)
    }

    /// Throws unless `file`'s sidecar names this job (and `shard`): the
    /// first field that differs is named with both values.
    func check(_ file: ResultFile, shard: Shard?) throws(JobError) {
        let path = file.fingerprintPath
        let advice = "; move \(file.path) away or run with --force to replace it"
        guard try LockedFile.resolveExisting(path) else {
            throw JobError(file: file.path, location: nil, "has no job fingerprint (\(path) is missing), so its rows cannot be "
                           + "proven to belong to this job\(advice)")
        }
        let text = try InputText.read(path, what: "job fingerprint", limit: 64 << 20)
        guard let d = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw JobError(file: path, location: nil, "is not a QNet job fingerprint (JSON object expected)\(advice)")
        }
        for (key, value) in fields {
            let theirs = d[key].map(Self.canonical) ?? "nothing"
            let ours = Self.canonical(value)
            guard theirs == ours else {
                throw JobError(file: file.path, location: nil, "was written by another job: \(key) there = "
                               + "\(theirs.prefix(200)), here = \(ours.prefix(200))\(advice)")
            }
        }
        guard d["fingerprint"] as? String == fingerprint else {
            throw JobError(file: path, location: nil, "holds fingerprint \(d["fingerprint"] ?? "nothing"), this job's is \(fingerprint)\(advice)")
        }
        let theirShard = d["shard"] as? String, ourShard = shard.map { "\($0.index)/\($0.count)" }
        guard theirShard == ourShard else {
            throw JobError(file: file.path, location: nil, "was written as \(theirShard.map { "shard \($0)" } ?? "a whole run"), "
                           + "this is \(ourShard.map { "shard \($0)" } ?? "a whole run")\(advice)")
        }
    }

    /// JSON with sorted keys: one text per value, for hashing and comparing.
    static func canonical(_ value: Any) -> String { json(value, pretty: false) }

    private static func json(_ value: Any, pretty: Bool) -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        if pretty { options.insert(.prettyPrinted) }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: options) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The 64-bit FNV-1a hash of text added piece by piece.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for b in text.utf8 { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
    }

    var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
