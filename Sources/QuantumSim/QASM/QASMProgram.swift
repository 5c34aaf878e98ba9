/// One step of an OpenQASM 2.0 program, on flat qubit and bit indices (the
/// registers laid end to end in declaration order).
public indirect enum QASMInstruction: Sendable, Hashable {
    case gate(Gate, qubits: [Int])
    case measure(qubit: Int, bit: Int)
    case reset(qubit: Int)
    case barrier(qubits: [Int])
    /// `if (register == value) instruction`: the register read as an
    /// unsigned integer, its bit 0 the least significant.
    case conditional(register: String, value: Int, QASMInstruction)
}

/// An OpenQASM 2.0 program, parsed: registers and instructions.
public struct QASMProgram: Sendable, Hashable {
    /// A register: name, first flat index, size.
    public struct Register: Sendable, Hashable {
        public let name: String
        public let offset: Int
        public let size: Int
    }

    public internal(set) var quantumRegisters: [Register] = []
    public internal(set) var classicalRegisters: [Register] = []
    public internal(set) var instructions: [QASMInstruction] = []

    public var qubitCount: Int { quantumRegisters.reduce(0) { $0 + $1.size } }
    public var bitCount: Int { classicalRegisters.reduce(0) { $0 + $1.size } }

    /// Parses OpenQASM 2.0 text (`include "qelib1.inc";` is built in).
    public init(parsing text: String) throws(QASMError) {
        var parser = try QASMParser(text)
        self = try parser.parseProgram()
    }

    init() {}

    /// The unitary part as a circuit: every gate, barriers dropped. Throws
    /// when the program measures, resets or branches before its end;
    /// measurements at the end (after every gate on their qubits) are left
    /// out and listed in ``finalMeasurements``.
    public func circuit() throws(QASMError) -> Circuit {
        guard qubitCount >= 1 else { throw QASMError(line: 1, column: 1, message: "the program declares no qubits") }
        var c: Circuit
        do { c = try Circuit(qubits: qubitCount) } catch { throw QASMError(line: 1, column: 1, message: "\(error)") }
        var measured = Set<Int>()
        for ins in instructions {
            switch ins {
            case let .gate(g, qs):
                if let q = qs.first(where: measured.contains) {
                    throw QASMError(line: 1, column: 1, message: "qubit \(q) is used after it is measured: "
                        + "a circuit holds only unitary gates (simulate the program instead)")
                }
                do { try c.append(g, on: qs) } catch { throw QASMError(line: 1, column: 1, message: "\(error)") }
            case let .measure(q, _): measured.insert(q)
            case .barrier: continue
            case .reset, .conditional:
                throw QASMError(line: 1, column: 1, message: "the program has reset or if: a circuit holds only "
                    + "unitary gates (simulate the program instead)")
            }
        }
        return c
    }

    /// The measurements after the last gate on their qubits: (qubit, bit).
    public var finalMeasurements: [(qubit: Int, bit: Int)] {
        instructions.compactMap { if case let .measure(q, b) = $0 { return (q, b) } else { return nil } }
    }

    /// True when the program is gates and barriers, then measurements.
    public var measuresOnlyAtTheEnd: Bool {
        var measured = Set<Int>()
        for ins in instructions {
            switch ins {
            case let .gate(_, qs): if qs.contains(where: measured.contains) { return false }
            case let .measure(q, _): measured.insert(q)
            case .barrier: continue
            case .reset, .conditional: return false
            }
        }
        return true
    }
}

extension Circuit {
    /// The circuit of an OpenQASM 2.0 program of gates (and final
    /// measurements, which are dropped; see ``QASMProgram``).
    public init(qasm text: String) throws(QASMError) {
        self = try QASMProgram(parsing: text).circuit()
    }
}
