/// Proves that a line of a results file is a whole row of one job's point:
/// its index is one of the job's (and the shard's) points, every field up to
/// the seed is byte for byte what this job writes for that point (index,
/// every parameter, runs, seed), and the rest are the outputs and wall time,
/// each a number or empty. Resume and merge keep a row only after this.
struct RowCheck {
    let file: ResultFile
    let job: Job
    /// The shard whose points the file may hold (nil: every point).
    let shard: Shard?

    /// Columns fixed by the point: index, parameters, runs, seed.
    private var leadingCount: Int { job.parameterDefinitions.count + 3 }

    /// The point `line` (line `number` of the file) holds; throws naming the
    /// first field that does not belong to this job.
    func index(of line: Substring, number: Int) throws(JobError) -> Int {
        func bad(_ message: String) -> JobError {
            JobError(file: file.path, location: JobLocation(line: number, column: nil, keyPath: ""),
                     "\(message); move the file away or run with --force to replace it")
        }
        guard let i = file.claimedIndex(of: line) else {
            throw bad("is not a \(file.format.rawValue) row of results: expected a point index first, found \"\(line.prefix(40))\"")
        }
        let total = job.sweep.count
        guard (0..<total).contains(i) else { throw bad("holds point \(i), outside this job's points 0…\(total - 1)") }
        if let shard, i % shard.count != shard.index {
            throw bad("holds point \(i), which belongs to shard \(i % shard.count)/\(shard.count), not \(shard.index)/\(shard.count)")
        }
        let leading = job.leadingCells(i)
        let prefix = file.fields(leading, from: 0) + ","
        guard line.hasPrefix(prefix) else { throw bad(mismatch(line, point: i, leading)) }
        try checkOutputs(line.dropFirst(prefix.count), point: i, bad)
        return i
    }

    /// Which leading field differs, with both values (or where the row stops).
    private func mismatch(_ line: Substring, point i: Int, _ leading: [Cell]) -> String {
        func cutShort(after j: Int) -> String {
            "holds point \(i) cut short after \(job.columns[j - 1]) (\(j) of \(job.columns.count) fields): a row cut short"
        }
        for j in 1..<leading.count where !line.hasPrefix(file.fields(Array(leading[...j]), from: 0) + ",") {
            let start = file.fields(Array(leading[..<j]), from: 0)
            guard line.hasPrefix(start + ",") else { return cutShort(after: j) }
            var found = line.dropFirst(start.count + 1)
            if file.format == .jsonl { found = found.drop { $0 != ":" }.dropFirst() }
            let value = found.prefix { $0 != "," && $0 != "}" }
            if value.isEmpty && found.count == value.count { return cutShort(after: j) }
            let expected = file.format == .csv ? leading[j].csv : leading[j].json
            return "holds point \(i) with \(job.columns[j]) = \(value.isEmpty ? "nothing" : String(value)), "
                + "but this job's point \(i) has \(job.columns[j]) = \(expected): the row was written by another job"
        }
        return cutShort(after: leading.count)
    }

    /// The outputs and the wall time: one field per column, each a number or empty.
    private func checkOutputs(_ rest: Substring, point i: Int, _ bad: (String) -> JobError) throws(JobError) {
        let names = job.columns[leadingCount...]
        switch file.format {
        case .csv:
            let fields = rest.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == names.count else {
                throw bad("holds point \(i) with \(leadingCount + fields.count) fields, expected \(job.columns.count) (a row cut short?)")
            }
            for (name, f) in zip(names, fields) where !f.isEmpty && Double(f) == nil {
                throw bad("holds point \(i) with \(name) = \(f.prefix(30)): expected a number or nothing")
            }
        case .jsonl:
            var rest = rest
            for (k, name) in names.enumerated() {
                let key = Cell.quoteJSON(name) + ":"
                guard rest.hasPrefix(key) else {
                    throw bad("holds point \(i) without \(name) where it belongs (a row cut short or edited?)")
                }
                rest = rest.dropFirst(key.count)
                let value = rest.prefix { $0 != "," && $0 != "}" }
                let isNumber = value.first.map { $0 == "-" || $0.isNumber } == true && Double(value) != nil
                guard isNumber || ["null", "\"inf\"", "\"-inf\"", "\"nan\""].contains(value) else {
                    throw bad("holds point \(i) with \(name) = \(value.prefix(30)): expected a number or null")
                }
                rest = rest.dropFirst(value.count)
                let last = k == names.count - 1
                guard rest.hasPrefix(last ? "}" : ",") else { throw bad("holds point \(i) with a malformed row after \(name)") }
                rest = rest.dropFirst()
            }
            guard rest.isEmpty else { throw bad("holds point \(i) with text after the row's closing brace") }
        }
    }
}

extension Job {
    /// The cells every row of point `index` starts with: index, every
    /// parameter, runs and seed. What a row must repeat exactly to be kept.
    func leadingCells(_ index: Int) -> [Cell] {
        let params = parameters(index)
        var cells: [Cell] = [.integer(index)]
        for name in params.names {
            switch params.values[name] {
            case let .number(x)?: cells.append(.number(x))
            case let .text(s)?: cells.append(.text(s))
            case nil: cells.append(.empty)
            }
        }
        cells.append(.integer(runs))
        cells.append(.text(String(pointSeed(index))))
        return cells
    }
}

/// The rows of a results file, every one checked: for each point (first
/// occurrence), the byte range of its line.
struct ScannedRows {
    var ranges: [Int: Range<Int>] = [:]
    /// An unfinished last line (a write cut by a kill), if any.
    var partialTail: Range<Int>?
    /// Bytes of the whole file as scanned.
    var size = 0
}

extension RowCheck {
    /// Reads every line of the file (nothing there: no rows) and checks the
    /// header and each row; throws on the first line that is not this job's.
    func scan() throws(JobError) -> ScannedRows {
        guard var reader = try LineReader.open(file.path) else { return ScannedRows() }
        defer { reader.close() }
        var out = ScannedRows()
        var number = 0
        while let (line, range) = try reader.next() {
            number += 1
            out.size = range.upperBound + 1
            if number == 1, let header = file.header {
                guard line == header else {
                    throw JobError(file: file.path, location: JobLocation(line: 1, column: 1, keyPath: ""),
                                   "holds other columns than this job writes; move it away or run with --force to replace it")
                }
                continue
            }
            let i = try index(of: line, number: number)
            if out.ranges[i] == nil { out.ranges[i] = range }
        }
        out.partialTail = reader.partialTail
        if let tail = reader.partialTail { out.size = tail.upperBound }
        return out
    }

    /// Rewrites the file with its rows sorted by index (a point written twice
    /// kept once), through a temporary file and a rename, so it is never half
    /// written. Skipped when the file is already so.
    func sort(_ rows: ScannedRows) throws(JobError) {
        let ranges = rows.ranges.keys.sorted().map { rows.ranges[$0]! }
        let inOrder = zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound }
        let covered = ranges.reduce(file.header.map { $0.utf8.count + 1 } ?? 0) { $0 + $1.count + 1 }
        if inOrder && covered == rows.size { return }
        guard let input = try LineReader.open(file.path) else {
            throw JobError(file: file.path, location: nil, "disappeared before it could be sorted")
        }
        defer { input.close() }
        var out = try AtomicLineWriter(path: file.path, header: file.header)
        do {
            for r in ranges { try out.append(try input.bytes(r)) }
            try out.finish()
        } catch {
            out.abandon()
            if let e = error as? JobError { throw e }
            let why = (error as? LockedFile.WriteFailure)?.message ?? "\(error)"
            throw JobError(file: file.path, location: nil, "\(why) while sorting its rows: the file is unchanged "
                           + "and complete; free space and run with --resume to sort it")
        }
    }
}
