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

    /// The complete rows already in the file, by index (first occurrence),
    /// after dropping a partial last line left by a crash. Throws when the
    /// file holds other columns or lines that are not rows.
    func existingRows() throws(JobError) -> [Int: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw JobError(file: path, location: nil, "cannot read the results to resume: \(error.localizedDescription)")
        }
        let text = String(decoding: data, as: UTF8.self)
        // Only lines ending in a newline are complete; a crash can leave a partial one.
        let complete = text.hasSuffix("\n") ? Substring(text) : text[..<(text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex)]
        var lines = complete.split(separator: "\n", omittingEmptySubsequences: true)
        if let header {
            guard let first = lines.first else { return [:] }
            guard first == header else {
                throw JobError(file: path, location: JobLocation(line: 1, column: 1, keyPath: ""),
                               "holds other columns than this job writes; move it away or run with --force to replace it")
            }
            lines.removeFirst()
        }
        var rows: [Int: String] = [:]
        for (k, l) in lines.enumerated() {
            guard let i = index(of: l) else {
                throw JobError(file: path, location: JobLocation(line: k + (header == nil ? 1 : 2), column: 1, keyPath: ""),
                               "is not a \(format.rawValue) results line of this job: \(l.prefix(60))")
            }
            if rows[i] == nil { rows[i] = String(l) }
        }
        return rows
    }

    /// Rewrites the file with `rows` sorted by index (through a temporary
    /// file and a rename, so the file is never half written).
    func rewrite(_ rows: [Int: String]) throws(JobError) {
        var text = header.map { $0 + "\n" } ?? ""
        for i in rows.keys.sorted() { text += rows[i]! + "\n" }
        let tmp = path + ".tmp"
        do { try text.write(toFile: tmp, atomically: false, encoding: .utf8) } catch {
            throw JobError(file: path, location: nil, "cannot write the results: \(error.localizedDescription)")
        }
        guard rename(tmp, path) == 0 else {
            throw JobError(file: path, location: nil, "cannot replace the results file: \(String(cString: strerror(errno)))")
        }
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
