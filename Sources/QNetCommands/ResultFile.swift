import Foundation

/// One cell of a result row.
enum Cell: Sendable, Hashable {
    case integer(Int)
    case number(Double)
    case text(String)
    case empty

    /// CSV text: numbers in Swift's shortest round-trip form (so identical
    /// numbers give identical bytes), names quoted when they need it.
    var csv: String {
        switch self {
        case let .integer(i): return String(i)
        case let .number(x): return ParameterValue.number(x).description
        case let .text(s):
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .empty: return ""
        }
    }

    /// JSON text: non-finite numbers as the strings "inf", "-inf", "nan".
    var json: String {
        switch self {
        case let .integer(i): return String(i)
        case let .number(x): return x.isFinite ? ParameterValue.number(x).description : "\"\(x)\""
        case let .text(s): return Cell.quoteJSON(s)
        case .empty: return "null"
        }
    }

    static func quoteJSON(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// As a number for plotting, if it is one.
    var number: Double? {
        switch self {
        case let .integer(i): return Double(i)
        case let .number(x): return x
        case let .text(s): return Double(s)
        case .empty: return nil
        }
    }
}

/// A results file of one format: one line per point, keyed by the point's
/// index (the first field), written as points finish and sorted at the end.
struct ResultFile: Sendable {
    enum Format: String, Sendable { case csv, jsonl }

    let path: String
    let format: Format
    let columns: [String]

    var header: String? { format == .csv ? columns.joined(separator: ",") : nil }

    /// The line of one row (without the newline).
    func line(_ cells: [Cell]) -> String {
        switch format {
        case .csv: return cells.map(\.csv).joined(separator: ",")
        case .jsonl:
            return "{" + zip(columns, cells).map { "\(Cell.quoteJSON($0)):\($1.json)" }.joined(separator: ",") + "}"
        }
    }

    /// The point index a line holds, if it is a complete row of this format.
    func index(of line: Substring) -> Int? {
        switch format {
        case .csv: return line.split(separator: ",", maxSplits: 1).first.flatMap { Int($0) }
        case .jsonl:
            let prefix = "{\"index\":"
            guard line.hasPrefix(prefix), line.hasSuffix("}") else { return nil }
            return Int(line.dropFirst(prefix.count).prefix { $0.isNumber })
        }
    }

    /// The complete rows already in the file: for each point index (first
    /// occurrence), the byte range of its line. A partial last line left by
    /// a crash is ignored. The file is read in 1 MiB blocks, so memory is the
    /// 16 bytes per row of the table, not the rows. Throws when the file
    /// holds other columns or lines that are not rows.
    func scan() throws(JobError) -> [Int: Range<Int>] {
        guard var reader = LineReader(path: path) else { return [:] }
        defer { reader.close() }
        var rows: [Int: Range<Int>] = [:]
        var lineNumber = 0
        while let (line, range) = reader.next() {
            lineNumber += 1
            if lineNumber == 1, let header {
                guard line == header else {
                    throw JobError(file: path, location: JobLocation(line: 1, column: 1, keyPath: ""),
                                   "holds other columns than this job writes; move it away or run with --force to replace it")
                }
                continue
            }
            if line.isEmpty { continue }
            guard let i = index(of: line) else {
                throw JobError(file: path, location: JobLocation(line: lineNumber, column: 1, keyPath: ""),
                               "is not a \(format.rawValue) results line of this job: \(line.prefix(60))")
            }
            if rows[i] == nil { rows[i] = range }
        }
        return rows
    }

    /// Rewrites the file with its rows sorted by index (duplicates and a
    /// partial last line dropped), through a temporary file and a rename, so
    /// it is never half written. Skipped when the file is already in order.
    func sort() throws(JobError) {
        let rows = try scan()
        let ranges = rows.keys.sorted().map { rows[$0]! }
        let inOrder = zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
        let covered = ranges.reduce(header.map { $0.utf8.count + 1 } ?? 0) { $0 + $1.count + 1 }
        if inOrder && covered == size { return }
        guard let input = FileHandle(forReadingAtPath: path) else {
            throw JobError(file: path, location: nil, "cannot be read")
        }
        defer { input.closeFile() }
        var out = try AtomicLineWriter(path: path, header: header)
        for r in ranges {
            input.seek(toFileOffset: UInt64(r.lowerBound))
            out.append(input.readData(ofLength: r.count))
        }
        try out.finish()
    }

    /// The rows as text, by index (for plots and tables of modest jobs).
    func rows() throws(JobError) -> [Int: String] {
        let ranges = try scan()
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return ranges.mapValues { String(decoding: data[$0], as: UTF8.self) }
    }
}

/// Appends lines to a file, one write per line, so a killed process leaves
/// only complete lines (and at most one partial last line, dropped on resume).
final class LineAppender: @unchecked Sendable {
    private let handle: FileHandle
    let path: String

    /// Opens `path` for appending; creates it (with `header`) when it is new
    /// or when `truncate` is set.
    init(path: String, header: String?, truncate: Bool) throws(JobError) {
        self.path = path
        let fm = FileManager.default
        if truncate || !fm.fileExists(atPath: path) {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {}
            guard fm.createFile(atPath: path, contents: header.map { Data(($0 + "\n").utf8) } ?? Data()) else {
                throw JobError(file: path, location: nil, "cannot create the results file")
            }
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw JobError(file: path, location: nil, "cannot open the results file for writing")
        }
        handle = h
        handle.seekToEndOfFile()
    }

    func append(_ line: String) { handle.write(Data((line + "\n").utf8)) }

    /// Cuts a partial last line (from a crash) so appends start on a new line.
    static func dropPartialLine(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path), let last = data.last, last != UInt8(ascii: "\n"),
              let h = FileHandle(forWritingAtPath: path) else { return }
        let keep = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        h.truncateFile(atOffset: UInt64(keep))
        h.closeFile()
    }

    deinit { handle.closeFile() }
}
