import RealModule

/// A parameter expression of a gate, kept in postfix order and evaluated
/// with a stack: no recursion, so no expression can exhaust the call stack
/// (evaluating or releasing it), however long.
struct QASMExpression: Sendable {
    enum Operation: Sendable {
        case number(Double)
        case parameter(String)
        case negate
        case binary(Character)
        case function(String)
    }

    private(set) var operations: [Operation]

    init(_ operation: Operation) { operations = [operation] }

    var size: Int { operations.count }

    /// `self op rhs`.
    mutating func combine(_ op: Character, _ rhs: QASMExpression) {
        operations += rhs.operations
        operations.append(.binary(op))
    }

    /// `-self` or `f(self)`.
    mutating func apply(_ operation: Operation) { operations.append(operation) }

    func value(_ parameters: [String: Double]) -> Double {
        var stack: [Double] = []
        stack.reserveCapacity(16)
        for op in operations {
            switch op {
            case let .number(x): stack.append(x)
            case let .parameter(name): stack.append(parameters[name] ?? .nan)
            case .negate: stack.append(-(stack.popLast() ?? .nan))
            case let .binary(symbol):
                let y = stack.popLast() ?? .nan, x = stack.popLast() ?? .nan
                switch symbol {
                case "+": stack.append(x + y)
                case "-": stack.append(x - y)
                case "*": stack.append(x * y)
                case "/": stack.append(x / y)
                default: stack.append(Double.pow(x, y))
                }
            case let .function(f):
                let x = stack.popLast() ?? .nan
                switch f {
                case "sin": stack.append(Double.sin(x))
                case "cos": stack.append(Double.cos(x))
                case "tan": stack.append(Double.tan(x))
                case "exp": stack.append(Double.exp(x))
                case "ln": stack.append(Double.log(x))
                default: stack.append(x.squareRoot())
                }
            }
        }
        return stack.last ?? .nan
    }
}

/// A user gate: formal parameters and qubits, and a body of applications.
struct QASMGateDefinition {
    struct Application {
        let name: String
        let arguments: [QASMExpression]
        let qubits: [Int] // indices into the definition's formal qubits
        let token: QASMToken
    }

    let parameters: [String]
    let qubits: [String]
    let body: [Application]
    /// Built-in gates one application expands to (saturating).
    let size: Int
}

/// Recursive-descent parser of OpenQASM 2.0 (the language of the OpenQASM 2
/// paper as Qiskit reads it): header, `include "qelib1.inc"` (built in),
/// `qreg`/`creg`, `gate` definitions with parameters, applications with
/// register broadcasting, `measure`, `reset`, `barrier`, `if (c == n)`;
/// `opaque` is rejected.
struct QASMParser {
    private var lexer: QASMLexer
    private var current: QASMToken
    private var program = QASMProgram()
    private var gates: [String: QASMGateDefinition] = [:]
    private var included = false

    /// Most instructions one program may expand to (a guard against
    /// exponential nesting of definitions; about 200 bytes each).
    static let maximumInstructions = 2_000_000
    /// Deepest nesting of an expression (a guard against stack exhaustion).
    static let maximumNesting = 256
    /// Most numbers, names and operators in one expression (a guard against
    /// programs whose parameters take longer to evaluate than to simulate).
    static let maximumExpressionSize = 10_000
    /// Most classical bits: outcomes are counted as one integer of the bits.
    static let maximumBits = 62
    private var nesting = 0

    init(_ text: String) throws(QASMError) {
        // One clear error for text that is not OpenQASM at all (JSON, binary, another language).
        let start = text.drop { $0.isWhitespace }
        guard start.hasPrefix("OPENQASM") || start.hasPrefix("//") else {
            let line = text.prefix { $0.isWhitespace }.filter { $0 == "\n" }.count + 1
            throw QASMError(line: line, column: 1, message: "this is not OpenQASM 2: a program starts with \"OPENQASM 2.0;\"")
        }
        lexer = QASMLexer(text)
        current = try lexer.next()
    }

    // MARK: Token helpers

    private func fail(_ message: String, at token: QASMToken? = nil) -> QASMError {
        let t = token ?? current
        return QASMError(line: t.line, column: t.column, message: message)
    }

    private mutating func next() throws(QASMError) -> QASMToken {
        let t = current
        current = try lexer.next()
        return t
    }

    private func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }

    private mutating func expect(_ s: String, _ what: String? = nil) throws(QASMError) {
        guard isSymbol(s) else { throw fail("expected \"\(s)\"\(what.map { " \($0)" } ?? "") but found \(current.text)") }
        _ = try next()
    }

    private mutating func identifier(_ what: String) throws(QASMError) -> String {
        guard case let .identifier(s) = current.kind else { throw fail("expected \(what) but found \(current.text)") }
        _ = try next()
        return s
    }

    private mutating func integer(_ what: String) throws(QASMError) -> Int {
        guard case let .integer(n) = current.kind else { throw fail("expected \(what) but found \(current.text)") }
        _ = try next()
        return n
    }

    // MARK: Program

    mutating func parseProgram() throws(QASMError) -> QASMProgram {
        guard case .identifier("OPENQASM") = current.kind else {
            throw fail("this is not OpenQASM 2: a program starts with \"OPENQASM 2.0;\"")
        }
        _ = try next()
        let versionToken = current
        switch try next().kind {
        case .real(2.0), .integer(2): break
        default: throw fail("unsupported OpenQASM version \(versionToken.text): expected 2.0", at: versionToken)
        }
        try expect(";", "after the version")
        while current.kind != .end { try statement() }
        return program
    }

    private mutating func statement() throws(QASMError) {
        let start = current
        guard case let .identifier(word) = current.kind else {
            throw fail("expected a statement (qreg, creg, gate, measure, reset, barrier, if or a gate name) but found \(current.text)")
        }
        switch word {
        case "include":
            _ = try next()
            guard case let .string(file) = current.kind else { throw fail("expected a file name in quotes") }
            _ = try next()
            guard file == "qelib1.inc" else {
                throw fail("cannot include \"\(file)\": only \"qelib1.inc\" is available (built in)", at: start)
            }
            included = true
            try expect(";")
        case "qreg", "creg":
            _ = try next()
            let name = try identifier("a register name")
            try expect("[")
            let sizeToken = current
            let size = try integer("a register size")
            guard size >= 1 else { throw fail("register \(name) has size \(size): expected at least 1", at: sizeToken) }
            try expect("]")
            try expect(";")
            guard !program.quantumRegisters.contains(where: { $0.name == name }),
                  !program.classicalRegisters.contains(where: { $0.name == name }) else {
                throw fail("register \(name) is declared twice", at: start)
            }
            if word == "qreg" {
                guard program.qubitCount + size <= 62 else {
                    throw fail("\(program.qubitCount + size) qubits: at most 62 can be simulated", at: sizeToken)
                }
                program.quantumRegisters.append(.init(name: name, offset: program.qubitCount, size: size))
            } else {
                guard program.bitCount + size <= Self.maximumBits else {
                    throw fail("\(program.bitCount + size) classical bits: at most \(Self.maximumBits) are supported "
                               + "(outcomes are counted as one integer of the bits)", at: sizeToken)
                }
                program.classicalRegisters.append(.init(name: name, offset: program.bitCount, size: size))
            }
        case "gate": try gateDefinition()
        case "opaque":
            throw fail("opaque gates have no definition to simulate: define the gate with \"gate\" instead", at: start)
        case "measure":
            _ = try next()
            let qs = try argument(quantum: true)
            try expect("->", "between the qubits and the bits")
            let bs = try argument(quantum: false)
            try expect(";")
            guard qs.count == bs.count else {
                throw fail("measure of \(qs.count) qubits into \(bs.count) bits: the sizes must match", at: start)
            }
            for (q, b) in zip(qs, bs) { try emit(.measure(qubit: q, bit: b), at: start) }
        case "reset":
            _ = try next()
            let qs = try argument(quantum: true)
            try expect(";")
            for q in qs { try emit(.reset(qubit: q), at: start) }
        case "barrier":
            _ = try next()
            var all: [Int] = []
            repeat {
                if isSymbol(",") { _ = try next() }
                all += try argument(quantum: true)
            } while isSymbol(",")
            try expect(";")
            try emit(.barrier(qubits: all), at: start)
        case "if":
            _ = try next()
            try expect("(")
            let nameToken = current
            let name = try identifier("a classical register")
            guard let reg = program.classicalRegisters.first(where: { $0.name == name }) else {
                throw fail("unknown classical register \(name)", at: nameToken)
            }
            try expect("==")
            let valueToken = current
            let value = try integer("an integer")
            guard value >= 0, reg.size >= 63 || value < 1 << reg.size else {
                throw fail("\(value) does not fit the \(reg.size) bits of \(name)", at: valueToken)
            }
            try expect(")")
            guard case let .identifier(inner) = current.kind,
                  !["qreg", "creg", "gate", "opaque", "include", "if", "barrier", "OPENQASM"].contains(inner) else {
                throw fail("expected a gate application, measure or reset after if (...) but found \(current.text)")
            }
            let before = program.instructions.count
            try statement()
            let body = program.instructions[before...]
            program.instructions.removeSubrange(before...)
            for ins in body { program.instructions.append(.conditional(register: name, value: value, ins)) }
        default: try application()
        }
    }

    /// Appends one instruction, within the size guard.
    private mutating func emit(_ ins: QASMInstruction, at token: QASMToken) throws(QASMError) {
        guard program.instructions.count < Self.maximumInstructions else {
            throw fail("the program expands to more than \(Self.maximumInstructions) instructions", at: token)
        }
        program.instructions.append(ins)
    }

    // MARK: Arguments

    /// `reg` (every index) or `reg[i]`, as flat indices.
    private mutating func argument(quantum: Bool) throws(QASMError) -> [Int] {
        let t = current
        let name = try identifier(quantum ? "a qubit register" : "a classical register")
        let regs = quantum ? program.quantumRegisters : program.classicalRegisters
        guard let reg = regs.first(where: { $0.name == name }) else {
            let known = regs.map(\.name)
            throw fail("unknown \(quantum ? "quantum" : "classical") register \(name)"
                + (known.isEmpty ? "" : ": declared are \(known.joined(separator: ", "))"), at: t)
        }
        guard isSymbol("[") else { return Array(reg.offset..<(reg.offset + reg.size)) }
        _ = try next()
        let it = current
        let i = try integer("an index")
        guard i >= 0, i < reg.size else { throw fail("index \(i) is out of range for \(name)[\(reg.size)]", at: it) }
        try expect("]")
        return [reg.offset + i]
    }

    // MARK: Gates

    private mutating func parameterList(formal: [String]) throws(QASMError) -> [QASMExpression] {
        guard isSymbol("(") else { return [] }
        _ = try next()
        var out: [QASMExpression] = []
        if isSymbol(")") { _ = try next(); return out }
        repeat {
            if isSymbol(",") { _ = try next() }
            out.append(try expression(formal))
        } while isSymbol(",")
        try expect(")", "after the parameters")
        return out
    }

    private mutating func application() throws(QASMError) {
        let start = current
        let name = try identifier("a gate name")
        let args = try parameterList(formal: [])
        var operands: [[Int]] = []
        repeat {
            if isSymbol(",") { _ = try next() }
            operands.append(try argument(quantum: true))
        } while isSymbol(",")
        try expect(";", "after the gate's qubits")
        let params = args.map { $0.value([:]) }
        try checkSignature(name, params: params.count, qubits: operands.count, at: start)
        try checkFinite(params, of: name, at: start)
        // Broadcasting: whole registers (of one size) apply the gate index by index.
        let sizes = Set(operands.map(\.count).filter { $0 > 1 })
        guard sizes.count <= 1 else { throw fail("registers of different sizes in one gate application", at: start) }
        let n = sizes.first ?? 1
        let expansion = gates[name]?.size ?? 1
        guard expansion <= Self.maximumInstructions / n - program.instructions.count / n else {
            throw fail("the program expands to more than \(Self.maximumInstructions) instructions", at: start)
        }
        for k in 0..<n {
            let qubits = operands.map { $0.count == 1 ? $0[0] : $0[k] }
            guard Set(qubits).count == qubits.count else {
                throw fail("\(name) is applied to qubit \(qubits.first { q in qubits.filter { $0 == q }.count > 1 }!) twice", at: start)
            }
            try expand(name, params, qubits, at: start, depth: 0)
        }
    }

    /// Angles must be numbers: 0/0, 1/0, ln(0), sqrt(-1) are refused where written.
    private func checkFinite(_ values: [Double], of gate: String, at t: QASMToken, inside outer: String? = nil) throws(QASMError) {
        guard let k = values.firstIndex(where: { !$0.isFinite }) else { return }
        throw fail("parameter \(k + 1) of \(gate)\(outer.map { " (in gate \($0))" } ?? "") is \(values[k]): expected a finite number", at: t)
    }

    private func checkSignature(_ name: String, params: Int, qubits: Int, at t: QASMToken) throws(QASMError) {
        let sig: (parameters: Int, qubits: Int)
        if let d = gates[name] { sig = (d.parameters.count, d.qubits.count) } else if let b = QASMGateLibrary.signatures[name],
            included || name == "U" || name == "CX" {
            sig = b
        } else {
            let hint = QASMGateLibrary.signatures[name] != nil ? " (add include \"qelib1.inc\";)" : ""
            throw fail("unknown gate \(name)\(hint)", at: t)
        }
        guard sig.parameters == params else {
            throw fail("gate \(name) takes \(sig.parameters) parameter(s), given \(params)", at: t)
        }
        guard sig.qubits == qubits else { throw fail("gate \(name) acts on \(sig.qubits) qubit(s), given \(qubits)", at: t) }
    }

    /// Appends `name` on `qubits`: a built-in directly, a definition by its body.
    private mutating func expand(_ name: String, _ params: [Double], _ qubits: [Int], at t: QASMToken,
                                 depth: Int) throws(QASMError) {
        if let d = gates[name] {
            let env = Dictionary(uniqueKeysWithValues: zip(d.parameters, params))
            for a in d.body {
                let values = a.arguments.map { $0.value(env) }
                try checkFinite(values, of: a.name, at: a.token, inside: name)
                try expand(a.name, values, a.qubits.map { qubits[$0] }, at: a.token, depth: depth + 1)
            }
        } else if let g = QASMGateLibrary.gate(name, params) {
            try emit(.gate(g, qubits: qubits), at: t)
        } else {
            throw fail("unknown gate \(name)", at: t)
        }
    }

    private mutating func gateDefinition() throws(QASMError) {
        let start = try next()
        let nameToken = current
        let name = try identifier("a gate name")
        guard gates[name] == nil, QASMGateLibrary.signatures[name] == nil || !included else {
            throw fail("gate \(name) is already defined", at: nameToken)
        }
        var formal: [String] = []
        if isSymbol("(") {
            _ = try next()
            while !isSymbol(")") {
                if !formal.isEmpty { try expect(",") }
                formal.append(try identifier("a parameter name"))
            }
            _ = try next()
        }
        var qubitNames: [String] = []
        repeat {
            if isSymbol(",") { _ = try next() }
            let qt = current
            let q = try identifier("a qubit name")
            guard !qubitNames.contains(q) else { throw fail("qubit \(q) is named twice", at: qt) }
            qubitNames.append(q)
        } while isSymbol(",")
        try expect("{", "to open the gate's body")
        var body: [QASMGateDefinition.Application] = []
        while !isSymbol("}") {
            guard current.kind != .end else { throw fail("the body of gate \(name) is not closed with \"}\"", at: start) }
            let t = current
            let word = try identifier("a gate application")
            if word == "barrier" {
                repeat {
                    if isSymbol(",") { _ = try next() }
                    _ = try identifier("a qubit name")
                } while isSymbol(",")
                try expect(";")
                continue
            }
            let args = try parameterList(formal: formal)
            var qs: [Int] = []
            repeat {
                if isSymbol(",") { _ = try next() }
                let qt = current
                let q = try identifier("a qubit name")
                guard let k = qubitNames.firstIndex(of: q) else {
                    throw fail("\(q) is not a qubit of gate \(name): its qubits are \(qubitNames.joined(separator: ", "))", at: qt)
                }
                qs.append(k)
            } while isSymbol(",")
            try expect(";")
            try checkSignature(word, params: args.count, qubits: qs.count, at: t)
            guard Set(qs).count == qs.count else { throw fail("\(word) is applied to one qubit twice", at: t) }
            body.append(.init(name: word, arguments: args, qubits: qs, token: t))
        }
        _ = try next()
        let size = body.reduce(0) { total, a in
            let (sum, overflow) = total.addingReportingOverflow(gates[a.name]?.size ?? 1)
            return overflow ? Int.max : sum
        }
        gates[name] = QASMGateDefinition(parameters: formal, qubits: qubitNames, body: body, size: size)
    }

    // MARK: Expressions (precedence: + − < * / < unary − < ^)

    private mutating func expression(_ formal: [String]) throws(QASMError) -> QASMExpression {
        var e = try term(formal)
        while isSymbol("+") || isSymbol("-") {
            guard case let .symbol(op) = try next().kind, let symbol = op.first else { break }
            e.combine(symbol, try term(formal))
            try checkSize(e)
        }
        return e
    }

    private mutating func term(_ formal: [String]) throws(QASMError) -> QASMExpression {
        var e = try unary(formal)
        while isSymbol("*") || isSymbol("/") {
            guard case let .symbol(op) = try next().kind, let symbol = op.first else { break }
            e.combine(symbol, try unary(formal))
            try checkSize(e)
        }
        return e
    }

    private func checkSize(_ e: QASMExpression) throws(QASMError) {
        guard e.size <= Self.maximumExpressionSize else {
            throw fail("the expression has more than \(Self.maximumExpressionSize) terms")
        }
    }

    private mutating func unary(_ formal: [String]) throws(QASMError) -> QASMExpression {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maximumNesting else {
            throw fail("the expression nests deeper than \(Self.maximumNesting) levels")
        }
        if isSymbol("-") {
            _ = try next()
            var e = try unary(formal)
            e.apply(.negate)
            return e
        }
        if isSymbol("+") {
            _ = try next()
            return try unary(formal)
        }
        return try power(formal)
    }

    private mutating func power(_ formal: [String]) throws(QASMError) -> QASMExpression {
        var base = try primary(formal)
        guard isSymbol("^") else { return base }
        _ = try next()
        base.combine("^", try unary(formal)) // right associative
        try checkSize(base)
        return base
    }

    private mutating func primary(_ formal: [String]) throws(QASMError) -> QASMExpression {
        let t = current
        switch t.kind {
        case let .integer(n):
            _ = try next()
            return QASMExpression(.number(Double(n)))
        case let .real(x):
            _ = try next()
            return QASMExpression(.number(x))
        case .symbol("("):
            _ = try next()
            let e = try expression(formal)
            try expect(")", "to close the parenthesis")
            return e
        case let .identifier(name):
            _ = try next()
            if name == "pi" { return QASMExpression(.number(.pi)) }
            if ["sin", "cos", "tan", "exp", "ln", "sqrt"].contains(name) {
                try expect("(", "after \(name)")
                var e = try expression(formal)
                try expect(")", "to close \(name)(")
                e.apply(.function(name))
                return e
            }
            guard formal.contains(name) else {
                throw fail("unknown name \(name) in an expression: expected a number, pi, a parameter"
                    + (formal.isEmpty ? "" : " (\(formal.joined(separator: ", ")))") + " or sin, cos, tan, exp, ln, sqrt", at: t)
            }
            return QASMExpression(.parameter(name))
        default:
            throw fail("expected a number or an expression but found \(t.text)", at: t)
        }
    }
}
