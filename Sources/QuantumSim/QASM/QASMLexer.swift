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

/// Splits OpenQASM 2.0 text into tokens (comments `//` dropped), one at a
/// time as the parser asks: memory is the text's UTF-8 bytes and one token,
/// whatever the program's length.
struct QASMLexer {
    private let bytes: [UInt8]
    private var i = 0, line = 1, column = 1

    init(_ text: String) { bytes = Array(text.utf8) }

    private func byte(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }

    private static func isDigit(_ b: UInt8?) -> Bool { b.map { (0x30...0x39).contains($0) } ?? false }
    private static func isLetter(_ b: UInt8?) -> Bool {
        b.map { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "_") } ?? false
    }

    /// Moves one character on (a UTF-8 sequence counts as one column).
    private mutating func advance() {
        guard i < bytes.count else { return }
        if bytes[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
        i += 1
        while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
    }

    private mutating func take(while accept: (UInt8) -> Bool) -> String {
        let start = i
        while let b = byte(i), accept(b) { advance() }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// The next token (`.end` at the end, and again after it).
    mutating func next() throws(QASMError) -> QASMToken {
        while let c = byte(i) {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n") {
                advance()
            } else if c == UInt8(ascii: "/"), byte(i + 1) == UInt8(ascii: "/") {
                while let b = byte(i), b != UInt8(ascii: "\n") { advance() }
            } else {
                break
            }
        }
        let (l, col) = (line, column)
        func token(_ kind: QASMToken.Kind) -> QASMToken { QASMToken(kind: kind, line: l, column: col) }
        guard let c = byte(i) else { return token(.end) }
        if Self.isLetter(c) {
            return token(.identifier(take { Self.isLetter($0) || Self.isDigit($0) }))
        }
        if Self.isDigit(c) || (c == UInt8(ascii: ".") && Self.isDigit(byte(i + 1))) {
            var s = take { Self.isDigit($0) || $0 == UInt8(ascii: ".") }
            var isReal = s.contains(".")
            if let e = byte(i), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                isReal = true
                advance()
                s += "e"
                if let sign = byte(i), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    advance()
                    s.unicodeScalars.append(Unicode.Scalar(sign))
                }
                s += take { Self.isDigit($0) }
            }
            if isReal {
                guard let x = Double(s) else { throw QASMError(line: l, column: col, message: "\"\(s)\" is not a number") }
                guard x.isFinite else {
                    throw QASMError(line: l, column: col, message: "\(s) is too large: expected a finite number")
                }
                return token(.real(x))
            }
            guard let n = Int(s) else { throw QASMError(line: l, column: col, message: "the integer \(s) is too large") }
            return token(.integer(n))
        }
        if c == UInt8(ascii: "\"") {
            advance()
            let s = take { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\n") }
            guard byte(i) == UInt8(ascii: "\"") else {
                throw QASMError(line: l, column: col, message: "a string that does not end on its line")
            }
            advance()
            return token(.string(s))
        }
        for two in ["->", "=="] where byte(i) == two.utf8.first && byte(i + 1) == two.utf8.last {
            advance()
            advance()
            return token(.symbol(two))
        }
        if let symbol = ";,()[]{}+-*/^".unicodeScalars.first(where: { $0.value == UInt32(c) }) {
            advance()
            return token(.symbol(String(symbol)))
        }
        let start = i
        advance()
        let character = String(decoding: bytes[start..<i], as: UTF8.self)
        throw QASMError(line: l, column: col, message: "unexpected character \"\(character)\"")
    }
}
