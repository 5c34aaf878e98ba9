/// A tensor product of single-qubit Pauli operators, for expectation values.
public struct PauliString: Sendable, Hashable, CustomStringConvertible {
    /// One factor.
    public enum Pauli: Character, Sendable, Hashable {
        case i = "I", x = "X", y = "Y", z = "Z"
    }

    /// The non-identity factors by qubit.
    public let factors: [Int: Pauli]

    /// Factors by qubit; identities may be left out.
    public init(_ factors: [Int: Pauli]) throws(QuantumSimError) {
        for q in factors.keys where q < 0 || q > 62 {
            throw .invalidPauliString("\(factors)", reason: "qubit \(q) is outside 0...62")
        }
        self.factors = factors.filter { $0.value != .i }
    }

    /// A label such as `"XIZ"` read as Qiskit does: the rightmost character is
    /// qubit 0. Letters I, X, Y, Z (either case).
    public init(_ label: String) throws(QuantumSimError) {
        guard !label.isEmpty else { throw .invalidPauliString(label, reason: "it is empty") }
        var f: [Int: Pauli] = [:]
        for (offset, ch) in label.reversed().enumerated() {
            guard let p = Pauli(rawValue: Character(ch.uppercased())) else {
                throw .invalidPauliString(label, reason: "'\(ch)' at qubit \(offset) is not one of I, X, Y, Z")
            }
            f[offset] = p
        }
        try self.init(f)
    }

    /// Highest qubit with a non-identity factor, or -1.
    public var highestQubit: Int { factors.keys.max() ?? -1 }

    var xMask: UInt64 { mask { $0 == .x || $0 == .y } }
    var zMask: UInt64 { mask { $0 == .z || $0 == .y } }
    var yCount: Int { factors.values.filter { $0 == .y }.count }

    private func mask(_ take: (Pauli) -> Bool) -> UInt64 {
        factors.reduce(0) { take($1.value) ? $0 | (1 << UInt64($1.key)) : $0 }
    }

    public var description: String {
        guard highestQubit >= 0 else { return "I" }
        return String((0...highestQubit).reversed().map { factors[$0]?.rawValue ?? "I" })
    }
}
