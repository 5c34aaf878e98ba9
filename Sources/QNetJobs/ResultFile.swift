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
/// `-` is standard output. Beside a file, `FILE.job.json` identifies the job
/// that wrote it (``JobFingerprint``).
struct ResultFile: Sendable {
    enum Format: String, Sendable { case csv, jsonl }

    let path: String
    let format: Format
    let columns: [String]

    /// `-`: rows go to standard output, in point order, and cannot resume.
    var isStandardOutput: Bool { path == "-" }

    var header: String? { format == .csv ? columns.joined(separator: ",") : nil }

    /// The job fingerprint beside the file.
    var fingerprintPath: String { path + ".job.json" }

    /// The line of one row (without the newline).
    func line(_ cells: [Cell]) -> String {
        fields(cells, from: 0) + (format == .jsonl ? "}" : "")
    }

    /// The text of `cells` as the fields from column `first` on: with the
    /// opening brace in JSON Lines when `first` is 0, without the closing one.
    func fields(_ cells: [Cell], from first: Int) -> String {
        switch format {
        case .csv: return cells.map(\.csv).joined(separator: ",")
        case .jsonl:
            let body = zip(columns[first...], cells).map { "\(Cell.quoteJSON($0)):\($1.json)" }.joined(separator: ",")
            return (first == 0 ? "{" : "") + body
        }
    }

    /// The point index a line claims (its first field), if it has one.
    func claimedIndex(of line: Substring) -> Int? {
        switch format {
        case .csv: return line.prefix { $0 != "," }.isEmpty ? nil : Int(line.prefix { $0 != "," })
        case .jsonl:
            let prefix = "{\"index\":"
            guard line.hasPrefix(prefix) else { return nil }
            return Int(line.dropFirst(prefix.count).prefix { $0 != "," && $0 != "}" })
        }
    }
}
