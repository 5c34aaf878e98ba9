/// A gate applied to specific qubits of a circuit.
public struct Operation: Sendable, Hashable, CustomStringConvertible {
    /// The gate.
    public let gate: Gate
    /// Controls first, then targets.
    public let qubits: [Int]

    public var description: String {
        "\(gate) " + qubits.map { "q[\($0)]" }.joined(separator: ", ")
    }
}

/// A quantum circuit: a register size and a list of operations.
///
/// A value type built fluently and checked as it is built:
/// ```swift
/// let bell = try Circuit(qubits: 2).h(0).cx(0, 1)
/// ```
public struct Circuit: Sendable, Hashable, CustomStringConvertible {
    /// Number of qubits of the register.
    public let qubitCount: Int
    /// The operations in order of application.
    public private(set) var operations: [Operation] = []

    /// An empty circuit on `qubits` qubits (at least 1).
    public init(qubits: Int) throws(QuantumSimError) {
        guard qubits >= 1 else { throw .invalidQubitCount(qubits) }
        qubitCount = qubits
    }

    /// Appends `gate` on `qubits` (controls first), after checking them.
    public mutating func append(_ gate: Gate, on qubits: [Int]) throws(QuantumSimError) {
        try Circuit.check(qubits, for: gate, registerSize: qubitCount)
        operations.append(Operation(gate: gate, qubits: qubits))
    }

    /// Appends every operation of `other` (which must not be wider).
    public mutating func append(_ other: Circuit) throws(QuantumSimError) {
        guard other.qubitCount <= qubitCount else {
            throw .qubitCountMismatch(expected: qubitCount, got: other.qubitCount)
        }
        operations.append(contentsOf: other.operations)
    }

    /// Checks that `qubits` fit `gate` and a register of `registerSize` qubits.
    static func check(_ qubits: [Int], for gate: Gate, registerSize: Int) throws(QuantumSimError) {
        try check(qubits, count: gate.qubitCount, name: gate.name, registerSize: registerSize)
    }

    /// Checks that `qubits` are `count` distinct qubits of a register of
    /// `registerSize` qubits (`name`: what they are for, for the error).
    static func check(_ qubits: [Int], count: Int, name: String, registerSize: Int) throws(QuantumSimError) {
        guard qubits.count == count else {
            throw .wrongQubitCount(gate: name, expected: count, got: qubits.count)
        }
        for (i, q) in qubits.enumerated() {
            guard q >= 0, q < registerSize else { throw .qubitOutOfRange(qubit: q, qubitCount: registerSize) }
            if qubits[..<i].contains(q) { throw .repeatedQubit(qubit: q, qubits: qubits) }
        }
    }

    /// Checks that `qubits` are distinct qubits of a register of `registerSize`.
    static func checkDistinct(_ qubits: [Int], registerSize: Int) throws(QuantumSimError) {
        try check(qubits, count: qubits.count, name: "qubit list", registerSize: registerSize)
    }

    /// The circuit that undoes this one: inverse gates in reverse order.
    public func inverse() -> Circuit {
        var c = self
        c.operations = operations.reversed().map { Operation(gate: $0.gate.inverse, qubits: $0.qubits) }
        return c
    }

    /// Number of layers when each gate is placed as early as its qubits allow.
    public var depth: Int {
        var level = [Int](repeating: 0, count: qubitCount)
        var deepest = 0
        for op in operations {
            let l = op.qubits.map { level[$0] }.max()! + 1
            for q in op.qubits { level[q] = l }
            deepest = max(deepest, l)
        }
        return deepest
    }

    /// How many times each gate name occurs.
    public var gateCounts: [String: Int] {
        operations.reduce(into: [:]) { $0[$1.gate.name, default: 0] += 1 }
    }

    /// One line per operation, after a header line.
    public var description: String {
        let counts = gateCounts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        var s = "Circuit(\(qubitCount) qubits, \(operations.count) gates, depth \(depth)\(counts.isEmpty ? "" : "; \(counts)"))"
        for op in operations { s += "\n  " + op.description }
        return s
    }
}

// MARK: - Fluent building

extension Circuit {
    /// Returns this circuit with `gate` appended on `qubits`.
    public consuming func adding(_ gate: Gate, _ qubits: Int...) throws(QuantumSimError) -> Circuit {
        try append(gate, on: qubits)
        return self
    }

    public consuming func id(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.i, q) }
    public consuming func x(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.x, q) }
    public consuming func y(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.y, q) }
    public consuming func z(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.z, q) }
    public consuming func h(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.h, q) }
    public consuming func s(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.s, q) }
    public consuming func sdg(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.sdg, q) }
    public consuming func t(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.t, q) }
    public consuming func tdg(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.tdg, q) }
    public consuming func sx(_ q: Int) throws(QuantumSimError) -> Circuit { try adding(.sx, q) }
    public consuming func rx(_ theta: Double, _ q: Int) throws(QuantumSimError) -> Circuit { try adding(.rx(theta), q) }
    public consuming func ry(_ theta: Double, _ q: Int) throws(QuantumSimError) -> Circuit { try adding(.ry(theta), q) }
    public consuming func rz(_ theta: Double, _ q: Int) throws(QuantumSimError) -> Circuit { try adding(.rz(theta), q) }
    public consuming func p(_ lambda: Double, _ q: Int) throws(QuantumSimError) -> Circuit { try adding(.p(lambda), q) }
    public consuming func u(_ theta: Double, _ phi: Double, _ lambda: Double, _ q: Int) throws(QuantumSimError) -> Circuit {
        try adding(.u(theta, phi, lambda), q)
    }
    public consuming func cx(_ c: Int, _ t: Int) throws(QuantumSimError) -> Circuit { try adding(.cx, c, t) }
    public consuming func cy(_ c: Int, _ t: Int) throws(QuantumSimError) -> Circuit { try adding(.cy, c, t) }
    public consuming func cz(_ c: Int, _ t: Int) throws(QuantumSimError) -> Circuit { try adding(.cz, c, t) }
    public consuming func cp(_ lambda: Double, _ c: Int, _ t: Int) throws(QuantumSimError) -> Circuit { try adding(.cp(lambda), c, t) }
    public consuming func crx(_ theta: Double, _ c: Int, _ t: Int) throws(QuantumSimError) -> Circuit { try adding(.crx(theta), c, t) }
    public consuming func cry(_ theta: Double, _ c: Int, _ t: Int) throws(QuantumSimError) -> Circuit { try adding(.cry(theta), c, t) }
    public consuming func crz(_ theta: Double, _ c: Int, _ t: Int) throws(QuantumSimError) -> Circuit { try adding(.crz(theta), c, t) }
    public consuming func swap(_ a: Int, _ b: Int) throws(QuantumSimError) -> Circuit { try adding(.swap, a, b) }
    public consuming func iswap(_ a: Int, _ b: Int) throws(QuantumSimError) -> Circuit { try adding(.iswap, a, b) }
    public consuming func ccx(_ c1: Int, _ c2: Int, _ t: Int) throws(QuantumSimError) -> Circuit { try adding(.ccx, c1, c2, t) }
    public consuming func cswap(_ c: Int, _ a: Int, _ b: Int) throws(QuantumSimError) -> Circuit { try adding(.cswap, c, a, b) }
    /// X on `target` controlled by all of `controls`.
    public consuming func mcx(_ controls: [Int], _ target: Int) throws(QuantumSimError) -> Circuit {
        try append(.mcx(controls: controls.count), on: controls + [target])
        return self
    }
    /// Z on `target` controlled by all of `controls`.
    public consuming func mcz(_ controls: [Int], _ target: Int) throws(QuantumSimError) -> Circuit {
        try append(.mcz(controls: controls.count), on: controls + [target])
        return self
    }
    /// `gate` on `qubits` (controls first).
    public consuming func gate(_ gate: Gate, _ qubits: [Int]) throws(QuantumSimError) -> Circuit {
        try append(gate, on: qubits)
        return self
    }
}
