/// An OpenQASM 2.0 parse error: the line and column (1-based) and what was
/// expected there.
public struct QASMError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int, column: Int
    public let message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A token of OpenQASM 2.0 with where it starts.
struct QASMToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier(String)
        case integer(Int)
        case real(Double)
        case string(String)
        case symbol(String) // ; , ( ) [ ] { } + - * / ^ -> ==
        case end
    }

    let kind: Kind
    let line: Int, column: Int

    var text: String {
        switch kind {
        case let .identifier(s): return "\"\(s)\""
        case let .integer(i): return "\(i)"
        case let .real(x): return "\(x)"
        case let .string(s): return "\"\\\"\(s)\\\"\""
        case let .symbol(s): return "\"\(s)\""
        case .end: return "the end of the file"
        }
    }
}

/// Splits OpenQASM 2.0 text into tokens (comments `//` dropped).
enum QASMLexer {
    static func tokens(_ text: String) throws(QASMError) -> [QASMToken] {
        var out: [QASMToken] = []
        let chars = Array(text.unicodeScalars)
        var i = 0, line = 1, column = 1
        func advance(_ n: Int = 1) {
            for _ in 0..<n where i < chars.count {
                if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
                i += 1
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\r" || c == "\n" { advance(); continue }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "/" {
                while i < chars.count, chars[i] != "\n" { advance() }
                continue
            }
            let (l, col) = (line, column)
            if c.properties.isAlphabetic && c.isASCII || c == "_" {
                var s = ""
                while i < chars.count, chars[i].isASCII, chars[i].properties.isAlphabetic || chars[i] == "_"
                    || ("0"..."9").contains(chars[i]) {
                    s.unicodeScalars.append(chars[i])
                    advance()
                }
                out.append(QASMToken(kind: .identifier(s), line: l, column: col))
            } else if ("0"..."9").contains(c) || (c == "." && i + 1 < chars.count && ("0"..."9").contains(chars[i + 1])) {
                var s = "", isReal = false
                while i < chars.count, ("0"..."9").contains(chars[i]) || chars[i] == "." {
                    if chars[i] == "." { isReal = true }
                    s.unicodeScalars.append(chars[i])
                    advance()
                }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    isReal = true
                    s.unicodeScalars.append(chars[i])
                    advance()
                    if i < chars.count, chars[i] == "+" || chars[i] == "-" {
                        s.unicodeScalars.append(chars[i])
                        advance()
                    }
                    while i < chars.count, ("0"..."9").contains(chars[i]) {
                        s.unicodeScalars.append(chars[i])
                        advance()
                    }
                }
                if isReal {
                    guard let x = Double(s) else { throw QASMError(line: l, column: col, message: "\"\(s)\" is not a number") }
                    out.append(QASMToken(kind: .real(x), line: l, column: col))
                } else {
                    guard let n = Int(s) else {
                        throw QASMError(line: l, column: col, message: "the integer \(s) is too large")
                    }
                    out.append(QASMToken(kind: .integer(n), line: l, column: col))
                }
            } else if c == "\"" {
                advance()
                var s = ""
                while i < chars.count, chars[i] != "\"", chars[i] != "\n" {
                    s.unicodeScalars.append(chars[i])
                    advance()
                }
                guard i < chars.count, chars[i] == "\"" else {
                    throw QASMError(line: l, column: col, message: "a string that does not end on its line")
                }
                advance()
                out.append(QASMToken(kind: .string(s), line: l, column: col))
            } else if c == "-", i + 1 < chars.count, chars[i + 1] == ">" {
                advance(2)
                out.append(QASMToken(kind: .symbol("->"), line: l, column: col))
            } else if c == "=", i + 1 < chars.count, chars[i + 1] == "=" {
                advance(2)
                out.append(QASMToken(kind: .symbol("=="), line: l, column: col))
            } else if ";,()[]{}+-*/^".unicodeScalars.contains(c) {
                advance()
                out.append(QASMToken(kind: .symbol(String(c)), line: l, column: col))
            } else {
                throw QASMError(line: l, column: col, message: "unexpected character \"\(c)\"")
            }
        }
        out.append(QASMToken(kind: .end, line: line, column: column))
        return out
    }
}
